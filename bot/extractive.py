"""Extractive answers: the sentences of the retrieved passages that best answer the question,
quoted verbatim with their offsets. Grounded by construction; declines when nothing is relevant."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from bot.answer import Answer, Citation
from bot.conversation import retrieval_query
from bot.wording import phrase, wording_language
from index.chunking import sentence_spans

MIN_QUOTE_CHARS = 20
PASSAGES_CONSIDERED = 3
SENTENCE_CACHE = 4096
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Candidate:
    """A sentence of a retrieved passage, located in its article's cleaned text."""

    document: Document
    start: int  # offsets in the article's cleaned text
    end: int
    text: str
    rank: int  # rank of its passage in retrieval


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if len(w) > 3 or w.isdigit() or w[:1].isupper()}


def candidates(documents: Sequence[Document]) -> list[Candidate]:
    """The quotable sentences of the top passages (headings and fragments left out)."""
    found = []
    for rank, document in enumerate(documents[:PASSAGES_CONSIDERED]):
        meta = document.metadata
        for start, end, _ in sentence_spans(document.page_content, meta.get("language", "en")):
            text = document.page_content[start:end]
            if end - start >= MIN_QUOTE_CHARS and text[-1] not in ":":
                found.append(Candidate(document, meta["start"] + start, meta["start"] + end, text, rank))
    return found


def citation(n: int, candidate: Candidate) -> Citation:
    meta = candidate.document.metadata
    return Citation(
        n=n, article_id=meta["article_id"], title=meta["title"], date=meta.get("date"),
        source=meta["source"], quote=candidate.text, start=candidate.start, end=candidate.end,
        url=meta.get("url"),
    )


def compose(question: str, language: str, quotes: Sequence[Candidate], mode: str = "extractive",
            notice: str | None = None) -> Answer:
    """The answer text: a short lead-in in the asker's language, then each quote with its marker."""
    language = wording_language(language)
    citations = tuple(citation(n, c) for n, c in enumerate(quotes, start=1))
    lines = [phrase("intro", language)] + [f"“{c.quote}” [{c.n}]" for c in citations]
    return Answer(question, "\n".join(lines), mode, language, True, citations, notice)


def not_found(question: str, language: str, key: str = "not_found") -> Answer:
    language = wording_language(language)
    return Answer(question, phrase(key, language), "extractive", language, False)


class ExtractiveAnswerer:
    """Scores candidate sentences by embedding similarity to the question, plus shared content words."""

    def __init__(self, embeddings: Embeddings, min_relevance: float, max_quotes: int = 3,
                 quote_margin: float = 0.03, overlap_weight: float = 0.1) -> None:
        self.embeddings = embeddings
        self.min_relevance = min_relevance
        self.max_quotes = max_quotes
        self.quote_margin = quote_margin
        self.overlap_weight = overlap_weight
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()  # sentence → vector, LRU
        self._lock = threading.Lock()

    def sentence_vectors(self, texts: list[str]) -> np.ndarray:
        """Embeddings of candidate sentences; recent ones are remembered, as passages recur."""
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        fresh = self.embeddings.embed_documents(missing) if missing else []
        with self._lock:
            self._vectors.update(zip(missing, map(np.asarray, fresh)))
            for text in texts:
                self._vectors.move_to_end(text)
            while len(self._vectors) > SENTENCE_CACHE:
                self._vectors.popitem(last=False)
            return np.stack([self._vectors[t] for t in texts])

    def select(self, query: str, documents: Sequence[Document]) -> list[Candidate]:
        """The best sentences, best first: the top one and those nearly as good."""
        relevant = [d for d in documents if d.metadata.get("relevance", 0.0) >= self.min_relevance]
        pool = candidates(relevant)
        if not pool:
            return []
        query_vector = np.asarray(self.embeddings.embed_query(query))
        vectors = self.sentence_vectors([c.text for c in pool])
        query_words = _content_words(query)
        overlap = np.array([
            len(query_words & _content_words(c.text)) / max(len(query_words), 1) for c in pool
        ])
        scores = vectors @ query_vector + self.overlap_weight * overlap
        order = np.argsort(-scores, kind="stable")
        best = scores[order[0]]
        chosen: list[Candidate] = []
        for i in order:
            if len(chosen) == self.max_quotes or scores[i] < best - self.quote_margin:
                break
            if all(pool[i].text != c.text for c in chosen):
                chosen.append(pool[i])
        return chosen

    def __call__(self, inputs: dict) -> Answer:
        """LangChain-runnable form: ``{"question", "history", "language", "documents"}`` → Answer.

        A follow-up's sentences are scored against the same history-aware query as retrieval.
        """
        query = retrieval_query(inputs["question"], inputs.get("history", ()))
        quotes = self.select(query, inputs["documents"])
        if not quotes:
            return not_found(inputs["question"], inputs["language"])
        return compose(inputs["question"], inputs["language"], quotes)

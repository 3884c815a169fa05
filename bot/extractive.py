"""Extractive answers: the sentences of the retrieved passages that best answer the question,
quoted verbatim with their offsets. Grounded by construction; declines when nothing is relevant."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from bot.answer import Answer, Citation
from bot.answer_types import expected_type, has_type
from bot.conversation import retrieval_query
from bot.relevance import Thresholds, relevant_documents
from bot.sentences import Candidate, SentenceVectors, quotable_sentences
from bot.wording import phrase, wording_language
from index.language import detect_language

PASSAGES_CONSIDERED = 3
_WORD = re.compile(r"\w+", re.UNICODE)


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if len(w) > 3 or w.isdigit() or w[:1].isupper()}


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

    def __init__(self, embeddings: Embeddings, thresholds: Thresholds, max_quotes: int = 3,
                 quote_margin: float = 0.03, overlap_weight: float = 0.1, type_weight: float = 0.03,
                 sentence_vectors: SentenceVectors | None = None) -> None:
        self.embeddings = embeddings
        self.thresholds = thresholds
        self.max_quotes = max_quotes
        self.quote_margin = quote_margin
        self.overlap_weight = overlap_weight
        self.type_weight = type_weight
        self.sentence_vectors = sentence_vectors or SentenceVectors(embeddings)

    def select(self, query: str, documents: Sequence[Document]) -> list[Candidate]:
        """The best sentences of ``documents``, best first: the top one and those nearly as good."""
        pool = quotable_sentences(documents[:PASSAGES_CONSIDERED])
        if not pool:
            return []
        query_vector = np.asarray(self.embeddings.embed_query(query))
        vectors = self.sentence_vectors.of([c.text for c in pool])
        query_words = _content_words(query)
        overlap = np.array([
            len(query_words & _content_words(c.text)) / max(len(query_words), 1) for c in pool
        ])
        kind = expected_type(query)
        typed = np.array([has_type(c.text, kind) for c in pool], dtype=np.float32)
        scores = vectors @ query_vector + self.overlap_weight * overlap + self.type_weight * typed
        order = np.argsort(-scores, kind="stable")
        best = scores[order[0]]
        chosen: list[Candidate] = []
        for i in order:
            if len(chosen) == self.max_quotes or scores[i] < best - self.quote_margin:
                break
            if all(pool[i].text != c.text for c in chosen):
                chosen.append(pool[i])
        return chosen

    def relevant(self, inputs: dict) -> list[Document]:
        """The retrieved passages relevant enough to answer from (the "found" line, for both modes)."""
        question = inputs["question"]
        language = detect_language(question, default=inputs["language"])
        return relevant_documents(question, language, inputs["documents"], self.thresholds, PASSAGES_CONSIDERED)

    def __call__(self, inputs: dict) -> Answer:
        """LangChain-runnable form: ``{"question", "history", "language", "documents"}`` → Answer.

        A follow-up's sentences are scored against the same history-aware query as retrieval.
        """
        quotes = self.select(retrieval_query(inputs["question"], inputs.get("history", ())), self.relevant(inputs))
        if not quotes:
            return not_found(inputs["question"], inputs["language"])
        return compose(inputs["question"], inputs["language"], quotes)

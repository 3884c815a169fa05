"""Sentences of retrieved passages: the unit of quoting, and a signal for ranking passages.

A chunk holds several sentences; a question is often answered by one of them. The best sentence's
similarity lifts the passage that contains the answer above passages that are merely on topic
(bench/README.md has the measurements). Sentence vectors are cached: retrieval and the extractive
answerer embed the same sentences, and popular passages recur across questions.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from bot.question.words import fold
from index.chunking import sentence_spans

MIN_QUOTE_CHARS = 20
_SENTENCE_END = ".!?…\"'”’»)"  # a heading ("Drie bestuursleden") is not a claim to quote
_ATTRIBUTION = ("—", "–", "- ")
_CODE = re.compile(r"[{}]|@media\b|\w+\s*:\s*[\w#-]+;")  # page furniture: inline CSS or script, never a claim  # "— Ilya Sutskever (@ilyasut) November 20, 2023": a byline, not a claim


@dataclass(frozen=True)
class Candidate:
    """A sentence of a retrieved passage, located in its article's cleaned text."""

    document: Document
    start: int  # offsets in the article's cleaned text
    end: int
    text: str
    rank: int  # rank of its passage in retrieval


# A sentence that opens with a pronoun says its claim about someone the sentence before names: "Hij
# liet intussen weten spijt te hebben" answers what Sutskever regrets only with the sentence naming him.
_PRONOUN_LEAD = re.compile(r"^(?:hij|zij|ze|hem|hun|he|she|they|his|her|their|er|sie|ihm|ihr|seine?|ihre|il|elle|ils|elles)\b",
                           re.IGNORECASE)
_NAMES_SOMEONE = re.compile(r"(?<=\s)[A-Z][\w-]+")  # a capitalised word after the first: whom it may be about


def quotable_sentences(documents: Sequence[Document]) -> list[Candidate]:
    """The quotable sentences of passages (headings, fragments, bylines and lead-ins left out); one
    opening with a pronoun is quoted with the sentence before it in its paragraph when that one names
    someone: it says whom the pronoun is about."""
    found = []
    for rank, document in enumerate(documents):
        meta = document.metadata
        spans = meta.get("sentences") or [(s, e) for s, e, _ in sentence_spans(document.page_content,
                                                                              meta.get("language", "en"))]
        before = None  # (start, end) of the quotable sentence just before, in the same paragraph
        for start, end in spans:
            text = document.page_content[start:end]
            if not _quotable(text):
                before = None
                continue
            joined = (before is not None and _PRONOUN_LEAD.match(text) and "\n" not in document.page_content[before[1]:start]
                      and _NAMES_SOMEONE.search(document.page_content[before[0]:before[1]]))
            quoted = before[0] if joined else start
            found.append(Candidate(document, meta["start"] + quoted, meta["start"] + end,
                                   document.page_content[quoted:end], rank))
            before = (start, end)
    return found


def _quotable(text: str) -> bool:
    return (len(text) >= MIN_QUOTE_CHARS and text[-1] in _SENTENCE_END and not text.startswith(_ATTRIBUTION)
            and not _CODE.search(text))


class SentenceVectors:
    """Embeddings of sentences, remembered (least recently used first out); thread-safe."""

    def __init__(self, embeddings: Embeddings, size: int = 8192) -> None:
        self.embeddings = embeddings
        self.size = size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def of(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        fresh = self.embeddings.embed_documents(missing) if missing else []
        with self._lock:
            self._vectors.update(zip(missing, (np.asarray(v, dtype=np.float32) for v in fresh)))
            for text in texts:
                self._vectors.move_to_end(text)
            while len(self._vectors) > self.size:
                self._vectors.popitem(last=False)
            return np.stack([self._vectors[t] for t in texts])

    def best_similarity(self, query_vector: np.ndarray, documents: Sequence[Document]) -> np.ndarray:
        """For each document, the similarity of its sentence closest to the query (0 if none)."""
        per_document = [[c.text for c in quotable_sentences([d])] for d in documents]
        texts = [t for sentences in per_document for t in sentences]
        if not texts:
            return np.zeros(len(documents), dtype=np.float32)
        similarities = iter(self.of(texts) @ query_vector)
        return np.array([max((next(similarities) for _ in s), default=0.0) for s in per_document], dtype=np.float32)


DUPLICATE_OVERLAP = 0.8  # share of shared words that makes two sentences the same agency copy
_NON_WORD = re.compile(r"\W+")


def same_copy(a: str, b: str) -> bool:
    """Near-identical sentences (the same agency text in two outlets, give or take a word)."""
    wa, wb = set(_NON_WORD.split(fold(a))) - {""}, set(_NON_WORD.split(fold(b))) - {""}
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) >= DUPLICATE_OVERLAP

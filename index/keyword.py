"""An in-memory BM25 index over passages (bm25s), for the keyword half of hybrid retrieval."""

from __future__ import annotations

import re
import unicodedata

import bm25s
import numpy as np
from bm25s import stopwords as bm25_stopwords

# One tokenizer for all languages: the union of common stopwords, accents folded.
_STOPWORDS = frozenset(
    word
    for words in (bm25_stopwords.STOPWORDS_EN, bm25_stopwords.STOPWORDS_DUTCH, bm25_stopwords.STOPWORDS_GERMAN,
                  bm25_stopwords.STOPWORDS_FRENCH, bm25_stopwords.STOPWORDS_SPANISH)
    for word in words
)
_TOKEN = re.compile(r"\w+", re.UNICODE)


def tokenize(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return [t for t in _TOKEN.findall(folded) if len(t) > 1 and t not in _STOPWORDS]


class KeywordIndex:
    """BM25 scores of every passage for a query; empty corpora and unknown words score 0."""

    def __init__(self, texts: list[str]) -> None:
        self.size = len(texts)
        self._bm25 = bm25s.BM25()
        if texts:
            self._bm25.index([tokenize(t) or ["\x00"] for t in texts], show_progress=False)

    def scores(self, query: str) -> np.ndarray:
        tokens = tokenize(query)
        if not self.size or not tokens:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)

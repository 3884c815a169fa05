"""Hybrid retrieval over the live articles, as a LangChain retriever.

Dense candidates come from Chroma, keyword candidates from BM25 over the catalogue's live
chunks. Each signal is z-scored over the candidate pool and summed with weights; keyword
evidence counts only when the question and passage share a language (across languages BM25
matches are noise). Results carry ``relevance``, the absolute dense similarity, which the
answerer compares with a calibrated threshold to decide whether anything relevant was found.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, PrivateAttr

from index.catalogue import Catalogue, LiveChunk
from index.indexer import chunk_documents
from index.keyword import KeywordIndex
from index.language import detect_language


def zscores(values: np.ndarray) -> np.ndarray:
    spread = values.std()
    return (values - values.mean()) / spread if spread > 1e-9 else np.zeros_like(values)


class _LiveView:
    """The live chunks, their keyword index and their documents, for one catalogue generation."""

    def __init__(self, live: list[LiveChunk]) -> None:
        self.keys = [c.key for c in live]
        self.position = {key: i for i, key in enumerate(self.keys)}
        self.documents = [chunk_documents(c.article, [c.chunk])[0] for c in live]
        self.languages = np.array([c.article.language for c in live])
        self.keywords = KeywordIndex([c.chunk.text for c in live])


class HybridRetriever(BaseRetriever):
    """Dense + keyword retrieval with language-aware z-score fusion."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    collection: Any  # chromadb Collection holding the chunk vectors
    embeddings: Embeddings
    catalogue: Catalogue
    k: int = 5
    fetch_k: int = 50
    keyword_weight: float = 0.5
    cross_language_keyword_weight: float = 0.0

    _view: _LiveView | None = PrivateAttr(default=None)
    _generation: int = PrivateAttr(default=-1)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    def live_view(self) -> _LiveView:
        """Rebuilt only when an index run has published or removed something."""
        with self._lock:
            generation = self.catalogue.generation()
            if self._view is None or generation != self._generation:
                self._view, self._generation = _LiveView(self.catalogue.live_chunks()), generation
            return self._view

    def _dense(self, view: _LiveView, query_vector: list[float]) -> dict[int, float]:
        """Cosine similarity of the top live chunks, by position in ``view``."""
        if not view.keys:
            return {}
        result = self.collection.query(
            query_embeddings=[query_vector], n_results=min(self.fetch_k, self.collection.count() or 1),
            include=["metadatas", "distances"],
        )
        found = {}
        for meta, distance in zip(result["metadatas"][0], result["distances"][0]):
            key = f"{meta['article_id']}:{meta['version']}:{meta['seq']}"
            if key in view.position:  # other versions are mid-index or stale: never mix them in
                found[view.position[key]] = 1.0 - distance
        return found

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, k: int | None = None
    ) -> list[Document]:
        k = k or self.k
        view = self.live_view()
        if not view.keys:
            return []
        dense = self._dense(view, self.embeddings.embed_query(query))
        keyword = view.keywords.scores(query)
        pool = sorted(set(dense) | set(np.argsort(-keyword)[: self.fetch_k].tolist()))
        dense_scores = np.array([dense.get(i, min(dense.values(), default=0.0)) for i in pool])
        same_language = view.languages[pool] == detect_language(query)
        keyword_weights = np.where(same_language, self.keyword_weight, self.cross_language_keyword_weight)
        fused = zscores(dense_scores) + keyword_weights * zscores(keyword[pool])
        ranked = np.argsort(-fused, kind="stable")[:k]
        results = []
        for i in ranked:
            position = pool[i]
            doc = view.documents[position]
            results.append(Document(
                page_content=doc.page_content,
                metadata={**doc.metadata, "relevance": float(dense_scores[i]), "score": float(fused[i])},
            ))
        return results

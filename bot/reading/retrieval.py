"""Hybrid retrieval over the live articles, as a LangChain retriever.

Chroma returns the top ``fetch_k`` chunks by the stored (e5 ⊕ USE) vector; each candidate is
then scored by three signals — e5 cosine, USE cosine, and BM25 with per-language stemming —
each z-scored over the candidates and summed with weights (chosen on half of XQuAD, checked on
the other half: research/fusion/README.md). The leading candidates are then re-ranked by their best
sentence's similarity (bench/README.md). Results carry ``relevance``, the absolute e5 cosine,
which the answerer compares with calibrated thresholds.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, PrivateAttr

from bot.reading.live_view import LiveView
from bot.reading.sentences import SentenceVectors
from index.catalogue import Catalogue
from index.embeddings import FusedEmbeddings


def zscores(values: np.ndarray) -> np.ndarray:
    spread = values.std()
    return (values - values.mean()) / spread if spread > 1e-9 else np.zeros_like(values)


class HybridRetriever(BaseRetriever):
    """Dense (e5, USE) + keyword (BM25) retrieval with z-score fusion over Chroma's candidates."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    collection: Any  # chromadb Collection holding the chunk vectors
    embeddings: Embeddings
    catalogue: Catalogue
    k: int = 5
    fetch_k: int = 50
    second_weight: float = 0.7
    keyword_weight: float = 0.3
    sentences: SentenceVectors | None = None  # enables the best-sentence signal
    sentence_weight: float = 0.5
    sentence_pool: int = 10

    on_refresh: Callable[[str], None] | None = None  # told "build" or "update" (metrics)

    _view: LiveView | None = PrivateAttr(default=None)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    def live_view(self) -> LiveView:
        """Built once; afterwards updated with the articles an index run published or removed."""
        with self._lock:
            if self._view is None:
                self._view = LiveView(self.catalogue)
                kind = "build"
            else:
                kind = "update" if self._view.refresh(self.catalogue) else None
            if kind and self.on_refresh:
                self.on_refresh(kind)
            return self._view

    def spell_out(self, question: str) -> str:
        """The question with acronyms the articles spell out replaced ("SBF" → "Sam Bankman-Fried")."""
        return self.live_view().aliases.spell_out(question)

    def _candidates(self, view: LiveView, query_vector: list[float],
                    articles: list[str] | None = None) -> tuple[list[str], list[Document], np.ndarray]:
        """Keys, documents and stored vectors of Chroma's nearest live chunks (of ``articles`` only, if given)."""
        result = self.collection.query(
            query_embeddings=[query_vector], n_results=max(1, min(self.fetch_k, self.collection.count())),
            include=["metadatas", "embeddings"], where={"article_id": {"$in": articles}} if articles else None,
        )
        keys, documents, vectors = [], [], []
        for meta, vector in zip(result["metadatas"][0], result["embeddings"][0]):
            key = f"{meta['article_id']}:{meta['version']}:{meta['seq']}"
            if document := view.documents.get(key):  # other versions are mid-index or stale: never mixed in
                keys.append(key)
                documents.append(document)
                vectors.append(vector)
        return keys, documents, np.asarray(vectors, dtype=np.float32)

    def signals(self, query: str, view: LiveView,
                articles: list[str] | None = None) -> tuple[list[Document], dict[str, np.ndarray], np.ndarray]:
        """The candidates, their similarity by every signal before normalisation, and the query vector."""
        if isinstance(self.embeddings, FusedEmbeddings):
            primary, second = self.embeddings.embed_query_parts(query)
            query_vector = self.embeddings.fuse(primary, second)
            keys, documents, vectors = self._candidates(view, query_vector.tolist(), articles)
            if not keys:
                return [], {}, query_vector
            vectors_primary, vectors_second = self.embeddings.split(vectors, len(primary))
            found = {"dense": vectors_primary @ primary, "second": vectors_second @ second}
        else:
            query_vector = primary = np.asarray(self.embeddings.embed_query(query), dtype=np.float32)
            keys, documents, vectors = self._candidates(view, primary.tolist(), articles)
            if not keys:
                return [], {}, query_vector
            found = {"dense": vectors @ primary}
        found["keyword"] = view.keywords.scores(query, keys)
        return documents, found, query_vector

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, k: int | None = None,
        articles: list[str] | None = None,
    ) -> list[Document]:
        """The ``k`` best passages; ``articles``: of these articles only (a story's newest reports)."""
        view = self.live_view()
        if not view.documents:
            return []
        documents, found, query_vector = self.signals(query, view, articles)
        if not documents:
            return []
        weights = {"dense": 1.0, "second": self.second_weight, "keyword": self.keyword_weight}
        fused = sum(weights[name] * zscores(values) for name, values in found.items())
        if self.sentences is not None and self.sentence_weight:
            # The best sentence of each leading candidate: the passage holding the answer beats
            # passages that are only on topic. Only the leaders: sentences cost an embedding each.
            top = np.argsort(-fused, kind="stable")[: self.sentence_pool]
            best = self.sentences.best_similarity(query_vector, [documents[i] for i in top])
            fused[top] += self.sentence_weight * zscores(best)
        results = []
        for i in np.argsort(-fused, kind="stable")[: k or self.k]:
            doc = documents[i]
            results.append(Document(
                page_content=doc.page_content,
                metadata={**doc.metadata, "relevance": float(found["dense"][i]), "score": float(fused[i])},
            ))
        return results

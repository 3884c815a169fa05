"""The Chroma collection searches as widely as newsbot asks, new or built by an older version."""

from __future__ import annotations

import chromadb
from langchain_core.embeddings import Embeddings

from index.store import SEARCH_EF, _settings, open_vector_store


class Constant(Embeddings):
    model_name = "constant"

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [[1.0, 0.0] for _ in texts]

    def embed_query(self, text: str) -> list[float]:
        return [1.0, 0.0]


def test_a_new_collection_searches_with_newsbots_ef(tmp_path):
    client = chromadb.PersistentClient(path=str(tmp_path / "chroma"), settings=_settings())
    collection = open_vector_store(client, Constant())._collection
    assert SEARCH_EF > 100  # wider than Chroma's default
    assert collection.configuration["hnsw"]["ef_search"] == SEARCH_EF
    assert collection.configuration["hnsw"]["space"] == "cosine"


def test_a_collection_built_with_chromas_default_gets_newsbots_ef(tmp_path):
    path = str(tmp_path / "chroma")
    old = chromadb.PersistentClient(path=path, settings=_settings())
    old.create_collection("newsbot", metadata={"hnsw:space": "cosine", "embedding_model": "constant"})
    assert old.get_collection("newsbot").configuration["hnsw"]["ef_search"] == 100

    open_vector_store(old, Constant())
    old.clear_system_cache()  # as a new process sees it
    reopened = chromadb.PersistentClient(path=path, settings=_settings()).get_collection("newsbot")
    assert reopened.configuration["hnsw"]["ef_search"] == SEARCH_EF

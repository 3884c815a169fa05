"""The Chroma vector store: embedded in the data directory, or a Chroma server.

The collection records which embedding model built it; opening it with another model is refused.
The embedded store is single-process: a lock file says so clearly instead of corrupting it.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings

from index.embeddings import model_id
from index.errors import NewsbotError

COLLECTION = "newsbot"
SCHEMA_VERSION = "1"
# How widely HNSW searches (Chroma's default: 100, raised to n_results). Wider costs a little time and
# finds more of the true nearest: candidate recall measured against exact search in bench/README.md.
SEARCH_EF = 400


def _settings():
    from chromadb.config import Settings

    return Settings(anonymized_telemetry=False)


class EmbeddedStoreLock:
    """Holds an exclusive lock on the embedded store for this process's lifetime."""

    def __init__(self, chroma_dir: Path) -> None:
        chroma_dir.mkdir(parents=True, exist_ok=True)
        self.path = chroma_dir / "newsbot.lock"
        self._file = open(self.path, "a+")
        try:
            fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._file.seek(0)
            holder = self._file.read().strip() or "another process"
            self._file.close()
            raise NewsbotError(
                f"the embedded index in {chroma_dir} is in use by newsbot pid {holder}; the embedded "
                "store is not safe across processes: stop that process, or run a Chroma server "
                "(chroma run --path DIR) and set CHROMA_HOST/CHROMA_PORT for every newsbot process"
            ) from None
        self._file.seek(0)
        self._file.truncate()
        self._file.write(str(os.getpid()))
        self._file.flush()

    def release(self) -> None:
        if not self._file.closed:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()


def chroma_client(data_dir: Path, host: str | None = None, port: int | None = None):
    """A Chroma server client when ``host`` is set, else the embedded store under ``data_dir``."""
    import chromadb

    if host:
        try:
            return chromadb.HttpClient(host=host, port=port or 8000, settings=_settings())
        except Exception as error:
            raise NewsbotError(f"cannot reach the Chroma server at {host}:{port or 8000} ({error})") from None
    return chromadb.PersistentClient(path=str(data_dir / "chroma"), settings=_settings())


def open_vector_store(client, embeddings: Embeddings, collection: str = COLLECTION) -> Chroma:
    """The collection as a LangChain vector store, refusing one built by a different model.

    An existing collection gets ``SEARCH_EF`` too; Chroma applies it when a process (a Chroma server
    included) next loads the collection's index, not to an index it has already loaded.
    """
    wanted = model_id(embeddings)
    existing = {c.name if hasattr(c, "name") else c for c in client.list_collections()}
    if collection in existing:
        found = client.get_collection(collection)
        built_with = (found.metadata or {}).get("embedding_model")
        if built_with != wanted:
            raise NewsbotError(
                f"the index was built with embedding model {built_with!r} but the settings say "
                f"{wanted!r}; rebuild it with `newsbot index --rebuild` (or restore the setting)"
            )
        hnsw = (found.configuration or {}).get("hnsw")
        if hnsw and hnsw.get("ef_search") != SEARCH_EF:
            found.modify(configuration={"hnsw": {"ef_search": SEARCH_EF}})
    return Chroma(
        client=client,
        collection_name=collection,
        embedding_function=embeddings,
        collection_metadata={
            "hnsw:space": "cosine",
            "embedding_model": wanted,
            "newsbot_schema": SCHEMA_VERSION,
        },
        collection_configuration={"hnsw": {"space": "cosine", "ef_search": SEARCH_EF}},
    )


def drop_collection(client, collection: str = COLLECTION) -> None:
    existing = {c.name if hasattr(c, "name") else c for c in client.list_collections()}
    if collection in existing:
        client.delete_collection(collection)

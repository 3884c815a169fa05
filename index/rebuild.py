"""Re-embedding the whole index into a new collection (``newsbot index --rebuild``).

The catalogue keeps every live article's cleaned text and chunk offsets, whatever its source (a
file, a web page fetched once, a feed entry, a Slack add), so a rebuild reads no source again: it
embeds those chunks with the current model into a fresh collection and, once all are in, switches
the catalogue to it in one write. Until then readers keep the old collection, so a rebuild that
fails or is killed halfway loses nothing; the half-built collection is dropped by the next one.
It runs under the index lock, so no index run changes the articles meanwhile.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from filelock import FileLock, Timeout
from langchain_core.embeddings import Embeddings
from langchain_core.indexing import index as langchain_index

from index.catalogue import Catalogue
from index.database import AdvisoryLock
from index.errors import NewsbotError
from index.indexer import EMBED_BATCH, INDEX_OPTIONS, chunk_documents
from index.store import COLLECTION, drop_collection, open_vector_store

LIVE_KEY = "collection"  # catalogue meta: the collection readers use
RETIRED_KEY = "collection_to_drop"  # catalogue meta: one left behind by an interrupted rebuild


@dataclass(frozen=True)
class RebuildReport:
    articles: int
    chunks: int
    collection: str


def live_collection(catalogue: Catalogue) -> str:
    """The collection readers use: the last rebuild's, else the original one."""
    return catalogue.meta(LIVE_KEY) or COLLECTION


def rebuild(catalogue: Catalogue, client, embeddings: Embeddings, record_manager: Callable[[str], object],
            lock: FileLock | AdvisoryLock, on_embedded: Callable[[int], None] | None = None) -> RebuildReport:
    """Embed every live chunk into a new collection, switch readers to it, drop the old one.

    ``record_manager(collection)`` gives the LangChain record manager of a collection.
    """
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise NewsbotError("another index run is in progress on this data directory; try again when it ends") from None
    try:
        old = live_collection(catalogue)
        _drop_retired(catalogue, client, record_manager, keep=old)
        new = f"{COLLECTION}-{uuid.uuid4().hex[:12]}"
        catalogue.update_meta({RETIRED_KEY: new})  # if this run dies, the next one drops what it built
        store, records = open_vector_store(client, embeddings, new), record_manager(new)
        by_article: dict[str, tuple] = {}
        for live in catalogue.live_chunks():
            by_article.setdefault(live.article.article_id, (live.article, []))[1].append(live.chunk)
        documents = [doc for article, chunks in by_article.values() for doc in chunk_documents(article, chunks)]
        for start in range(0, len(documents), EMBED_BATCH):
            batch = documents[start:start + EMBED_BATCH]
            langchain_index(batch, records, store, cleanup=None, **INDEX_OPTIONS)
            (on_embedded or (lambda n: None))(len(batch))
        catalogue.update_meta({LIVE_KEY: new, RETIRED_KEY: old})  # the switch, in one transaction
        _drop_retired(catalogue, client, record_manager, keep=new)
        return RebuildReport(len(by_article), len(documents), new)
    finally:
        lock.release()


def _drop_retired(catalogue: Catalogue, client, record_manager, keep: str) -> None:
    """Drop the collection (and its records) a rebuild left behind, unless readers use it."""
    retired = catalogue.meta(RETIRED_KEY)
    if retired and retired != keep:
        drop_collection(client, retired)
        records = record_manager(retired)
        while keys := records.list_keys(limit=1000):
            records.delete_keys(keys)
    catalogue.update_meta({RETIRED_KEY: ""})

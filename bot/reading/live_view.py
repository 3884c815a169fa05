"""The live passages as retrieval reads them — documents, keyword index, acronyms — kept current
article by article.

Rebuilding all of it after each new article cost 6 s at 23k passages, on every replica, after
every article a feed or watcher brought (issue 11). Now the catalogue's generation (one row) says
whether anything changed; the published ids (the catalogue's key index; their versions only when an
article may have been replaced) say which articles did; only
those articles' chunks are read, added to the keyword index's delta and the acronym counts, and
the passages of versions no longer live are dropped. Replicas on other hosts read the same
catalogue, so they learn of changes the same way. The keyword delta is folded into its main
segment once it grows past a share of the corpus.
"""

from __future__ import annotations

from langchain_core.documents import Document

from bot.question.aliases import AliasCounts
from index.catalogue import Catalogue, LiveChunk
from index.indexer import chunk_documents
from index.keyword import KeywordIndex

COMPACT_SHARE = 0.05  # of the live passages: a larger keyword delta is folded into the main segment
COMPACT_MIN = 500


def _document(live: LiveChunk) -> Document:
    """The passage with its sentences' spans (relative to it), so quoting never splits sentences again."""
    document = chunk_documents(live.article, [live.chunk])[0]
    document.metadata["sentences"] = tuple((s - live.chunk.start, e - live.chunk.start)
                                           for s, e in live.chunk.sentences)
    return document


class LiveView:
    """The live passages of one catalogue generation, by key (``article_id:version:seq``).

    Built once from every live chunk; :meth:`refresh` then applies only what changed. Call it
    under one lock: readers only look keys up, so they need none.
    """

    def __init__(self, catalogue: Catalogue) -> None:
        self.generation = catalogue.generation()  # read first: a publish after it shows next time
        live = catalogue.live_chunks()
        self.documents: dict[str, Document] = {}
        self.keys: dict[str, list[str]] = {}  # article id → its live passages' keys
        self.versions: dict[str, str] = {}
        self.aliases = AliasCounts()
        self._add(live)
        self.keywords = KeywordIndex.build((c.key, c.chunk.text, c.article.language) for c in live)

    def _add(self, live: list[LiveChunk]) -> None:
        for chunk in live:
            self.documents[chunk.key] = _document(chunk)
            self.keys.setdefault(chunk.article.article_id, []).append(chunk.key)
            self.versions[chunk.article.article_id] = chunk.article.version
        self.aliases.add(c.chunk.text for c in live)

    def _remove(self, article_ids: list[str]) -> list[str]:
        gone = [key for article_id in article_ids for key in self.keys.pop(article_id, [])]
        for article_id in article_ids:
            self.versions.pop(article_id, None)
        self.aliases.remove(self.documents[key].page_content for key in gone)
        for key in gone:
            del self.documents[key]
        return gone

    def refresh(self, catalogue: Catalogue) -> bool:
        """Catch up with the catalogue; False when nothing had changed (one row read)."""
        generation = catalogue.generation()
        if generation == self.generation:
            return False
        ids = catalogue.article_ids()
        changed, stale = sorted(ids - self.versions.keys()), sorted(self.versions.keys() - ids)
        settled = catalogue.generation() == generation  # the ids are those of this generation
        if not settled or generation - self.generation != len(changed) + len(stale):
            # The generation counts publishes and removals one by one: when the articles that
            # appeared and vanished account for every step, none changed version. Otherwise
            # compare versions (which reads every article row).
            published = catalogue.versions()
            changed = [a for a, version in published.items() if self.versions.get(a) != version]
            stale = [a for a in self.versions if published.get(a) != self.versions[a]]
        fresh = [c for c in catalogue.live_chunks(changed)  # a version the view has is not added twice
                 if self.versions.get(c.article.article_id) != c.article.version]
        removed = self._remove(stale)
        self._add(fresh)
        keywords = self.keywords.changed([(c.key, c.chunk.text, c.article.language) for c in fresh], removed)
        if keywords.pending > max(COMPACT_MIN, COMPACT_SHARE * keywords.size):
            keywords = keywords.compacted()
        self.keywords, self.generation = keywords, generation
        return True

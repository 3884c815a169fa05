"""The live passages as retrieval reads them — documents, keyword index, acronyms — kept current
article by article.

Rebuilding all of it after each new article cost 6 s at 23k passages, on every replica, after
every article a feed or watcher brought (issue 11). Now the catalogue's generation (one row) says
whether anything changed; the published versions (one narrow query) say which articles did; only
those articles' chunks are read, added to the keyword index's delta and the acronym counts, and
the passages of versions no longer live are dropped. Replicas on other hosts read the same
catalogue, so they learn of changes the same way. The keyword delta is folded into its main
segment once it grows past a share of the corpus.
"""

from __future__ import annotations

from langchain_core.documents import Document

from bot.aliases import AliasCounts
from index import catalogue as catalogue_rows
from index.articles import Chunk
from index.catalogue import Catalogue, LiveChunk
from index.chunking import chunk_sentences
from index.indexer import chunk_documents
from index.keyword import KeywordIndex

COMPACT_SHARE = 0.05  # of the live passages: a larger keyword delta is folded into the main segment
COMPACT_MIN = 500
_READ_BATCH = 500  # article ids per catalogue query


def _document(live: LiveChunk) -> Document:
    """The passage with its sentences' spans (relative to it), so quoting never splits sentences again."""
    document = chunk_documents(live.article, [live.chunk])[0]
    document.metadata["sentences"] = tuple((s - live.chunk.start, e - live.chunk.start)
                                           for s, e in live.chunk.sentences)
    return document


def live_chunks_of(catalogue: Catalogue, article_ids: list[str]) -> list[LiveChunk]:
    """What ``Catalogue.live_chunks()`` gives, for the named articles only.

    Reads the catalogue's tables with its own row readers; belongs in ``Catalogue`` (a filter on
    ``live_chunks``) once the catalogue's storage settles (issue 11, item 3).
    """
    live = []
    for start in range(0, len(article_ids), _READ_BATCH):
        batch = article_ids[start:start + _READ_BATCH]
        with catalogue._connect() as db:
            rows = db.execute(
                'SELECT a.*, c.seq, c.start, c."end", c.sentences FROM chunks c JOIN articles a '
                "ON a.article_id = c.article_id AND a.version = c.version "
                f"WHERE a.article_id IN ({','.join('?' * len(batch))}) ORDER BY a.article_id, c.seq",
                batch,
            ).fetchall()
        articles = {}
        for row in rows:
            article = articles.setdefault(row["article_id"], catalogue_rows._article(row))
            text = article.text[row["start"]:row["end"]]
            sentences = catalogue_rows._spans(row["sentences"]) or chunk_sentences(text, row["start"], article.language)
            live.append(LiveChunk(article, Chunk(article.article_id, row["seq"], row["start"], row["end"], text,
                                                 sentences)))
    return live


def live_article_ids(catalogue: Catalogue) -> set[str]:
    """The published articles' ids, from the catalogue's primary-key index alone (not its rows, which
    hold each article's text: reading them all costs ~30 ms per 10k articles). Belongs in
    ``Catalogue`` as well."""
    with catalogue._connect() as db:
        return {row[0] for row in db.execute("SELECT article_id FROM articles")}


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
        ids = live_article_ids(catalogue)
        changed, stale = sorted(ids - self.versions.keys()), sorted(self.versions.keys() - ids)
        settled = catalogue.generation() == generation  # the ids are those of this generation
        if not settled or generation - self.generation != len(changed) + len(stale):
            # The generation counts publishes and removals one by one: when the articles that
            # appeared and vanished account for every step, none changed version. Otherwise
            # compare versions (which reads every article row).
            published = catalogue.versions()
            changed = [a for a, version in published.items() if self.versions.get(a) != version]
            stale = [a for a in self.versions if published.get(a) != self.versions[a]]
        fresh = [c for c in live_chunks_of(catalogue, changed)  # a version the view has is not added twice
                 if self.versions.get(c.article.article_id) != c.article.version]
        removed = self._remove(stale)
        self._add(fresh)
        keywords = self.keywords.changed([(c.key, c.chunk.text, c.article.language) for c in fresh], removed)
        if keywords.pending > max(COMPACT_MIN, COMPACT_SHARE * keywords.size):
            keywords = keywords.compacted()
        self.keywords, self.generation = keywords, generation
        return True

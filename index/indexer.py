"""Incremental indexing: only new or changed articles are embedded; vanished ones are removed.

Vectors go through LangChain's indexing API (``langchain_core.indexing.index`` with a SQL record
manager), which makes chunk writes idempotent: chunk ids are content hashes, so a run killed at
any point and run again ends with exactly the chunks a clean run would produce. The catalogue's
publish step sits between writing new vectors and cleaning up old ones, so readers switch from
the old to the new version of an article in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout
from langchain_core.documents import Document
from langchain_core.indexing import index as langchain_index

from index.articles import Article, Chunk, article_id_for
from index.catalogue import Catalogue
from index.chunking import chunk_article
from index.database import AdvisoryLock
from index.errors import NewsbotError
from index.fetching import Fetcher, is_url, source_key
from index.language import UNDETERMINED
from index.loading import load_article, walk_articles

Stages = Callable[[str, int], Callable[[int], None]]  # progress: (what, total) → advance(n)
EMBED_BATCH = 64
_CLEAN_RUN = "clean_run"
INDEX_OPTIONS = {"source_id_key": "article_id", "batch_size": EMBED_BATCH, "key_encoder": "sha256"}


@dataclass
class Problem:
    """An article that could not be indexed, and whether the user named it explicitly."""

    message: str
    explicit: bool


@dataclass
class IndexPlan:
    """What a run will do, known before anything is embedded (so progress has a total)."""

    changed: list[tuple[Article, list[Chunk], bool]] = field(default_factory=list)  # (article, chunks, is_new)
    unchanged: list[Article] = field(default_factory=list)
    vanished: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # indexed, but worth telling the user

    @property
    def chunks_to_embed(self) -> int:
        return sum(len(chunks) for _, chunks, _ in self.changed)


@dataclass
class IndexReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    chunks_embedded: int = 0
    chunks_total: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        """The contract's JSON summary."""
        return {
            "added": self.added, "updated": self.updated, "unchanged": self.unchanged,
            "removed": self.removed, "chunks_embedded": self.chunks_embedded, "chunks_total": self.chunks_total,
        }


def chunk_documents(article: Article, chunks: Iterable[Chunk]) -> list[Document]:
    """Chunks as LangChain documents; the metadata carries everything a citation needs."""
    base = {
        "article_id": article.article_id, "version": article.version, "title": article.title,
        "source": article.source, "language": article.language,
        **({"date": article.date} if article.date else {}), **({"url": article.url} if article.url else {}),
    }
    return [
        Document(page_content=c.text, metadata={**base, "seq": c.seq, "start": c.start, "end": c.end})
        for c in chunks
    ]


class Indexer:
    def __init__(self, catalogue: Catalogue, vector_store, record_manager, lock: FileLock | AdvisoryLock,
                 max_chunk_chars: int | None = None, fetcher: Callable[[], Fetcher] = Fetcher) -> None:
        self.catalogue = catalogue
        self.vector_store = vector_store
        self.record_manager = record_manager
        self.lock = lock  # index runs take turns: see Database.lock
        self.chunk_options = {"max_chars": max_chunk_chars} if max_chunk_chars else {}
        self.new_fetcher = fetcher  # how web pages are fetched (allowed addresses, deadline, pacing)

    # -- planning ---------------------------------------------------------------------------
    def plan_articles(self, articles: Iterable[Article], plan: IndexPlan | None = None,
                      progress: Stages | None = None) -> IndexPlan:
        plan = plan or IndexPlan()
        live = self.catalogue.versions()
        articles = list(articles)
        advance = (progress or _silent)("chunking", len(articles))
        for article in articles:
            if article.language == UNDETERMINED:
                plan.notes.append(f"{article.source}: language not recognised; indexed, without keyword search")
            if live.get(article.article_id) == article.version:
                plan.unchanged.append(article)
            else:
                chunks = chunk_article(article, **self.chunk_options)
                plan.changed.append((article, chunks, article.article_id not in live))
            advance(1)
        return plan

    def plan(self, paths: Iterable[Path] = (), urls: Iterable[str] = (), feeds: Iterable[str] = (),
             fetcher: Fetcher | None = None, progress: Stages | None = None) -> IndexPlan:
        """Load every article named: files, folders (whose vanished files are to be removed),
        web pages, and feed entries not indexed yet. Unusable ones become problems, not errors."""
        plan = IndexPlan()
        progress = progress or _silent
        loaded = self._load_paths(paths, plan, progress)
        urls, feeds = list(urls), list(feeds)
        if urls or feeds:
            own = fetcher is None
            fetcher = fetcher or self.new_fetcher()
            try:
                loaded += self._fetch(urls, feeds, fetcher, plan, progress)
            finally:
                if own:
                    fetcher.close()
        return self.plan_articles(loaded, plan, progress)

    def plan_removal(self, targets: Iterable[str]) -> IndexPlan:
        """Articles to take out of the index, named as they were indexed: a file, or a URL (the
        address fetched or the article's canonical one). Feeds never remove; this is how to."""
        plan = IndexPlan()
        live = self.catalogue.versions()
        by_url = {source_key(a.url): a.article_id for a in self.catalogue.articles() if a.url}
        for target in dict.fromkeys(targets):
            if is_url(target):
                key = source_key(target)
                candidates = [article_id_for(key), by_url.get(key)]
            else:
                candidates = [article_id_for(str(Path(target).resolve()))]
            found = next((c for c in candidates if c in live), None)
            if found is None:
                plan.problems.append(Problem(f"{target}: not in the index", explicit=True))
            elif found not in plan.vanished:
                plan.vanished.append(found)
        return plan

    def plan_paths(self, paths: Iterable[Path]) -> IndexPlan:
        return self.plan(paths=paths)

    def _fetch(self, urls: list[str], feeds: list[str], fetcher: Fetcher, plan: IndexPlan,
               progress: Stages) -> list[Article]:
        wanted = dict.fromkeys(urls, True)  # url → named explicitly by the user
        known = set(self.catalogue.sources())
        for feed in feeds:
            try:
                links, without_link = fetcher.feed_links(feed)
            except NewsbotError as error:
                plan.problems.append(Problem(str(error), explicit=True))
                continue
            if without_link:
                plan.problems.append(Problem(f"{feed}: {without_link} entries without a link skipped", False))
            # A feed is a window on recent news: entries already indexed are not fetched again.
            for link in links:
                if source_key(link) not in known:
                    wanted.setdefault(link, False)
        articles = []
        advance = progress("fetching", len(wanted))
        for url, explicit in wanted.items():
            try:
                articles.append(fetcher.article(url))
            except NewsbotError as error:
                plan.problems.append(Problem(str(error), explicit))
            advance(1)
        return articles

    def plan_changes(self, folder: Path, changed: Iterable[str]) -> IndexPlan:
        """Plan only what changed under a watched ``folder``: the files (and folders) named are read
        if present, and the articles read from them removed if gone. One new file in a folder of
        20,000 costs that file, not a re-read of the folder (issue 11); a full pass over the folder
        (:meth:`plan`) reconciles anything the file events missed."""
        plan, files = IndexPlan(), []
        for path in map(Path, sorted(set(changed))):
            if path.exists():
                found, skipped = walk_articles(path, root=folder)
                files += found
                plan.problems += [Problem(message, explicit=False) for message in skipped]
            else:  # gone: the article read from it, or every article read from under it (a folder)
                plan.vanished += self.catalogue.sources_under(path).values()
                if self.catalogue.article(article_id := article_id_for(str(path.resolve()))):
                    plan.vanished.append(article_id)
        files = list(dict.fromkeys(files))  # a folder moved in is named with the files in it
        plan.vanished = list(dict.fromkeys(plan.vanished))
        loaded = self._load_files(files, plan, _silent("reading", len(files)), explicit=False)
        return self.plan_articles(loaded, plan)

    def _load_paths(self, paths: Iterable[Path], plan: IndexPlan, progress: Stages) -> list[Article]:
        loaded: list[Article] = []
        for path in paths:
            if path.is_dir():
                files, skipped = walk_articles(path)
                plan.problems += [Problem(message, explicit=False) for message in skipped]
                present = {str(f.resolve()) for f in files}
                plan.vanished += [
                    article_id for source, article_id in self.catalogue.sources_under(path).items()
                    if source not in present
                ]
            elif path.exists():
                files = [path]
            else:
                raise NewsbotError(f"{path}: no such file or folder")
            advance = progress(f"reading {path.name}", len(files))
            loaded += self._load_files(files, plan, advance, explicit=not path.is_dir())
        return loaded

    @staticmethod
    def _load_files(files: list[Path], plan: IndexPlan, advance: Callable[[int], None],
                    explicit: bool) -> list[Article]:
        loaded: list[Article] = []
        for file in files:
            try:
                loaded.append(load_article(file))
            except NewsbotError as error:
                plan.problems.append(Problem(str(error), explicit))
            except OSError:  # reading errors are NewsbotErrors: this is the machine (a full disk)
                raise
            except Exception as error:  # any file, however malformed, costs only itself
                plan.problems.append(Problem(f"{file}: could not be read ({type(error).__name__}: "
                                             f"{str(error)[:200]})", explicit))
            advance(1)
        return loaded

    # -- applying ---------------------------------------------------------------------------
    def apply(self, plan: IndexPlan, on_embedded: Callable[[int], None] | None = None,
              wait: float = 0) -> IndexReport:
        """Carry out ``plan`` under the index lock."""
        try:
            with self.lock.acquire(timeout=wait):
                return self._apply(plan, on_embedded or (lambda n: None))
        except Timeout:
            raise NewsbotError(
                "another index run is in progress on this data directory; try again when it ends"
            ) from None

    def _apply(self, plan: IndexPlan, on_embedded: Callable[[int], None]) -> IndexReport:
        report = IndexReport(unchanged=len(plan.unchanged), problems=list(plan.problems), notes=list(plan.notes))
        repairing = self.catalogue.meta(_CLEAN_RUN) == "0"  # the last run was interrupted
        self.catalogue.set_meta(_CLEAN_RUN, "0")
        documents = []
        for article, chunks, _ in plan.changed:
            self.catalogue.stage(article, chunks)
            documents += chunk_documents(article, chunks)
        for start in range(0, len(documents), EMBED_BATCH):  # 1. write new vectors (invisible)
            batch = documents[start:start + EMBED_BATCH]
            result = langchain_index(batch, self.record_manager, self.vector_store, cleanup=None, **INDEX_OPTIONS)
            report.chunks_embedded += result["num_added"] + result["num_updated"]
            on_embedded(len(batch))
        for article, _, is_new in plan.changed:  # 2. switch readers to them
            self.catalogue.publish(article)
            report.added += is_new
            report.updated += not is_new
        if repairing:  # an interrupted run may have left vectors of any article behind
            documents = self._documents_of(plan.unchanged) + documents
        langchain_index(documents, self.record_manager, self.vector_store,  # 3. drop old versions
                        cleanup="scoped_full", **INDEX_OPTIONS)
        for article_id in plan.vanished:
            self.remove(article_id)
            report.removed += 1
        self.catalogue.drop_unpublished()
        self.catalogue.set_meta(_CLEAN_RUN, "1")
        report.chunks_total = self.catalogue.chunk_count()
        return report

    def _documents_of(self, articles: list[Article]) -> list[Document]:
        by_article: dict[str, list[Chunk]] = {}
        for live in self.catalogue.live_chunks():
            by_article.setdefault(live.article.article_id, []).append(live.chunk)
        return [doc for a in articles for doc in chunk_documents(a, by_article.get(a.article_id, []))]

    def remove(self, article_id: str) -> None:
        """Vectors first, then the catalogue entry, so a kill in between is finished next run."""
        while keys := self.record_manager.list_keys(group_ids=[article_id], limit=1000):
            self.vector_store.delete(keys)
            self.record_manager.delete_keys(keys)
        self.catalogue.remove(article_id)


def _silent(description: str, total: int) -> Callable[[int], None]:
    return lambda n=1: None

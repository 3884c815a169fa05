"""The catalogue: which version of each article is live, its cleaned text, and its chunks.

Readers only see chunks of an article's *published* version. The indexer stages new chunks
first, writes their vectors, then publishes in one transaction — so a question asked during a
re-index cites either the old or the new version of an article, never a mix. It lives in a SQLite
file in WAL mode (safe for the bot, a watcher and the CLI to share across processes on one host) or
in PostgreSQL, shared by replicas on several hosts (``index.database``).
"""

from __future__ import annotations

import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Column, Float, Index, Integer, MetaData, Table, Text, bindparam, inspect, text
from sqlalchemy.exc import SQLAlchemyError

from index.articles import Article, Chunk
from index.chunking import chunk_sentences
from index.database import Database
from index.dates import COPY_SHARED, copy_digests, provenance
from index.errors import NewsbotError
from index.stories import COMMON_NAME, choose_story, names

_TABLES = MetaData()
Table("articles", _TABLES,
      Column("article_id", Text, primary_key=True), Column("version", Text, nullable=False),
      Column("title", Text, nullable=False), Column("date", Text), Column("source", Text, nullable=False),
      Column("url", Text), Column("language", Text, nullable=False), Column("text", Text, nullable=False),
      Column("indexed_at", Float, nullable=False))
Table("chunks", _TABLES,
      Column("article_id", Text, primary_key=True), Column("version", Text, primary_key=True),
      Column("seq", Integer, primary_key=True), Column("start", Integer, nullable=False),
      Column("end", Integer, nullable=False), Column("sentences", Text))
Table("meta", _TABLES, Column("key", Text, primary_key=True), Column("value", Text, nullable=False))
# The long sentences of each live article, fingerprinted (index/dates.py): agency copy in several outlets.
Table("copies", _TABLES, Column("article_id", Text, primary_key=True), Column("digest", Text, primary_key=True),
      Index("copies_by_digest", "digest"))
# Stories (index/stories.py): each live article's story and its date as known (or its lower bound),
# and the names that placed it.
Table("stories", _TABLES, Column("article_id", Text, primary_key=True), Column("story_id", Text, nullable=False),
      Column("date", Text), Column("not_before", Text), Index("stories_by_story", "story_id"))
Table("story_names", _TABLES, Column("article_id", Text, primary_key=True), Column("name", Text, primary_key=True),
      Index("story_names_by_name", "name"))

_SET_META = "INSERT INTO meta (key, value) VALUES (:key, :value) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
_IN_BATCH = 1000  # ids per IN (...) list: far below SQLite's and PostgreSQL's limits on parameters
_BUMP_GENERATION = "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'generation'"


@dataclass(frozen=True)
class LiveChunk:
    """A chunk of a published article version, with what retrieval and citations need."""

    article: Article
    chunk: Chunk

    @property
    def key(self) -> str:
        return f"{self.article.article_id}:{self.article.version}:{self.chunk.seq}"


def _article(row) -> Article:
    return Article(
        article_id=row["article_id"], title=row["title"], date=row["date"], source=row["source"],
        url=row["url"], language=row["language"], text=row["text"],
    )


def _spans_text(spans: tuple[tuple[int, int], ...]) -> str | None:
    return " ".join(f"{start}:{end}" for start, end in spans) or None


def _spans(text: str | None) -> tuple[tuple[int, int], ...]:
    return tuple(tuple(int(n) for n in span.split(":")) for span in text.split()) if text else ()


def _unusable(name: str, error: Exception) -> NewsbotError:
    """A damaged catalogue is told apart from a full or unwritable disk or an unreachable server:
    one line says which (never the database's password: ``name`` has it hidden)."""
    cause = getattr(error, "orig", None) or error
    reason = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
    if isinstance(cause, sqlite3.DatabaseError) and ("not a database" in reason or "malformed" in reason):
        return NewsbotError(f"the catalogue {name} is damaged ({reason}); nothing was changed: restore it from "
                            "a backup, or move it aside and index the articles again")
    if "locked" in reason:
        return NewsbotError(f"the catalogue {name} stayed locked by another process for 30 s; try again")
    if "full" in reason:
        return NewsbotError(f"the disk holding {name} is full; free some space and run again "
                            "(nothing already indexed was lost)")
    if not isinstance(cause, sqlite3.Error):
        return NewsbotError(f"cannot use the catalogue database {name} ({reason})")
    return NewsbotError(f"cannot use the catalogue {name} ({reason}); the data directory must be a writable folder")


class Catalogue:
    """``location``: the SQLite file's path, or a database URL (``postgresql+psycopg://…``)."""

    def __init__(self, location: Path | str) -> None:
        if isinstance(location, Path):
            try:
                location.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise NewsbotError(f"cannot create the data directory {location.parent} ({error.strerror})") from None
        self.db = Database(location)
        with self._errors():
            had = {name: inspect(self.db.engine).has_table(name) for name in ("copies", "stories")}
            self.db.create(_TABLES)
        for article in [] if all(had.values()) else reversed(self.articles()):
            # a catalogue from before copies or stories were kept: fingerprint and place what it holds, once
            with self._connect() as db:
                if not had["copies"]:
                    self._record_copies(db, article)
                if not had["stories"]:
                    self._place_in_story(db, article)
        with self._connect() as db:
            db.execute(text("INSERT INTO meta (key, value) VALUES ('generation', '0') ON CONFLICT (key) DO NOTHING"))
            if "sentences" not in {column["name"] for column in inspect(db).get_columns("chunks")}:
                db.execute(text("ALTER TABLE chunks ADD COLUMN sentences TEXT"))  # from before sentences were kept

    @contextmanager
    def _errors(self):
        try:
            yield
        except (sqlite3.Error, SQLAlchemyError) as error:
            raise _unusable(self.db.name, error) from None

    @contextmanager
    def _connect(self):
        with self._errors(), self.db.transaction() as db:
            yield db

    def _rows(self, query: str, **params) -> list:
        with self._connect() as db:
            return db.execute(text(query), params).mappings().all()

    def generation(self) -> int:
        """Bumped by every publish/remove: readers rebuild caches when it moves."""
        return int(self._rows("SELECT value FROM meta WHERE key = 'generation'")[0]["value"])

    def meta(self, key: str) -> str | None:
        rows = self._rows("SELECT value FROM meta WHERE key = :key", key=key)
        return rows[0]["value"] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        self.update_meta({key: value})

    def update_meta(self, values: dict[str, str]) -> None:
        """Set several meta values in one transaction."""
        with self._connect() as db:
            db.execute(text(_SET_META), [{"key": key, "value": value} for key, value in values.items()])

    def article_ids(self) -> set[str]:
        """The published articles' ids, from the primary key's index alone and as plain values: the
        rows hold each article's text, and row mappings cost twice the time (a live view's refresh:
        32 ms for 25.7k articles)."""
        with self._connect() as db:
            return set(db.execute(text("SELECT article_id FROM articles")).scalars())

    def versions(self) -> dict[str, str]:
        return {row["article_id"]: row["version"] for row in self._rows("SELECT article_id, version FROM articles")}

    def article(self, article_id: str) -> Article | None:
        rows = self._rows("SELECT * FROM articles WHERE article_id = :id", id=article_id)
        return _article(rows[0]) if rows else None

    def articles(self) -> list[Article]:
        return [_article(row) for row in self._rows("SELECT * FROM articles ORDER BY date DESC NULLS LAST, title")]

    def sources(self) -> list[str]:
        return [row["source"] for row in self._rows("SELECT source FROM articles")]

    def sources_under(self, folder: Path) -> dict[str, str]:
        """source → article_id for file articles inside ``folder``."""
        prefix = str(folder.resolve()).rstrip("/") + "/"
        rows = self._rows("SELECT source, article_id FROM articles WHERE substr(source, 1, :n) = :prefix",
                          n=len(prefix), prefix=prefix)
        return {row["source"]: row["article_id"] for row in rows}

    def stage(self, article: Article, chunks: list[Chunk]) -> None:
        """Record a version's chunks without publishing it (invisible to readers)."""
        if not chunks:
            return
        with self._connect() as db:
            db.execute(text(
                'INSERT INTO chunks (article_id, version, seq, start, "end", sentences) '
                "VALUES (:article_id, :version, :seq, :start, :end, :sentences) "
                'ON CONFLICT (article_id, version, seq) DO UPDATE SET start = excluded.start, "end" = excluded."end", '
                "sentences = excluded.sentences"
            ), [{"article_id": article.article_id, "version": article.version, "seq": c.seq, "start": c.start,
                 "end": c.end, "sentences": _spans_text(c.sentences)} for c in chunks])

    def publish(self, article: Article) -> None:
        """Make ``article``'s staged version the live one, atomically, and drop other versions."""
        values = {"article_id": article.article_id, "version": article.version, "title": article.title,
                  "date": article.date, "source": article.source, "url": article.url,
                  "language": article.language, "text": article.text, "indexed_at": time.time()}
        columns = ", ".join(values)
        updates = ", ".join(f"{name} = excluded.{name}" for name in values if name != "article_id")
        with self._connect() as db:
            db.execute(text(f"INSERT INTO articles ({columns}) VALUES ({', '.join(':' + n for n in values)}) "
                            f"ON CONFLICT (article_id) DO UPDATE SET {updates}"), values)
            db.execute(text("DELETE FROM chunks WHERE article_id = :id AND version <> :version"),
                       {"id": article.article_id, "version": article.version})
            self._record_copies(db, article)
            self._place_in_story(db, article)
            db.execute(text(_BUMP_GENERATION))

    @staticmethod
    def _record_copies(db, article: Article) -> None:
        db.execute(text("DELETE FROM copies WHERE article_id = :id"), {"id": article.article_id})
        digests = copy_digests(article.text)
        if digests:
            db.execute(text("INSERT INTO copies (article_id, digest) VALUES (:id, :digest) ON CONFLICT DO NOTHING"),
                       [{"id": article.article_id, "digest": d} for d in sorted(digests)])

    def agency_date(self, article_id: str) -> str | None:
        """The earliest date of another live article carrying the same agency copy as this one
        (at least COPY_SHARED of the same long sentences), or None."""
        rows = self._rows(
            "SELECT MIN(a.date) AS date FROM articles a WHERE a.date IS NOT NULL AND a.article_id IN ("
            " SELECT other.article_id FROM copies mine JOIN copies other ON other.digest = mine.digest"
            " WHERE mine.article_id = :id AND other.article_id <> :id"
            " GROUP BY other.article_id HAVING COUNT(*) >= :shared)", id=article_id, shared=COPY_SHARED)
        return rows[0]["date"] if rows else None

    @staticmethod
    def _place_in_story(db, article: Article) -> None:
        """Put ``article`` in the story whose reports share most of its rare names (index/stories.py),
        or start one named after it; a new version is placed again."""
        for table in ("stories", "story_names"):
            db.execute(text(f"DELETE FROM {table} WHERE article_id = :id"), {"id": article.article_id})
        mentioned = names(article.text)
        story = None
        if mentioned:
            listed = {"names": sorted(mentioned)}
            frequency = dict(db.execute(text(
                "SELECT name, COUNT(*) FROM story_names WHERE name IN :names GROUP BY name"
            ).bindparams(bindparam("names", expanding=True)), listed).all())
            # Names in very many articles place nothing and would make placing one article cost
            # a scan of theirs: only the rarer ones are looked up.
            rare = {"names": [n for n in listed["names"] if frequency.get(n, 0) <= COMMON_NAME]}
            shared = db.execute(text(
                "SELECT DISTINCT s.story_id, n.name FROM story_names n JOIN stories s ON s.article_id = n.article_id "
                "WHERE n.name IN :names").bindparams(bindparam("names", expanding=True)), rare).all() if rare["names"] else []
            stories: dict[str, set[str]] = {}
            for story_id, name in shared:
                stories.setdefault(story_id, set()).add(name)
            articles = db.execute(text("SELECT COUNT(*) FROM stories")).scalar_one()
            story = choose_story(mentioned, stories, frequency, articles)
            db.execute(text("INSERT INTO story_names (article_id, name) VALUES (:id, :name)"),
                       [{"id": article.article_id, "name": name} for name in listed["names"]])
        dating = provenance(article.date, article.url, article.text, article.source)
        db.execute(text("INSERT INTO stories (article_id, story_id, date, not_before) VALUES (:id, :story, :date, :nb)"),
                   {"id": article.article_id, "story": story or article.article_id, "date": dating.date,
                    "nb": dating.not_before})

    def stories_of(self, article_ids: list[str]) -> dict[str, str]:
        """article id → its story's id."""
        query = text("SELECT article_id, story_id FROM stories WHERE article_id IN :ids").bindparams(
            bindparam("ids", expanding=True))
        with self._connect() as db:
            return dict(db.execute(query, {"ids": article_ids}).all()) if article_ids else {}

    def newest_in_story(self, story_id: str, count: int) -> list[str]:
        """The ids of the story's ``count`` newest reports: by the date each is known by, else its
        lower bound (an undated report never goes before a dated later one unless its bound does);
        reports with neither last."""
        rows = self._rows(
            "SELECT article_id FROM stories WHERE story_id = :story "
            "ORDER BY COALESCE(date, not_before) DESC NULLS LAST, article_id LIMIT :n", story=story_id, n=count)
        return [row["article_id"] for row in rows]

    def datings(self, article_ids: list[str]) -> dict[str, tuple[str | None, str | None]]:
        """article id → (its date as known, else None; its lower bound when undated, else None)."""
        query = text("SELECT article_id, date, not_before FROM stories WHERE article_id IN :ids").bindparams(
            bindparam("ids", expanding=True))
        with self._connect() as db:
            rows = db.execute(query, {"ids": article_ids}).all() if article_ids else []
        return {article_id: (date, not_before) for article_id, date, not_before in rows}

    def story_members(self, story_id: str) -> list[str]:
        return [row["article_id"] for row in self._rows(
            "SELECT article_id FROM stories WHERE story_id = :story ORDER BY article_id", story=story_id)]

    def remove(self, article_id: str) -> None:
        with self._connect() as db:
            db.execute(text("DELETE FROM articles WHERE article_id = :id"), {"id": article_id})
            db.execute(text("DELETE FROM chunks WHERE article_id = :id"), {"id": article_id})
            for table in ("copies", "stories", "story_names"):
                db.execute(text(f"DELETE FROM {table} WHERE article_id = :id"), {"id": article_id})
            db.execute(text(_BUMP_GENERATION))

    def drop_unpublished(self) -> None:
        """Forget staged chunks whose version never got published (an interrupted run)."""
        with self._connect() as db:
            db.execute(text(
                "DELETE FROM chunks WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE "
                "a.article_id = chunks.article_id AND a.version = chunks.version)"
            ))

    def live_chunks(self, article_ids: list[str] | None = None) -> list[LiveChunk]:
        """Every chunk of every published article version, or of the named articles only (what a
        reader's view needs after an index run changed a few)."""
        query = ('SELECT a.*, c.seq, c.start, c."end", c.sentences FROM chunks c JOIN articles a '
                 "ON a.article_id = c.article_id AND a.version = c.version {where} ORDER BY a.article_id, c.seq")
        if article_ids is None:
            rows = self._rows(query.format(where=""))
        else:
            named = text(query.format(where="WHERE a.article_id IN :ids")).bindparams(bindparam("ids", expanding=True))
            with self._connect() as db:
                rows = [row for start in range(0, len(article_ids), _IN_BATCH)
                        for row in db.execute(named, {"ids": article_ids[start:start + _IN_BATCH]}).mappings()]
        articles: dict[str, Article] = {}
        live = []
        for row in rows:
            article = articles.setdefault(row["article_id"], _article(row))
            passage = article.text[row["start"]:row["end"]]
            sentences = _spans(row["sentences"]) or chunk_sentences(passage, row["start"], article.language)
            chunk = Chunk(article.article_id, row["seq"], row["start"], row["end"], passage, sentences)
            live.append(LiveChunk(article, chunk))
        return live

    def chunk_count(self, article_id: str | None = None) -> int:
        """Live chunks in all, or of one article."""
        query = "SELECT count(*) AS n FROM chunks c JOIN articles a ON a.article_id = c.article_id AND a.version = c.version"
        if article_id is None:
            return self._rows(query)[0]["n"]
        return self._rows(query + " WHERE a.article_id = :id", id=article_id)[0]["n"]

    def close(self) -> None:
        self.db.dispose()

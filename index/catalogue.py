"""The catalogue: which version of each article is live, its cleaned text, and its chunks.

Readers only see chunks of an article's *published* version. The indexer stages new chunks
first, writes their vectors, then publishes in one transaction — so a question asked during a
re-index cites either the old or the new version of an article, never a mix. SQLite in WAL mode
is safe for the bot, a watcher and the CLI to share across processes.
"""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from index.articles import Article, Chunk
from index.chunking import chunk_sentences
from index.errors import NewsbotError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    article_id TEXT PRIMARY KEY, version TEXT NOT NULL, title TEXT NOT NULL, date TEXT,
    source TEXT NOT NULL, url TEXT, language TEXT NOT NULL, text TEXT NOT NULL, indexed_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
    article_id TEXT NOT NULL, version TEXT NOT NULL, seq INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, sentences TEXT, PRIMARY KEY (article_id, version, seq)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO meta VALUES ('generation', '0');
"""


@dataclass(frozen=True)
class LiveChunk:
    """A chunk of a published article version, with what retrieval and citations need."""

    article: Article
    chunk: Chunk

    @property
    def key(self) -> str:
        return f"{self.article.article_id}:{self.article.version}:{self.chunk.seq}"


def _article(row: sqlite3.Row) -> Article:
    return Article(
        article_id=row["article_id"], title=row["title"], date=row["date"], source=row["source"],
        url=row["url"], language=row["language"], text=row["text"],
    )


def _spans_text(spans: tuple[tuple[int, int], ...]) -> str | None:
    return " ".join(f"{start}:{end}" for start, end in spans) or None


def _spans(text: str | None) -> tuple[tuple[int, int], ...]:
    return tuple(tuple(int(n) for n in span.split(":")) for span in text.split()) if text else ()


def _unusable(path: Path, error: sqlite3.Error) -> NewsbotError:
    """A damaged catalogue is told apart from a full or unwritable disk: one line says which."""
    reason = str(error)
    if isinstance(error, sqlite3.DatabaseError) and ("not a database" in reason or "malformed" in reason):
        return NewsbotError(f"the catalogue {path} is damaged ({reason}); nothing was changed: restore it from "
                            "a backup, or move it aside and index the articles again")
    if "locked" in reason:
        return NewsbotError(f"the catalogue {path} stayed locked by another process for 30 s; try again")
    if "full" in reason:
        return NewsbotError(f"the disk holding {path} is full; free some space and run again "
                            "(nothing already indexed was lost)")
    return NewsbotError(f"cannot use the catalogue {path} ({reason}); the data directory must be a writable folder")


class Catalogue:
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise NewsbotError(f"cannot create the data directory {path.parent} ({error.strerror})") from None
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)
            columns = {row["name"] for row in db.execute("PRAGMA table_info(chunks)")}
            if "sentences" not in columns:  # a catalogue from before sentences were stored
                db.execute("ALTER TABLE chunks ADD COLUMN sentences TEXT")

    @contextmanager
    def _connect(self):
        try:
            with closing(sqlite3.connect(self.path, timeout=30)) as db:
                db.row_factory = sqlite3.Row
                with db:  # one transaction
                    yield db
        except sqlite3.Error as error:
            raise _unusable(self.path, error) from None

    def generation(self) -> int:
        """Bumped by every publish/remove: readers rebuild caches when it moves."""
        with self._connect() as db:
            return int(db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()[0])

    def meta(self, key: str) -> str | None:
        with self._connect() as db:
            row = db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.update_meta({key: value})

    def update_meta(self, values: dict[str, str]) -> None:
        """Set several meta values in one transaction."""
        with self._connect() as db:
            db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", list(values.items()))

    def versions(self) -> dict[str, str]:
        with self._connect() as db:
            return dict(db.execute("SELECT article_id, version FROM articles").fetchall())

    def article(self, article_id: str) -> Article | None:
        with self._connect() as db:
            row = db.execute("SELECT * FROM articles WHERE article_id=?", (article_id,)).fetchone()
        return _article(row) if row else None

    def articles(self) -> list[Article]:
        with self._connect() as db:
            return [_article(row) for row in db.execute("SELECT * FROM articles ORDER BY date DESC, title")]

    def sources(self) -> list[str]:
        with self._connect() as db:
            return [row[0] for row in db.execute("SELECT source FROM articles")]

    def sources_under(self, folder: Path) -> dict[str, str]:
        """source → article_id for file articles inside ``folder``."""
        prefix = str(folder.resolve()).rstrip("/") + "/"
        with self._connect() as db:
            rows = db.execute(
                "SELECT source, article_id FROM articles WHERE substr(source, 1, ?) = ?",
                (len(prefix), prefix),
            ).fetchall()
        return dict(rows)

    def stage(self, article: Article, chunks: list[Chunk]) -> None:
        """Record a version's chunks without publishing it (invisible to readers)."""
        with self._connect() as db:
            db.executemany(
                'INSERT OR REPLACE INTO chunks (article_id, version, seq, start, "end", sentences) VALUES (?,?,?,?,?,?)',
                [(article.article_id, article.version, c.seq, c.start, c.end, _spans_text(c.sentences))
                 for c in chunks],
            )

    def publish(self, article: Article) -> None:
        """Make ``article``'s staged version the live one, atomically, and drop other versions."""
        with self._connect() as db:
            db.execute(
                "INSERT OR REPLACE INTO articles VALUES (?,?,?,?,?,?,?,?,?)",
                (article.article_id, article.version, article.title, article.date, article.source,
                 article.url, article.language, article.text, time.time()),
            )
            db.execute(
                "DELETE FROM chunks WHERE article_id=? AND version<>?", (article.article_id, article.version)
            )
            db.execute("UPDATE meta SET value=value+1 WHERE key='generation'")

    def remove(self, article_id: str) -> None:
        with self._connect() as db:
            db.execute("DELETE FROM articles WHERE article_id=?", (article_id,))
            db.execute("DELETE FROM chunks WHERE article_id=?", (article_id,))
            db.execute("UPDATE meta SET value=value+1 WHERE key='generation'")

    def drop_unpublished(self) -> None:
        """Forget staged chunks whose version never got published (an interrupted run)."""
        with self._connect() as db:
            db.execute(
                "DELETE FROM chunks WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE "
                "a.article_id = chunks.article_id AND a.version = chunks.version)"
            )

    def live_chunks(self) -> list[LiveChunk]:
        """Every chunk of every published article version."""
        with self._connect() as db:
            rows = db.execute(
                'SELECT a.*, c.seq, c.start, c."end", c.sentences FROM chunks c JOIN articles a '
                "ON a.article_id = c.article_id AND a.version = c.version ORDER BY a.article_id, c.seq"
            ).fetchall()
        articles: dict[str, Article] = {}
        live = []
        for row in rows:
            article = articles.setdefault(row["article_id"], _article(row))
            text = article.text[row["start"]:row["end"]]
            sentences = _spans(row["sentences"]) or chunk_sentences(text, row["start"], article.language)
            chunk = Chunk(article.article_id, row["seq"], row["start"], row["end"], text, sentences)
            live.append(LiveChunk(article, chunk))
        return live

    def chunk_count(self, article_id: str | None = None) -> int:
        """Live chunks in all, or of one article."""
        query = "SELECT count(*) FROM chunks c JOIN articles a ON a.article_id=c.article_id AND a.version=c.version"
        with self._connect() as db:
            if article_id is None:
                return db.execute(query).fetchone()[0]
            return db.execute(query + " WHERE a.article_id=?", (article_id,)).fetchone()[0]

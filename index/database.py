"""One way to reach a SQL database, whether it is a SQLite file in the data directory or a shared
PostgreSQL server: the catalogue, LangChain's record manager, the Slack adapter's state and the index
lock all go through it.

SQLite (the default) keeps everything on one disk, which is enough for one host; PostgreSQL
(``NEWSBOT_DATABASE_URL``) lets replicas on several hosts share the same state. The SQL written
against a :class:`Database` is the dialect both understand (``ON CONFLICT``, quoted keywords).
"""

from __future__ import annotations

import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout
from sqlalchemy import Connection, MetaData, create_engine, event, text
from sqlalchemy.engine import URL, make_url

from index.errors import NewsbotError

_POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
_SCHEMA_LOCK = threading.Lock()  # two threads creating one SQLite file's tables at once would collide


def postgres_url(url: str) -> str:
    """``url`` with the psycopg 3 driver named, so users may write plain ``postgresql://…``.

    Raises ValueError for anything that is not a PostgreSQL URL.
    """
    scheme, sep, rest = url.partition("://")
    if not sep or scheme not in _POSTGRES_SCHEMES:
        raise ValueError("must be a PostgreSQL URL, postgresql://user:password@host:port/database")
    return f"postgresql+psycopg://{rest}"


def shown(url: str | URL) -> str:
    """The URL as it may appear in a message: its password hidden."""
    return make_url(url).render_as_string(hide_password=True)


class Database:
    """An SQLAlchemy engine plus the habits newsbot needs from it.

    ``location`` is a SQLite file's path or a PostgreSQL URL. A SQLite file is opened in WAL mode
    (readers never wait for the writer) with a busy timeout, so several processes on one host may
    share it; ``synchronous`` trades the last commits before an OS crash for speed where asked.
    """

    def __init__(self, location: Path | str, busy_seconds: float = 30, synchronous: str = "FULL") -> None:
        self.url = make_url(f"sqlite:///{location.resolve()}" if isinstance(location, Path) else postgres_url(location))
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        self.path = Path(self.url.database) if self.is_sqlite else None
        self.name = str(self.path) if self.is_sqlite else shown(self.url)
        if self.is_sqlite:
            self.engine = create_engine(self.url, connect_args={"timeout": busy_seconds})
            event.listen(self.engine, "connect", _sqlite_pragmas(synchronous))
        else:
            _require_psycopg()
            self.engine = create_engine(self.url, pool_pre_ping=True, pool_size=4)

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A connection inside one transaction: committed on success, rolled back on error."""
        with self.engine.begin() as connection:
            yield connection

    def create(self, metadata: MetaData) -> None:
        """Create ``metadata``'s tables that are missing; processes starting together take turns
        (PostgreSQL's ``CREATE TABLE IF NOT EXISTS`` is not safe against a concurrent one)."""
        with self.schema_lock(), self.transaction() as connection:
            metadata.create_all(connection)

    @contextmanager
    def schema_lock(self) -> Iterator[None]:
        """Held while tables are created, by this process's threads and, on PostgreSQL, by every host."""
        with _SCHEMA_LOCK:
            if self.is_sqlite:
                yield
                return
            key = zlib.crc32(b"newsbot schema")
            with self.engine.connect() as connection:
                connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
                try:
                    yield
                finally:
                    connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                    connection.commit()

    def lock(self, name: str) -> FileLock | AdvisoryLock:
        """A lock for work that must not run twice at once (an index run): a lock file beside the
        SQLite file on one host; on PostgreSQL, a lock that every host sharing the database sees."""
        return FileLock(str(self.path.parent / f"{name}.lock")) if self.is_sqlite else AdvisoryLock(self, name)

    def dispose(self) -> None:
        self.engine.dispose()


class AdvisoryLock:
    """A PostgreSQL session-level advisory lock, held on a connection of its own, used like a
    ``FileLock``: ``acquire(timeout)`` (a context manager; ``filelock.Timeout`` when it stays taken),
    ``release()``. PostgreSQL frees it if the holder's connection dies, so a killed run blocks no one."""

    POLL_SECONDS = 0.2

    def __init__(self, db: Database, name: str) -> None:
        self.db, self.name = db, name
        self.key = zlib.crc32(f"newsbot {name}".encode())
        self._connection: Connection | None = None

    def acquire(self, timeout: float = -1) -> AdvisoryLock:
        connection = self.db.engine.connect()
        deadline = time.monotonic() + timeout
        while not connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key}).scalar():
            if 0 <= timeout and deadline <= time.monotonic():
                connection.close()
                raise Timeout(self.name)
            time.sleep(self.POLL_SECONDS)
        connection.commit()
        self._connection = connection
        return self

    def release(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self.key})
            connection.commit()
            connection.close()

    def __enter__(self) -> AdvisoryLock:
        return self.acquire() if self._connection is None else self

    def __exit__(self, *exc) -> None:
        self.release()


def _require_psycopg() -> None:
    """The PostgreSQL driver is an extra (``make install`` leaves it out): say how to get it."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise NewsbotError("NEWSBOT_DATABASE_URL names a PostgreSQL database, but its driver is not installed: "
                           "pip install 'newsbot[postgres]'") from None


def _sqlite_pragmas(synchronous: str):
    def on_connect(connection, _record) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.close()

    return on_connect

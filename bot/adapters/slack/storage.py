"""The Slack adapter's durable state (events taken on, answers given, feedback): a SQLite file in the
data directory, or the shared PostgreSQL database when replicas run on several hosts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, MetaData
from sqlalchemy.exc import OperationalError

from index.database import Database
from index.errors import NewsbotError

STATE_FILE = "slack.sqlite"


def state_path(state_dir: Path) -> Path:
    return Path(state_dir) / STATE_FILE


class SlackState:
    """Shared by this process's threads and stores; other processes (and, on PostgreSQL, other hosts)
    use the same tables, and the database serialises them.

    SQLite connections stay open in the engine's pool on purpose: closing the last connection to a
    WAL database checkpoints and fsyncs (~20 ms here), which the acknowledgement path cannot afford
    on every event. WAL + synchronous NORMAL: a commit survives the process dying (what a restart
    needs) without an fsync per commit; an OS crash or power cut may lose the last few records.
    """

    def __init__(self, location: Path | str) -> None:
        if isinstance(location, Path):
            location.parent.mkdir(parents=True, exist_ok=True)
        self.db = Database(location, busy_seconds=10, synchronous="NORMAL")

    def ensure(self, tables: MetaData) -> None:
        """Create a store's tables if they are not there yet. The first contact with the database: an
        unreachable server is one line (a SQLite file's disk problems are worded by ``bot.ops.failures``)."""
        try:
            self.db.create(tables)
        except OperationalError as error:
            if self.db.is_sqlite:
                raise
            reason = str(error.orig).strip().splitlines()[0]
            raise NewsbotError(f"cannot use the Slack state database {self.db.name} ({reason})") from None

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A connection inside one transaction: committed on success, rolled back on error."""
        with self.db.transaction() as connection:
            yield connection

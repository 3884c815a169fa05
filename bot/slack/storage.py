"""The Slack adapter's durable state: one SQLite file in the data directory, shared by its stores."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

STATE_FILE = "slack.sqlite"


def state_path(state_dir: Path) -> Path:
    return Path(state_dir) / STATE_FILE


class StateFile:
    """One connection, shared by this process's threads and stores under a lock (other processes may
    open the file too: SQLite serialises them).

    The connection stays open on purpose: closing the last connection to a WAL database checkpoints
    and fsyncs (~20 ms here), which the acknowledgement path cannot afford on every event.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, timeout=10, check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        # WAL + NORMAL: a commit survives the process dying (what a restart needs) without an fsync
        # per commit; an OS crash or power cut may lose the last few records.
        self._db.execute("PRAGMA synchronous=NORMAL")

    @classmethod
    def in_dir(cls, state_dir: Path) -> StateFile:
        return cls(state_path(state_dir))

    def ensure(self, schema: str) -> None:
        """Create a store's tables if they are not there yet."""
        with self._lock:
            self._db.executescript(schema)

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """The connection inside one transaction: committed on success, rolled back on error."""
        with self._lock, self._db:
            yield self._db

    def close(self) -> None:
        with self._lock:
            self._db.close()

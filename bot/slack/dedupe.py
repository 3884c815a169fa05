"""Slack delivers an event again when it thinks we missed it: remember what we took on, durably.

The record is written when the event is accepted, before it is acknowledged and answered: a retry
(same ``event_id``, or the same message under another id) then finds it, even after a restart.
The price of that order: if the process dies between accepting and posting, the retry is not
answered either — preferred to posting the same answer twice.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable

from bot.slack.storage import StateFile

KEEP_SECONDS = 3 * 24 * 3600  # Slack retries for about half an hour; keep a margin

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events_seen (
    key TEXT PRIMARY KEY,
    seen_at REAL NOT NULL
);
"""


class EventLog:
    def __init__(self, state: StateFile) -> None:
        self._state = state
        state.ensure(_SCHEMA)
        self.forget_older_than(KEEP_SECONDS)

    def claim(self, keys: Iterable[str]) -> bool:
        """Record ``keys`` as taken; False (and nothing recorded) if any of them was taken before."""
        keys = [key for key in dict.fromkeys(keys) if key]
        now = time.time()
        try:
            with self._state.connect() as db:
                db.executemany("INSERT INTO events_seen (key, seen_at) VALUES (?, ?)", [(k, now) for k in keys])
        except sqlite3.IntegrityError:  # one was there already: the transaction is rolled back whole
            return False
        return True

    def release(self, keys: Iterable[str]) -> None:
        """Forget ``keys`` (an action that failed may be tried again)."""
        with self._state.connect() as db:
            db.executemany("DELETE FROM events_seen WHERE key = ?", [(k,) for k in keys])

    def forget_older_than(self, seconds: float) -> None:
        with self._state.connect() as db:
            db.execute("DELETE FROM events_seen WHERE seen_at < ?", (time.time() - seconds,))


def event_keys(body: dict) -> list[str]:
    """What identifies a delivery: its ``event_id``, and the message it is about.

    The message key catches the same message arriving twice under different ids (a retry with a
    fresh id, or the ``app_mention`` and ``message.im`` of one direct message).
    """
    event = body.get("event") or {}
    keys = [f"event:{body['event_id']}"] if body.get("event_id") else []
    if event.get("channel") and event.get("ts"):
        keys.append(f"message:{event['channel']}:{event['ts']}")
    return keys

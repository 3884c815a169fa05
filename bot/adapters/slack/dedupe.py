"""Slack delivers an event again when it thinks we missed it: remember what we took on, durably.

The record is written when the event is accepted, before it is acknowledged and answered: a retry
(same ``event_id``, or the same message under another id) then finds it, even after a restart.
The price of that order: if the process dies between accepting and posting, the retry is not
answered either — preferred to posting the same answer twice.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from sqlalchemy import Column, Float, MetaData, Table, Text, text
from sqlalchemy.exc import IntegrityError

from bot.adapters.slack.storage import SlackState

KEEP_SECONDS = 3 * 24 * 3600  # Slack retries for about half an hour; keep a margin

_TABLES = MetaData()
Table("events_seen", _TABLES, Column("key", Text, primary_key=True), Column("seen_at", Float, nullable=False))


class EventLog:
    """Atomic across threads, processes and (on PostgreSQL) hosts: a claim is an INSERT of unique keys,
    and the database lets only one of two racing INSERTs of a key commit."""

    def __init__(self, state: SlackState) -> None:
        self._state = state
        state.ensure(_TABLES)
        self.forget_older_than(KEEP_SECONDS)

    def claim(self, keys: Iterable[str]) -> bool:
        """Record ``keys`` as taken; False (and nothing recorded) if any of them was taken before."""
        keys = [key for key in dict.fromkeys(keys) if key]
        if not keys:
            return True
        now = time.time()
        try:
            with self._state.connect() as db:
                db.execute(text("INSERT INTO events_seen (key, seen_at) VALUES (:key, :now)"),
                           [{"key": key, "now": now} for key in keys])
        except IntegrityError:  # one was there already: the transaction is rolled back whole
            return False
        return True

    def release(self, keys: Iterable[str]) -> None:
        """Forget ``keys`` (an action that failed may be tried again)."""
        if not (keys := list(keys)):
            return
        with self._state.connect() as db:
            db.execute(text("DELETE FROM events_seen WHERE key = :key"), [{"key": key} for key in keys])

    def forget_older_than(self, seconds: float) -> None:
        with self._state.connect() as db:
            db.execute(text("DELETE FROM events_seen WHERE seen_at < :oldest"), {"oldest": time.time() - seconds})


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

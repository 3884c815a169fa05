"""The durable record of events taken on."""

from __future__ import annotations

import threading

import pytest

from bot.adapters.slack.dedupe import EventLog, event_keys
from bot.adapters.slack.storage import SlackState, state_path
from tests.conftest import BACKENDS


@pytest.fixture
def state(tmp_path, database):
    """Where events are recorded: a new handle on the SQLite file in the data directory, or on the
    shared PostgreSQL database, each time it is called (as another process or host would open it)."""
    return lambda: SlackState(database or state_path(tmp_path))


@BACKENDS
def test_a_key_is_claimed_once_even_by_racing_threads_and_across_instances(state):
    winners = []
    logs = [EventLog(state()) for _ in range(8)]  # as if several processes (or hosts) shared the state
    threads = [threading.Thread(target=lambda log=log: winners.append(log.claim(["event:Ev1"]))) for log in logs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(winners) == [False] * 7 + [True]


@BACKENDS
def test_a_claim_with_any_known_key_records_nothing(state):
    log = EventLog(state())
    assert log.claim(["event:Ev1", "message:C1:1.0"])
    assert not log.claim(["event:Ev2", "message:C1:1.0"])  # same message under another id
    assert log.claim(["event:Ev2"])  # …which was not recorded by the failed claim


@BACKENDS
def test_released_and_old_keys_can_be_claimed_again(state):
    log = EventLog(state())
    assert log.claim(["share:a"])
    log.release(["share:a"])
    assert log.claim(["share:a"])
    log.forget_older_than(-1)
    assert log.claim(["share:a"])


def test_event_keys_name_the_event_and_its_message():
    body = {"event_id": "Ev9", "event": {"type": "app_mention", "channel": "C1", "ts": "1.5"}}
    assert event_keys(body) == ["event:Ev9", "message:C1:1.5"]
    assert event_keys({"event": {"type": "reaction_added"}}) == []

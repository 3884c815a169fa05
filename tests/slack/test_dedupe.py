"""The durable record of events taken on."""

from __future__ import annotations

import threading

from bot.slack.dedupe import EventLog, event_keys
from bot.slack.storage import StateFile


def test_a_key_is_claimed_once_even_by_racing_threads_and_across_instances(tmp_path):
    winners = []
    logs = [EventLog(StateFile.in_dir(tmp_path)) for _ in range(8)]  # as if several processes shared the data dir
    threads = [threading.Thread(target=lambda log=log: winners.append(log.claim(["event:Ev1"]))) for log in logs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(winners) == [False] * 7 + [True]


def test_a_claim_with_any_known_key_records_nothing(tmp_path):
    log = EventLog(StateFile.in_dir(tmp_path))
    assert log.claim(["event:Ev1", "message:C1:1.0"])
    assert not log.claim(["event:Ev2", "message:C1:1.0"])  # same message under another id
    assert log.claim(["event:Ev2"])  # …which was not recorded by the failed claim


def test_released_and_old_keys_can_be_claimed_again(tmp_path):
    log = EventLog(StateFile.in_dir(tmp_path))
    assert log.claim(["share:a"])
    log.release(["share:a"])
    assert log.claim(["share:a"])
    log.forget_older_than(-1)
    assert log.claim(["share:a"])


def test_event_keys_name_the_event_and_its_message():
    body = {"event_id": "Ev9", "event": {"type": "app_mention", "channel": "C1", "ts": "1.5"}}
    assert event_keys(body) == ["event:Ev9", "message:C1:1.5"]
    assert event_keys({"event": {"type": "reaction_added"}}) == []

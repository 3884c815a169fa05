"""Acknowledged at once, answered once (retries, restarts), signatures checked, secrets never logged."""

from __future__ import annotations

import json
import logging
import threading
import time

import pytest

from bot.answer import Answer
from tests.slack.conftest import SECRETS, answer_sections
from tests.slack.test_mentions import DUTCH, ENGLISH, SHEAR_SENTENCE


def short_answer(question: str) -> Answer:
    return Answer(question, "Nothing about that.", "extractive", "en", False)


def test_the_same_event_delivered_twice_is_answered_once(bot, web_api):
    event = bot.slack.mention(DUTCH, event_id="EvTWICE")
    web_api.posted(1)

    assert bot.slack.send_event(event, event_id="EvTWICE").status_code == 200

    bot.finish()
    assert len(web_api.calls_to("chat.postMessage")) == 1
    assert len(bot.service.asked) == 1


def test_a_retry_while_the_first_delivery_is_still_being_answered_is_dropped(start_bot, web_api):
    release = threading.Event()

    def slow(question, **_):
        release.wait(10)
        return short_answer(question)

    bot = start_bot(answer=slow)
    event = bot.slack.mention(DUTCH, event_id="EvSLOW")
    retried = bot.slack.send_event(event, event_id="EvSLOW", retry_num=1)  # Slack gave up waiting
    release.set()

    assert retried.status_code == 200
    bot.finish()
    assert len(web_api.calls_to("chat.postMessage")) == 1


def test_a_retry_header_for_a_message_already_taken_on_is_acknowledged_not_answered(bot, web_api):
    event = bot.slack.mention(DUTCH)
    web_api.posted(1)

    # a retry of the same message under another event id: the message itself is recognised
    response = bot.slack.send_event(event, event_id="EvOTHERID", retry_num=2)

    assert response.status_code == 200
    bot.finish()
    assert len(web_api.calls_to("chat.postMessage")) == 1


def test_a_retry_first_seen_as_a_retry_is_answered(bot, web_api):
    """The first delivery never reached us (we were down): the retry is the one to answer."""
    event = bot.slack.message(f"<@UNEWSBOT> {ENGLISH}")
    bot.slack.send_event({**event, "type": "app_mention"}, event_id="EvMISSED", retry_num=1)
    [posted] = web_api.posted(1)
    assert SHEAR_SENTENCE in answer_sections(posted)


def test_a_retry_after_a_restart_is_not_answered_again(start_bot, web_api):
    before = start_bot()
    event = before.slack.mention(DUTCH, event_id="EvRESTART")
    web_api.posted(1)
    before.finish()

    after = start_bot(state_dir=before.state_dir)  # a new process would open the same state file
    assert after.slack.send_event(event, event_id="EvRESTART", retry_num=1).status_code == 200
    after.slack.mention(ENGLISH)  # and the restarted bot does answer new questions
    web_api.posted(2)

    after.finish()
    assert len(web_api.calls_to("chat.postMessage")) == 2
    assert [q for q, _ in after.service.asked] == [ENGLISH]


@pytest.mark.parametrize("tamper", ["signature", "stale", "unsigned"])
def test_bad_signatures_and_stale_timestamps_get_401_and_nothing_is_posted(bot, web_api, tamper):
    body = json.dumps({"type": "event_callback", "event_id": "EvFORGED", "team_id": "T0NEWSROOM",
                       "event": {"type": "app_mention", "user": "UASKER", "channel": "CNEWSDESK",
                                 "text": f"<@UNEWSBOT> {DUTCH}", "ts": "1700000001.000001"}})
    if tamper == "signature":
        response = bot.slack.post(body, signature="v0=" + "0" * 64)
    elif tamper == "stale":
        response = bot.slack.post(body, timestamp=int(time.time()) - 6 * 60)  # Slack's limit is 5 minutes
    else:
        response = bot.slack.http.post(bot.slack.endpoint, content=body, headers={"Content-Type": "application/json"})

    assert response.status_code == 401
    bot.finish()
    assert [c.method for c in web_api.calls] == ["auth.test"]  # only the start-up check; nothing posted


def test_every_request_is_acknowledged_at_once_while_answers_are_slow(start_bot, web_api):
    """More questions than answer workers, all stuck: acknowledgements do not wait for them."""
    release = threading.Event()

    def stuck(question, **_):
        release.wait(20)
        return short_answer(question)

    bot = start_bot(answer=stuck)
    try:
        latencies = []
        for _ in range(8):
            started = time.monotonic()
            bot.slack.mention(DUTCH)
            latencies.append(time.monotonic() - started)
        started = time.monotonic()
        command = bot.slack.command(DUTCH)
        latencies.append(time.monotonic() - started)
        assert command.status_code == 200
        assert max(latencies) < 1.0, latencies
    finally:
        release.set()
    web_api.wait_for("chat.postEphemeral")


def test_no_token_or_signing_secret_reaches_the_logs(start_bot, web_api, caplog):
    caplog.set_level(logging.DEBUG)  # everything Bolt and slack_sdk say, requests included

    def flaky(question, **options):
        if "fail" in question:
            raise RuntimeError("deliberate failure")
        return short_answer(question)

    bot = start_bot(answer=flaky)
    web_api.fail("chat.postMessage", status=429, error="ratelimited", headers={"Retry-After": "0"})
    bot.slack.mention(DUTCH)
    bot.slack.mention("please fail")
    bot.slack.command(ENGLISH)
    bot.slack.post("{}", signature="v0=bad")
    web_api.wait_for("chat.postEphemeral")
    bot.finish()

    logged = caplog.text + "".join(r.exc_text or "" for r in caplog.records)
    assert "chat.postMessage" in logged  # the debug log did record the Web API traffic
    for secret in SECRETS:
        assert secret not in logged


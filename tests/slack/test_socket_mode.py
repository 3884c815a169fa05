"""Socket Mode: the bot connects out (apps.connections.open, then a websocket), acks envelopes, answers."""

from __future__ import annotations

import shutil
import threading
import time

import httpx
import pytest

from bot.adapters.slack.server import serve_socket_mode
from bot.service import NewsbotService
from tests.conftest import SEED_ARTICLE
from tests.slack.conftest import APP_TOKEN, SlackFacingService, answer_sections, slack_settings
from tests.slack.slack_side import CHANNEL, event_callback
from tests.slack.stand_in import BOT_USER_ID, SocketModeStandIn
from tests.slack.test_mentions import DUTCH, SHEAR_SENTENCE
from tests.slack.test_server import free_port
from tests.test_metrics import scrape


@pytest.fixture
def socket_mode():
    with SocketModeStandIn() as stand_in:
        yield stand_in


def test_a_mention_over_socket_mode_is_acked_and_answered_in_its_thread(seed_service, web_api, socket_mode, tmp_path):
    web_api.socket_url = socket_mode.url
    service = SlackFacingService(seed_service.answer, slack_settings(web_api, tmp_path / "state"))
    stop = threading.Event()
    bot = threading.Thread(target=serve_socket_mode, args=(service,), kwargs={"until": stop}, daemon=True)
    bot.start()
    try:
        ts = web_api.next_ts()
        event = {"type": "app_mention", "user": "UASKER", "channel": CHANNEL, "text": f"<@{BOT_USER_ID}> {DUTCH}",
                 "ts": ts, "event_ts": ts}
        socket_mode.send({"envelope_id": "env-1", "type": "events_api", "accepts_response_payload": False,
                          "retry_attempt": 0, "retry_reason": "", "payload": event_callback(event)})

        assert socket_mode.wait_for_ack("env-1") == {"envelope_id": "env-1"}
        [posted] = web_api.posted(1)
        assert posted["thread_ts"] == ts and SHEAR_SENTENCE in answer_sections(posted)
        [opened] = web_api.calls_to("apps.connections.open")
        assert opened.headers["authorization"] == f"Bearer {APP_TOKEN}"  # the app-level token, at SLACK_API_URL
    finally:
        stop.set()
        bot.join(20)
    assert not bot.is_alive()


def test_the_health_port_says_alive_ready_once_connected_and_counts_events(embeddings, web_api, socket_mode, tmp_path):
    web_api.socket_url = socket_mode.url
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(SEED_ARTICLE, articles)
    port = free_port()
    service = NewsbotService(slack_settings(web_api, tmp_path / "data", health_port=port), embeddings=embeddings)
    indexer = service.indexer()
    indexer.apply(indexer.plan(paths=[articles]))
    stop = threading.Event()
    bot = threading.Thread(target=serve_socket_mode, args=(service,), kwargs={"until": stop}, daemon=True)
    bot.start()
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/readyz", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        assert httpx.get(f"{base}/healthz").json() == {"alive": True}
        assert httpx.get(f"{base}/readyz").json() == {"ready": True, "checks": {"index": True, "models": True,
                                                                                "slack": True}}
        ts = web_api.next_ts()
        event = {"type": "app_mention", "user": "UASKER", "channel": CHANNEL, "text": f"<@{BOT_USER_ID}> {DUTCH}",
                 "ts": ts, "event_ts": ts}
        socket_mode.send({"envelope_id": "env-9", "type": "events_api", "accepts_response_payload": False,
                          "retry_attempt": 0, "retry_reason": "", "payload": event_callback(event)})
        web_api.posted(1)
        metrics = scrape(f"{base}/metrics")
        assert metrics[("newsbot_slack_events_received_total", (("kind", "app_mention"),))] == 1
        assert metrics[("newsbot_questions_total", (("found", "true"), ("language", "nl"), ("mode", "extractive")))] == 1
    finally:
        stop.set()
        bot.join(20)
        service.close()
    assert not bot.is_alive()
    with pytest.raises(httpx.TransportError):  # the health port closes with the bot
        httpx.get(f"{base}/healthz", timeout=2)

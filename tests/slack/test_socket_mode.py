"""Socket Mode: the bot connects out (apps.connections.open, then a websocket), acks envelopes, answers."""

from __future__ import annotations

import threading

import pytest

from bot.slack.server import serve_socket_mode
from tests.slack.conftest import APP_TOKEN, SlackFacingService, answer_sections, slack_settings
from tests.slack.slack_side import CHANNEL, event_callback
from tests.slack.stand_in import BOT_USER_ID, SocketModeStandIn
from tests.slack.test_mentions import DUTCH, SHEAR_SENTENCE


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

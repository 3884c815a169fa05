"""Issue 10 §4: what the HTTP endpoint does with requests Slack never sends — through the real server."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import socket
import time
from urllib.parse import urlencode

import pytest

from bot.adapters.slack.server import READ_TIMEOUT
from tests.slack.conftest import SIGNING_SECRET

MARKER = "body-marker-7c1f"


def sign(timestamp: str, body: bytes) -> str:
    """Slack's v0 signature of any bytes (slack_sdk's signer only takes UTF-8)."""
    digest = hmac.new(SIGNING_SECRET.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256)
    return f"v0={digest.hexdigest()}"


@pytest.mark.parametrize("body, content_type", [
    ('{"type": "event_callback", "event": ', "application/json"),  # cut-off JSON
    ("[1, 2, 3]", "application/json"),  # JSON, but not an object
    (b"\xff\xfe{\x00\"x\x00", "application/json"),  # not UTF-8
    (urlencode({"payload": "{not json"}), "application/x-www-form-urlencoded"),
    ("[" * 100_000 + "]" * 100_000, "application/json"),  # nested past Python's recursion limit
])
@pytest.mark.parametrize("signed", [False, True])
def test_a_malformed_body_gets_400_and_no_traceback(bot, web_api, capfd, caplog, body, content_type, signed):
    raw = body if isinstance(body, bytes) else body.encode()
    timestamp = str(int(time.time()))
    signature = sign(timestamp, raw) if signed else "v0=unsigned"
    response = bot.slack.http.post(bot.slack.endpoint, content=raw, headers={
        "Content-Type": content_type, "X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature})
    assert response.status_code == 400
    bot.finish()
    assert "Traceback" not in capfd.readouterr().err + caplog.text
    assert [c.method for c in web_api.calls] == ["auth.test"]  # nothing posted


def test_a_body_over_the_cap_gets_413_unread_and_unlogged(bot, caplog):
    caplog.set_level(logging.DEBUG)
    body = json.dumps({"text": MARKER * 200_000})  # 3.2 MB
    started = time.monotonic()
    assert bot.slack.post(body, signature="v0=unsigned").status_code == 413
    assert time.monotonic() - started < 5
    assert MARKER not in caplog.text


def test_a_badly_signed_request_is_logged_without_its_body(bot, web_api, caplog):
    caplog.set_level(logging.DEBUG)  # everything Bolt and newsbot say
    body = json.dumps({"type": "event_callback", "event": {"type": "app_mention", "text": MARKER}})
    assert bot.slack.post(body, signature="v0=forged").status_code == 401
    assert bot.slack.post(body, timestamp=int(time.time()) - 3600).status_code == 401  # stale
    assert bot.slack.post(body, headers={"X-Slack-Request-Timestamp": "soon"}).status_code == 401
    assert "bad or stale signature" in caplog.text and MARKER not in caplog.text
    assert [c.method for c in web_api.calls] == ["auth.test"]


def test_a_client_that_announces_a_body_and_stalls_is_dropped(bot):
    port = int(bot.slack.endpoint.split(":")[2].split("/")[0])
    with socket.create_connection(("127.0.0.1", port)) as client:
        client.sendall(b"POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n"
                       b"Content-Length: 100000\r\n\r\n{\"type\": ")
        client.settimeout(READ_TIMEOUT + 10)
        started = time.monotonic()
        answer = client.recv(100)
        waited = time.monotonic() - started
    assert answer.startswith(b"HTTP/1.0 408") and READ_TIMEOUT - 1 < waited < READ_TIMEOUT + 5


def test_slack_signs_what_passes(bot, web_api):
    """The checks leave Slack's own requests alone: a signed URL verification is answered."""
    body = json.dumps({"type": "url_verification", "challenge": "c-123", "token": "legacy"})
    response = bot.slack.post(body)
    assert response.status_code == 200 and "c-123" in response.text
    assert SIGNING_SECRET not in response.text

"""What Slack sends to the bot: signed events, slash commands and button clicks, as real HTTP requests."""

from __future__ import annotations

import itertools
import json
import time
from urllib.parse import urlencode

import httpx
from slack_sdk.signature import SignatureVerifier

from tests.slack.stand_in import BOT_USER_ID, TEAM_ID, WebApiStandIn

CHANNEL = "CNEWSDESK"
ASKER = "UASKER"
_event_ids = itertools.count(1)


def event_callback(event: dict, event_id: str | None = None) -> dict:
    return {"token": "legacy-verification-token", "team_id": TEAM_ID, "api_app_id": "ANEWSBOT",
            "type": "event_callback", "event_id": event_id or f"Ev{next(_event_ids):08d}",
            "event_time": int(time.time()), "event": event,
            "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}]}


class SlackSide:
    """Slack, as far as the bot's endpoint can tell: it signs with the app's signing secret.

    Messages it sends are also kept by the Web API stand-in, as Slack keeps them, so history
    calls (``conversations.replies``) find the conversation.
    """

    def __init__(self, endpoint: str, signing_secret: str, web_api: WebApiStandIn) -> None:
        self.endpoint = endpoint
        self.signer = SignatureVerifier(signing_secret)
        self.web_api = web_api
        self.http = httpx.Client(timeout=10, trust_env=False)

    def close(self) -> None:
        self.http.close()

    def post(self, body: str, content_type: str = "application/json", *, timestamp: int | None = None,
             signature: str | None = None, headers: dict[str, str] | None = None) -> httpx.Response:
        timestamp = int(time.time()) if timestamp is None else timestamp
        signature = signature or self.signer.generate_signature(timestamp=str(timestamp), body=body)
        return self.http.post(self.endpoint, content=body.encode("utf-8"), headers={
            "Content-Type": content_type, "X-Slack-Request-Timestamp": str(timestamp),
            "X-Slack-Signature": signature, **(headers or {}),
        })

    # -- events -----------------------------------------------------------------------------
    def send_event(self, event: dict, *, event_id: str | None = None, retry_num: int | None = None,
                   **post_options) -> httpx.Response:
        headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"} if retry_num else {}
        return self.post(json.dumps(event_callback(event, event_id)), headers=headers, **post_options)

    def message(self, text: str, *, channel: str = CHANNEL, user: str = ASKER, thread_ts: str | None = None,
                **extra) -> dict:
        """A message a person writes (kept by the stand-in); not sent as an event by itself."""
        message = {"type": "message", "user": user, "text": text, "ts": self.web_api.next_ts(),
                   "channel": channel, "team": TEAM_ID, **extra}
        if thread_ts:
            message["thread_ts"] = thread_ts
        self.web_api.add_message(channel, {k: v for k, v in message.items() if k != "channel"})
        return message

    def mention(self, question: str, *, channel: str = CHANNEL, user: str = ASKER, thread_ts: str | None = None,
                **send_options) -> dict:
        """``@newsbot question`` in a channel: the app_mention event (returned), sent signed."""
        message = self.message(f"<@{BOT_USER_ID}> {question}", channel=channel, user=user, thread_ts=thread_ts)
        event = {**message, "type": "app_mention", "event_ts": message["ts"]}
        response = self.send_event(event, **send_options)
        assert response.status_code == 200, response.text
        return event

    def direct_message(self, text: str, *, channel: str = "DASKER", user: str = ASKER,
                       thread_ts: str | None = None, **send_options) -> dict:
        message = self.message(text, channel=channel, user=user, thread_ts=thread_ts)
        event = {**message, "channel_type": "im", "event_ts": message["ts"]}
        response = self.send_event(event, **send_options)
        assert response.status_code == 200, response.text
        return event

    # -- slash command and buttons ------------------------------------------------------------
    def command(self, text: str, *, channel: str = CHANNEL, user: str = ASKER,
                channel_name: str = "newsdesk") -> httpx.Response:
        form = {"token": "legacy", "team_id": TEAM_ID, "channel_id": channel, "channel_name": channel_name,
                "user_id": user, "user_name": "asker", "command": "/newsbot", "text": text,
                "api_app_id": "ANEWSBOT", "response_url": self.web_api.response_url("command"),
                "trigger_id": "1.2.3"}
        return self.post(urlencode(form), "application/x-www-form-urlencoded")

    def click(self, action_id: str, value: str, *, channel: str = CHANNEL, user: str = ASKER,
              message: dict | None = None, ephemeral: bool = False) -> httpx.Response:
        """A click on one of the bot's buttons (``message``: the one it sits in, unless ephemeral)."""
        payload = {
            "type": "block_actions", "team": {"id": TEAM_ID}, "user": {"id": user, "team_id": TEAM_ID},
            "api_app_id": "ANEWSBOT", "token": "legacy", "trigger_id": "1.2.3",
            "container": {"type": "message", "channel_id": channel, "is_ephemeral": ephemeral},
            "channel": {"id": channel, "name": "newsdesk"},
            "response_url": self.web_api.response_url("click"),
            "actions": [{"type": "button", "action_id": action_id, "block_id": "newsbot_actions",
                         "value": value, "action_ts": str(time.time())}],
        }
        if message is not None:
            payload["message"] = message
        return self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")

"""Where a reply goes: a channel, a thread or a DM (``Place``), or one person privately (``PrivatePlace``).

Every call goes through the app's ``WebClient`` (``SLACK_API_URL``, retry handlers attached).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)

WORKING_REACTION = "hourglass_flowing_sand"  # on the question while newsbot works on it


def api_error(error: Exception) -> str:
    """What went wrong, in a word when Slack gave one (``not_in_channel``, ``ratelimited``…)."""
    if isinstance(error, SlackApiError):
        return str(error.response.get("error"))
    return f"{type(error).__name__}: {error}"


@dataclass
class Place:
    """A conversation, in a thread (``thread_ts``) or at its top level."""

    client: WebClient
    channel: str
    thread_ts: str | None = None

    def post(self, message: dict) -> str:
        response = self.client.chat_postMessage(channel=self.channel, thread_ts=self.thread_ts,
                                                unfurl_links=False, unfurl_media=False, **message)
        return response["ts"]

    def update(self, ts: str, message: dict) -> None:
        self.client.chat_update(channel=self.channel, ts=ts, **message)

    def mark_working(self, ts: str) -> None:
        """Progress shows as a reaction on the question; failing to add one is no reason to stop."""
        self._reaction("reactions_add", ts)

    def unmark_working(self, ts: str) -> None:
        self._reaction("reactions_remove", ts)

    def _reaction(self, method: str, ts: str) -> None:
        try:
            getattr(self.client, method)(channel=self.channel, timestamp=ts, name=WORKING_REACTION)
        except Exception as error:  # decoration only: never the reason an answer is not given
            log.warning("%s on %s in %s failed: %s", method, ts, self.channel, api_error(error))


@dataclass
class PrivatePlace:
    """One person, ephemerally (a /newsbot answer): ``chat.postEphemeral``, or the ``response_url``.

    ``chat.postEphemeral`` needs the bot in the conversation; a slash command also works where it
    is not (another person's DM, a channel it was not invited to), so the command's response URL is
    the fallback.
    """

    client: WebClient
    channel: str
    user: str
    respond: Callable[..., object] | None = None
    thread_ts: str | None = None

    def post(self, message: dict) -> str | None:
        try:
            response = self.client.chat_postEphemeral(channel=self.channel, user=self.user,
                                                      thread_ts=self.thread_ts, **message)
            return response.get("message_ts")
        except SlackApiError as error:
            if self.respond is None:
                raise
            log.info("chat.postEphemeral in %s failed (%s): replying through the response URL",
                     self.channel, api_error(error))
        sent = self.respond(response_type="ephemeral", replace_original=False, **message)
        if getattr(sent, "status_code", 200) != 200:
            raise RuntimeError(f"the response URL answered {sent.status_code}")
        return None

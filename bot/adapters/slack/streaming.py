"""Showing an answer while an LLM writes it: one message posted early, edited as text arrives.

Edits are rate-limited (``chat.update`` is rate-limited by Slack, and a message flickering many
times a second helps nobody); the final answer's blocks replace the preview whatever the timing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from slack_sdk.errors import SlackApiError

from bot.adapters.slack.blocks import preview_message
from bot.adapters.slack.posting import api_error

log = logging.getLogger(__name__)


class UpdateThrottle:
    """Lets the first update through at once, then at most one per ``interval`` seconds."""

    def __init__(self, interval: float = 1.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = interval
        self.clock = clock
        self._last: float | None = None

    def ready(self) -> bool:
        """May an update be sent now? (If so, it counts as sent.)"""
        now = self.clock()
        if self._last is not None and now - self._last < self.interval:
            return False
        self._last = now
        return True


class StreamingReply:
    """Posts at a ``place`` (see ``posting.Place``): previews while streaming, then the final messages."""

    def __init__(self, place, language: str, throttle: UpdateThrottle) -> None:
        self.place = place
        self.language = language
        self.throttle = throttle
        self.preview_ts: str | None = None

    def on_token(self, text_so_far: str) -> None:
        """The service's ``on_token`` callback. A failed preview is logged, not fatal: the final answer follows."""
        if not text_so_far.strip() or not self.throttle.ready():
            return
        message = preview_message(text_so_far, self.language)
        try:
            if self.preview_ts is None:
                self.preview_ts = self.place.post(message)
            else:
                self.place.update(self.preview_ts, message)
        except SlackApiError as error:
            log.warning("could not show the answer in progress in %s: %s", self.place.channel, api_error(error))

    def finish(self, messages: list[dict]) -> list[str]:
        """Deliver the final ``messages``: the first replaces the preview, if there was one."""
        first, rest = messages[0], messages[1:]
        if self.preview_ts is not None:
            preview_ts, self.preview_ts = self.preview_ts, None  # used up: nothing later overwrites it
            self.place.update(preview_ts, first)
            posted = [preview_ts]
        else:
            posted = [self.place.post(first)]
        return posted + [self.place.post(message) for message in rest]

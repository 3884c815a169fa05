"""Time limits on one model reply: until the first token, between two tokens, and for the whole.

One wall-clock limit fits neither kind of model: a hosted API starts in a second and a stalled one
should be given up quickly, while a local model on a laptop needs half a minute or more to read a
long prompt before its first token and then writes steadily. A watchdog thread holds the deadline
that applies now and, when it passes, closes the connection (wire.py) so the server stops
computing for a client that has left; the reading thread then sees its stream end and asks
:meth:`Watchdog.fired` why.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from bot.answering.llm.wire import Exchange


@dataclass(frozen=True)
class Limits:
    """Seconds. ``total`` bounds the whole reply, retries included."""

    first_token: float
    between_tokens: float
    total: float

    @classmethod
    def of(cls, settings) -> Limits:
        return cls(settings.llm_first_token_timeout, settings.llm_token_timeout, settings.llm_timeout)


class Watchdog:
    """Use as a context manager around reading one reply; call :meth:`token` as text arrives."""

    def __init__(self, limits: Limits, deadline: float, exchange: Exchange,
                 clock: Callable[[], float] = time.monotonic, streaming: bool = True) -> None:
        self.limits, self.deadline, self.exchange, self.clock = limits, deadline, exchange, clock
        self.reason: str | None = None  # set when a limit passed
        self._changed = threading.Condition()
        self._done = False
        # Without streaming, the first token is the whole reply: only the total limit applies.
        first = self.clock() + limits.first_token if streaming else deadline
        self._due, self._why = self._sooner(first, "first_token_timeout")

    def _sooner(self, due: float, why: str) -> tuple[float, str]:
        return (due, why) if due < self.deadline else (self.deadline, "timeout")

    def token(self) -> None:
        """Text arrived: the next piece is due within the limit between tokens."""
        with self._changed:
            self._due, self._why = self._sooner(self.clock() + self.limits.between_tokens, "between_tokens_timeout")
            self._changed.notify_all()

    def fired(self) -> str | None:
        """Why the reply was cut off, checked also where the connection could not be closed."""
        if self.reason is None and self.clock() >= self._due:
            self.reason = self._why
        return self.reason

    def _watch(self) -> None:
        with self._changed:
            while not self._done:
                left = self._due - self.clock()
                if left <= 0:
                    self.reason = self._why
                    self.exchange.hang_up()
                    return
                self._changed.wait(min(left, 1.0))

    def __enter__(self) -> Watchdog:
        threading.Thread(target=self._watch, name="newsbot-llm-watchdog", daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        with self._changed:
            self._done = True
            self._changed.notify_all()


MESSAGES = {
    "first_token_timeout": "no first token within {limits.first_token:g} s (NEWSBOT_LLM_FIRST_TOKEN_TIMEOUT)",
    "between_tokens_timeout": "no token for {limits.between_tokens:g} s mid-reply (NEWSBOT_LLM_TOKEN_TIMEOUT)",
    "timeout": "no complete reply within {limits.total:g} s (NEWSBOT_LLM_TIMEOUT)",
}


def message(reason: str, limits: Limits) -> str:
    return MESSAGES[reason].format(limits=limits)

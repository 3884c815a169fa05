"""One answer from the model: prompt → model → text, streamed to ``on_token``, within a deadline.

Client-side retries are off (model.py) because their back-off is invisible and can outlast the
timeout. Here a 429, 5xx or dropped connection gets one more attempt, and only when its
Retry-After still leaves the second attempt at least half the budget; a timeout is never retried
(the budget is spent). Whatever still fails becomes ModelUnavailable (or MalformedReply when the
reply could not be read), which the chain turns into the extractive answer with a notice.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime

import httpx
from langchain_core.exceptions import ModelError, ModelTimeoutError
from langchain_core.language_models import BaseChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import RunnableConfig

from bot.answering.llm.parse import MalformedReply, preview

log = logging.getLogger("newsbot.llm")
DEFAULT_PAUSE = 0.5  # seconds before retrying when the server does not say (Retry-After)
MAX_PAUSE = 10.0


class ModelUnavailable(RuntimeError):
    """The model gave no (complete) reply in time: timeout, rate limit, server or transport error."""


def _status(error: BaseException) -> int | None:
    status = getattr(error, "status_code", None)
    response = getattr(error, "response", None)
    return status if isinstance(status, int) else getattr(response, "status_code", None)


_TIMEOUTS = (ModelTimeoutError, TimeoutError, httpx.TimeoutException)


def _transient(error: BaseException) -> bool:
    """A rate limit, server error or dropped connection: the same request may succeed later."""
    status = _status(error)
    return (isinstance(error, ModelError) and error.is_retryable) or status == 429 or (
        status is not None and status >= 500) or isinstance(error, (httpx.TransportError, ConnectionError))


def unavailable(error: BaseException) -> bool:
    """The model is not answering now (as opposed to answering badly)."""
    return isinstance(error, (ModelUnavailable, *_TIMEOUTS)) or _transient(error)


def retry_pause(error: BaseException) -> float | None:
    """Seconds to wait before one more attempt, or None when retrying cannot help."""
    if isinstance(error, _TIMEOUTS) or not _transient(error):
        return None
    headers = getattr(getattr(error, "response", None), "headers", None) or {}
    try:
        if "retry-after-ms" in headers:
            return float(headers["retry-after-ms"]) / 1000
        if "retry-after" in headers:
            value = headers["retry-after"]
            try:
                return max(0.0, float(value))
            except ValueError:
                return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        pass
    return DEFAULT_PAUSE


def describe(error: BaseException) -> str:
    status = _status(error)
    first_line = (str(error).strip().splitlines() or [""])[0][:200]
    return f"{type(error).__name__}{f' (HTTP {status})' if status else ''}: {first_line}"


class TokenSink:
    """Calls ``on_token(text so far)``; a failing callback is logged once and then left alone,
    so a broken live preview never costs the user the answer."""

    def __init__(self, on_token: Callable[[str], None] | None) -> None:
        self.on_token = on_token
        self.last = ""

    def __call__(self, text: str) -> None:
        if self.on_token is None or not text or text == self.last:
            return
        self.last = text
        try:
            self.on_token(text)
        except Exception:
            log.exception("on_token callback failed; no more streaming updates for this answer")
            self.on_token = None


class Generator:
    """``(prompt inputs, on_token) → reply text``, for a model made per attempt by ``models(timeout)``."""

    def __init__(self, prompt: ChatPromptTemplate, models: Callable[[float], BaseChatModel], timeout: float,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep) -> None:
        self.prompt = prompt
        self.models = models
        self.timeout = timeout
        self.clock = clock
        self.sleep = sleep

    def __call__(self, inputs: dict, on_token: Callable[[str], None] | None = None,
                 config: RunnableConfig | None = None) -> str:
        deadline = self.clock() + self.timeout
        sink = TokenSink(on_token)
        for attempt in (1, 2):
            remaining = deadline - self.clock()
            try:
                return self._stream(self.models(remaining), inputs, sink, deadline, config)
            except Exception as error:
                pause = retry_pause(error)
                left_after_pause = deadline - self.clock() - (pause or 0.0)
                if attempt == 2 or pause is None or pause > MAX_PAUSE or left_after_pause < self.timeout / 2:
                    if isinstance(error, ValueError):  # a reply that is not what the API promised
                        raise MalformedReply(describe(error)) from error
                    if unavailable(error) or isinstance(error, ModelError) or _status(error):
                        raise ModelUnavailable(describe(error)) from error
                    raise  # a bug: the chain's fallback still answers, and logs it loudly
                log.info("model call failed (%s); retrying in %.1f s", describe(error), pause)
                self.sleep(pause)
        raise AssertionError("unreachable")

    def _stream(self, model: BaseChatModel, inputs: dict, sink: TokenSink, deadline: float,
                config: RunnableConfig | None) -> str:
        text = ""
        stream = (self.prompt | model | StrOutputParser()).stream(inputs, config=config)
        try:
            for piece in stream:
                text += piece
                if self.clock() > deadline:
                    raise TimeoutError("the model was still writing when its time was up")
                sink(preview(text))
        finally:
            stream.close()
        return text

"""One answer from the model: prompt → model → text, streamed to ``on_token``, within time limits.

Client-side retries are off (model.py) because their back-off is invisible and can outlast the
timeout. Here a 429, 5xx or dropped connection gets one more attempt, and only when its
Retry-After still leaves the second attempt at least half the budget; a timeout is never retried
(the budget is spent). Whatever still fails becomes ModelUnavailable, which the chain turns into
the extractive answer with a notice.

Servers differ from the API they imitate. One that answers a streamed request with plain JSON
yields no chunks: the request is repeated once without streaming, and later ones are not streamed.
An empty or unreadable reply is the server's fault, not the model's wording (:class:`NoAnswer`):
logged at WARNING with what came back (wire.py), so an operator can fix the server.
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

from bot.answering.llm import limits, wire
from bot.answering.llm.limits import Limits, Watchdog
from bot.answering.llm.parse import preview

log = logging.getLogger("newsbot.llm")
DEFAULT_PAUSE = 0.5  # seconds before retrying when the server does not say (Retry-After)
MAX_PAUSE = 10.0


class ModelUnavailable(RuntimeError):
    """The model gave no (complete) reply in time: timeout, rate limit, server or transport error."""

    def __init__(self, message: str, reason: str = "unavailable") -> None:
        super().__init__(message)
        self.reason = reason  # the label of newsbot_llm_failures_total


class NoAnswer(ModelUnavailable):
    """The server answered, but with nothing usable: an empty or unreadable reply."""


class LimitExceeded(TimeoutError):
    """A time limit passed: the request was cancelled (its connection closed)."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def _status(error: BaseException) -> int | None:
    status = getattr(error, "status_code", None)
    response = getattr(error, "response", None)
    return status if isinstance(status, int) else getattr(response, "status_code", None)


try:  # the OpenAI SDK's own fork of httpx, in the versions that have one
    import httpx2
    _HTTP_TIMEOUTS: tuple = (httpx.TimeoutException, httpx2.TimeoutException)
    _TRANSPORT: tuple = (httpx.TransportError, httpx2.TransportError)
except ImportError:
    _HTTP_TIMEOUTS, _TRANSPORT = (httpx.TimeoutException,), (httpx.TransportError,)
_TIMEOUTS = (ModelTimeoutError, TimeoutError, *_HTTP_TIMEOUTS)


def _transient(error: BaseException) -> bool:
    """A rate limit, server error or dropped connection: the same request may succeed later."""
    status = _status(error)
    return (isinstance(error, ModelError) and error.is_retryable) or status == 429 or (
        status is not None and status >= 500) or isinstance(error, (*_TRANSPORT, ConnectionError))


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



def _no_chunks(error: BaseException) -> bool:
    """LangChain's word for a streamed response with no events: the server did not stream."""
    return isinstance(error, ValueError) and "No generation chunks" in str(error)


class Generator:
    """``(prompt inputs, on_token) → reply text``, for a model made per attempt by ``models(timeout)``.

    ``on_failure(reason)`` counts what went wrong (newsbot_llm_failures_total), including a server
    that does not stream, which is then asked without streaming from here on.
    """

    def __init__(self, prompt: ChatPromptTemplate, models: Callable[..., BaseChatModel], limits: Limits | float,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
                 on_failure: Callable[[str], None] = lambda reason: None) -> None:
        self.prompt = prompt
        self.models = models
        self.limits = limits if isinstance(limits, Limits) else Limits(limits, limits, limits)
        self.clock = clock
        self.sleep = sleep
        self.on_failure = on_failure
        self.streams = True  # until the server shows it does not

    @property
    def timeout(self) -> float:
        return self.limits.total

    def __call__(self, inputs: dict, on_token: Callable[[str], None] | None = None,
                 config: RunnableConfig | None = None) -> str:
        deadline = self.clock() + self.timeout
        sink = TokenSink(on_token)
        for attempt in (1, 2):
            try:
                return self._attempt(inputs, sink, deadline, config)
            except NoAnswer as error:
                self.on_failure(error.reason)
                raise
            except Exception as error:
                pause = retry_pause(error)
                left_after_pause = deadline - self.clock() - (pause or 0.0)
                if attempt == 2 or pause is None or pause > MAX_PAUSE or left_after_pause < self.timeout / 2:
                    raise self._failure(error) from error
                log.info("model call failed (%s); retrying in %.1f s", describe(error), pause)
                self.sleep(pause)
        raise AssertionError("unreachable")

    def _failure(self, error: BaseException) -> BaseException:
        """What the chain is told, counted by reason; a bug is passed on as it is (logged loudly)."""
        if isinstance(error, LimitExceeded):
            failure: BaseException = ModelUnavailable(str(error), error.reason)
        elif isinstance(error, ValueError):  # a reply that is not what the API promised
            exchange = wire.current() or wire.Exchange()
            failure = NoAnswer(f"unreadable reply: {describe(error)} ({exchange.describe()})", "unreadable")
        elif isinstance(error, _TIMEOUTS):
            failure = ModelUnavailable(describe(error), "timeout")
        elif unavailable(error) or isinstance(error, ModelError) or _status(error):
            failure = ModelUnavailable(describe(error))
        else:
            return error
        self.on_failure(failure.reason)
        return failure

    def _attempt(self, inputs: dict, sink: TokenSink, deadline: float, config: RunnableConfig | None) -> str:
        remaining = deadline - self.clock()
        if self.streams:
            try:
                return self._checked(self._read(self.models(remaining), inputs, sink, deadline, config, True))
            except ValueError as error:
                if not _no_chunks(error):
                    raise
                exchange = wire.current() or wire.Exchange()
                log.warning("the model server answered a streamed request without streaming (%s); asking "
                            "again without streaming, and not streaming from now on", exchange.describe())
                self.on_failure("not_streaming")
                self.streams = False
                remaining = deadline - self.clock()
        whole = self.models(remaining, whole=True)
        return self._checked(self._read(whole, inputs, sink, deadline, config, False))

    def _checked(self, text: str) -> str:
        if not text.strip():
            exchange = wire.current() or wire.Exchange()
            raise NoAnswer(f"empty reply ({exchange.describe()})", "empty")
        return text

    def _read(self, model: BaseChatModel, inputs: dict, sink: TokenSink, deadline: float,
              config: RunnableConfig | None, streaming: bool) -> str:
        """The reply, streamed or whole, cut off when a limit passes (the connection is closed)."""
        exchange = wire.begin()
        text = ""
        with Watchdog(self.limits, deadline, exchange, self.clock, streaming) as watchdog:
            try:
                if not streaming:
                    text = (self.prompt | model.bind(stream=False) | StrOutputParser()).invoke(inputs, config=config)
                    sink(preview(text))
                else:
                    stream = (self.prompt | model | StrOutputParser()).stream(inputs, config=config)
                    try:
                        for piece in stream:
                            text += piece
                            if watchdog.fired():
                                break
                            if piece:
                                watchdog.token()
                            sink(preview(text))
                    finally:
                        stream.close()
            except Exception:
                if not watchdog.fired():
                    raise
            if reason := watchdog.fired():
                raise LimitExceeded(f"{limits.message(reason, self.limits)}; the request was cancelled", reason)
        return text

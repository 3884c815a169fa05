"""The slack-bolt app over the answer service: one client, the stores, the listeners. Built on demand."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from weakref import WeakKeyDictionary

from slack_bolt import App
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.adapters.slack.adding import ArticleAdder
from bot.adapters.slack.answer_log import AnswerLog
from bot.adapters.slack.dedupe import EventLog
from bot.adapters.slack.delivery import AnswerDelivery
from bot.adapters.slack.feedback import FeedbackLog
from bot.adapters.slack.listeners import Listeners
from bot.adapters.slack.storage import STATE_FILE, SlackState
from index.errors import NewsbotError

ANSWER_WORKERS = 4  # answers in progress at once; more would only share the same CPU cores
_adders: WeakKeyDictionary[App, ArticleAdder] = WeakKeyDictionary()  # each app's `add <url>` workers


def required_secret(value, name: str) -> str:
    if value is None or not value.get_secret_value():
        raise NewsbotError(f"{name} is not set (see docs/slack.md)")
    return value.get_secret_value()


def web_client(settings) -> WebClient:
    """The Web API client: ``SLACK_API_URL``, the bot token, and retries on 429 (Retry-After), 5xx and
    dropped connections."""
    return WebClient(
        token=required_secret(settings.slack_bot_token, "SLACK_BOT_TOKEN"),
        base_url=settings.slack_api_base,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=2),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
    )


class _SameTokenNotice(logging.Filter):
    """Bolt warns that ``SLACK_BOT_TOKEN`` (read from the environment) is unused when a client is given;
    our client carries that very token, so the warning would only mislead operators."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


def _quiet_same_token_warning() -> None:
    bolt = logging.getLogger("slack_bolt.App")
    if not any(isinstance(f, _SameTokenNotice) for f in bolt.filters):
        bolt.addFilter(_SameTokenNotice())


def create_app(service, *, state_dir: Path | None = None, client: WebClient | None = None,
               stream_interval: float = 1.0) -> App:
    """The Bolt app answering from ``service`` (anything with ``settings`` and ``answer()``).

    Durable state (retries seen, answers given, feedback) lives in ``state_dir`` (default: the data
    directory). Bolt calls ``auth.test`` here, so a wrong token fails now, not at the first question.
    ``process_before_response`` makes Bolt run the (tiny) ack functions in the request itself, so an
    acknowledgement never waits for a worker busy answering; lazy listeners get the workers.
    Slack's events are counted in the service's metrics; votes go to its traces when tracing is on.
    """
    settings = service.settings
    state_dir = Path(state_dir or settings.data_dir)
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    _quiet_same_token_warning()
    try:
        app = App(
            client=client or web_client(settings),
            signing_secret=secret,
            process_before_response=True,
            listener_executor=ThreadPoolExecutor(max_workers=ANSWER_WORKERS, thread_name_prefix="newsbot-slack"),
        )
    except BoltError as error:
        raise NewsbotError(f"Slack did not accept SLACK_BOT_TOKEN at {settings.slack_api_base} ({error})") from None
    state = SlackState(settings.database(STATE_FILE, state_dir))
    answers = AnswerLog(state)
    adder = _adders[app] = ArticleAdder(service, settings.slack_indexers)
    listeners = Listeners(AnswerDelivery(service, answers, service.metrics, stream_interval), EventLog(state), answers,
                          FeedbackLog(state), settings.slack_channels, adder,
                          service.metrics, getattr(service, "tracing", None))
    listeners.register(app)
    return app


def stop_app(app: App) -> None:
    """Let answers in progress finish; drop those not started. Pages being added are not waited for."""
    if adder := _adders.pop(app, None):
        adder.stop()
    app.listener_runner.listener_executor.shutdown(wait=True, cancel_futures=True)

"""Slack fixtures: the Web API stand-in, and the bot's real HTTP endpoint on loopback over the seed index."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.adapters.slack.app import create_app, stop_app
from bot.adapters.slack.server import http_server
from bot.ops.metrics import Metrics
from tests.conftest import make_settings
from tests.slack.slack_side import SlackSide
from tests.slack.stand_in import WebApiStandIn

BOT_TOKEN = "xoxb-1111-2222-test-bot-token-5a1c9e"
APP_TOKEN = "xapp-1-A0NEWSBOT-3333-test-app-token-9e7d"
SIGNING_SECRET = "test-signing-secret-3f84b2c7"
SECRETS = (BOT_TOKEN, APP_TOKEN, SIGNING_SECRET)


class SlackFacingService:
    """The answer service as the Slack adapter sees it: Slack settings of its own, answers from
    ``answer`` (the shared, read-only seed index unless a test says otherwise), metrics of its own.
    Remembers what it was asked, with which history."""

    def __init__(self, answer, settings, add_url=None) -> None:
        self.settings = settings
        self.metrics = Metrics()
        self._answer = answer
        self.add_url = add_url  # only tests of `@newsbot add <url>` index anything
        self.asked: list[tuple[str, list]] = []

    def answer(self, question, history=(), language=None, on_token=None):
        self.asked.append((question, list(history)))
        return self._answer(question, history=history, language=language, on_token=on_token)


def slack_settings(web_api: WebApiStandIn, state_dir: Path, **overrides):
    return make_settings(state_dir, slack_bot_token=BOT_TOKEN, slack_app_token=APP_TOKEN,
                         slack_signing_secret=SIGNING_SECRET, slack_api_url=web_api.url, **overrides)


@dataclass
class RunningBot:
    service: SlackFacingService
    app: object
    server: object
    slack: SlackSide
    state_dir: Path
    stopped: bool = False

    def finish(self) -> None:
        """Stop taking requests and wait for every lazy listener: after this, nothing more is posted."""
        if not self.stopped:
            self.stopped = True
            self.server.shutdown()
            self.server.server_close()
            stop_app(self.app)
            self.slack.close()


@pytest.fixture
def web_api():
    with WebApiStandIn(BOT_TOKEN, APP_TOKEN) as api:
        yield api


@pytest.fixture
def start_bot(seed_service, web_api, tmp_path):
    """Start the bot's HTTP endpoint (the real server, on a free loopback port) against the stand-in."""
    running: list[RunningBot] = []

    def start(answer=None, state_dir: Path | None = None, add_url=None, **settings_overrides) -> RunningBot:
        state_dir = state_dir or tmp_path / "slack-state"
        service = SlackFacingService(answer or seed_service.answer, slack_settings(web_api, state_dir, **settings_overrides),
                                     add_url)
        app = create_app(service)
        server = http_server(app, port=0, host="127.0.0.1", signing_secret=SIGNING_SECRET)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        slack = SlackSide(f"http://127.0.0.1:{server.server_port}/slack/events", SIGNING_SECRET, web_api)
        bot = RunningBot(service, app, server, slack, state_dir)
        running.append(bot)
        return bot

    yield start
    for bot in running:
        bot.finish()


@pytest.fixture
def bot(start_bot) -> RunningBot:
    return start_bot()


def answer_sections(message: dict) -> str:
    """The answer as a message carries it: its answer sections, joined."""
    return "".join(b["text"]["text"] for b in message["blocks"] if b.get("block_id", "").startswith("newsbot_answer_"))


def blocks_with(message: dict, prefix: str) -> list[dict]:
    return [b for b in message["blocks"] if b.get("block_id", "").startswith(prefix)]


def worded_in(answer: str, language: str) -> bool:
    """An answer opens in ``language``: with its short answer, or with its lead-in to the quotes."""
    from bot.answering.wording import phrase

    openings = (phrase("intro", language), phrase("short", language).split("{answer}")[0])
    return answer.startswith(openings)

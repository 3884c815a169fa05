"""One logging setup for every command: JSON lines on request, one line per answer with its step
timings, and no secret setting in any line, whoever logs it."""

from __future__ import annotations

import json
import logging
import shutil

import pytest
from pydantic import SecretStr

from bot.ops.logs import RedactSecrets, secret_values
from bot.settings import Settings
from tests.cli import newsbot
from tests.conftest import SEED_ARTICLE
from tests.loopback import LoopbackServer, QuietHandler

LLM_KEY = "sk-test-llm-key-7c1e0f9a"
SECRETS = ("xoxb-test-bot-1", "xapp-test-app-2", "test-signing-3", LLM_KEY, "lsv2_test_langsmith_4")


class RejectingModelServer(LoopbackServer):
    """An OpenAI-compatible server that refuses the key and, as OpenAI does, repeats it in the error."""

    def __init__(self) -> None:
        class Handler(QuietHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                key = self.headers.get("Authorization", "").removeprefix("Bearer ")
                body = json.dumps({"error": {"message": f"Incorrect API key provided: {key}",
                                             "type": "invalid_request_error", "code": "invalid_api_key"}}).encode()
                self.send_response(401)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.write_body(body)

        super().__init__(Handler)


def test_json_lines_one_answer_line_with_step_timings_and_the_llm_key_redacted(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(SEED_ARTICLE, articles)
    env = {"NEWSBOT_DATA_DIR": str(tmp_path / "data"), "NEWSBOT_ARTICLES_DIR": str(articles)}
    assert newsbot("index", env=env).returncode == 0
    with RejectingModelServer() as model:
        env |= {"NEWSBOT_LLM": "openai:stand-in", "NEWSBOT_LLM_BASE_URL": f"{model.url}/v1",
                "NEWSBOT_LLM_API_KEY": LLM_KEY, "NEWSBOT_LOG_FORMAT": "json", "NEWSBOT_LOG_LEVEL": "debug",
                "SLACK_BOT_TOKEN": SECRETS[0], "SLACK_APP_TOKEN": SECRETS[1], "SLACK_SIGNING_SECRET": SECRETS[2],
                "LANGSMITH_API_KEY": SECRETS[4]}
        result = newsbot("ask", "--json", "Who became interim CEO after Mira Murati?", env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["mode"] == "extractive"  # the model refused: answered without it

    lines = [json.loads(line) for line in result.stderr.splitlines()]  # every line is one JSON object
    assert all({"time", "level", "logger", "message"} <= set(line) for line in lines)
    [answered] = [line for line in lines if line.get("event") == "answered"]
    assert (answered["mode"], answered["language"], answered["found"]) == ("extractive", "en", True)
    assert {"retrieve", "read", "llm"} <= set(answered["steps_ms"])
    assert answered["total_ms"] >= sum(answered["steps_ms"].values()) * 0.9
    for secret in SECRETS:
        assert secret not in result.stderr + result.stdout
    assert "Incorrect API key provided: [redacted]" in result.stderr  # it was logged, and redacted


def test_every_secret_setting_is_redacted():
    secret_fields = {name for name, field in Settings.model_fields.items() if field.annotation == SecretStr | None}
    named_like_secrets = {name for name, field in Settings.model_fields.items()
                          if field.validation_alias.endswith(("KEY", "TOKEN", "SECRET", "PASSWORD"))}  # not *_TOKEN_TIMEOUT
    assert named_like_secrets <= secret_fields  # a secret setting is a SecretStr (not printed, redacted)
    values = {name: f"secret-{name}-value" for name in secret_fields}
    values["database_url"] = "postgresql://newsbot:secret-password@db.internal/newsbot"
    settings = Settings(_env_file=None, **values)
    expected = [*(v for n, v in values.items() if n != "database_url"), "secret-password",
                "postgresql+psycopg://newsbot:secret-password@db.internal/newsbot"]  # the URL and its password alone
    assert sorted(secret_values(settings)) == sorted(expected)
    assert {"llm_api_key", "langsmith_api_key", "database_url"} <= secret_fields


def test_the_redaction_filter_covers_messages_extra_fields_and_tracebacks():
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    handler.addFilter(RedactSecrets(list(SECRETS)))
    logger = logging.getLogger("newsbot.redaction-test")
    logger.addHandler(handler)
    try:
        logger.warning("token is %s", SECRETS[0], extra={"detail": f"key={LLM_KEY}"})
        try:
            raise ValueError(f"bad secret {SECRETS[2]}")
        except ValueError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    assert records[0].getMessage() == "token is [redacted]" and records[0].detail == "key=[redacted]"
    assert SECRETS[2] not in records[1].exc_text and "[redacted]" in records[1].exc_text


@pytest.mark.parametrize("value", ["verbose", "xml"])
def test_a_bad_log_setting_is_a_one_line_error(value, tmp_path):
    from tests.cli import assert_clean_failure

    name = "NEWSBOT_LOG_LEVEL" if value == "verbose" else "NEWSBOT_LOG_FORMAT"
    assert_clean_failure(newsbot("feedback", env={name: value}, timeout=60), f"setting {name}=")

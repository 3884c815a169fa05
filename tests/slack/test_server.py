"""`newsbot slack --http` as an operator runs it: a real process, signed requests, the Web API at SLACK_API_URL."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time

import pytest

from tests.cli import NEWSBOT, newsbot
from tests.conftest import SEED_ARTICLE
from tests.slack.conftest import BOT_TOKEN, SECRETS, SIGNING_SECRET, answer_sections
from tests.slack.slack_side import SlackSide
from tests.slack.test_mentions import DUTCH, SHEAR_SENTENCE
from tests.test_metrics import scrape


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(port: int, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listening on {port} after {timeout} s")


def test_newsbot_slack_http_answers_signed_mentions_and_rejects_forged_ones(tmp_path, web_api):
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(SEED_ARTICLE, articles)
    env = {"NEWSBOT_DATA_DIR": str(tmp_path / "data"), "NEWSBOT_ARTICLES_DIR": str(articles),
           "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": web_api.url}
    assert newsbot("index", "--json", env=env).returncode == 0
    port = free_port()
    process = subprocess.Popen([NEWSBOT, "slack", "--http", "--port", str(port)], env={**os.environ, **env},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_until_listening(port, process)
        base = f"http://127.0.0.1:{port}"
        slack = SlackSide(f"{base}/slack/events", SIGNING_SECRET, web_api)
        event = slack.mention(DUTCH)
        [posted] = web_api.posted(1)
        assert posted["thread_ts"] == event["ts"] and SHEAR_SENTENCE in answer_sections(posted)
        assert slack.send_event(event, event_id="EvRETRIED", retry_num=1).status_code == 200  # the same message
        assert slack.post("{}", signature="v0=forged").status_code == 401
        assert slack.http.post(slack.endpoint.replace("/slack/events", "/elsewhere")).status_code == 404

        assert slack.http.get(f"{base}/healthz").json() == {"alive": True}
        ready = slack.http.get(f"{base}/readyz")
        assert ready.status_code == 200 and ready.json()["checks"] == {"index": True, "models": True, "slack": True}
        metrics = scrape(f"{base}/metrics")
        assert metrics[("newsbot_questions_total", (("found", "true"), ("language", "nl"), ("mode", "extractive")))] == 1
        assert metrics[("newsbot_slack_events_received_total", (("kind", "app_mention"),))] == 2
        assert metrics[("newsbot_slack_events_deduplicated_total", ())] == 1
        assert metrics[("newsbot_slack_events_failed_total", ())] == 0
        assert metrics[("newsbot_step_seconds_count", (("step", "post"),))] == 1
        assert metrics[("newsbot_step_seconds_count", (("step", "retrieve"),))] == 1
        assert metrics[("newsbot_models_load_seconds", ())] > 0
        slack.close()
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err  # SIGTERM is a clean stop
    assert "Traceback" not in err
    assert f"http://0.0.0.0:{port}/slack/events" in err  # says where it listens
    for secret in SECRETS:
        assert secret not in out + err


def test_newsbot_slack_without_tokens_is_a_one_line_error(tmp_path):
    from tests.cli import assert_clean_failure

    result = newsbot("slack", env={"NEWSBOT_DATA_DIR": str(tmp_path)}, timeout=120)
    assert_clean_failure(result, "SLACK_APP_TOKEN is not set")
    result = newsbot("slack", "--http", env={"NEWSBOT_DATA_DIR": str(tmp_path), "SLACK_BOT_TOKEN": "xoxb-1"}, timeout=120)
    assert_clean_failure(result, "SLACK_SIGNING_SECRET is not set")


def test_a_token_slack_rejects_is_a_one_line_error_without_the_token(tmp_path, web_api):
    from tests.cli import assert_clean_failure

    wrong = "xoxb-9999-not-the-right-token"
    env = {"NEWSBOT_DATA_DIR": str(tmp_path), "SLACK_BOT_TOKEN": wrong, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "SLACK_API_URL": web_api.url}
    result = newsbot("slack", "--http", "--port", str(free_port()), env=env, timeout=120)
    assert_clean_failure(result, "Slack did not accept SLACK_BOT_TOKEN")
    assert "invalid_auth" in result.stderr and wrong not in result.stderr


def test_newsbot_slack_http_binds_the_host_asked_for_on_the_port_in_PORT(tmp_path, web_api):
    port = free_port()
    env = {"NEWSBOT_DATA_DIR": str(tmp_path / "data"), "SLACK_BOT_TOKEN": BOT_TOKEN,
           "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": web_api.url, "PORT": str(port)}
    process = subprocess.Popen([NEWSBOT, "slack", "--http", "--host", "127.0.0.1"], env={**os.environ, **env},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_until_listening(port, process)
        slack = SlackSide(f"http://127.0.0.1:{port}/slack/events", SIGNING_SECRET, web_api)
        assert slack.post('{"type": "url_verification", "challenge": "c-1"}').status_code == 200
        slack.close()
        with pytest.raises(OSError):  # 127.0.0.2 is this machine too, but not the address bound
            socket.create_connection(("127.0.0.2", port), timeout=2).close()
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert f"http://127.0.0.1:{port}/slack/events" in err

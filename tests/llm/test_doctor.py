"""`newsbot doctor` (issue 21): the health check an operator runs at start, through the real console
script, against the loopback stand-in playing each kind of server — one that streams, one that sends
plain JSON for ``stream: true``, one that answers 200 with empty content, and none at all."""

from __future__ import annotations

import json
import re
import socket

import pytest

from tests.cli import newsbot
from tests.llm.stand_in import Reply

TOP_KEYS = {"ok", "problems", "warnings", "embeddings", "index", "llm"}
LLM_KEYS = {"ok", "configured", "model", "base_url", "answered", "streams", "content_type",
            "first_token_seconds", "total_seconds", "reply", "problem", "warnings"}


class Stage:
    """What the stand-in answers next: ``stage.reply = Reply(...)``."""

    def __init__(self) -> None:
        self.reply = Reply("OK")

    def __call__(self, request: dict, server) -> Reply:
        return self.reply


@pytest.fixture(scope="module")
def stage():
    return Stage()


def doctor(data_dir, base_url: str | None, *args: str, **env: str):
    values = {"NEWSBOT_DATA_DIR": str(data_dir), "NEWSBOT_LLM_FIRST_TOKEN_TIMEOUT": "5", "NEWSBOT_LLM_TIMEOUT": "10"}
    if base_url:
        values |= {"NEWSBOT_LLM": "openai:stand-in", "NEWSBOT_LLM_BASE_URL": base_url, "NEWSBOT_LLM_API_KEY": "test-key"}
    result = newsbot("doctor", *args, env=values | env, timeout=120)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def report(result) -> dict:
    """The --json report: one JSON object, and nothing else, on stdout."""
    return json.loads(result.stdout)


def problem_lines(stdout: str) -> list[str]:
    """The one line per problem printed under the table ("✗ llm: …")."""
    return [line for line in stdout.splitlines() if re.match(r"✗ \w+: ", line)]


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_streaming_server_is_healthy(llm_data_dir, server, stage):
    stage.reply = Reply("OK")
    before = len(server.requests)
    result = doctor(llm_data_dir, server.base_url, "--json")
    assert result.returncode == 0, result.stderr
    found = report(result)
    assert set(found) == TOP_KEYS and set(found["llm"]) == LLM_KEYS
    assert (found["ok"], found["problems"], found["warnings"]) == (True, [], [])
    llm = found["llm"]
    assert (llm["configured"], llm["answered"], llm["streams"], llm["reply"]) == (True, True, True, "OK")
    assert llm["content_type"] == "text/event-stream" and llm["base_url"] == server.base_url
    assert 0 <= llm["first_token_seconds"] <= llm["total_seconds"] < 10
    assert [r.get("stream", False) for r in server.requests[before:]] == [True]  # one tiny streamed request
    assert found["embeddings"]["ok"] and found["embeddings"]["model"] == "multilingual-e5-small"
    assert isinstance(found["embeddings"]["seconds"], float)
    index = found["index"]
    assert index["ok"] and index["empty"] is False and index["articles"] == 2 and index["passages"] >= 2


def test_the_human_report_names_each_check(llm_data_dir, server, stage):
    stage.reply = Reply("OK")
    result = doctor(llm_data_dir, server.base_url)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any("embeddings" in line and "multilingual-e5-small" in line and " s" in line for line in lines)
    assert any("index" in line and "passages of 2 articles" in line for line in lines)
    assert any("llm" in line and "streams: first token" in line for line in lines)
    assert "all is well" in result.stdout


def test_a_server_that_does_not_stream_works_but_is_reported(tmp_path, server, stage):
    stage.reply = Reply("OK", streams=False)
    before = len(server.requests)
    result = doctor(tmp_path / "data", server.base_url, "--json")
    assert result.returncode == 0, result.stderr
    found = report(result)
    llm = found["llm"]
    assert (found["ok"], llm["ok"], llm["answered"], llm["streams"], llm["reply"]) == (True, True, True, False, "OK")
    assert llm["content_type"] == "application/json"
    assert [r.get("stream", False) for r in server.requests[before:]] == [True, False]  # asked again, whole
    warning = next(w for w in found["warnings"] if w.startswith("llm:"))
    assert "does not stream" in warning and "HTTP 200, application/json" in warning
    human = doctor(tmp_path / "data", server.base_url)
    assert human.returncode == 0 and "does not stream" in human.stdout


def test_an_empty_reply_is_a_fault(tmp_path, server, stage):
    stage.reply = Reply("")
    result = doctor(tmp_path / "data", server.base_url)
    assert result.returncode == 1
    problems = problem_lines(result.stdout)
    assert len(problems) == 1, result.stdout
    assert problems[0].startswith("✗ llm: the model server at") and "empty reply (HTTP 200, text/event-stream" in problems[0]
    found = report(doctor(tmp_path / "data", server.base_url, "--json"))
    assert (found["ok"], found["llm"]["ok"], found["llm"]["answered"]) == (False, False, False)
    assert len(found["problems"]) == 1 and "empty reply" in found["problems"][0]
    assert found["embeddings"]["ok"] and found["index"]["ok"]  # the rest is checked all the same


def test_an_empty_non_streamed_reply_is_a_fault_too(tmp_path, server, stage):
    """cyllama's bundled server from its second request on: plain JSON, 200, empty content."""
    stage.reply = Reply("", streams=False)
    found = report(doctor(tmp_path / "data", server.base_url, "--json"))
    assert (found["ok"], found["llm"]["streams"]) == (False, False)
    assert "empty reply (HTTP 200, application/json" in found["llm"]["problem"]


def test_an_unreachable_server_is_a_fault(tmp_path):
    url = f"http://127.0.0.1:{unused_port()}/v1"
    result = doctor(tmp_path / "data", url)
    assert result.returncode == 1
    problems = problem_lines(result.stdout)
    assert problems == [next(line for line in problems if f"the model server at {url} did not answer" in line)]
    assert "Connection" in problems[0] or "connect" in problems[0]
    found = report(doctor(tmp_path / "data", url, "--json"))
    assert set(found) == TOP_KEYS and set(found["llm"]) == LLM_KEYS
    assert (found["ok"], found["llm"]["answered"], found["llm"]["first_token_seconds"]) == (False, False, None)
    assert found["problems"] == [f"llm: {found['llm']['problem']}"]


def test_without_llm_mode_it_says_so_and_checks_the_rest(tmp_path):
    result = doctor(tmp_path / "data", None, "--json", NEWSBOT_LLM="extractive")
    assert result.returncode == 0, result.stderr
    found = report(result)
    assert found["ok"] and found["llm"]["configured"] is False and found["llm"]["model"] == "extractive"
    assert found["index"]["empty"] is True and found["index"]["passages"] == 0  # empty: said, not a fault
    assert any(w.startswith("index: the index is empty") for w in found["warnings"])
    human = doctor(tmp_path / "data", None, NEWSBOT_LLM="extractive")
    assert "off: extractive answers" in human.stdout and human.returncode == 0


def test_the_time_to_the_first_token_is_measured_and_held_to_its_limit(tmp_path, server, stage):
    """A local model reads its prompt before the first token: measured, and past
    NEWSBOT_LLM_FIRST_TOKEN_TIMEOUT a fault that names the setting."""
    stage.reply = Reply("OK", pauses={1: 1.0})
    found = report(doctor(tmp_path / "data", server.base_url, "--json"))
    assert found["ok"] and found["llm"]["streams"] is True
    assert 0.9 <= found["llm"]["first_token_seconds"] <= found["llm"]["total_seconds"]
    stage.reply = Reply("OK", pauses={1: 5.0})
    result = doctor(tmp_path / "data", server.base_url, NEWSBOT_LLM_FIRST_TOKEN_TIMEOUT="1")
    assert result.returncode == 1
    assert problem_lines(result.stdout) == [
        f"✗ llm: the model server at {server.base_url} did not answer: no first token within 1 s "
        "(NEWSBOT_LLM_FIRST_TOKEN_TIMEOUT); the request was cancelled"]
    assert "too slow" in result.stdout

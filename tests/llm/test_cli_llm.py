"""`newsbot ask --json` in LLM mode, through the real console script, against the stand-in server:
the same contract as extractive mode (verbatim quotes at their offsets), ``mode`` telling which."""

from __future__ import annotations

import importlib.util
import json

import pytest

from tests.cli import ANSWER_KEYS, assert_clean_failure, assert_seed_citations, newsbot
from tests.llm import script as s


def ask(question: str, data_dir, articles, server) -> dict:
    env = {"NEWSBOT_DATA_DIR": str(data_dir), "NEWSBOT_ARTICLES_DIR": str(articles),
           "NEWSBOT_LLM": "openai:stand-in", "NEWSBOT_LLM_BASE_URL": server.base_url,
           "NEWSBOT_LLM_API_KEY": "test-key", "NEWSBOT_LLM_TIMEOUT": "10"}
    result = newsbot("ask", "--json", question, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


def assert_contract(answer: dict, question: str) -> None:
    assert answer["question"] == question and answer["found"] is True and answer["language"] == "en"
    assert_seed_citations(answer)


def test_ask_json_with_a_verified_llm_answer(llm_data_dir, llm_articles, chat_server):
    answer = ask(s.CORRECT, llm_data_dir, llm_articles, chat_server)
    assert set(answer) == ANSWER_KEYS and answer["mode"] == "llm"
    assert_contract(answer, s.CORRECT)
    assert "Emmet Shear" in answer["answer"]


def test_ask_json_with_an_llm_answer_that_fell_back(llm_data_dir, llm_articles, chat_server):
    answer = ask(s.ALTERED_NUMBER, llm_data_dir, llm_articles, chat_server)
    assert ANSWER_KEYS | {"notice"} <= set(answer) <= ANSWER_KEYS | {"notice", "short"}
    assert answer["mode"] == "extractive"
    assert_contract(answer, s.ALTERED_NUMBER)
    assert "51 percent" not in answer["answer"]


def test_a_provider_whose_package_is_missing_is_one_clear_line(llm_data_dir, llm_articles):
    if importlib.util.find_spec("langchain_anthropic"):
        pytest.skip("langchain-anthropic is installed here")
    env = {"NEWSBOT_DATA_DIR": str(llm_data_dir), "NEWSBOT_ARTICLES_DIR": str(llm_articles),
           "NEWSBOT_LLM": "anthropic:claude-sonnet-4-5"}
    assert_clean_failure(newsbot("ask", "--json", s.CORRECT, env=env, timeout=120), "pip install 'newsbot[anthropic]'")

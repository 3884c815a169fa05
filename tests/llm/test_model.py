"""The chat model a setting names: LangChain's own init_chat_model, timeout from settings, no hidden
client retries, and a clear message naming the extra when a provider package is missing."""

from __future__ import annotations

import importlib.util

import pytest

from bot.answering.llm.generate import retry_pause
from bot.answering.llm.model import ChatModels, chat_model
from bot.settings import Settings
from index.errors import NewsbotError


def settings(**values) -> Settings:
    return Settings(_env_file=None, **values)


def test_an_openai_compatible_server_gets_the_timeout_and_no_client_retries(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    model = chat_model(settings(llm="openai:qwen2.5-7b-instruct", llm_base_url="http://127.0.0.1:9/v1",
                                llm_timeout=7.5))
    assert type(model).__name__ == "ChatOpenAI"
    assert (model.model_name, model.request_timeout, model.max_retries, model.temperature) == (
        "qwen2.5-7b-instruct", 7.5, 0, 0.0)
    assert model.openai_api_base == "http://127.0.0.1:9/v1"
    assert model.root_client.max_retries == 0  # the SDK client itself will not retry behind our back


def test_the_key_setting_reaches_the_client():
    model = chat_model(settings(llm="openai:gpt-4.1-mini", llm_api_key="sk-test-123"))
    assert model.openai_api_key.get_secret_value() == "sk-test-123"


def test_a_retry_gets_a_model_with_the_time_that_is_left():
    models = ChatModels(settings(llm="openai:m", llm_base_url="http://127.0.0.1:9/v1", llm_timeout=10))
    assert models(10) is models.primary
    assert models(3.2).request_timeout == 3.0


@pytest.mark.parametrize("provider, extra", [("anthropic", "anthropic"), ("ollama", "ollama")])
def test_a_missing_provider_package_names_the_extra(provider, extra):
    if importlib.util.find_spec(f"langchain_{provider}"):
        pytest.skip(f"langchain-{provider} is installed here")
    with pytest.raises(NewsbotError, match=rf"pip install 'newsbot\[{extra}\]'"):
        chat_model(settings(llm=f"{provider}:some-model"))


@pytest.mark.parametrize("spec", ["llama3:8b", "bogus", "openai:"])
def test_a_spec_without_a_usable_provider_explains_the_format(spec):
    with pytest.raises(NewsbotError, match="provider:model"):
        chat_model(settings(llm=spec, llm_base_url="http://127.0.0.1:9/v1"))


def test_only_transient_failures_are_worth_a_retry():
    import httpx
    import openai

    request = httpx.Request("POST", "http://127.0.0.1:9/v1/chat/completions")

    def status_error(status: int, headers: dict) -> openai.APIStatusError:
        response = httpx.Response(status, headers=headers, request=request)
        kind = {429: openai.RateLimitError, 503: openai.InternalServerError, 401: openai.AuthenticationError}[status]
        return kind("scripted", response=response, body=None)

    assert retry_pause(status_error(429, {"Retry-After": "2"})) == 2.0
    assert retry_pause(status_error(429, {"retry-after-ms": "250"})) == 0.25
    assert retry_pause(status_error(503, {})) == 0.5
    assert retry_pause(status_error(401, {})) is None
    assert retry_pause(openai.APITimeoutError(request=request)) is None  # the budget is spent
    assert retry_pause(ValueError("not JSON")) is None

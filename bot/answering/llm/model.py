"""The chat model a setting names (``NEWSBOT_LLM=provider:model``), via LangChain's own
``init_chat_model``, with the timeout from settings and no client-side retries: the client's
hidden retries (with their own back-off) could outlast the timeout, so generate.py owns retrying.
"""

from __future__ import annotations

import os

from langchain_core.language_models import BaseChatModel

from bot.answering.llm import wire
from bot.settings import Settings
from index.errors import NewsbotError

# Providers whose LangChain package is one of newsbot's extras.
EXTRAS = {"openai": "openai", "azure_openai": "openai", "anthropic": "anthropic", "ollama": "ollama"}
TEMPERATURE = 0.0  # answers should be reproducible; the integrations drop it for models that refuse it
_SPEC_HINT = ("write it as provider:model, e.g. openai:gpt-4.1-mini, anthropic:claude-sonnet-4-5 or "
              "ollama:llama3.2; for an OpenAI-compatible server (llama.cpp, vLLM, LM Studio, a proxy) "
              "use openai:<model name> with NEWSBOT_LLM_BASE_URL")


def provider_of(spec: str) -> str:
    return spec.split(":", 1)[0] if ":" in spec else ""


def http_timeout(timeout: float, read: float | None):
    """The SDK's timeout: ``timeout`` for the whole call, and at most ``read`` seconds of silence
    (waiting for the headers, or between two pieces of the body) when that is shorter."""
    if read is None or read >= timeout:
        return timeout
    from openai import Timeout

    return Timeout(timeout, read=read)


def model_kwargs(settings: Settings, timeout: float, read: float | None = None) -> dict:
    """Constructor arguments for the provider's chat model class.

    Most LangChain integrations take ``timeout``/``max_retries``/``base_url``/``api_key``;
    ChatOllama takes its HTTP timeout through ``client_kwargs`` and has no retries or key.
    OpenAI-compatible servers get an HTTP client that records what they send (wire.py).
    """
    provider = provider_of(settings.llm)
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    if provider == "ollama":
        kwargs: dict = {"temperature": TEMPERATURE, "client_kwargs": {"timeout": timeout}}
    else:
        kwargs = {"temperature": TEMPERATURE, "timeout": timeout, "max_retries": 0}
        if provider in ("openai", "azure_openai"):
            kwargs |= {"timeout": http_timeout(timeout, read), "http_client": wire.http_client()}
        if key is None and settings.llm_base_url and provider == "openai" and not os.environ.get("OPENAI_API_KEY"):
            key = "not-needed"  # local OpenAI-compatible servers ignore the key, but the client insists on one
        if key is not None:
            kwargs["api_key"] = key
    if settings.llm_base_url:
        kwargs["base_url"] = settings.llm_base_url
    return kwargs


def chat_model(settings: Settings, timeout: float | None = None, read: float | None = None) -> BaseChatModel:
    """The model for ``settings.llm``; ``timeout`` (seconds) defaults to ``settings.llm_timeout``,
    ``read`` (the longest silence) to the first-token limit.

    Raises NewsbotError naming the extra to install when the provider's package is missing.
    """
    from langchain.chat_models import init_chat_model

    spec = settings.llm.strip()
    provider = provider_of(spec)
    if not spec or spec.endswith(":"):
        raise NewsbotError(f"NEWSBOT_LLM={spec!r} names no model: {_SPEC_HINT}")
    try:
        read = read or max(settings.llm_first_token_timeout, settings.llm_token_timeout)
        return init_chat_model(spec, **model_kwargs(settings, timeout or settings.llm_timeout, read))
    except ImportError as error:
        extra = EXTRAS.get(provider)
        if extra is None:  # LangChain's message names the package (langchain-groq, …)
            raise NewsbotError(f"NEWSBOT_LLM={spec}: {str(error).splitlines()[0]}") from None
        raise NewsbotError(
            f"NEWSBOT_LLM={spec} needs the {provider} integration, which is not installed: "
            f"pip install 'newsbot[{extra}]'"
        ) from None
    except ValueError as error:  # an unknown provider, or the model class rejected its arguments
        raise NewsbotError(
            f"cannot set up NEWSBOT_LLM={spec!r}: {str(error).strip().splitlines()[0]}; {_SPEC_HINT}"
        ) from None
    except Exception as error:  # e.g. the provider's client refusing to start without credentials
        raise NewsbotError(
            f"cannot set up NEWSBOT_LLM={spec!r}: {str(error).strip().splitlines()[0]} "
            "(NEWSBOT_LLM_API_KEY sets the key)"
        ) from None


class ChatModels:
    """The configured model, and copies with a shorter timeout for a retry late in the budget (or,
    ``whole=True``, for a server that sends nothing until its reply is complete).

    Built eagerly, so a misconfiguration (a missing extra, an unknown provider) is reported when
    the service starts rather than turning every answer into a fallback.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.primary = chat_model(settings)

    def __call__(self, timeout: float, whole: bool = False) -> BaseChatModel:
        if timeout >= self.settings.llm_timeout - 0.5 and not whole:
            return self.primary
        timeout = max(0.5, round(timeout * 2) / 2)
        return chat_model(self.settings, timeout=timeout, read=timeout if whole else None)

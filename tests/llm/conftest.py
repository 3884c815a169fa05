"""LLM-mode fixtures: one scripted stand-in server per module, and a fresh index of the seed
article plus an article carrying a prompt injection (the embedded store is locked per data
directory, so the session's seed index cannot be shared with these services).

The services share the session's loaded embedding models (the ``embeddings`` fixture).
"""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import SEED_ARTICLE, make_settings
from tests.llm.script import INJECTION_ARTICLE, Script
from tests.llm.stand_in import ChatServer


@pytest.fixture(scope="module")
def script() -> Script:
    return Script()


@pytest.fixture(scope="module")
def chat_server(script):
    with ChatServer(script) as server:
        yield server


@pytest.fixture(scope="module")
def server(stage):
    """A stand-in that answers what the module's ``stage`` fixture says; it must raise nothing."""
    with ChatServer(stage) as server:
        yield server
        assert not server.errors, server.errors


@pytest.fixture(scope="module")
def llm_articles(tmp_path_factory):
    folder = tmp_path_factory.mktemp("llm-articles")
    shutil.copy(SEED_ARTICLE, folder)
    (folder / "001_sirius_bank.txt").write_text(INJECTION_ARTICLE, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def llm_data_dir(embeddings, llm_articles, tmp_path_factory):
    """A data directory with both articles indexed (by an extractive service, closed after)."""
    from bot.service import NewsbotService

    data_dir = tmp_path_factory.mktemp("llm-data")
    service = NewsbotService(make_settings(data_dir), embeddings=embeddings)
    try:
        indexer = service.indexer()
        report = indexer.apply(indexer.plan_paths([llm_articles]))
        assert report.summary()["added"] == 2
    finally:
        service.close()
    return data_dir


TIMEOUT = 2.0  # seconds: the stand-in answers in milliseconds, and the hang test waits for this


@pytest.fixture(scope="module")
def llm_service(embeddings, llm_data_dir, chat_server):
    """One LLM-mode service per module on the shared index, talking to the stand-in (a fresh
    service pays ~2.5 s for its first answer; sharing one keeps the module fast)."""
    from bot.service import NewsbotService

    service = NewsbotService(make_settings(llm_data_dir, llm="openai:stand-in", llm_base_url=chat_server.base_url,
                                           llm_api_key="test-key", llm_timeout=TIMEOUT), embeddings=embeddings)
    yield service
    service.close()
    assert not chat_server.errors, chat_server.errors

"""One settings object: environment names from the contract, `.env` read, `.env.example` complete."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bot.settings import Settings
from tests.conftest import REPO


def test_env_example_lists_every_setting_and_works_as_a_dotenv(tmp_path, monkeypatch):
    example = (REPO / ".env.example").read_text()
    listed = set(re.findall(r"^([A-Z_]+)=", example, re.MULTILINE))
    aliases = {field.validation_alias for field in Settings.model_fields.values()}
    assert listed == aliases
    shutil.copy(REPO / ".env.example", tmp_path / ".env")
    monkeypatch.chdir(tmp_path)
    settings = Settings()
    assert settings.embedding_model == "multilingual-e5-small" and settings.min_relevance is None
    assert settings.chroma_host is None and settings.slack_channels == []


def test_contract_names_and_defaults(monkeypatch, tmp_path):
    settings = Settings(_env_file=None)  # relative defaults start at newsbot's home (tests: tmp_path)
    assert (settings.data_dir, settings.articles_dir, settings.llm) == (
        tmp_path / ".newsbot", tmp_path / "seeds", "extractive")
    assert (settings.log_level, settings.log_format, settings.health_port) == ("INFO", "text", None)
    monkeypatch.setenv("NEWSBOT_DATA_DIR", "/srv/newsbot")
    monkeypatch.setenv("CHROMA_HOST", "chroma.internal")
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api")
    monkeypatch.setenv("NEWSBOT_SLACK_CHANNELS", "C1, C2")
    settings = Settings(_env_file=None)
    assert settings.data_dir == Path("/srv/newsbot") and settings.chroma_host == "chroma.internal"
    assert settings.slack_api_base == "http://127.0.0.1:9/api/" and settings.slack_channels == ["C1", "C2"]


def test_secrets_are_not_printed(monkeypatch):
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-very-secret")
    assert "xoxb-very-secret" not in repr(Settings(_env_file=None))

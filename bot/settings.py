"""The one settings object, read from the environment and ``.env`` (see ``.env.example``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.ops.paths import home
from index.database import postgres_url
from index.errors import NewsbotError

CommaList = Annotated[list[str], NoDecode]

class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_ignore_empty=True, extra="ignore", populate_by_name=True)

    # Where things live
    data_dir: Path = Field(Path(".newsbot"), validation_alias="NEWSBOT_DATA_DIR")
    articles_dir: Path = Field(Path("seeds"), validation_alias="NEWSBOT_ARTICLES_DIR")
    # Models
    embedding_model: str = Field("multilingual-e5-small", validation_alias="NEWSBOT_EMBEDDING_MODEL")
    second_embedding: str = Field("use-multilingual-v3", validation_alias="NEWSBOT_SECOND_EMBEDDING")
    llm: str = Field("extractive", validation_alias="NEWSBOT_LLM")
    llm_base_url: str | None = Field(None, validation_alias="NEWSBOT_LLM_BASE_URL")
    llm_api_key: SecretStr | None = Field(None, validation_alias="NEWSBOT_LLM_API_KEY")
    llm_timeout: float = Field(30.0, gt=0, validation_alias="NEWSBOT_LLM_TIMEOUT")  # the whole reply
    # A hosted API's first token comes in seconds; a local model reading a long prompt takes minutes
    # (docs/local-llm.md). Past either limit the request is cancelled: the connection is closed.
    llm_first_token_timeout: float = Field(20.0, gt=0, validation_alias="NEWSBOT_LLM_FIRST_TOKEN_TIMEOUT")
    llm_token_timeout: float = Field(10.0, gt=0, validation_alias="NEWSBOT_LLM_TOKEN_TIMEOUT")  # between tokens
    # The prompt budget: at most this many of the reader's best passages, and characters of them (unset: all)
    llm_max_passages: int | None = Field(None, ge=1, validation_alias="NEWSBOT_LLM_MAX_PASSAGES")
    llm_max_prompt_chars: int | None = Field(None, ge=200, validation_alias="NEWSBOT_LLM_MAX_PROMPT_CHARS")
    # Chroma server (unset: the embedded store in the data directory)
    chroma_host: str | None = Field(None, validation_alias="CHROMA_HOST")
    chroma_port: int = Field(8000, validation_alias="CHROMA_PORT")
    # Shared state for replicas on several hosts (unset: SQLite files in the data directory)
    database_url: SecretStr | None = Field(None, validation_alias="NEWSBOT_DATABASE_URL")
    # Retrieval and answers
    top_k: int = Field(5, ge=1, le=50, validation_alias="NEWSBOT_TOP_K")
    max_quotes: int = Field(3, ge=1, le=10, validation_alias="NEWSBOT_MAX_QUOTES")
    chunk_chars: int = Field(1200, ge=200, le=4000, validation_alias="NEWSBOT_CHUNK_CHARS")
    min_relevance: float | None = Field(None, validation_alias="NEWSBOT_MIN_RELEVANCE")
    max_question_chars: int = Field(2000, ge=10, validation_alias="NEWSBOT_MAX_QUESTION_CHARS")
    threads: int = Field(2, ge=1, validation_alias="NEWSBOT_THREADS")
    # Slack
    slack_bot_token: SecretStr | None = Field(None, validation_alias="SLACK_BOT_TOKEN")
    slack_app_token: SecretStr | None = Field(None, validation_alias="SLACK_APP_TOKEN")
    slack_signing_secret: SecretStr | None = Field(None, validation_alias="SLACK_SIGNING_SECRET")
    slack_api_url: str = Field("https://slack.com/api/", validation_alias="SLACK_API_URL")
    slack_channels: CommaList = Field(default_factory=list, validation_alias="NEWSBOT_SLACK_CHANNELS")
    slack_indexers: CommaList = Field(default_factory=list, validation_alias="NEWSBOT_SLACK_INDEXERS")
    # Re-indexing
    watch: bool = Field(False, validation_alias="NEWSBOT_WATCH")
    # Fetching web pages and feeds
    fetch_allow_private: bool = Field(False, validation_alias="NEWSBOT_FETCH_ALLOW_PRIVATE")
    fetch_deadline: float = Field(30.0, gt=0, validation_alias="NEWSBOT_FETCH_DEADLINE")
    fetch_host_delay: float = Field(1.0, ge=0, validation_alias="NEWSBOT_FETCH_HOST_DELAY")
    # Operations: logs, health and metrics, tracing (docs/operations.md)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field("INFO", validation_alias="NEWSBOT_LOG_LEVEL")
    log_format: Literal["text", "json"] = Field("text", validation_alias="NEWSBOT_LOG_FORMAT")
    health_port: int | None = Field(None, ge=0, le=65535, validation_alias="NEWSBOT_HEALTH_PORT")
    langsmith_tracing: bool = Field(False, validation_alias="LANGSMITH_TRACING")
    langsmith_api_key: SecretStr | None = Field(None, validation_alias="LANGSMITH_API_KEY")
    langsmith_endpoint: str | None = Field(None, validation_alias="LANGSMITH_ENDPOINT")
    langsmith_project: str = Field("newsbot", validation_alias="LANGSMITH_PROJECT")

    def __init__(self, **values) -> None:
        """``.env`` is read from newsbot's home (see ``bot.ops.paths``), not the current directory."""
        values.setdefault("_env_file", home() / ".env")
        super().__init__(**values)

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value):
        return value.upper() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _anchor_paths(self):
        """Relative paths are relative to newsbot's home, wherever newsbot is started."""
        self.data_dir, self.articles_dir = home() / self.data_dir, home() / self.articles_dir
        return self

    @field_validator("slack_channels", "slack_indexers", mode="before")
    @classmethod
    def _split_commas(cls, value):
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value

    @field_validator("database_url", mode="after")
    @classmethod
    def _psycopg(cls, value: SecretStr | None) -> SecretStr | None:
        """``postgresql://…`` as users write it, with the driver SQLAlchemy should use named."""
        return SecretStr(postgres_url(value.get_secret_value())) if value else None

    def database(self, file_name: str, folder: Path | None = None) -> Path | str:
        """Where a store lives: the shared database when ``NEWSBOT_DATABASE_URL`` is set, else its own
        SQLite file in the data directory (or ``folder``)."""
        if self.database_url:
            return self.database_url.get_secret_value()
        return (folder or self.data_dir) / file_name

    @property
    def slack_api_base(self) -> str:
        return self.slack_api_url if self.slack_api_url.endswith("/") else self.slack_api_url + "/"


def load_settings() -> Settings:
    """The settings from the environment and ``.env``; a bad value is one readable line naming the
    setting (a :class:`NewsbotError`), not a validation traceback."""
    try:
        return Settings()
    except ValidationError as error:
        problems = error.errors()
        first = problems[0]
        name = ".".join(str(part) for part in first["loc"])
        secret = any(word in name for word in ("SECRET", "TOKEN", "KEY", "DATABASE_URL"))
        value = "" if secret else f"={first['input']!r}"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise NewsbotError(f"setting {name}{value} is not valid: {first['msg']}{more}") from None

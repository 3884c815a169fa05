"""Re-indexing is safe under faults and concurrency — tested with real processes and real SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.chroma_server import chroma_server
from tests.cli import NEWSBOT, newsbot
from tests.conftest import make_settings
from tests.corpus import write_lee_folder

ARTICLES = 30


def rewrite_all(folder: Path) -> None:
    """A new version of every article, every sentence changed."""
    for path in folder.glob("*.txt"):
        path.write_text(path.read_text().replace(" the ", " THE ").replace(". ", ". Update: "))


def index_state(data_dir: Path, embeddings, **overrides) -> dict:
    """Everything that must match a clean run: live versions, stored vectors, record-manager keys."""
    from bot.service import NewsbotService

    service = NewsbotService(make_settings(data_dir, **overrides), embeddings=embeddings)
    try:
        stored = service.collection.get(include=["metadatas", "documents"])
        vectors = sorted((m["article_id"], m["version"], m["seq"], m["start"], m["end"], d)
                         for m, d in zip(stored["metadatas"], stored["documents"]))
        return {
            "versions": service.catalogue.versions(),
            "chunks": service.catalogue.chunk_count(),
            "vectors": vectors,
            "ids": len(stored["ids"]),
            "records": len(service.record_manager().list_keys()),
        }
    finally:
        service.close()


def start_index(env: dict, folder: Path, *options: str) -> subprocess.Popen:
    return subprocess.Popen([NEWSBOT, "index", "--json", *options, str(folder)], env={**os.environ, **env},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def lock_is_held(path: Path) -> bool:
    """Does some process hold the flock on ``path``? Read from /proc/locks, without taking it: a probe
    that took the lock for an instant made a run starting at that instant stop as "in progress"."""
    try:
        inode = os.stat(path).st_ino
    except FileNotFoundError:
        return False
    with open("/proc/locks") as locks:
        return any(fields[1] == "FLOCK" and fields[5].rsplit(":", 1)[-1] == str(inode)
                   for fields in (line.split() for line in locks) if len(fields) > 5)


def wait_until_indexing(data_dir: Path, timeout: float = 60) -> None:
    """Until a run holds the index lock (it is applying its plan: embedding, then publishing)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if lock_is_held(data_dir / "index.lock"):
            return
        time.sleep(0.02)
    raise AssertionError("the index run never took the lock")


def test_a_killed_run_resumes_to_exactly_the_clean_result(tmp_path, embeddings):
    folder = tmp_path / "articles"
    write_lee_folder(folder, ARTICLES)
    clean, killed = tmp_path / "clean", tmp_path / "killed"
    for data in (clean, killed):
        assert newsbot("index", "--json", str(folder), env={"NEWSBOT_DATA_DIR": str(data)}).returncode == 0
    rewrite_all(folder)
    started = time.monotonic()
    assert newsbot("index", "--json", str(folder), env={"NEWSBOT_DATA_DIR": str(clean)}).returncode == 0
    run_seconds = time.monotonic() - started

    expected = index_state(clean, embeddings)
    env = {"NEWSBOT_DATA_DIR": str(killed)}
    interrupted = []
    for fraction in (0.1, 0.4, 0.7, 0.9):  # kill at different points of planning, embedding, publishing
        process = start_index(env, folder)
        wait_until_indexing(killed)
        time.sleep(fraction * run_seconds * 0.5)
        process.send_signal(signal.SIGKILL)
        process.wait()
        state = index_state(killed, embeddings)
        interrupted.append(state["versions"] != expected["versions"] or state["ids"] != state["chunks"])
    assert any(interrupted), "no kill landed mid-run: the test proved nothing"
    final = newsbot("index", "--json", str(folder), env=env)
    assert final.returncode == 0, final.stderr

    actual = index_state(killed, embeddings)
    assert actual["versions"] == expected["versions"]
    assert actual["vectors"] == expected["vectors"]  # same chunks: nothing missing, nothing extra
    assert actual["ids"] == actual["records"] == actual["chunks"] == expected["chunks"]


def test_a_second_run_on_the_embedded_store_stops_with_a_message(tmp_path):
    folder = tmp_path / "articles"
    write_lee_folder(folder, ARTICLES)
    env = {"NEWSBOT_DATA_DIR": str(tmp_path / "data")}
    first = start_index(env, folder)
    try:
        wait_until_indexing(tmp_path / "data")
        second = newsbot("index", "--json", str(folder), env=env)
        assert second.returncode == 1 and "not safe across processes" in second.stderr
        assert "CHROMA_HOST" in second.stderr
    finally:
        stdout, _ = first.communicate(timeout=300)
    assert json.loads(stdout)["added"] == ARTICLES


@pytest.fixture
def server(tmp_path):
    with chroma_server(tmp_path / "chroma-db") as port:
        yield {"CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(port)}


def test_two_runs_against_a_server_serialize_or_stop(tmp_path, server):
    folder = tmp_path / "articles"
    write_lee_folder(folder, ARTICLES)
    env = {"NEWSBOT_DATA_DIR": str(tmp_path / "data"), **server}
    first = start_index(env, folder)
    try:
        wait_until_indexing(tmp_path / "data")
        second = newsbot("index", "--json", str(folder), env=env)
        assert second.returncode == 1 and "another index run is in progress" in second.stderr
    finally:
        stdout, _ = first.communicate(timeout=300)
    assert json.loads(stdout)["added"] == ARTICLES


ASKER = """
import json, sys, time
from pathlib import Path
from bot.service import NewsbotService
from bot.settings import Settings
stop, out = Path(sys.argv[1]), Path(sys.argv[2])
questions = ["How many residents left their homes because of the bushfire?", "What did the Prime Minister say?",
             "Where did the storm cell move?", "Who was arrested by police?"]
service = NewsbotService(Settings(_env_file=None))
rounds, errors, mixed, citations = 0, [], [], []
while not stop.exists():
    for question in questions:
        try:
            seen = {}
            for doc in service.retriever.invoke(question, k=10):
                seen.setdefault(doc.metadata["article_id"], set()).add(doc.metadata["version"])
            mixed += [a for a, versions in seen.items() if len(versions) > 1]
            answer = service.answer(question)
            citations += [[c.source, c.start, c.end, c.quote] for c in answer.citations]
        except Exception as error:
            errors.append(repr(error))
    rounds += 1
out.write_text(json.dumps({"rounds": rounds, "errors": errors, "mixed": mixed, "citations": citations}))
"""


def test_asking_while_indexing_never_errors_or_mixes_versions(tmp_path, server):
    from index.loading import load_article

    folder = tmp_path / "articles"
    write_lee_folder(folder, ARTICLES)
    env = {"NEWSBOT_DATA_DIR": str(tmp_path / "data"), **server}
    assert newsbot("index", "--json", str(folder), env=env).returncode == 0
    versions = {str(p.resolve()): [load_article(p).text] for p in folder.glob("*.txt")}

    stop, out = tmp_path / "stop", tmp_path / "asked.json"
    asker = subprocess.Popen([sys.executable, "-c", ASKER, str(stop), str(out)], env={**os.environ, **env},
                             stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(3)
        for _ in range(2):  # two full re-index runs while questions keep coming
            rewrite_all(folder)
            for p in folder.glob("*.txt"):
                versions[str(p.resolve())].append(load_article(p).text)
            assert newsbot("index", "--json", str(folder), env=env).returncode == 0
    finally:
        stop.touch()
        asker.wait(timeout=120)
    result = json.loads(out.read_text())
    assert result["rounds"] >= 2, asker.stderr
    assert result["errors"] == [] and result["mixed"] == []
    for source, start, end, quote in result["citations"]:
        assert any(text[start:end] == quote for text in versions[source])

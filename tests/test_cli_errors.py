"""Issue 10 §7: what an operator can get wrong — a setting, the data directory's disk or permissions,
a damaged catalogue — is one line and exit status 1, and loses nothing. Real processes; a full or
read-only disk is a real tmpfs or read-only bind mount in a mount namespace of the test's own."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.cli import NEWSBOT, assert_clean_failure, newsbot
from tests.conftest import SEED_ARTICLE
from tests.corpus import write_lee_folder
from tests.test_reindex_safety import index_state

QUESTION = "Wie werd interim-CEO na Mira Murati?"

# Runs in a new mount namespace: mounts, then runs newsbot steps, printing one JSON line per step.
IN_NAMESPACE = """
import json, os, subprocess, sys
newsbot, mounts, steps = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
for mount in mounts:
    subprocess.run(["mount", *mount], check=True)
for step in steps:
    if step[0] == "mount":
        subprocess.run(["mount", *step[1:]], check=True)
        continue
    done = subprocess.run([newsbot, *step], capture_output=True, text=True)
    print(json.dumps({"returncode": done.returncode, "stdout": done.stdout, "stderr": done.stderr}), flush=True)
"""


def in_mount_namespace(mounts: list[list[str]], steps: list[list[str]], env: dict) -> list[subprocess.CompletedProcess]:
    """Run newsbot ``steps`` where ``mounts`` exist (an unprivileged user namespace where allowed)."""
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("mount namespaces are not available here (unshare -rm failed)")
    done = subprocess.run(["unshare", "-rm", sys.executable, "-c", IN_NAMESPACE, NEWSBOT, json.dumps(mounts),
                           json.dumps(steps)], capture_output=True, text=True, env={**os.environ, **env}, timeout=600)
    assert done.returncode == 0, done.stderr
    return [subprocess.CompletedProcess(step, **json.loads(line)) for step, line in
            zip([s for s in steps if s[0] != "mount"], done.stdout.splitlines())]


@pytest.fixture
def workspace(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(SEED_ARTICLE, articles)
    return tmp_path, {"NEWSBOT_DATA_DIR": str(tmp_path / "data"), "NEWSBOT_ARTICLES_DIR": str(articles)}


@pytest.mark.parametrize("name, value", [("NEWSBOT_TOP_K", "abc"), ("NEWSBOT_FETCH_DEADLINE", "-1"),
                                         ("NEWSBOT_FETCH_ALLOW_PRIVATE", "maybe")])
def test_a_bad_setting_is_one_line_naming_it(workspace, name, value):
    _, env = workspace
    assert_clean_failure(newsbot("ask", QUESTION, env={**env, name: value}), f"setting {name}={value!r} is not valid")


def test_a_damaged_catalogue_is_one_line_and_a_rebuild_changes_nothing(workspace, embeddings):
    root, env = workspace
    assert newsbot("index", env=env).returncode == 0
    data = root / "data"
    before = index_state(data, embeddings)
    shutil.copy(data / "catalogue.sqlite", root / "backup.sqlite")
    (data / "catalogue.sqlite").write_bytes(b"not a database, whatever it was" * 500)
    for name in ("catalogue.sqlite-wal", "catalogue.sqlite-shm"):
        (data / name).unlink(missing_ok=True)
    assert_clean_failure(newsbot("ask", QUESTION, env=env), "is damaged")
    assert_clean_failure(newsbot("index", "--rebuild", env=env), "is damaged")
    shutil.copy(root / "backup.sqlite", data / "catalogue.sqlite")  # the operator restores it
    assert index_state(data, embeddings) == before
    assert json.loads(newsbot("ask", "--json", QUESTION, env=env).stdout)["found"]


def test_a_read_only_data_directory_is_one_line(workspace):
    root, env = workspace
    assert newsbot("index", env=env).returncode == 0
    data = str(root / "data")
    index, ask = in_mount_namespace([["--bind", data, data], ["-o", "remount,ro,bind", data]],
                                    [["index"], ["ask", QUESTION]], env)
    assert_clean_failure(index, "the data directory must be a writable folder")
    assert_clean_failure(ask, "the data directory must be a writable folder")


def test_a_full_disk_is_one_line_and_loses_nothing(workspace):
    root, env = workspace
    disk = root / "disk"
    disk.mkdir()
    write_lee_folder(root / "lee", 40)
    env = {**env, "NEWSBOT_DATA_DIR": str(disk / "data")}
    seed, full, after_full, freed_ask, freed_index = in_mount_namespace(
        [["-t", "tmpfs", "-o", "size=1200k", "tmpfs", str(disk)]],
        [["index", "--json"], ["index", "--json", str(root / "lee")], ["ask", QUESTION],
         ["mount", "-o", "remount,size=64m", str(disk)], ["ask", "--json", QUESTION],
         ["index", "--json", str(root / "lee")]], env)
    assert seed.returncode == 0, seed.stderr
    assert_clean_failure(full, "is full; free some space and run again")
    # what was indexed before is still answered from while the disk is full
    assert after_full.returncode == 0 and "Emmet Shear" in after_full.stdout, after_full.stderr
    assert json.loads(freed_ask.stdout)["found"], freed_ask.stderr  # room again: nothing was lost
    assert json.loads(freed_index.stdout)["added"] == 40

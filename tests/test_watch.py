"""`newsbot watch`: new, changed and removed files are re-indexed, with debouncing."""

from __future__ import annotations

import shutil
import signal
import subprocess
import threading
import time

from index.articles import article_id_for
from index.watching import FolderWatcher
from tests.cli import NEWSBOT
from tests.conftest import SEED_ARTICLE
from tests.corpus import write_lee_folder


def wait_for(condition, timeout: float = 30.0, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(interval)
    raise AssertionError("condition not met in time")


class CountingWatcher:
    """A real watcher on a real service, counting its re-index passes."""

    def __init__(self, service, folder, quiet: float = 0.5):
        self.passes: list[set[str]] = []
        self.watcher = service.watcher(folder)
        self.watcher.quiet = quiet
        reindex = self.watcher.reindex

        def counted(paths):
            reindex(paths)
            self.passes.append(paths)

        self.watcher.reindex = counted

    def __enter__(self):
        self.thread = self.watcher.start()
        time.sleep(0.3)  # the observer is scheduled
        return self

    def __exit__(self, *exc):
        self.watcher.stop()
        self.thread.join(timeout=10)


def test_dropped_changed_and_removed_files_are_picked_up(service_factory, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    service = service_factory()
    with CountingWatcher(service, folder) as watching:
        shutil.copy(SEED_ARTICLE, folder / "openai.txt")
        wait_for(lambda: service.answer("Wie werd interim-CEO na Mira Murati?").found)
        (folder / "openai.txt").write_text("date 2024-01-01\nRecordjaar voor de Antwerpse haven\n\n"
                                           "De Antwerpse haven sloot 2023 af met een recordoverslag van 290 miljoen "
                                           "ton. Vooral de containertrafiek groeide.")
        wait_for(lambda: "290 miljoen ton" in service.answer("Hoeveel overslag had de Antwerpse haven?").text)
        (folder / "openai.txt").unlink()
        wait_for(lambda: not service.catalogue.articles())
    assert all(paths == {str((folder / "openai.txt").resolve())} for paths in watching.passes)


def test_a_copy_of_many_files_triggers_one_pass(service_factory, tmp_path):
    source, folder = tmp_path / "lee", tmp_path / "articles"
    write_lee_folder(source, 40)
    folder.mkdir()
    service = service_factory()
    with CountingWatcher(service, folder, quiet=1.0) as watching:
        shutil.copytree(source, folder, dirs_exist_ok=True)
        wait_for(lambda: len(service.catalogue.articles()) == 40, timeout=120)
        time.sleep(1.5)
    assert len(watching.passes) == 1 and len(watching.passes[0]) == 40


def test_hidden_and_unrelated_files_are_ignored(service_factory, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    service = service_factory()
    with CountingWatcher(service, folder) as watching:
        (folder / ".draft.txt.swp").write_text("x")
        (folder / "notes.jsonl").write_text("{}")
        time.sleep(1.5)
    assert watching.passes == []


def test_watch_command_logs_what_changed(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    env = {"NEWSBOT_DATA_DIR": str(tmp_path / "data"), "PYTHONUNBUFFERED": "1", "COLUMNS": "200"}
    import os

    process = subprocess.Popen([NEWSBOT, "watch", str(folder)], stderr=subprocess.PIPE, text=True,
                               env={**os.environ, **env})
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(iter(process.stderr.readline, "")), daemon=True).start()
    try:
        wait_for(lambda: any("watching" in line for line in lines), timeout=60)
        shutil.copy(SEED_ARTICLE, folder / "openai.txt")
        wait_for(lambda: any("openai.txt changed" in line and "added=1" in line for line in lines), timeout=60)
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)  # a busy machine (the whole suite on 2 cores) has taken over 20 s


def test_one_new_file_is_planned_without_reading_the_others(service_factory, tmp_path):
    folder = tmp_path / "articles"
    paths = write_lee_folder(folder, 4)
    service = service_factory()
    indexer = service.indexer()
    indexer.apply(indexer.plan(paths=[folder]))
    paths[0].write_text("An edit no event told of: only a full pass reads it.\n")
    new = folder / "incoming" / "zeebrugge.txt"
    new.parent.mkdir()
    new.write_text("De haven van Zeebrugge verwerkte vorig jaar 52 miljoen ton vracht.\n")

    plan = indexer.plan_changes(folder, {str(new)})
    assert [a.source for a, _, _ in plan.changed] == [str(new.resolve())]
    assert (plan.unchanged, plan.vanished) == ([], [])  # no other file was read
    full = indexer.plan(paths=[folder])  # the reconciliation reads them all, and sees the edit
    assert len(full.unchanged) == 3 and {a.source for a, _, _ in full.changed} == {str(new.resolve()),
                                                                                    str(paths[0].resolve())}
    indexer.apply(plan)

    shutil.rmtree(new.parent)  # a folder gone: the articles read from it go
    plan = indexer.plan_changes(folder, {str(new.parent)})
    assert (plan.vanished, plan.changed, plan.unchanged) == ([article_id_for(str(new.resolve()))], [], [])


def test_folders_moved_in_and_out_are_named_to_the_pass(tmp_path):
    folder, outside = tmp_path / "articles", tmp_path / "outside"
    folder.mkdir()
    outside.mkdir()
    (outside / "a.txt").write_text("x")
    passes: list[set[str] | None] = []
    watcher = FolderWatcher(folder, passes.append, quiet=0.3)
    thread = watcher.start()
    try:
        time.sleep(0.3)  # the observer is scheduled
        outside.rename(folder / "in")
        wait_for(lambda: passes, timeout=10)
        (folder / "in").rename(tmp_path / "out")  # the pass removes what was read from under it
        wait_for(lambda: len(passes) == 2, timeout=10)
    finally:
        watcher.stop()
        thread.join(timeout=10)
    assert all(str(folder.resolve() / "in") in paths for paths in passes)

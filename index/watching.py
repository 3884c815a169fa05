"""Watch a folder and re-index it when article files appear, change or vanish.

Events are debounced: an editor's save or a copy of 100 files triggers one pass once the folder
has been quiet for a moment (or after ``max_delay`` under a steady stream of changes). A pass is
given the paths the events named (files, and folders moved in or out), so it costs what changed;
every ``reconcile_every`` seconds a pass over the whole folder (``None`` for paths) catches what
events can miss (an overflowing event queue, changes while a pass ran on another host).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from index.loading import ARTICLE_SUFFIXES

log = logging.getLogger("newsbot.watch")


def is_article_path(path: str, folder: Path, directory: bool = False) -> bool:
    """An article file (or, with ``directory``, a folder that may hold some) inside ``folder``, not hidden."""
    candidate = Path(path)
    try:
        parts = candidate.relative_to(folder).parts
    except ValueError:
        return False
    wanted = directory or candidate.suffix.lower() in ARTICLE_SUFFIXES
    return wanted and bool(parts) and not any(p.startswith(".") for p in parts)


class _Changes(FileSystemEventHandler):
    """Collects the article paths touched since the last pass."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.lock = threading.Lock()
        self.paths: set[str] = set()
        self.first = self.last = 0.0
        self.wake = threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write") or (event.is_directory and event.event_type == "modified"):
            return  # a folder is "modified" whenever a file in it is: the file's own event says which
        touched = [p for p in (event.src_path, getattr(event, "dest_path", ""))
                   if p and is_article_path(p, self.folder, event.is_directory)]
        if not touched:
            return
        with self.lock:
            now = time.monotonic()
            self.first = self.first or now
            self.last = now
            self.paths.update(touched)
        self.wake.set()

    def take(self) -> set[str]:
        with self.lock:
            paths, self.paths, self.first, self.last = self.paths, set(), 0.0, 0.0
            self.wake.clear()
            return paths


class FolderWatcher:
    """Calls ``reindex(paths)`` after changes settle, and ``reindex(None)`` (the whole folder) every
    ``reconcile_every`` seconds; ``reindex`` does the (incremental) work."""

    def __init__(self, folder: Path, reindex: Callable[[set[str] | None], None], quiet: float = 1.0,
                 max_delay: float = 10.0, reconcile_every: float = 3600.0) -> None:
        self.folder = folder.resolve()
        self.reindex = reindex
        self.quiet = quiet
        self.max_delay = max_delay
        self.reconcile_every = reconcile_every
        self.changes = _Changes(self.folder)
        self.stopping = threading.Event()
        self.observer = Observer()

    def _settled(self) -> bool:
        with self.changes.lock:
            if not self.changes.paths:
                return False
            now = time.monotonic()
            return now - self.changes.last >= self.quiet or now - self.changes.first >= self.max_delay

    def run(self) -> None:
        """Watch until :meth:`stop` (blocking); a failing pass is logged and the watch goes on."""
        self.observer.schedule(self.changes, str(self.folder), recursive=True)
        self.observer.start()
        reconciled = time.monotonic()
        try:
            while not self.stopping.is_set():
                self.changes.wake.wait(timeout=self.quiet / 4)
                if time.monotonic() - reconciled >= self.reconcile_every:
                    self.changes.take()  # the whole folder is read: these are in it
                    self._pass(None)
                    reconciled = time.monotonic()
                elif self._settled():
                    self._pass(self.changes.take())
                else:
                    time.sleep(self.quiet / 4)
        finally:
            self.observer.stop()
            self.observer.join()

    def _pass(self, paths: set[str] | None) -> None:
        try:
            self.reindex(paths)
        except Exception:
            log.exception("re-indexing %s failed; watching on", self.folder)

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.run, name="newsbot-watch", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self.stopping.set()
        self.changes.wake.set()

"""`@newsbot add <url>` (or `voeg toe <url>`): index a web page from Slack, for allow-listed users.

Adding runs on a few worker threads of its own: a slow or stalling site never holds a thread that
answers questions, and stopping the bot does not wait for a fetch (an index run cut short is
completed by the next one). What went wrong is logged in detail; the asker gets a generic reply,
so Slack cannot be used to probe which addresses or ports answer.
"""

from __future__ import annotations

import html
import logging
import queue
import re
import threading
from collections.abc import Callable
from functools import partial

from bot.adapters.slack.blocks import notice_message
from bot.adapters.slack.delivery import told_on_failure
from bot.answering.wording import phrase
from index.errors import NewsbotError

log = logging.getLogger(__name__)

ADD_WORKERS = 2
_VERBS = {"add": "en", "voeg toe": "nl", "toevoegen": "nl", "hinzufügen": "de", "ajoute": "fr", "ajouter": "fr"}
_REQUEST = re.compile(
    r"^\s*(?:<@[A-Z0-9]+>\s*)?(" + "|".join(v.replace(" ", r"\s+") for v in _VERBS) + r")\s+<?(https?://[^\s|>]+)",
    re.IGNORECASE,
)


def add_request(text: str) -> tuple[str, str] | None:
    """(url, language of the verb) when the message asks to add a web page. Slack escapes ``&``
    as ``&amp;`` in message text, so the URL is unescaped."""
    match = _REQUEST.match(text)
    if not match:
        return None
    verb = " ".join(match.group(1).lower().split())
    return html.unescape(match.group(2)), _VERBS[verb]


class Workers:
    """Daemon threads taking jobs from a queue: nothing waits for them at exit."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.jobs: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self.threads: list[threading.Thread] = []
        self.lock = threading.Lock()

    def submit(self, job: Callable[[], None]) -> None:
        with self.lock:
            if len(self.threads) < self.size:  # started on first use
                thread = threading.Thread(target=self._work, name=f"newsbot-add-{len(self.threads)}", daemon=True)
                thread.start()
                self.threads.append(thread)
        self.jobs.put(job)

    def _work(self) -> None:
        while (job := self.jobs.get()) is not None:
            job()

    def stop(self) -> None:
        """Drop the jobs not started; those running finish on their own (or end with the process)."""
        while True:
            try:
                self.jobs.get_nowait()
            except queue.Empty:
                break
        for _ in self.threads:
            self.jobs.put(None)


class ArticleAdder:
    """Indexes the page through the service and says what was indexed, or that it could not."""

    def __init__(self, service, indexers: list[str]) -> None:
        self.service = service
        self.indexers = set(indexers)
        self.workers = Workers(ADD_WORKERS)
        self.stopped = threading.Event()

    def add(self, place, url: str, user: str, language: str) -> None:
        """Refuse at once, or queue the work on the adding workers."""
        if user not in self.indexers:
            log.info("user %s may not add articles (not on NEWSBOT_SLACK_INDEXERS)", user)
            place.post(notice_message(phrase("add_refused", language)))
            return
        self.workers.submit(lambda: self._add(place, url, user, language))

    def _add(self, place, url: str, user: str, language: str) -> None:
        post = partial(self._post, place, url)
        with told_on_failure(post, language, "adding a page", place.channel):
            try:
                added = self.service.add_url(url)
            except NewsbotError as error:
                log.warning("could not add %s for %s: %s", url, user, error)
                post(notice_message(phrase("add_failed", language)))
                return
            log.info("%s %s for %s: %s", added.status, url, user, added.article.title)
            post(notice_message(phrase(f"add_{added.status}", language).format(
                title=added.article.title, date=added.article.date or "?", passages=added.passages)))

    def _post(self, place, url: str, message: dict) -> None:
        """A fetch that outlived the bot's shutdown tells nobody: the Slack connection is gone."""
        if self.stopped.is_set():
            log.info("stopped while adding %s: the asker is not told", url)
            return
        place.post(message)

    def stop(self) -> None:
        self.stopped.set()
        self.workers.stop()

"""`@newsbot add <url>` (or `voeg toe <url>`): index a web page from Slack, for allow-listed users."""

from __future__ import annotations

import logging
import re

from bot.slack.blocks import notice_message
from bot.wording import phrase
from index.errors import NewsbotError

log = logging.getLogger(__name__)

_VERBS = {"add": "en", "voeg toe": "nl", "toevoegen": "nl", "hinzufügen": "de", "ajoute": "fr", "ajouter": "fr"}
_REQUEST = re.compile(
    r"^\s*(?:<@[A-Z0-9]+>\s*)?(" + "|".join(v.replace(" ", r"\s+") for v in _VERBS) + r")\s+<?(https?://[^\s|>]+)",
    re.IGNORECASE,
)


def add_request(text: str) -> tuple[str, str] | None:
    """(url, language of the verb) when the message asks to add a web page."""
    match = _REQUEST.match(text)
    if not match:
        return None
    verb = " ".join(match.group(1).lower().split())
    return match.group(2), _VERBS[verb]


class ArticleAdder:
    """Indexes the page through the service and says what was indexed, or why not."""

    def __init__(self, service, indexers: list[str]) -> None:
        self.service = service
        self.indexers = set(indexers)

    def add(self, place, url: str, user: str, language: str) -> None:
        if user not in self.indexers:
            log.info("user %s may not add articles (not on NEWSBOT_SLACK_INDEXERS)", user)
            place.post(notice_message(phrase("add_refused", language)))
            return
        try:
            added = self.service.add_url(url)
        except NewsbotError as error:
            log.info("could not add %s: %s", url, error)
            place.post(notice_message(phrase("add_failed", language).format(reason=error)))
            return
        log.info("%s %s for %s: %s", added.status, url, user, added.article.title)
        place.post(notice_message(phrase(f"add_{added.status}", language).format(
            title=added.article.title, date=added.article.date or "?", passages=added.passages)))

"""Articles from the web: a page URL, or every entry of an RSS/Atom feed.

Pages are fetched with a size cap and a timeout, and their main text, title, date and canonical
URL extracted by trafilatura. Every failure is a :class:`NewsbotError` naming the URL.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from index.articles import Article
from index.errors import NewsbotError
from index.loading import build_article, decode, parse_html

MAX_PAGE_BYTES = 5_000_000
USER_AGENT = "newsbot/0.1 (+https://github.com/newsbot)"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_FEED_TYPES = ("xml", "rss", "atom")


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def source_key(url: str) -> str:
    """The URL without fragments and tracking parameters: one article, one key."""
    from courlan import normalize_url

    try:
        return normalize_url(url, strict=True)
    except ValueError:
        return url


@dataclass
class Fetcher:
    """Fetches pages over HTTP; owns the client so a batch reuses connections."""

    timeout: float = 20.0
    max_bytes: int = MAX_PAGE_BYTES

    def __post_init__(self) -> None:
        self.client = httpx.Client(timeout=self.timeout, follow_redirects=True,
                                   headers={"User-Agent": USER_AGENT})

    def get(self, url: str, accept: tuple[str, ...]) -> tuple[str, bytes]:
        """(final URL, body) of ``url``, refusing other content types and oversized bodies."""
        try:
            with self.client.stream("GET", url) as response:
                if response.status_code >= 400:
                    raise NewsbotError(f"{url}: the server answered HTTP {response.status_code}")
                kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
                if kind and not any(a in kind for a in accept):
                    raise NewsbotError(f"{url}: not a web page or feed (content type {kind})")
                declared = int(response.headers.get("content-length") or 0)
                if declared > self.max_bytes:
                    raise NewsbotError(f"{url}: the page is too large ({declared // 1_000_000} MB; "
                                       f"the limit is {self.max_bytes // 1_000_000} MB)")
                body = bytearray()
                for part in response.iter_bytes():
                    body += part
                    if len(body) > self.max_bytes:
                        raise NewsbotError(f"{url}: the page is too large (over {self.max_bytes // 1_000_000} MB)")
                return str(response.url), bytes(body)
        except httpx.TimeoutException:
            raise NewsbotError(f"{url}: no answer within {self.timeout:g} s") from None
        except httpx.HTTPError as error:
            raise NewsbotError(f"{url}: cannot fetch ({type(error).__name__}: {error})") from None

    def article(self, url: str) -> Article:
        """The article at ``url``; its key is the URL as asked for, so re-indexing finds it again."""
        final_url, body = self.get(url, _HTML_TYPES)
        fields = parse_html(decode(body, url), url=final_url)
        if len(fields.get("text") or "") < 200:
            raise NewsbotError(f"{url}: no article text found on this page")
        fields["url"] = fields.get("url") or final_url
        return build_article(fields, source_key(url), url)

    def feed_links(self, feed_url: str) -> tuple[list[str], int]:
        """The article links of an RSS/Atom feed in feed order, and how many entries had none."""
        import feedparser

        _, body = self.get(feed_url, _FEED_TYPES + _HTML_TYPES + ("text/plain",))
        feed = feedparser.parse(body)
        if not feed.entries:
            reason = f" ({feed.bozo_exception})" if feed.get("bozo") else ""
            raise NewsbotError(f"{feed_url}: not an RSS or Atom feed with entries{reason}")
        links = [entry.get("link") for entry in feed.entries]
        usable = [link for link in links if link and is_url(link)]
        return list(dict.fromkeys(usable)), len(links) - len(usable)

    def close(self) -> None:
        self.client.close()

"""Articles from the web: a page URL, or every entry of an RSS/Atom feed.

Every fetch goes through :mod:`index.netguard`: http(s) only, to checked addresses, redirects
followed here one hop at a time (each hop checked again), within an overall deadline and a size
cap, and politely spaced per host. Main text, title, date and canonical URL are extracted by
trafilatura. Every failure is a :class:`FetchError` (or another :class:`NewsbotError`) naming the URL.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from index.articles import Article
from index.errors import NewsbotError
from index.links import source_link
from index.loading import build_article, decode, parse_html
from index.netguard import GuardedTransport, deadline

MAX_PAGE_BYTES = 5_000_000
MAX_REDIRECTS = 5
USER_AGENT = "newsbot/0.1 (+https://github.com/newsbot)"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_FEED_TYPES = ("xml", "rss", "atom")


class FetchError(NewsbotError):
    """A page could not be fetched (refused address, HTTP error, timeout, size, type)."""


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
    """Fetches pages over HTTP; owns the client so a batch reuses connections.

    ``timeout`` bounds each connect and read, ``deadline`` a whole fetch (redirects included);
    ``host_delay`` spaces requests to one host (a feed's entries); ``allow_private`` lets an
    intranet be fetched from (loopback, private and link-local addresses).
    """

    timeout: float = 20.0
    deadline: float = 60.0
    max_bytes: int = MAX_PAGE_BYTES
    allow_private: bool = False
    host_delay: float = 0.0
    _last_request: dict[str, float] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self.client = httpx.Client(transport=GuardedTransport(self.allow_private), timeout=self.timeout,
                                   follow_redirects=False, headers={"User-Agent": USER_AGENT})

    def get(self, url: str, accept: tuple[str, ...]) -> tuple[str, bytes]:
        """(final URL, body) of ``url``, refusing other content types and oversized bodies."""
        until = time.monotonic() + self.deadline
        token = deadline.set(until)
        try:
            return self._follow(url, accept)
        except httpx.TimeoutException:
            if time.monotonic() >= until - 0.05:
                raise FetchError(f"{url}: not fetched within the {self.deadline:g} s limit") from None
            raise FetchError(f"{url}: no answer within {self.timeout:g} s") from None
        except httpx.HTTPError as error:
            raise FetchError(f"{url}: cannot fetch ({type(error).__name__}: {error})") from None
        except NewsbotError as error:
            raise FetchError(f"{url}: {error}") from None
        finally:
            deadline.reset(token)

    def _follow(self, url: str, accept: tuple[str, ...]) -> tuple[str, bytes]:
        """Redirects followed by hand, so each hop is a new request the transport checks."""
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            if not is_url(current):
                raise NewsbotError(f"redirected to {current[:200]}, which is not an http(s) address")
            self._pace(current)
            with self.client.stream("GET", current) as response:
                if response.is_redirect:
                    current = str(response.url.join(response.headers["location"]))
                    continue
                return str(response.url), self._body(response, accept)
        raise NewsbotError(f"more than {MAX_REDIRECTS} redirects")

    def _body(self, response: httpx.Response, accept: tuple[str, ...]) -> bytes:
        if response.status_code >= 400:
            raise NewsbotError(f"the server answered HTTP {response.status_code}")
        kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind and not any(a in kind for a in accept):
            raise NewsbotError(f"not a web page or feed (content type {kind})")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise NewsbotError(f"the page is too large ({int(declared) // 1_000_000} MB; "
                               f"the limit is {self.max_bytes // 1_000_000} MB)")
        body = bytearray()
        for part in response.iter_bytes():
            body += part
            if len(body) > self.max_bytes:
                raise NewsbotError(f"the page is too large (over {self.max_bytes // 1_000_000} MB)")
        return bytes(body)

    def _pace(self, url: str) -> None:
        """Wait until ``host_delay`` has passed since the last request to the same host."""
        host = (urlsplit(url).hostname or "").lower()
        wait = self._last_request.get(host, -float("inf")) + self.host_delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last_request[host] = time.monotonic()

    def article(self, url: str) -> Article:
        """The article at ``url``; its key is the URL as asked for, so re-indexing finds it again."""
        final_url, body = self.get(url, _HTML_TYPES)
        fields = parse_html(decode(body, url), url=final_url)
        if len(fields.get("text") or "") < 200:
            raise NewsbotError(f"{url}: no article text found on this page")
        fields["url"] = source_link(fields.get("url"), final_url)
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

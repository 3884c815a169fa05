"""A loopback HTTP server whose pages tests script: what a news site and its feed would serve."""

from __future__ import annotations

import time
from dataclasses import dataclass

from tests.loopback import LoopbackServer, QuietHandler


@dataclass
class Page:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    delay: float = 0.0


class WebServer(LoopbackServer):
    """``pages[path] = Page(...)``; ``hits[path]`` counts requests. Use as a context manager."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.hits: dict[str, int] = {}
        server = self

        class Handler(QuietHandler):
            def do_GET(self) -> None:
                server.hits[self.path] = server.hits.get(self.path, 0) + 1
                page = server.pages.get(self.path.split("?")[0], Page(b"not found", "text/plain", 404))
                time.sleep(page.delay)
                self.send_response(page.status)
                self.send_header("Content-Type", page.content_type)
                self.send_header("Content-Length", str(len(page.body)))
                self.end_headers()
                self.write_body(page.body)

        super().__init__(Handler)


def news_page(title: str, paragraphs: list[str], date: str = "2024-04-02", canonical: str | None = None) -> bytes:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><title>{title} | Example News</title>{link}"
            f'<meta property="og:title" content="{title}"><meta name="date" content="{date}"></head>'
            f"<body><nav><a href='/'>Home</a> | <a href='/sport'>Sport</a></nav>"
            f"<article><h1>{title}</h1>{body}</article>"
            f"<footer>© Example News. Alle rechten voorbehouden.</footer></body></html>").encode()


def rss_feed(items: list[tuple[str, str | None]]) -> bytes:
    """An RSS 2.0 feed of (title, link-or-None) items."""
    entries = "".join(
        f"<item><title>{title}</title>{f'<link>{link}</link>' if link else ''}</item>" for title, link in items
    )
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Example News</title>'
            f"<link>http://example.org/</link><description>news</description>{entries}</channel></rss>").encode()

"""A loopback HTTP server whose pages tests script: what a news site and its feed would serve."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from tests.loopback import LoopbackServer, QuietHandler


@dataclass
class Page:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)  # e.g. Location for a redirect
    trickle: float = 0.0  # seconds between bytes of the body (and no Content-Length): a stalling server


def redirect(location: str, status: int = 302) -> Page:
    return Page(b"", "text/plain", status, headers={"Location": location})


class WebServer(LoopbackServer):
    """``pages[path] = Page(...)``; ``hits[path]`` counts requests, ``arrivals`` lists (path, monotonic
    time). Use as a context manager."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.hits: dict[str, int] = {}
        self.arrivals: list[tuple[str, float]] = []
        self.stopping = threading.Event()
        server = self

        class Handler(QuietHandler):
            def do_GET(self) -> None:
                server.hits[self.path] = server.hits.get(self.path, 0) + 1
                server.arrivals.append((self.path, time.monotonic()))
                page = server.pages.get(self.path.split("?")[0], Page(b"not found", "text/plain", 404))
                time.sleep(page.delay)
                self.send_response(page.status)
                self.send_header("Content-Type", page.content_type)
                for name, value in page.headers.items():
                    self.send_header(name, value)
                if not page.trickle:
                    self.send_header("Content-Length", str(len(page.body)))
                self.end_headers()
                if not page.trickle:
                    return self.write_body(page.body)
                for byte in page.body:
                    if server.stopping.wait(page.trickle):
                        return
                    self.write_body(bytes([byte]))
                    self.wfile.flush()

        super().__init__(Handler)

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        super().__exit__(*exc)


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

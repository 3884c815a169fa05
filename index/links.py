"""Which URL an article links to: the address fetched, or its canonical URL on the same site.

A page names its own canonical URL (and a file its ``url:``), so either could make the bot post
a link to anywhere: another site, or a ``javascript:`` URL. Only http(s) links are kept, and a
page's canonical URL only on the registrable domain it was fetched from (by the Public Suffix
List that ``tld`` bundles: read offline, never downloaded).
"""

from __future__ import annotations

from urllib.parse import urlsplit


def web_link(url: object) -> str | None:
    """``url`` when it is an http(s) URL with a host, else None."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.hostname else None


def registrable_domain(url: str) -> str:
    """``news.example.co.uk`` → ``example.co.uk``; an IP address or a single-label host as it is."""
    from tld import get_fld

    return (get_fld(url, fail_silently=True) or urlsplit(url).hostname or "").lower()


def source_link(canonical: object, fetched: str) -> str:
    """The canonical URL when it is http(s) on the fetched page's registrable domain, else the
    URL fetched."""
    link = web_link(canonical)
    return link if link and registrable_domain(link) == registrable_domain(fetched) else fetched

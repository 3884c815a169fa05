"""The data that crosses the index/bot boundary: articles and their chunks."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class Article:
    """A cleaned article. ``text`` is what quotes and offsets refer to."""

    article_id: str
    title: str
    date: str | None  # ISO date, possibly partial ("2023-11")
    source: str  # the file path or URL it was read from
    url: str | None
    language: str  # ISO 639-1
    text: str

    @cached_property
    def version(self) -> str:
        """Content hash: an article is re-embedded only when this changes (computed once per object)."""
        digest = hashlib.sha256()
        for part in (self.title, self.date or "", self.url or "", self.language, self.text):
            digest.update(part.encode("utf-8"))
            digest.update(b"\x00")
        return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Chunk:
    """A passage of an article: ``article.text[start:end] == text``; ``sentences`` are its sentences'
    spans in the article's text, found once when it is chunked (quoting needs them per question)."""

    article_id: str
    seq: int
    start: int
    end: int
    text: str
    sentences: tuple[tuple[int, int], ...] = ()


def article_id_for(source: str) -> str:
    """A stable id for an article's source (resolved path or URL)."""
    return hashlib.sha1(source.encode("utf-8")).hexdigest()[:16]

"""What the answer service returns: an answer with numbered, verbatim citations (contract fields)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Citation:
    """``[n]``: a verbatim quote of an article's cleaned text at ``[start, end)``."""

    n: int
    article_id: str
    title: str
    date: str | None
    source: str
    quote: str
    start: int
    end: int
    url: str | None = None
    date_source: str | None = None  # how the date is known: header, url, metadata, text; None when undated
    not_before: str | None = None  # undated: the latest date its text refers to (a bound, not its date)


@dataclass(frozen=True)
class Answer:
    question: str
    text: str
    mode: str  # "extractive" or "llm"
    language: str  # ISO 639-1 code of the answer's wording
    found: bool
    citations: tuple[Citation, ...] = field(default_factory=tuple)
    notice: str | None = None  # e.g. why an LLM answer fell back to extractive
    run_id: str | None = None  # the answer chain's LangChain run (its trace, when tracing is on)
    short: str | None = None  # the short answer it leads with, when the evidence held one up

    def to_json(self) -> dict:
        """The ``newsbot ask --json`` object."""
        payload = {
            "question": self.question, "answer": self.text, "mode": self.mode,
            "language": self.language, "found": self.found,
            "citations": [
                {key: value for key, value in asdict(c).items() if key != "url"} | ({"url": c.url} if c.url else {})
                for c in self.citations
            ],
        }
        if self.short:
            payload["short"] = self.short
        if self.notice:
            payload["notice"] = self.notice
        return payload


def _same_words(a: str, b: str) -> bool:
    return re.sub(r"\W+", " ", a).strip().casefold() == re.sub(r"\W+", " ", b).strip().casefold()


def source_groups(citations: tuple[Citation, ...]) -> list[list[Citation]]:
    """Citations in order, those quoting the same words in a row (agency copy in several outlets)
    together, so a source list shows the quote once with every outlet under it."""
    groups: list[list[Citation]] = []
    for c in citations:
        if groups and _same_words(groups[-1][0].quote, c.quote):
            groups[-1].append(c)
        else:
            groups.append([c])
    return groups

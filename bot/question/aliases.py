"""Acronyms people ask with, spelled out as the articles name them: "SBF" → "Sam Bankman-Fried".

Readers say "SBF" where most articles write "Sam Bankman-Fried"; the question's embedding and its
keywords then miss the articles, and the relevance rule finds the name missing. The articles
themselves say what an acronym stands for: a name whose initials it is (hyphenated parts count:
Bankman-Fried gives B and F). An acronym is spelled out only when the articles use that name more
often than the acronym — "PVV" stays "PVV".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

_NAME = re.compile(r"\b[A-Z][a-zà-ÿ]+(?:[ -](?:[A-Z][a-zà-ÿ]+|van|de|der|den|von))*(?:[ -][A-Z][a-zà-ÿ]+)")
_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
_PARTICLES = {"van", "de", "der", "den", "von"}


def initials(name: str) -> str:
    return "".join(part[0] for part in re.split(r"[ -]", name) if part and part not in _PARTICLES)


class AliasCounts:
    """The names and acronyms of the live passages, counted per passage added or removed, so one
    new article costs its own text rather than a recount of the corpus (issue 11).

    An acronym stands for the name with its initials used most often (the first seen on a tie),
    when that name is used more often than the acronym. Updates replace a name's counter rather
    than change it, so a question spelled out meanwhile reads a whole one.
    """

    def __init__(self) -> None:
        self._names: dict[str, Counter[str]] = {}  # initials → name → uses
        self._acronyms: Counter[str] = Counter()

    def add(self, texts: Iterable[str], sign: int = 1) -> None:
        """Count ``texts``; ``sign=-1`` takes them out again."""
        names: Counter[str] = Counter()
        for text in texts:
            names.update(m.group() for m in _NAME.finditer(text))
            for acronym in _ACRONYM.findall(text):
                self._acronyms[acronym] += sign
        by_initials: dict[str, Counter[str]] = {}
        for name, uses in names.items():
            if len(key := initials(name)) >= 3:
                by_initials.setdefault(key, Counter(self._names.get(key, ())))[name] += sign * uses
        for key, counter in by_initials.items():
            self._names[key] = +counter  # names no longer used drop out

    def remove(self, texts: Iterable[str]) -> None:
        self.add(texts, sign=-1)

    def name_for(self, acronym: str) -> str | None:
        best = self._names.get(acronym)
        if not best:
            return None
        name, uses = best.most_common(1)[0]
        return name if uses > self._acronyms[acronym] else None

    def spell_out(self, question: str) -> str:
        """``question`` with each acronym the articles spell out replaced by its name."""
        return _ACRONYM.sub(lambda m: self.name_for(m.group()) or m.group(), question)

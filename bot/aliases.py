"""Acronyms people ask with, spelled out as the articles name them: "SBF" → "Sam Bankman-Fried".

Readers say "SBF" where most articles write "Sam Bankman-Fried"; the question's embedding and its
keywords then miss the articles, and the relevance rule finds the name missing. The articles
themselves say what an acronym stands for: a name whose initials it is (hyphenated parts count:
Bankman-Fried gives B and F). An acronym is spelled out only when the articles use that name more
often than the acronym — "PVV" stays "PVV". Pure functions.
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


def alias_table(texts: Iterable[str]) -> dict[str, str]:
    """Acronym → the name it most often stands for, where that name is used more than the acronym."""
    names: Counter[str] = Counter()
    acronyms: Counter[str] = Counter()
    for text in texts:
        names.update(m.group() for m in _NAME.finditer(text))
        acronyms.update(_ACRONYM.findall(text))
    table: dict[str, str] = {}
    for name, count in names.most_common():
        key = initials(name)
        if len(key) >= 3 and key not in table and count > acronyms[key]:
            table[key] = name
    return table


def spell_out(question: str, table: dict[str, str]) -> str:
    """``question`` with each acronym of ``table`` replaced by its name."""
    return _ACRONYM.sub(lambda m: table.get(m.group(), m.group()), question)

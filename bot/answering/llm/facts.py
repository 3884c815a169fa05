"""The checkable facts of a claim — numbers, names, links — and whether a passage states them.

A model that swaps a number or a name, or invents a link, produces a sentence that still reads
like its passage (embeddings barely notice "49" → "51"), so these are checked literally. Answers
are often in another language than the article, so matching forgives case, accents, a short
inflection ("Altmans" ~ "Altman") and number words ("six" ~ "zes" ~ 6). A link, e-mail address
or @-handle in a claim is never taken from the passage, even one the passage contains (an
article can ask for its link to be repeated): only the cited article's own URL (or its site's
name) may appear. Texts are normalised first (normalise.py). Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from bot.answering.llm.normalise import normalise
from bot.question.vocabulary import NOT_NAMES
from bot.question.words import fold, number_values

_WORD = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)*|\d\w*", re.UNICODE)  # hyphens split: "AI-afdeling" → AI, afdeling
_LINK = re.compile(r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|ai|info|biz|xyz|example|co|be|nl|de|fr|uk|eu)\b",
                   re.IGNORECASE)
_HANDLE = re.compile(r"(?<!\w)@\w{2,}")


@dataclass(frozen=True)
class Facts:
    numbers: frozenset[str]
    names: frozenset[str]  # folded (lower case, no accents)
    links: frozenset[str]
    full_names: frozenset[tuple[str, str]] = frozenset()  # adjacent name words: ("emmet", "shear")

    def __bool__(self) -> bool:
        return bool(self.numbers or self.names or self.links)

    def listed(self) -> list[str]:
        return sorted(self.numbers) + sorted(self.names) + sorted(self.links)


def _is_marked(word: str) -> bool:
    """All caps (CEO, NFL) or capitals inside the word (OpenAI, iPhone): a name in any language."""
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and (all(ch.isupper() for ch in letters) or any(ch.isupper() for ch in letters[1:]))


def _name_words(text: str, language: str, known: frozenset[str]) -> list[tuple[int, str]]:
    """(position, folded word) of the words of ``text`` that are names.

    A capitalised word counts when it is all caps or has inner capitals (CEO, OpenAI), or when
    ``known`` (the passages' own capitalised words) shows it is a name there. Otherwise a sentence's
    first word never counts ("Under", "Despite"); later ones do, except in German, which
    capitalises every noun (measured: counting German runs like "Oracle Corporation" as names
    caught more swapped names but rejected "Dschingis Khan", "Vereinigten Staaten", "Welchen
    Namen" — bench/llm_verification.md).
    """
    words = _WORD.findall(text)
    capitalised = [w[0].isupper() and len(w) >= 2 and fold(w) not in NOT_NAMES for w in words]
    found = []
    for i, word in enumerate(words):
        if not capitalised[i]:
            continue
        folded = re.sub(r"'s?$", "", fold(word))  # possessives: "Shear's" is Shear
        if _is_marked(word) or _name_in(folded, known) or (i > 0 and language != "de"):
            found.append((i, folded))
    return found


def names(text: str, language: str, known: frozenset[str] = frozenset()) -> set[str]:
    return {folded for _, folded in _name_words(text, language, known)}


def full_names(text: str, language: str, known: frozenset[str] = frozenset()) -> set[tuple[str, str]]:
    """Pairs of name words with only a space between ("Luke Kuechly"): a passage must name the
    same person, not two others who share a first and a last name with the claim's."""
    tokens = list(_WORD.finditer(text))
    found = _name_words(text, language, known)
    return {(a, b) for (i, a), (j, b) in zip(found, found[1:])
            if j == i + 1 and text[tokens[i].end():tokens[j].start()].isspace()
            and not _is_marked(tokens[i].group()) and not _is_marked(tokens[j].group())}


def links(text: str) -> set[str]:
    return {fold(m.group().rstrip(".,;:)")) for m in _LINK.finditer(text)} | {fold(m.group()) for m in _HANDLE.finditer(text)}


def claim_facts(text: str, language: str, known: frozenset[str] = frozenset()) -> Facts:
    text = normalise(text)
    found_links = links(text)
    text_without_links = _HANDLE.sub(" ", _LINK.sub(" ", text))
    return Facts(frozenset(number_values(text_without_links)), frozenset(names(text_without_links, language, known)),
                 frozenset(found_links), frozenset(full_names(text_without_links, language, known)))


def known_names(texts: list[str]) -> frozenset[str]:
    """Words the passages capitalise inside sentences: the names of the context."""
    known = set()
    for text in map(normalise, texts):
        for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
            for word in _WORD.findall(sentence)[1:]:
                if word[0].isupper() and fold(word) not in NOT_NAMES:
                    known.add(fold(word))
    return frozenset(known)


@lru_cache(maxsize=512)
def _passage_index(text: str) -> tuple[frozenset[str], frozenset[str], tuple[str, ...]]:
    """Numbers, folded words (as a set), folded words in order."""
    text = normalise(text)
    words = tuple(fold(w) for w in _WORD.findall(text))
    return frozenset(number_values(text, include_articles=True)), frozenset(words), words


def _same_name(name: str, word: str) -> bool:
    """Exact, or the same stem give or take a short ending ("Altmans" ~ "Altman", "Brussels" ~ "Brussel")."""
    return name == word or (abs(len(word) - len(name)) <= 2 and min(len(word), len(name)) >= 4
                            and (word.startswith(name) or name.startswith(word)))


def _name_in(name: str, words: frozenset[str]) -> bool:
    return name in words or (len(name) >= 4 and any(_same_name(name, w) for w in words))


def _full_name_in(pair: tuple[str, str], words: tuple[str, ...]) -> bool:
    first, last = pair
    return any(_same_name(first, a) and _same_name(last, b) for a, b in zip(words, words[1:]))


def passage_words(text: str) -> tuple[str, ...]:
    """The folded words of a passage, in order."""
    return _passage_index(text)[2]


def full_name_in(pair: tuple[str, str], words: tuple[str, ...]) -> bool:
    return _full_name_in(pair, words)


def _own_link(link: str, urls: Iterable[str | None]) -> bool:
    """Is ``link`` one of ``urls`` (the cited articles' own), or the bare name of its site?"""
    for url in filter(None, urls):
        own = fold(url).rstrip("/")
        host = (urlsplit(own).hostname or "").removeprefix("www.")
        if link.rstrip("/") == own or (host and link.removeprefix("www.") == host):
            return True
    return False


def missing(facts: Facts, passage_text: str, own_urls: Iterable[str | None] = ()) -> list[str]:
    """The facts of a claim that ``passage_text`` does not state, and its links that are not
    ``own_urls`` (the cited articles' URLs)."""
    passage_numbers, passage_words, in_order = _passage_index(passage_text)
    own_urls = list(own_urls)
    lost = [n for n in sorted(facts.numbers) if n not in passage_numbers]
    lost += [n for n in sorted(facts.names) if not _name_in(n, passage_words)]
    lost += [link for link in sorted(facts.links) if not _own_link(link, own_urls)]
    if not lost:  # every name is there; are the full names too?
        lost += [" ".join(pair) for pair in sorted(facts.full_names) if not _full_name_in(pair, in_order)]
    return lost

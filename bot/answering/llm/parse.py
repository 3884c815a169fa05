"""The model's reply as claims: each sentence with the passage numbers it cites.

Pure functions. Numbers that were not in the prompt are kept apart (``unknown``) so verification
can drop them and say so; a reply that is empty or has no sentences is malformed.

Small models put citations where the prompt did not ask: in a sentence of their own ("Dit staat
in passage [2].", "Source: passage 2."), in a parenthesis ("(siehe [2])") or in front ("According
to passage [2], …"). Such a pointer lends its numbers to the claim it points at — the sentence
before, or the next one when nothing came before — and is never a claim itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.answering.llm.prompt import NOT_FOUND
from index.chunking import sentence_spans

MAX_RANGE = 10
_THINKING = re.compile(r"<think(?:ing)?>.*?(?:</think(?:ing)?>|\Z)", re.DOTALL | re.IGNORECASE)
_AND = r"and|en|und|et|&"
_MARKER = re.compile(rf"\[\s*(?:passages?\s*|passagen?\s*|n\s*=\s*)?(\d+(?:\s*(?:[,;–-]|{_AND})\s*\d+)*)\s*\]",
                     re.IGNORECASE)
# "passage 2", "Passagen 1 und 3" without brackets: a citation all the same
_BARE = re.compile(rf"(?<!\[)\b(?:passages?|passagen?|abschnitte?)\s+(\d+(?:\s*(?:[,;–-]|{_AND})\s*\d+)*)\b(?![%.,]\d|\s*\])",
                   re.IGNORECASE)
_PARENTHESIS = re.compile(r"\(([^()]{1,80})\)")
_LEAD = re.compile(r"^([^,:;]{1,60})[,:]\s+")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Words that only point at a source: "this is stated in", "dit staat in", "siehe", "selon le" …
POINTER_WORDS = frozenset("""
this that these it is was are were stated said says mentioned reported described noted found given written shown
in see source sources according to as also the a passage passages cf ref reference references confirmed per
dit dat deze het staat stond staan wordt werd worden vermeld genoemd beschreven gemeld aangegeven zie bron bronnen
volgens de een ook zo aldus blijkt uit
dies das diese es steht stand stehen wird wurde werden erwähnt genannt beschrieben berichtet angegeben im siehe
quelle quellen laut gemäß der die ein eine auch so passagen abschnitt vgl geht hervor aus
cela ceci c ce est était sont indiqué indiquée mentionné mentionnée écrit dans voir selon le la les l un une aussi
source sources passage passages d après
at of on from beginning start end top text article articles above below earlier first second last
aan begin einde tekst artikel artikelen boven eerder eerste laatste
am anfang ende oben text artikel artikeln artikels zu beginn ersten des dem den
au à début fin texte article articles ci dessus premier première
""".split())
_TRAILING_MARKERS = re.compile(r"([.!?…])((?:\s*\[[^\[\]\n]{1,40}\])+)")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,;:!?…])")


class MalformedReply(ValueError):
    """The model's reply has no usable content."""


@dataclass(frozen=True)
class Claim:
    """One sentence of the reply, without its markers."""

    text: str
    cited: tuple[int, ...]  # passage numbers that exist, in order of appearance
    unknown: tuple[int, ...]  # numbers the model cited that were not in the prompt
    line: int  # line of the reply it came from (keeps the reply's paragraphs and lists)


@dataclass(frozen=True)
class Reply:
    not_found: bool
    claims: tuple[Claim, ...]


def _squashed(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).casefold()


def visible_text(reply: str) -> str:
    """The reply without a reasoning model's ``<think>`` blocks (also while still streaming)."""
    return _THINKING.sub("", reply).strip()


def preview(reply: str) -> str:
    """What a live preview may show of a reply so far: nothing while it may be the not-found token."""
    text = visible_text(reply)
    return "" if NOT_FOUND in text or NOT_FOUND.startswith(text) else text


def marker_numbers(marker_body: str) -> list[int]:
    """``"1, 2"`` → [1, 2]; ``"2-4"`` → [2, 3, 4] (ranges capped at :data:`MAX_RANGE`)."""
    numbers: list[int] = []
    for part in re.split(rf"\s*(?:[,;]|{_AND})\s*", marker_body, flags=re.IGNORECASE):
        bounds = [int(b) for b in re.split(r"\s*[–-]\s*", part) if b.strip().isdigit()]
        if len(bounds) == 2 and 0 <= bounds[1] - bounds[0] < MAX_RANGE:
            numbers.extend(range(bounds[0], bounds[1] + 1))
        else:
            numbers.extend(bounds)
    return numbers


def strip_markers(text: str) -> str:
    return _SPACE_BEFORE_PUNCT.sub(r"\1", _MARKER.sub("", text)).strip()


def only_points(text: str) -> bool:
    """Is ``text`` (markers removed) nothing but words that point at a source?"""
    words = [w.casefold() for w in _WORD.findall(text)]
    return all(w in POINTER_WORDS for w in words)


def _pointers_as_markers(sentence: str) -> str:
    """Pointers inside a sentence become bare markers: "X (siehe [2])." → "X [2].", "According to
    passage [2], X." → "X [2]."; bare "passage 2" → "[2]"."""
    sentence = _BARE.sub(r"[\1]", sentence)

    def parenthesis(match: re.Match) -> str:
        inner = match.group(1)
        markers = _MARKER.findall(inner)
        return " ".join(f"[{m}]" for m in markers) if markers and only_points(_MARKER.sub(" ", inner)) else match.group()

    sentence = _PARENTHESIS.sub(parenthesis, sentence)
    lead = _LEAD.match(sentence)
    if lead and _MARKER.search(lead.group(1)) and only_points(_MARKER.sub(" ", lead.group(1))):
        rest = sentence[lead.end():]
        markers = " ".join(f"[{m}]" for m in _MARKER.findall(lead.group(1)))
        sentence = f"{rest[:1].upper()}{rest[1:]} {markers}"
    return sentence


def parse_reply(reply: str, passage_count: int, language: str = "en") -> Reply:
    """Claims of ``reply``; ``passage_count`` passages were numbered 1..passage_count."""
    text = visible_text(reply)
    if _squashed(NOT_FOUND) in _squashed(text):  # also "Not in passages.", "**NOT_IN_PASSAGES**"
        return Reply(True, ())
    if not text:
        raise MalformedReply("the model's reply is empty")
    text = _TRAILING_MARKERS.sub(r"\2\1", text.replace("**", ""))  # "claim. [1]" → "claim [1]."
    claims: list[Claim] = []
    waiting: tuple[tuple[int, ...], tuple[int, ...]] = ((), ())  # a pointer before any claim
    for line_number, line in enumerate(text.splitlines()):
        line = _BULLET.sub("", line).strip()
        if not line:
            continue
        for start, end, _ in sentence_spans(line, language):
            sentence = _pointers_as_markers(line[start:end])
            numbers = [n for m in _MARKER.finditer(sentence) for n in marker_numbers(m.group(1))]
            cited = tuple(dict.fromkeys(n for n in numbers if 1 <= n <= passage_count))
            unknown = tuple(dict.fromkeys(n for n in numbers if not 1 <= n <= passage_count))
            body = strip_markers(sentence)
            if any(ch.isalnum() for ch in body) and not (numbers and only_points(body)):
                cited, unknown = waiting[0] + cited, waiting[1] + unknown
                waiting = ((), ())
                claims.append(Claim(body, tuple(dict.fromkeys(cited)), tuple(dict.fromkeys(unknown)), line_number))
            elif claims and numbers:  # a stray marker or a pointer belongs to the sentence before
                last = claims[-1]
                claims[-1] = Claim(last.text, tuple(dict.fromkeys(last.cited + cited)),
                                   tuple(dict.fromkeys(last.unknown + unknown)), last.line)
            elif numbers:  # "As passage [2] says:" before any claim: the next one
                waiting = (waiting[0] + cited, waiting[1] + unknown)
    if not claims:
        raise MalformedReply("the model's reply has no sentences")
    return Reply(False, tuple(claims))

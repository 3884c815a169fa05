"""The model's reply as claims: each sentence with the passage numbers it cites.

Pure functions. Numbers that were not in the prompt are kept apart (``unknown``) so verification
can drop them and say so; a reply that is empty or has no sentences is malformed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.answering.llm.prompt import NOT_FOUND
from index.chunking import sentence_spans

MAX_RANGE = 10
_THINKING = re.compile(r"<think(?:ing)?>.*?(?:</think(?:ing)?>|\Z)", re.DOTALL | re.IGNORECASE)
_MARKER = re.compile(r"\[\s*(?:passages?\s*|n\s*=\s*)?(\d+(?:\s*(?:[,;–-]|and|&)\s*\d+)*)\s*\]", re.IGNORECASE)
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
    for part in re.split(r"\s*(?:[,;]|and|&)\s*", marker_body, flags=re.IGNORECASE):
        bounds = [int(b) for b in re.split(r"\s*[–-]\s*", part) if b.strip().isdigit()]
        if len(bounds) == 2 and 0 <= bounds[1] - bounds[0] < MAX_RANGE:
            numbers.extend(range(bounds[0], bounds[1] + 1))
        else:
            numbers.extend(bounds)
    return numbers


def strip_markers(text: str) -> str:
    return _SPACE_BEFORE_PUNCT.sub(r"\1", _MARKER.sub("", text)).strip()


def parse_reply(reply: str, passage_count: int, language: str = "en") -> Reply:
    """Claims of ``reply``; ``passage_count`` passages were numbered 1..passage_count."""
    text = visible_text(reply)
    if _squashed(NOT_FOUND) in _squashed(text):  # also "Not in passages.", "**NOT_IN_PASSAGES**"
        return Reply(True, ())
    if not text:
        raise MalformedReply("the model's reply is empty")
    text = _TRAILING_MARKERS.sub(r"\2\1", text.replace("**", ""))  # "claim. [1]" → "claim [1]."
    claims: list[Claim] = []
    for line_number, line in enumerate(text.splitlines()):
        line = _BULLET.sub("", line).strip()
        if not line:
            continue
        for start, end, _ in sentence_spans(line, language):
            sentence = line[start:end]
            numbers = [n for m in _MARKER.finditer(sentence) for n in marker_numbers(m.group(1))]
            cited = tuple(dict.fromkeys(n for n in numbers if 1 <= n <= passage_count))
            unknown = tuple(dict.fromkeys(n for n in numbers if not 1 <= n <= passage_count))
            body = strip_markers(sentence)
            if any(ch.isalnum() for ch in body):
                claims.append(Claim(body, cited, unknown, line_number))
            elif claims and numbers:  # a stray marker on its own belongs to the sentence before
                last = claims[-1]
                claims[-1] = Claim(last.text, tuple(dict.fromkeys(last.cited + cited)),
                                   tuple(dict.fromkeys(last.unknown + unknown)), last.line)
    if not claims:
        raise MalformedReply("the model's reply has no sentences")
    return Reply(False, tuple(claims))

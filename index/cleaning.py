"""Cleaning only removes and normalises whitespace, so quotes stay verbatim.

Paragraphs are kept whole or dropped whole: a paragraph goes when most of it is boilerplate
(consent and cookie notices, "content blocked" placeholders, newsletter prompts) or when it
repeats an earlier paragraph word for word. Quoted tweets and other real content stay.
"""

from __future__ import annotations

import re
from collections import Counter

# Phrases that only appear in site chrome, never in reporting (nl, en, de, fr).
_STRONG = re.compile(
    r"cookie[- ]?(instellingen|keuzes|voorkeuren|beleid|settings|preferences|policy|banner|"
    r"einstellungen|richtlinie|paramètres)"
    r"|(accepteer|aanvaard|accept|akzeptieren)\w*\s+(alle\s+|all\s+)?cookies"
    r"|(we|wij|this site|deze (web)?site|diese (web)?seite) (use[s]?|gebruik[t]?(en)?|verwende[tn]) cookies"
    r"|inhoud (op deze pagina )?wordt (momenteel )?geblokkeerd"
    r"|content (on this page )?(is|has been) blocked"
    r"|schrijf (je|u) in (op|voor) (onze|de) nieuwsbrief|subscribe to our newsletter"
    r"|enable javascript|javascript (is )?(uitgeschakeld|disabled)",
    re.IGNORECASE,
)
# Weaker signals: boilerplate only when the sentence also repeats within the article.
_WEAK = re.compile(
    r"cookie|klik hier|click here|lees (ook|meer)|read more|advertentie|advertisement|nieuwsbrief|newsletter",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”»]*\s+")
_INLINE_SPACE = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
BOILERPLATE_SHARE = 0.6


def split_paragraphs(raw: str) -> list[str]:
    """Paragraphs separated by blank lines, each with its whitespace collapsed to single spaces."""
    text = _INVISIBLE.sub("", raw.replace("\r\n", "\n").replace("\r", "\n"))
    paragraphs = []
    for block in re.split(r"\n[ \t\u00a0]*\n", text):
        collapsed = _INLINE_SPACE.sub(" ", block.replace("\n", " ")).strip()
        if collapsed:
            paragraphs.append(collapsed)
    return paragraphs


def _rough_sentences(paragraph: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(paragraph) if s.strip()]


def is_boilerplate(paragraph: str, repeated: Counter) -> bool:
    sentences = _rough_sentences(paragraph)
    noise = sum(
        len(s) for s in sentences if _STRONG.search(s) or (repeated[s] > 1 and _WEAK.search(s))
    )
    return noise >= BOILERPLATE_SHARE * len(paragraph)


def clean_text(raw: str) -> str:
    """The article's text without boilerplate: paragraphs joined by blank lines."""
    paragraphs = split_paragraphs(raw)
    repeated = Counter(s for p in paragraphs for s in _rough_sentences(p))
    kept: list[str] = []
    seen: set[str] = set()
    for paragraph in paragraphs:
        if paragraph in seen or is_boilerplate(paragraph, repeated):
            continue
        seen.add(paragraph)
        kept.append(paragraph)
    return "\n\n".join(kept)

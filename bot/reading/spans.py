"""The things in a sentence that can answer a question: amounts, percentages, numbers, durations,
dates, names and reasons — found by patterns, in nl, en, de and fr.

"How many seats?" is answered by a sentence with a number of seats the question does not already
name; "Who replaced X?" by a name other than X. :func:`answers` finds such spans, and the reader
scores sentences by whether they have one; the first of them leads the answer. Pure functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.question.vocabulary import (
    MONTHS,
    NOT_NAMES,
    NUMBER_WORDS,
    PARTICLES,
    RELATIVE_DAYS,
    ROLES,
    SCALES,
    TITLES,
    WEEKDAYS,
    WHOLE_WORD_ROLES,
)
from bot.question.words import fold, folded_words, mentions, number_values

_MONTH = "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True))
_WEEKDAY = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_NUMBER_WORD = "|".join(sorted((w for w in NUMBER_WORDS if w.isalpha()), key=len, reverse=True))
_SCALE = "|".join(sorted(SCALES, key=len, reverse=True))
_AMOUNT = rf"(?:\d[\d.,]*\d|\d)(?:\s*(?:{_SCALE})\b\.?)?"
_CURRENCY = r"(?:euro|euros|dollar|dollars|us-dollar|pond|pound|pounds|franken|francs?|yen|usd|eur)\b"
_UNITS = (r"seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|seconde[n]?|minuten|minuut|uur|uren|dag|"
          r"dagen|week|weken|maand|maanden|jaar|jaren|decennia|sekunden|minuten|stunden?|tage?n?|wochen?|monate?n?|"
          r"jahre?n?|jahrzehnte?|secondes?|heures?|jours?|semaines?|mois|ans|années?")
_PATTERNS = {
    "money": re.compile(rf"(?:US\$|[$€£]|\b(?:USD|EUR)\s?)\s?{_AMOUNT}|\b{_AMOUNT}\s*(?:[$€£]|{_CURRENCY})", re.I),
    "percent": re.compile(r"\b\d+(?:[.,]\d+)?\s*(?:%|procent\b|percent\b|per cent\b|prozent\b|pour cent\b)|"
                          r"\b(?:de |die |the |la )?(?:helft|half|hälfte|moitié|driekwart|three quarters|"
                          r"dreiviertel|trois quarts|twee derde|two thirds|zwei drittel|deux tiers)\b", re.I),
    "age": re.compile(r"\b\d{1,3}(?:-jarige?|-year-old|-jährige[nr]?|\s+(?:jaar oud|years old|jahre alt|ans))\b|"
                      r"(?<=[A-Za-z], )\d{1,3}(?=,)|"  # "32-jarige", "Bankman-Fried, 32,"
                      r"\b(?:at the age of|at age|aged?|im alter von|op (?:de )?leeftijd van)\s+\d{1,3}\b", re.I),
    "duration": re.compile(rf"\b(?:{_AMOUNT}|{_NUMBER_WORD}|een|an?|ein(?:e[nm]?)?|un(?:e)?)\s+(?:{_UNITS})\b|"
                           r"\b(?:since|sinds|seit|depuis)\s+(?:19|20)\d\d\b", re.I),
    "time": re.compile(rf"\b(?:(?:{_WEEKDAY}),?\s+)?[0-3]?\d\.?\s+(?:{_MONTH})\b\.?(?:,?\s+(?:19|20)\d\d)?|"
                       rf"\b(?:{_MONTH})\.?\s+[0-3]?\d(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d\d)?\b|"
                       rf"\b(?:(?:begin|eind|medio|half|early|late|mid|end of|anfang|ende|mitte|début|fin)\s+)?"
                       rf"(?:{_MONTH})\b(?:\s+(?:19|20)\d\d)?|\b(?:{_WEEKDAY})\b|\b(?:1\d|20)\d\d\b|"
                       r"\b(?:1\d|20)?\d0(?:s|'s|er(?: jahren?)?|er jaren)\b|"  # 1990s, 90er Jahren
                       r"\b\d{1,2}(?:st|nd|rd|th|e|de|\.)\s+(?:century|eeuw|jahrhunderts?|siècle)\b|"
                       rf"\b(?:{'|'.join(sorted(RELATIVE_DAYS, key=len, reverse=True))})\b", re.I),
    "number": re.compile(rf"\b{_AMOUNT}\b|\b(?:{_NUMBER_WORD})\b", re.I),
    "reason": re.compile(r"\b(?:because|due to|owing to|as a result of|the reason|caused by|so that|"
                         r"omdat|doordat|vanwege|wegens|want|daardoor|de reden|oorzaak|uit angst|"
                         r"weil|wegen|aufgrund|da er|da sie|der grund|denn|infolge|"
                         r"parce que|car|en raison de|à cause de|faute de)\b|"
                         # "om gezondheidsredenen", "for personal reasons", "aus gesundheitlichen Gründen"
                         r"\b\w*(?:redenen|reasons|gründen|raisons)\b|"
                         # what someone went after: "trad af na ophef over zijn declaraties", "after allegations"
                         r"\b(?:na|after|nach|après)\s+(?:\w+\s+)?(?:berichten|ophef|beschuldigingen|kritiek|"
                         r"onthullingen|reports|allegations|accusations|criticism|revelations|berichte?n?|"
                         r"vorwürfen|kritik|enthüllungen|révélations|critiques)\b", re.I),
}
_PLACE_BEFORE = re.compile(r"(?:\b(?:in|op|te|naar|uit|bij|at|near|from|to|nach|aus|im|bei|à|en|au|aux|"
                           r"vanuit|richting|landgoed|op het landgoed)\s+(?:de |het |the |der |die |das |den |le |la )?)$",
                           re.I)
_NAME_TOKEN = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
_MEASURE = re.compile(rf"(?:{_SCALE}|{_CURRENCY}|us-dollar)", re.I)  # "Milliarden US-Dollar" is no name


_ROLE_TOKEN = re.compile(r"[^\W\d_][\w-]*", re.UNICODE)
ROLE_REACH = 2  # words from a role to the name it goes with: "Judge Lewis Kaplan", "Zhao, de topman"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str
    kind: str


def _names(sentence: str, language: str) -> list[Span]:
    """Runs of capitalised words ("Dick Schoof", "Gom van Strien", "Alaska Airlines"). A lone
    capitalised word counts when it does not open the sentence, except in German, where every noun
    is capitalised: there only runs, acronyms (NTSB) and inner capitals (OpenAI) count."""
    found: list[Span] = []
    run: list[re.Match] = []

    def close() -> None:
        while run and fold(run[-1].group()) in PARTICLES:
            run.pop()
        if not run:
            return
        words = [m.group() for m in run]
        capitals = [w for w in words if fold(w) not in PARTICLES]
        marked = any(w.isupper() and len(w) > 1 or any(ch.isupper() for ch in w[1:]) for w in capitals)
        opening = run[0].start() == 0 or sentence[:run[0].start()].strip() in ("", "“", '"', "'", "‘", "„")
        enough = len(capitals) >= 2 or marked or (not opening and language != "de")
        if enough:
            end = run[-1].start() + len(run[-1].group().rstrip("."))
            found.append(Span(run[0].start(), end, sentence[run[0].start():end], "name"))
        run.clear()

    for match in _NAME_TOKEN.finditer(sentence):
        word = match.group().rstrip(".")
        gap = sentence[run[-1].end():match.start()] if run else ""
        if run and gap not in (" ", "-"):
            close()
        if word[:1].isupper() and fold(word) not in NOT_NAMES and len(word) > 1 and not _MEASURE.match(word):
            run.append(match)
        elif run and fold(word) in PARTICLES:
            run.append(match)
        else:
            close()
    close()
    return found


@lru_cache(maxsize=16384)
def spans(sentence: str, language: str) -> tuple[Span, ...]:
    """Every typed span of ``sentence``: money, percent, duration, time, number, reason, name,
    place (a name after a locative preposition) and person (a full name, or a name after a title)."""
    found = [Span(m.start(), m.end(), m.group().strip(), kind)
             for kind, pattern in _PATTERNS.items() for m in pattern.finditer(sentence)]
    for name in _names(sentence, language):
        found.append(name)
        before = sentence[max(0, name.start - 30):name.start]
        if _PLACE_BEFORE.search(before):
            found.append(Span(name.start, name.end, name.text, "place"))
        previous = before.split()[-1:] if before.strip() else []
        if len(name.text.split()) >= 2 or (previous and fold(previous[0]) in TITLES):
            found.append(Span(name.start, name.end, name.text, "person"))
    return tuple(found)


_PLURAL = ("s", "es", "en", "n")  # "lawyers", "rechters", "presidenten", "richtern"
_FOLDED_ROLES = {role: frozenset(map(fold, words)) for role, words in ROLES.items()}  # "präsident" as read


def _role_of(word: str) -> set[str]:
    folded = fold(word)
    singular = {folded} | {folded[:-len(end)] for end in _PLURAL if folded.endswith(end) and len(folded) > len(end) + 2}
    return {role for role, words in _FOLDED_ROLES.items()
            if any(form == w or form.endswith("-" + w) or form.endswith(w) and len(form) - len(w) >= 4
                   and w not in WHOLE_WORD_ROLES for w in words for form in singular)}


def roles(text: str) -> set[str]:
    """The roles ``text`` names: {"judge"} for "Welcher Richter hat ihn verurteilt?"."""
    return set().union(*(_role_of(m.group()) for m in _ROLE_TOKEN.finditer(text)))


def names_in_role(sentence: str, language: str, wanted: set[str], question: str) -> bool:
    """Does ``sentence`` name someone the question does not, within a few words of one of the
    ``wanted`` roles ("U.S. District Judge Lewis Kaplan" for "which judge")?"""
    words = list(_ROLE_TOKEN.finditer(sentence))
    at_role = [i for i, m in enumerate(words) if _role_of(m.group()) & wanted]
    if not at_role:
        return False
    found = spans(sentence, language)
    places = {s.start for s in found if s.kind == "place"}  # "a judge in New York" names no judge
    for span in found:
        if span.kind in ("person", "name") and span.start not in places and novel(span, question):
            inside = [i for i, m in enumerate(words) if span.start <= m.start() < span.end]
            if inside and any(min(abs(i - r) for i in inside) <= ROLE_REACH for r in at_role):
                return True
    return False


_ANSWERED_BY = {
    "money": ("money",), "percent": ("percent",), "age": ("age",), "time": ("time",),
    "duration": ("duration", "time"),  # "how long": "four hours", or "from 1870 to 1939"
    "number": ("number", "money", "percent", "duration"), "place": ("place",), "reason": ("reason",),
    "person": ("person", "name"), "name": ("name",),
}


_BEFORE_A_YEAR = re.compile(r"(?:\b(?:in|im|sinds|since|seit|van|from|tot|until|bis|of|uit|eind|begin|end|"
                            r"early|late|mid|voor|na|before|after|jaar|year|jahr|herfst|zomer|autumn|summer)|"
                            r"[a-zäöüé]{3,}ber|ari|ary|mei|may|juni|june|juli|july|august(?:us)?|märz|maart|march|"
                            r"april)\s+$", re.I)


def _year(span: Span, sentence: str) -> bool:
    """A bare year ("in 2019", "2019,") — not a count that looks like one ("2000 extra plekken")."""
    if not re.fullmatch(r"(?:19|20)\d\d", span.text):
        return False
    counted = re.match(r"\s+(?:extra\s+|more\s+|meer\s+|weitere\s+)?[^\W\d_]{3,}(?:en|s|e|n)\b", sentence[span.end:])
    return bool(_BEFORE_A_YEAR.search(sentence[:span.start])) or not counted


def novel(span: Span, question: str) -> bool:
    """Does ``span`` say something the question does not already say?"""
    if span.kind in ("number", "money", "percent", "age", "duration"):
        values = number_values(span.text)
        return bool(values - number_values(question)) or not values
    if span.kind == "reason":
        return True
    asked = folded_words(question)
    words = [w for w in span.text.split() if not w.isupper()] or span.text.split()  # "CTO Mira Murati" is Murati
    return not all(mentions(fold(w), asked) for w in folded_words(" ".join(words)) if w not in PARTICLES)


@lru_cache(maxsize=16384)  # the reader asks of each sentence, and of its neighbours, more than once
def answers(sentence: str, language: str, kind: str | None, question: str) -> tuple[Span, ...]:
    """The spans of ``sentence`` of a kind that answers a ``kind`` question and that the question
    does not already contain, the most fitting kind first ("who": a full name before any name), then
    in order of appearance; bare years do not answer "how many"."""
    if kind is None:
        return ()
    wanted = _ANSWERED_BY[kind]
    found = [s for s in spans(sentence, language) if s.kind in wanted and novel(s, question)]
    if kind == "number":
        found = [s for s in found if not _year(s, sentence)]
    if kind == "duration" and sum(s.kind == "time" for s in found) < 2:  # one day or year is no span of time
        found = [s for s in found if s.kind != "time"]
    unique = {(s.start, s.end): s for s in sorted(found, key=lambda s: wanted.index(s.kind), reverse=True)}
    return tuple(sorted(unique.values(), key=lambda s: (wanted.index(s.kind), s.start, -s.end)))

"""Does the passage state the same relation as the claim, not only the same names and numbers?

Two relations go wrong in practice and still read like their passage to an embedding model, with
every name and figure in place:

- **who succeeded whom.** "Mira Murati werd interim-CEO na Emmet Shear" has the passage's names
  and topic, but the passage says Shear succeeded Murati; "… na Mira Murati" names her on both sides.
- **what a figure counts, and whose it is.** "The board had 550 members" borrows the 550 employees
  who signed the letter; "550 of the 770" pairs a figure with another report's total; "OpenAI owns
  49 percent of Microsoft" turns the owner around.

Each relation is read from the claim and from the passage by a few patterns (en, nl, de, fr). A
succession the claim states must be one the passage states between the same two people ("Altman and
Brockman will be replaced by Microsoft CEO Satya Nadella", from a real local model, names only
people the passage has); a figure is refused when the passage states it *otherwise* — what a figure
counts that the patterns cannot read in the passage is left to the other checks. A claim that
contradicts itself is refused too. Pure functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.answering.llm.normalise import normalise
from bot.question.vocabulary import NOT_NAMES, NOT_UNITS, PARTICLES, TITLES
from bot.question.words import fold, number_values, same_word

_TOKEN = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)*|\d+(?:[.,]\d+)*|%|[^\w\s]", re.UNICODE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")

# Successor before the verb, predecessor after: "Shear succeeded Murati", "Shear volgde Murati op".
_ACTIVE = frozenset("succeeded succeeds succeed replaced replaces replacing ousted volgde volgt opvolgde verving "
                    "vervangt ersetzte ersetzt löste ablöste remplace remplaça remplacé succède succéda".split())
# Predecessor before, successor after: "Murati was succeeded by Shear", "zij werd opgevolgd door Shear".
_PASSIVE = re.compile(r"\b(?:succeeded|replaced|opgevolgd|vervangen|abgelöst|ersetzt|remplacée?|succédé)\s+"
                      r"(?:by|door|von|durch|par)\b", re.IGNORECASE)
# The predecessor right after these, the successor elsewhere in the sentence: "Shear became CEO after
# Murati", "opvolger van Murati".
_AFTER = re.compile(r"\b(?:after|na|nach|après|successor\s+(?:to|of)|opvolger\s+van|nachfolger(?:in)?\s+von|"
                    r"successeure?\s+de)\s+$", re.IGNORECASE)
# "after" says succession only in a sentence about a post.
_POST = re.compile(r"\b(?:became|becomes|become|werd|wordt|wurde|wird|devint|devenu|devenue|interim|ad interim|"
                   r"interims|intérim|took over|nam over|übernahm)\b|\w*(?:ceo|topman|chef|voorzitter|president)\b",
                   re.IGNORECASE)

# What a figure counts, by group; None-valued groups (people) fit any group of persons.
_GROUPS = {group: frozenset(words.split()) for group, words in {
    "staff": "employees employee staff staffers workers personnel medewerkers medewerker werknemers personeel "
             "personeelsleden mitarbeiter mitarbeitende mitarbeitenden beschäftigte angestellte employés salariés",
    "members": "members member leden lid bestuursleden mitglieder mitglied membres",
    "percent": "% percent per procent prozent pourcent pour",
    "seats": "seats zetels sitze sièges",
    "votes": "votes stemmen stimmen voix",
    "money": "euro euros dollar dollars pounds pond eur usd",
    "years": "years year jaar jaren jahre jahren jahr ans années",
}.items()}
_ANY_PERSONS = frozenset("people persons mensen personen menschen personnes".split())
# When a count of people names no group, the sentence may: those who signed, a board's members.
_SIGNING = frozenset("signed sign signing signatories signers ondertekend ondertekenden ondertekende ondertekenaars "
                     "tekenden getekend unterschrieben unterzeichnet unterzeichner signé signée signataires".split())
_BODY = re.compile(r"\b(?:on|in)\s+the\s+board\b|\bin\s+de\s+raad\b|\b(?:im|in\s+dem)\s+(?:vorstand|verwaltungsrat)\b|"
                   r"\bau\s+conseil\b", re.IGNORECASE)
_OF = frozenset("of van von de du des".split())
_ARTICLES = frozenset("the de het der die das den dem le la les l".split())


@dataclass(frozen=True)
class Figure:
    """A number as stated: what it counts (a group above, or None), the total it is part of ("550 of
    the 700"), and whose it is ("49 percent of OpenAI")."""

    value: str
    group: str | None
    total: str | None
    of: str | None


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(normalise(text))


def _is_name_word(token: str, first: bool) -> bool:
    letters = [ch for ch in token if ch.isalpha()]
    if len(letters) < 2 or not token[0].isupper() or fold(token) in NOT_NAMES or fold(token) in TITLES:
        return False
    if all(ch.isupper() for ch in letters):  # CEO, CTO, AI: titles and abbreviations, not people
        return False
    return not first or len(letters) > 3


def _names(tokens: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, folded surname) of each run of capitalised words ("Mira Murati", "Van der Berg");
    a word joined to a title is none ("Interims-CEO", "Twitch-topman")."""
    def name_word(j: int, first: bool) -> bool:
        titled = j + 2 < len(tokens) and tokens[j + 1] == "-" and (
            tokens[j + 2].isupper() or fold(tokens[j + 2]) in TITLES)
        return _is_name_word(tokens[j], first) and not titled

    found, i = [], 0
    while i < len(tokens):
        if name_word(i, i == 0):
            j = i + 1
            while j < len(tokens) and (name_word(j, False) or (
                    fold(tokens[j]) in PARTICLES and j + 1 < len(tokens) and name_word(j + 1, False))):
                j += 1
            found.append((i, j, re.sub(r"'s?$", "", fold(tokens[j - 1]))))
            i = j
        else:
            i += 1
    return found


def _same(a: str, b: str) -> bool:
    return same_word(a, b)


def _subject(tokens: list[str], names: list[tuple[int, int, str]], verb: int) -> tuple[int, int, str]:
    """The name a verb at ``verb`` is said of: the last one before it, passing over an apposition
    between commas ("Emmet Shear, de voormalige topman van Twitch, volgde …")."""
    end = verb
    if verb > 0 and tokens[verb - 1] == ",":
        opening = max((i for i in range(verb - 1) if tokens[i] == ","), default=None)
        if opening is not None and any(n[1] <= opening for n in names):
            end = opening
    return [n for n in names if n[1] <= end][-1]


def successions(text: str) -> list[tuple[str, str]]:
    """(predecessor, successor) surnames of each succession ``text`` states, per sentence."""
    pairs = []
    for sentence in _SENTENCE.split(text):
        tokens = _tokens(sentence)
        names = _names(tokens)
        if len(names) < 2:
            continue
        for i, token in enumerate(tokens):
            before = [n for n in names if n[1] <= i]
            after = [n for n in names if n[0] > i]
            prefix = " ".join(tokens[max(0, i - 3):i]) + " "
            if _PASSIVE.match(" ".join(tokens[i:i + 2])) and before and after:
                pairs.append((before[-1][2], after[0][2]))
            elif fold(token) in _ACTIVE and before and after:
                pairs.append((after[0][2], _subject(tokens, names, i)[2]))
            elif fold(token) in _ACTIVE and len(after) >= 2:  # "Toen volgde Murati Shear op": subject after the verb
                pairs.append((after[1][2], after[0][2]))
            elif any(n[0] == i for n in names) and _AFTER.search(prefix) and _POST.search(sentence):
                predecessor = next(n for n in names if n[0] == i)
                others = [n for n in names if n is not predecessor]
                if others:
                    pairs.append((predecessor[2], others[0][2]))
                else:
                    pairs.append((predecessor[2], predecessor[2]))
    return pairs


def _group(word: str) -> str | None:
    folded = fold(word)
    if folded in _ANY_PERSONS:
        return None
    return next((g for g, words in _GROUPS.items() if folded in words), None)


def figures(text: str) -> list[Figure]:
    """Each number of ``text`` with what it counts, its total and whose it is, where the text says."""
    return [figure for sentence in _SENTENCE.split(text) for figure in _sentence_figures(sentence)]


# Groups one person may belong to at once: employees who signed are signatories too.
_OVERLAPPING = frozenset({"staff", "signatories"})


def _compatible(a: str, b: str) -> bool:
    return a == b or {a, b} <= _OVERLAPPING


def _sentence_figures(sentence: str) -> list[Figure]:
    found = []
    tokens = _tokens(sentence)
    # a count of people that names no group of its own: the signatories, or a board's members
    context = ("members" if _BODY.search(sentence)
               else "signatories" if any(fold(t) in _SIGNING for t in tokens) else None)
    for i, token in enumerate(tokens):
        values = number_values(token)
        if not values or token in {"%"}:
            continue
        j, total = i + 1, None
        if j + 1 < len(tokens) and fold(tokens[j]) in _OF | {"out"}:  # "550 of the 700", "550 van de 700"
            k = j + 1 + (fold(tokens[j + 1]) == "of") if fold(tokens[j]) == "out" else j + 1
            k += k < len(tokens) and fold(tokens[k]) in _ARTICLES
            if k < len(tokens) and number_values(tokens[k]):
                total, j = next(iter(number_values(tokens[k]))), k + 1
        while j < len(tokens) and fold(tokens[j]) in NOT_UNITS - _OF and fold(tokens[j]) not in _ARTICLES:
            j += 1
        group = None
        for noun in (j, j + 1)[:1 + (j + 1 < len(tokens) and _group(tokens[j + 1]) is not None)]:
            if noun < len(tokens) and not number_values(tokens[noun]):  # "49 board seats": a word before the noun
                group, j = _group(tokens[noun]), noun
        of = None
        k = j + 1
        if k < len(tokens) and fold(tokens[k]) in _OF:
            k += 1 + (k + 1 < len(tokens) and fold(tokens[k + 1]) in _ARTICLES)
            names = _names(tokens[k:k + 4]) if k < len(tokens) else []
            if names and names[0][0] == 0:
                of = names[0][2]
        if group is None and not re.fullmatch(r"(?:19|20)\d\d", token):  # a year counts nobody
            group = context
        for value in values:
            found.append(Figure(value, group, total, of))
    return found


def self_contradiction(claim: str) -> str | None:
    """A claim that names one person on both sides of a succession says nothing true."""
    for before, after in successions(claim):
        if _same(before, after):
            return f"names {before} on both sides of a succession"
    return None


def conflict(claim: str, passage: str) -> str | None:
    """Why ``passage`` does not state the claim's succession, or states one of its figures otherwise;
    None when neither (a figure the patterns cannot read is left to the other checks)."""
    stated = successions(passage)
    for before, after in successions(claim):
        same = any(_same(before, b) and _same(after, a) for b, a in stated)
        reversed_ = any(_same(before, a) and _same(after, b) for b, a in stated)
        if reversed_ and not same:
            return f"the passage says {before} succeeded {after}, not the reverse"
        if not same:
            return f"the passage does not say {after} succeeded {before}"
    passage_figures = figures(passage)
    for figure in figures(claim):
        there = [f for f in passage_figures if f.value == figure.value]
        if not there:
            continue
        if figure.group and all(f.group and not _compatible(f.group, figure.group) for f in there):
            return f"{figure.value} counts {there[0].group} in the passage, not {figure.group}"
        if figure.total and all(f.total and f.total != figure.total for f in there):
            return f"{figure.value} is of {there[0].total} in the passage, not of {figure.total}"
        if figure.of and all(f.of and not _same(f.of, figure.of) for f in there):
            return f"{figure.value} is {there[0].of}'s in the passage, not {figure.of}'s"
    return None

"""What kind of answer a question asks for — an amount of money, a number, a person, a time — and whether a sentence
has one. A cheap, classic QA signal that sentence embeddings miss: "Hoeveel mensen…?" should quote
the sentence with "zes mensen", not the one that merely talks about the same people."""

from __future__ import annotations

import re

_NUMBER_QUESTION = re.compile(
    r"\b(how (many|much)|what (share|percentage|proportion|number)|hoeveel|hoe(veel| groot)|wie ?viele?|"
    r"wieviel|welcher anteil|combien|quel pourcentage|cuántos?|cuánto|quanti|quanto)\b", re.IGNORECASE)
_MONEY_QUESTION = re.compile(
    r"\b(cost|costs|price|kost|kostte|kostten|kosten|prijs|kostet|kostete|preis|coûte|coûté|prix|cuesta|costó)\b",
    re.IGNORECASE)
_CURRENCY = re.compile(r"[€$£¥]|\b(euros?|dollars?|pond|pounds?|franken|francs?|yen|usd|eur)\b", re.IGNORECASE)
_PERSON_QUESTION = re.compile(r"^\s*(who|whom|whose|wie|wer|wem|wen|qui|quién|chi)\b", re.IGNORECASE)
_TIME_QUESTION = re.compile(r"\b(when|what year|wanneer|welk jaar|wann|in welchem jahr|quand|cuándo|quando)\b",
                            re.IGNORECASE)
_NUMBER_WORDS = set(
    "one two three four five six seven eight nine ten eleven twelve twenty thirty hundred thousand million "
    "billion half dozen een twee drie vier vijf zes zeven acht negen tien elf twaalf twintig dertig honderd "
    "duizend miljoen miljard helft eins zwei drei vier fünf sechs sieben acht neun zehn zwölf zwanzig hundert "
    "tausend millionen milliarden hälfte un deux trois quatre cinq sept huit neuf dix cent mille million".split()
)
_MONTHS = set(
    "january february march april may june july august september october november december januari februari "
    "maart mei juni juli augustus oktober januar februar märz juni juli oktober dezember janvier février mars "
    "avril mai juin juillet août septembre octobre novembre décembre monday tuesday wednesday thursday friday "
    "saturday sunday maandag dinsdag woensdag donderdag vrijdag zaterdag zondag montag dienstag mittwoch "
    "donnerstag freitag samstag sonntag weekend gisteren yesterday today vandaag morgen tomorrow".split()
)
_WORDS = re.compile(r"\w+", re.UNICODE)
_FULL_NAME = re.compile(r"\b[A-Z][\w’'-]+ [A-Z][\w’'-]+")


def expected_type(question: str) -> str | None:
    """"money", "number", "person", "time", or None when the question does not say."""
    if _MONEY_QUESTION.search(question):
        return "money"
    if _NUMBER_QUESTION.search(question):
        return "number"
    if _TIME_QUESTION.search(question):
        return "time"
    if _PERSON_QUESTION.search(question):
        return "person"
    return None


def has_type(sentence: str, kind: str | None) -> bool:
    words = _WORDS.findall(sentence)
    lowered = {w.lower() for w in words}
    if kind == "money":
        return bool(_CURRENCY.search(sentence))
    if kind == "number":
        return any(w.isdigit() for w in words) or bool(lowered & _NUMBER_WORDS)
    if kind == "time":
        return any(len(w) == 4 and w.isdigit() for w in words) or bool(lowered & _MONTHS)
    if kind == "person":  # two capitalised words in a row, not opening the sentence: a full name
        return any(match.start() > 0 for match in _FULL_NAME.finditer(sentence))
    return False

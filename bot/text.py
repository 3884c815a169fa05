"""Words as newsbot's question and sentence analysis sees them: folded tokens and shared word lists.

One home for accent folding, tokenising, stemmed content words and the multilingual word lists
(numbers, scales, calendar words), so the reader, the relevance rule and the answer wording agree.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from index.dates import MONTHS
from index.keyword import analyze
from index.language import FUNCTION_WORDS

WORD = re.compile(r"[\w’']+", re.UNICODE)
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")

# Number words in the languages newsbot words answers in; a vague count ("dozens", "viertal") is a
# number without a value (None). Words that are also articles ("een", "one", "un") are apart: they
# count only where an extra number merely forgives (a passage checked for a claim's numbers).
_COUNTING = {
    "en": "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
          "fifteen sixteen seventeen eighteen nineteen twenty",
    "nl": "nul een twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien "
          "zestien zeventien achttien negentien twintig",
    "de": "null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn "
          "fünfzehn sechzehn siebzehn achtzehn neunzehn zwanzig",
    "fr": "zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze "
          "seize dix-sept dix-huit dix-neuf vingt",
}
ARTICLE_NUMBER_WORDS = {"one": 1, "een": 1, "ein": 1, "eine": 1, "un": 1, "une": 1, "nul": 0, "null": 0}
NUMBER_WORDS: dict[str, int | None] = {
    **{word: value for words in _COUNTING.values() for value, word in enumerate(words.split())
       if word not in ARTICLE_NUMBER_WORDS},
    **dict.fromkeys(("thirty", "dertig", "dreißig"), 30),
    **dict.fromkeys(("hundred", "honderd", "hundert", "cent"), 100),
    **dict.fromkeys(("thousand", "duizend", "tausend", "mille"), 1000),
    **dict.fromkeys(("once", "eenmaal", "einmal"), 1), **dict.fromkeys(("twice", "tweemaal", "zweimal"), 2),
    **dict.fromkeys(("thrice", "driemaal", "dreimal"), 3),
    **dict.fromkeys(("dozen", "twintigtal", "tiental", "viertal", "tientallen", "dutzend", "dozens", "hundreds",
                     "thousands", "honderden", "duizenden", "dutzende", "hunderte", "tausende"), None),
}
SCALES = frozenset("million millions billion billions bn mln miljoen miljoenen miljard miljarden mld mrd "
                   "million millionen milliarde milliarden milliard milliards trillion biljoen".split())
FRACTIONS = frozenset("half helft hälfte moitié quarter kwart viertel quart third derde drittel tiers "
                      "driekwart dreiviertel majority meerderheid mehrheit majorité".split())
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday maandag dinsdag woensdag donderdag "
                     "vrijdag zaterdag zondag montag dienstag mittwoch donnerstag freitag samstag sonntag lundi mardi "
                     "mercredi jeudi vendredi samedi dimanche".split())
RELATIVE_DAYS = frozenset("today yesterday tomorrow tonight vandaag gisteren morgen gisteravond vanavond vannacht "
                          "eergisteren heute gestern morgen aujourd'hui hier demain".split())
CALENDAR = frozenset(MONTHS) | WEEKDAYS
# Capitalised words that are never names: calendar words, and the usual sentence openers, pronouns,
# question words and prepositions.
NOT_NAMES = CALENDAR | frozenset("""
de het een the a an der die das ein eine le la les un une dit dat deze die this that these those
hij zij ze wij we het er ik je jij u he she it they we you i his her its their ich er sie es wir il elle ils nous
maar en of ook volgens and but or also according und aber oder auch laut et mais ou aussi selon yes no
in op bij na met voor door over in on at by for from with after before however about
im am nach mit für von über dans sur avec pour
wie wat waar wanneer waarom hoe welk welke who what where when why how which
wer was wo wann warum welcher welches welchen welchem qui que quoi où quand pourquoi quel quelle comment
""".split())


def fold(text: str) -> str:
    """Lower case without accents, curly apostrophes straightened: "Brüssel" ~ "brussel"."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    """Words as written (case kept), possessive ``'s`` and stray apostrophes removed."""
    found = []
    for token in WORD.findall(text):
        token = re.sub(r"['’]s$", "", token).strip("'’")
        if token:
            found.append(token)
    return found


@lru_cache(maxsize=16384)
def folded_words(text: str) -> frozenset[str]:
    return frozenset(fold(t) for t in tokens(text))


_FUNCTION = frozenset().union(*FUNCTION_WORDS.values()) | frozenset(
    "also just more most much many very some any each other such only own same so than too can will "
    "ook nog wel al maar meer zeer veel weer even echter auch noch schon nur mehr sehr viel aussi plus très "
    "did got get gets go goes went going deed doet doen gedaan kreeg krijgt krijgen gaat gaan ging zit zitten "
    "erover ervan daarover eigenlijk lang hatte wurde wird werden geht ging bekommen fait".split())


@lru_cache(maxsize=8192)
def content_stems(text: str, language: str) -> frozenset[str]:
    """Stemmed words in ``language``'s analysis (the keyword index's), without the function words of
    any language newsbot knows ("how", "much", "does", "hoeveel", "wie"): the words that carry meaning."""
    words = " ".join(t for t in tokens(text) if t.lower() not in _FUNCTION)
    return frozenset(analyze(words, language))


def number_values(text: str, include_articles: bool = False) -> set[str]:
    """Numbers as digits without separators ("1,000" = "1.000" = "1000"), and the values of number
    words ("zes" = "six" = "6"); with ``include_articles``, also of "een", "one", "un"."""
    found = {re.sub(r"[.,]", "", m.group()).lstrip("0") or "0" for m in NUMBER.finditer(text)}
    words = NUMBER_WORDS | ARTICLE_NUMBER_WORDS if include_articles else NUMBER_WORDS
    found |= {str(value) for w in folded_words(text) if (value := words.get(w)) is not None}
    return found


def same_word(a: str, b: str) -> bool:
    """Folded words equal, or one the other plus a short ending ("Altmans" ~ "Altman", "Brussels")."""
    return a == b or (min(len(a), len(b)) >= 4 and abs(len(a) - len(b)) <= 2 and (a.startswith(b) or b.startswith(a)))


def mentions(word: str, words: set[str]) -> bool:
    """Is the folded ``word`` among ``words``, allowing a short inflection?"""
    return word in words or (len(word) >= 4 and any(same_word(word, w) for w in words))

"""Words as newsbot's question and sentence analysis sees them: folded tokens, stems and number values.

One home for accent folding, tokenising, stemmed content words and reading numbers, so the reader,
the relevance rule and the answer wording agree; the word lists they read are in vocabulary.py.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.question.vocabulary import ARTICLE_NUMBER_WORDS, FUNCTION_WORDS_ANY, NUMBER_WORDS
from index.keyword import analyze, fold

WORD = re.compile(r"[\w’']+", re.UNICODE)
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


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


@lru_cache(maxsize=8192)
def content_stems(text: str, language: str) -> frozenset[str]:
    """Stemmed words in ``language``'s analysis (the keyword index's), without the function words of
    any language newsbot knows ("how", "much", "does", "hoeveel", "wie"): the words that carry meaning."""
    words = " ".join(t for t in tokens(text) if t.lower() not in FUNCTION_WORDS_ANY)
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

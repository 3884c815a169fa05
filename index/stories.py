"""Stories: articles grouped by the names they share, as they are indexed.

News tells one story over many reports, and similarity ranks its many early reports above the few
later ones, so a question about the present ("who leads it now?") must be able to read a story's
newest reports, not only its most similar passages. Each new article joins the story whose reports
share most of its distinctive names (weighted by how rare each name is across the catalogue), or
starts one: O(its names), never a re-clustering. The catalogue stores membership and each
article's date as known (index/dates.py), so "the newest reports of this story" is one query.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping

from index.keyword import fold

NAMES_KEPT = 24  # an article's most mentioned names: enough to place it, few enough to stay O(1)
JOIN_SHARE = 0.1  # share of the article's name weight a story must hold for the article to join it
MIN_SHARED = 2  # …and at least this many names in common: one shared name is a neighbour, not the story
COMMON_NAME = 200  # a name in more articles than this is not looked up when placing one (it says little)

_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”«»]\s+|\n)\s*$")
_TOKEN = re.compile(r"[^\W_][\w’'-]*[^\W_]|[^\W\d_]", re.UNICODE)
# Capitalised words that say when or what kind, not who or what: never a story's name.
_NOT_NAMES = frozenset("""
    de het een the a an der die das ein eine le la les il lo een dit dat deze die this that these those
    maandag dinsdag woensdag donderdag vrijdag zaterdag zondag monday tuesday wednesday thursday friday
    saturday sunday montag dienstag mittwoch donnerstag freitag samstag sonntag januari februari maart april
    mei juni juli augustus september oktober november december january february march may june july august
    october januar februar märz juni juli oktober dezember ik hij zij wij ze je u i he she we they it er sie
    wir es in op aan bij met voor na van uit over on at by with for after of from about im am mit für nach
    von aus über en and und et of or oder maar but aber ook also auch mr mrs ms dr prof
""".split())


def names(text: str) -> Counter[str]:
    """The article's names — capitalised words not opening a sentence ("Omtzigt", "Bankman-Fried",
    "FTX"), folded — with how often it mentions each; its most mentioned NAMES_KEPT."""
    found: Counter[str] = Counter()
    for match in _TOKEN.finditer(text):
        word = match.group()
        if not word[0].isupper() or _SENTENCE_START.search(text, max(0, match.start() - 3), match.start()):
            continue
        folded = fold(word).strip("'-")
        if len(folded) > 1 and folded not in _NOT_NAMES and not folded.isdigit():
            found[folded] += 1
    return Counter(dict(found.most_common(NAMES_KEPT)))


PRIOR_ARTICLES = 50  # a small catalogue's names are not all common: rarity counts as if it held this many more


def rarity(frequency: int, articles: int) -> float:
    """How much a shared name says two reports are one story: rare names say more."""
    return math.log((articles + PRIOR_ARTICLES) / (frequency + 0.5))


def choose_story(article_names: Mapping[str, int], stories: Mapping[str, set[str]],
                 frequency: Mapping[str, int], articles: int) -> str | None:
    """The story (of ``stories``: id → the names its reports share with this article) the article
    joins, or None for a new one. ``frequency``: in how many articles each name occurs."""
    weight = {name: count * rarity(frequency.get(name, 0), articles) for name, count in article_names.items()}
    total = sum(w for w in weight.values() if w > 0)
    if not total:
        return None
    best, best_share = None, 0.0
    for story, shared in stories.items():
        share = sum(max(weight[name], 0.0) for name in shared) / total
        if len(shared) >= MIN_SHARED and share >= JOIN_SHARE and share > best_share:
            best, best_share = story, share
    return best

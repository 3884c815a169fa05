"""Language identification for articles and (short) questions.

py3langid alone misreads short questions ("Wie is Emmett Shear?" → en), so for short texts the
vote of common function words decides, and the statistical model breaks ties.
"""

from __future__ import annotations

import re
from functools import lru_cache

SUPPORTED = ("en", "nl", "de", "fr", "es", "it", "pt")

_FUNCTION_WORDS = {
    "en": "the a an of to in on and or is are was were be been do does did what who whom whose which when "
    "where why how many much this that these those with from by for about after before he she it they "
    "his her their has have had not can could will would should",
    "nl": "de het een van te in op en of is zijn was waren wie wat welk welke wanneer waar waarom hoe "
    "hoeveel dit dat deze die met door voor over na naar hij zij ze haar hun heeft hebben had niet "
    "kan kon zal zou werd worden wordt er ook nog bij om",
    "de": "der die das ein eine einer eines dem den des und oder ist sind war waren wer was welche "
    "welcher welches wann wo warum wie viele dieser diese dieses mit von durch für über nach er sie "
    "es ihr ihre hat haben hatte nicht kann konnte wird wurde wurden auch noch bei zu im",
    "fr": "le la les un une des du de et ou est sont était qui que quoi quel quelle quels quelles quand "
    "où pourquoi comment combien ce cette ces avec par pour sur après il elle ils elles leur a ont "
    "avait ne pas peut sera été au aux",
    "es": "el la los las un una de del y o es son era quién qué cuál cuándo dónde por qué cómo cuántos "
    "este esta estos con para sobre después él ella ellos su tiene tienen no puede fue",
    "it": "il lo la i gli le un una di del della e o è sono era chi che cosa quale quando dove perché "
    "come quanti questo questa con per su dopo lui lei loro suo ha hanno non può fu",
    "pt": "o a os as um uma de do da e ou é são era quem que qual quando onde por que como quantos este "
    "esta com para sobre depois ele ela eles seu tem têm não pode foi",
}
FUNCTION_WORDS = {lang: frozenset(words.split()) for lang, words in _FUNCTION_WORDS.items()}
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
SHORT_TEXT_WORDS = 12


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import _load_identifier

    return _load_identifier(norm_probs=True, langs=list(SUPPORTED))


def _function_word_vote(words: list[str]) -> str | None:
    """The language with strictly the most function words among ``words``, if any."""
    counts = {lang: sum(word in vocab for word in words) for lang, vocab in FUNCTION_WORDS.items()}
    ranked = sorted(counts.items(), key=lambda item: item[1], reverse=True)
    best, runner_up = ranked[0], ranked[1]
    return best[0] if best[1] > runner_up[1] else None


UNDETERMINED = "und"
ARTICLE_CONFIDENCE = 0.8


@lru_cache(maxsize=1)
def _open_identifier():
    from py3langid.langid import _load_identifier

    return _load_identifier(norm_probs=True)


def detect_article_language(text: str) -> str:
    """ISO 639-1 code of a whole article among all ~100 languages langid knows, else ``und``."""
    language, confidence = _open_identifier().classify(text[:20_000])
    known = confidence >= ARTICLE_CONFIDENCE and language != "zxx"  # zxx: "no linguistic content"
    return language if known else UNDETERMINED


def detect_language(text: str, default: str = "en") -> str:
    """ISO 639-1 code of ``text`` among :data:`SUPPORTED`; ``default`` when there is no signal."""
    words = [word.lower() for word in _TOKEN.findall(text)]
    if not words:
        return default
    if len(words) <= SHORT_TEXT_WORDS:
        voted = _function_word_vote(words)
        if voted:
            return voted
    language, confidence = _identifier().classify(text)
    if len(words) <= SHORT_TEXT_WORDS and confidence < 0.5:
        return default
    return language

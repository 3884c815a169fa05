"""Sentence-aware chunks that know their character span in the cleaned text.

Sentences are the unit of quoting, so chunks are whole sentences; a chunk prefers to end at a
paragraph break once it is reasonably long, and never grows past ``max_chars`` (about 300
multilingual-e5 tokens at the default, well inside its 512-token window).
"""

from __future__ import annotations

import re
from functools import cache

from index.articles import Article, Chunk

_PYSBD_LANGUAGES = {"en", "nl", "de", "fr", "es", "it", "da", "pl", "ru", "el", "ar", "zh", "ja"}
_FALLBACK_SPLIT = re.compile(r"(?<=[.!?…])[\"'”»)]*\s+")
_PARAGRAPH = re.compile(r"[^\n]+")
# pysbd's Dutch rules split after common abbreviations ("dhr. Jansen", "5 mln. euro"), which
# would make half-sentence quotes. Titles always precede a name; the others only continue a
# sentence when the next piece starts in lower case or with a digit ("enz." often ends one).
_TITLES = {"nl": {"dhr", "mevr", "mw", "dr", "drs", "prof", "ir", "ing", "mr", "st"}, "de": {"hr", "fr", "dr", "prof"}}
_ABBREVIATIONS = {"nl": {"ca", "mln", "mld", "mrd", "nr", "blz", "bijv", "enz", "jl", "vs", "resp", "evt", "incl",
                         "excl", "max", "min", "o.a", "e.d", "i.p.v", "t.o.v", "m.b.t", "d.w.z", "m.n", "a.s", "z.g"}}
_LAST_WORD = re.compile(r"(?:^|[\s(])([^\s(]+)\.\s*$")
MAX_CHUNK_CHARS = 1200
SOFT_CHUNK_CHARS = 500
HEADING_MAX_CHARS = 100


@cache
def _segmenter(language: str):
    import pysbd

    return pysbd.Segmenter(language=language if language in _PYSBD_LANGUAGES else "en", clean=False)


def _split_long(start: int, end: int, text: str, max_chars: int) -> list[tuple[int, int]]:
    """Cut a run-on "sentence" longer than ``max_chars`` at spaces."""
    spans = []
    while end - start > max_chars:
        cut = text.rfind(" ", start, start + max_chars)
        cut = cut if cut > start else start + max_chars
        spans.append((start, cut))
        start = cut + 1 if text[cut:cut + 1] == " " else cut
    spans.append((start, end))
    return spans


def _paragraph_sentences(paragraph: str, language: str) -> list[str]:
    try:
        pieces = _segmenter(language).segment(paragraph)
    except Exception:  # pysbd has regex corner cases; a plain split is a safe fallback
        pieces = None
    if not pieces or "".join(pieces).replace(" ", "") != paragraph.replace(" ", ""):
        pieces = _FALLBACK_SPLIT.split(paragraph)
    return _rejoin_abbreviations(pieces, language)


def _rejoin_abbreviations(pieces: list[str], language: str) -> list[str]:
    """Glue a piece that ends in an abbreviation to the piece that continues its sentence."""
    titles, others = _TITLES.get(language, set()), _ABBREVIATIONS.get(language, set())
    joined: list[str] = []
    for piece in pieces:
        if joined and (last := _LAST_WORD.search(joined[-1])):
            word, following = last.group(1).lower(), piece.lstrip()[:1]
            if word in titles or (word in others and (following.islower() or following.isdigit())):
                joined[-1] += piece
                continue
        joined.append(piece)
    return joined


def chunk_sentences(text: str, start: int, language: str) -> tuple[tuple[int, int], ...]:
    """Sentence spans of a passage ``text`` found at ``start`` in its article (for chunks stored
    before sentences were recorded)."""
    return tuple((start + s, start + e) for s, e, _ in sentence_spans(text, language))


def sentence_spans(
    text: str, language: str = "en", max_chars: int = MAX_CHUNK_CHARS
) -> list[tuple[int, int, bool]]:
    """(start, end, starts_paragraph) of every sentence, stripped of surrounding whitespace."""
    spans = []
    for paragraph in _PARAGRAPH.finditer(text):
        cursor, first = paragraph.start(), True
        for piece in _paragraph_sentences(paragraph.group(), language):
            stripped = piece.strip()
            if not stripped:
                continue
            start = text.find(stripped, cursor, paragraph.end())
            if start < 0:  # the segmenter altered the text; never guess offsets
                continue
            end = start + len(stripped)
            for sub_start, sub_end in _split_long(start, end, text, max_chars):
                spans.append((sub_start, sub_end, first))
                first = False
            cursor = end
    return spans


def _is_heading(text: str, start: int, end: int) -> bool:
    """A short one-line paragraph without closing punctuation, like "Drie bestuursleden"."""
    whole_paragraph = (start == 0 or text[start - 1] == "\n") and text[end:end + 1] in ("", "\n")
    return whole_paragraph and end - start <= HEADING_MAX_CHARS and text[end - 1] not in ".!?:;\"'”»…)"


def chunk_article(
    article: Article, max_chars: int = MAX_CHUNK_CHARS, soft_chars: int = SOFT_CHUNK_CHARS
) -> list[Chunk]:
    """Pack sentences into chunks of at most ``max_chars``, breaking at paragraphs when long enough.

    A heading opens a new chunk, so it stays with the paragraphs it introduces.
    """
    text = article.text
    groups: list[list[tuple[int, int]]] = []
    for start, end, starts_paragraph in sentence_spans(text, article.language, max_chars):
        if groups:
            current = groups[-1]
            length = end - current[0][0]
            current_length = current[-1][1] - current[0][0]
            paragraph_break = starts_paragraph and (
                current_length >= soft_chars
                or (_is_heading(text, start, end) and current_length >= HEADING_MAX_CHARS)
            )
            if length <= max_chars and not paragraph_break:
                current.append((start, end))
                continue
        groups.append([(start, end)])
    return [
        Chunk(article.article_id, seq, group[0][0], group[-1][1], text[group[0][0]:group[-1][1]], tuple(group))
        for seq, group in enumerate(groups)
    ]

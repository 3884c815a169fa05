"""When was an article published, and how is it known? From its header, else its URL, else a date
stamp in its text; else undated, with the latest date its text refers to as a lower bound.

News pages carry dates of several kinds. A file's ``date`` header is what the page said — but an
archive often stores the date it crawled or last updated the page, not when it was written. The
URL's date (``/2024/07/31/…``) and a stamp at the top of the text ("March 28, 2024", "Gepubliceerd
op 12 maart 2024") were written with the article, so when the header is later than either, the
header is a crawl date and the earlier one wins. Dates of events the text recounts ("the record of
25 July 2019") are never its publication date; one near the top, earlier than the header, still
shows the header to be a crawl date, and the article is undated (an event it announces would make
it look later than it is). An undated article that carries agency copy an outlet dated is dated by
the earliest such outlet (the catalogue finds them by :func:`copy_digests`). Pure functions.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

# Month names (and common abbreviations) in the languages newsbot words answers in.
MONTHS = {
    **dict.fromkeys(("january", "januari", "januar", "janvier", "jan"), 1),
    **dict.fromkeys(("february", "februari", "februar", "février", "fevrier", "feb", "febr"), 2),
    **dict.fromkeys(("march", "maart", "märz", "maerz", "mars", "mar", "mrt"), 3),
    **dict.fromkeys(("april", "avril", "apr"), 4),
    **dict.fromkeys(("may", "mei", "mai"), 5),
    **dict.fromkeys(("june", "juni", "juin", "jun"), 6),
    **dict.fromkeys(("july", "juli", "juillet", "jul"), 7),
    **dict.fromkeys(("august", "augustus", "août", "aout", "aug"), 8),
    **dict.fromkeys(("september", "septembre", "sep", "sept"), 9),
    **dict.fromkeys(("october", "oktober", "octobre", "oct", "okt"), 10),
    **dict.fromkeys(("november", "novembre", "nov"), 11),
    **dict.fromkeys(("december", "dezember", "décembre", "decembre", "dec", "dez"), 12),
}
_MONTH = "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True))
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_TEXT_DATES = [
    re.compile(rf"\b(?P<day>[0-3]?\d)\.?\s+(?P<month>{_MONTH})\.?,?\s+{_YEAR}\b", re.IGNORECASE),  # 28 March 2024
    re.compile(rf"\b(?P<month>{_MONTH})\.?\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_YEAR}-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),  # 2024-03-28
]
_URL_DATES = [
    re.compile(r"/(?P<year>(?:19|20)\d\d)[/-](?P<month>[01]?\d)[/-](?P<day>[0-3]?\d)(?:/|[-_]|$)"),
    re.compile(r"/(?P<year>(?:19|20)\d\d)(?P<month>[01]\d)(?P<day>[0-3]\d)(?:/|[-_]|$)"),
    re.compile(r"/(?P<year>(?:19|20)\d\d)/(?P<month>[01]?\d)/"),
]
# A stamp may also sit further down, after a word that says what it is.
_STAMP_WORDS = re.compile(
    r"\b(published|updated|posted|gepubliceerd|bijgewerkt|aangepast|geplaatst|veröffentlicht|aktualisiert|"
    r"publié|mis à jour)\b[^\n\d]{0,20}", re.IGNORECASE)
DATELINE_CHARS = 400
_STAMP_TAIL = re.compile(r"\s*(?:[,|·–—-]?\s*\d{1,2}[:.]\d\d(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*[A-Z]{2,4})?)?\s*[|·–—-]?\s*")


def _iso(match: re.Match) -> str | None:
    """``YYYY-MM-DD`` (or ``YYYY-MM`` without a day) from a match, if it is a real calendar date."""
    parts = match.groupdict()
    month = parts["month"]
    month_number = int(month) if month.isdigit() else MONTHS.get(month.lower().rstrip("."))
    if not month_number or not 1 <= month_number <= 12:
        return None
    day = parts.get("day")
    if day is None:
        return f"{parts['year']}-{month_number:02d}"
    if not 1 <= int(day) <= 31:
        return None
    return f"{parts['year']}-{month_number:02d}-{int(day):02d}"


def date_in_url(url: str | None) -> str | None:
    """The date a news URL carries in its path (``/2024/07/31/``, ``/20240731-``, ``/2024/07/``)."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.IGNORECASE)
    for pattern in _URL_DATES:
        for match in pattern.finditer(path):
            if found := _iso(match):
                return found
    return None


def _first_date(text: str) -> str | None:
    found = [(m.start(), iso) for p in _TEXT_DATES for m in p.finditer(text) if (iso := _iso(m))]
    return min(found)[1] if found else None


def _on_its_own(text: str, match: re.Match) -> bool:
    """A date that begins or ends its line ("February 6, 2024, 3:36 PM", "… pic.twitter.com/x
    March 28, 2024"): a stamp, not a date in a sentence ("De rechter bepaalt die op 24 maart 2024.")."""
    line_start = text.rfind("\n", 0, match.start()) + 1
    line_end = text.find("\n", match.end())
    before = text[line_start:match.start()].strip()
    after = text[match.end():len(text) if line_end < 0 else line_end]
    return not before or before.split()[-1].startswith(("pic.", "http")) or bool(_STAMP_TAIL.fullmatch(after))


def date_stamp(text: str) -> str | None:
    """The article's own date in its text: near the top, a full date on its own (a dateline, an
    embedded post's date); anywhere, one right after "published"/"gepubliceerd"/…."""
    for match in _STAMP_WORDS.finditer(text):
        if found := _first_date(text[match.end():match.end() + 40]):
            return found
    top = text[:DATELINE_CHARS]
    found = [(m.start(), iso) for p in _TEXT_DATES for m in p.finditer(top) if _on_its_own(top, m) and (iso := _iso(m))]
    return min(found)[1] if found else None


def _month(date: str) -> str:
    return date[:7]


@dataclass(frozen=True)
class Dating:
    """An article's publication date and how it is known (``source``: header, url, metadata, text;
    None when undated); for an undated article, ``not_before``: the latest full date its text
    refers to, a lower bound and never shown as its date."""

    date: str | None
    source: str | None
    not_before: str | None = None


# Words that make a sentence look ahead: a date in it may be an event still to come ("De rechter
# bepaalt die op 24 maart 2024", "the hearing is set for …"), so it bounds nothing.
_LOOKS_AHEAD = re.compile(
    r"\b(will|shall|'ll|is due|are due|set to|set for|scheduled|expected|next|upcoming|"
    r"zal|zullen|gaat|gaan|bepaalt|beslist|volgt|verwacht|gepland|volgende|komende|uiterlijk|"
    r"wird|werden|soll|sollen|plant|geplant|erwartet|nächste[nmrs]?|kommende[nmrs]?)\b", re.IGNORECASE)


def _sentence_around(text: str, match: re.Match) -> str:
    start = max(text.rfind(stop, 0, match.start()) for stop in (". ", "! ", "? ", "\n")) + 1
    ends = [i for stop in (". ", "! ", "? ", "\n") if (i := text.find(stop, match.end())) >= 0]
    return text[start:min(ends, default=len(text))]


def latest_date_mentioned(text: str) -> str | None:
    """The latest full calendar date (with its year) that ``text`` refers to as past or present:
    one in a sentence that looks ahead is left out, as it may be later than the text itself."""
    found = [iso for p in _TEXT_DATES for m in p.finditer(text)
             if (iso := _iso(m)) and not _LOOKS_AHEAD.search(_sentence_around(text, m))]
    return max(found) if found else None


def dating(header: str | None, url: str | None, text: str) -> Dating:
    """The best publication date and where it came from: the header (a file's ``date`` line or a
    page's metadata) unless the URL or the text's stamp is earlier (then the header is a crawl or
    update date); without a header, the URL's date, else the stamp; else undated, with the lower
    bound the text gives."""
    candidates = [(d, kind) for d, kind in ((date_in_url(url), "url"), (date_stamp(text), "text")) if d]
    if not header:
        if candidates:
            return Dating(*candidates[0])
        return Dating(None, None, latest_date_mentioned(text))
    earlier = [c for c in candidates if _month(c[0]) < _month(header)]
    if earlier:
        return Dating(*min(earlier))
    told = _first_date(text[:DATELINE_CHARS])
    if told and _month(told) < _month(header):
        # a date near the top, in a sentence, before the header's: the header is a crawl or update
        # date, and a date in a sentence may be an event's, so the article is undated
        return Dating(None, None, latest_date_mentioned(text))
    sharper = [c for c in candidates if c[0].startswith(header) and len(c[0]) > len(header)]  # 2024-03 → 2024-03-28
    return Dating(*sharper[0]) if sharper else Dating(header, "header")


def provenance(date: str | None, url: str | None, text: str, source: str) -> Dating:
    """How a stored article's date is known, recovered from what :func:`dating` chose from: the
    URL's date, the text's stamp, else the header — a fetched or HTML page's metadata, a file's
    ``date`` line. Undated: the lower bound its text gives."""
    if not date:
        return Dating(None, None, latest_date_mentioned(text))
    if date == date_in_url(url):
        return Dating(date, "url")
    if date == date_stamp(text):
        return Dating(date, "text")
    page = source.startswith(("http://", "https://")) or source.lower().endswith((".html", ".htm"))
    return Dating(date, "metadata" if page else "header")


# Agency copy: outlets carry the same agency sentences word for word, give or take punctuation. A
# sentence of at least COPY_WORDS words is fingerprinted by its last COPY_WORDS; articles sharing
# COPY_SHARED fingerprints carry the same copy, and an undated one is dated by its earliest dated carrier.
COPY_WORDS = 8
COPY_SHARED = 2
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def copy_digests(text: str) -> set[str]:
    """Fingerprints of the long sentences of ``text``, the same for the same words in any outlet."""
    digests = set()
    for sentence in _SENTENCE_END.split(text):
        plain = unicodedata.normalize("NFKD", sentence).encode("ascii", "ignore").decode().casefold()
        words = re.findall(r"\w+", plain)
        if len(words) >= COPY_WORDS:  # its last words: a dateline ("WESTERDORP (ANP) -") leads, it never ends
            digests.add(hashlib.blake2b(" ".join(words[-COPY_WORDS:]).encode(), digest_size=8).hexdigest())
    return digests

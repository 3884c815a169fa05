"""When was an article published? From its header, else its URL, else a date stamp in its text.

News pages carry dates of several kinds. A file's ``date`` header is what the page said — but an
archive often stores the date it crawled or last updated the page, not when it was written. The
URL's date (``/2024/07/31/…``) and a stamp at the top of the text ("March 28, 2024", "Gepubliceerd
op 12 maart 2024") were written with the article, so when the header is later than either, the
header is a crawl date and the earlier one wins. Dates of events the text recounts ("the record of
25 July 2019") are not publication dates and are never used. Pure functions.
"""

from __future__ import annotations

import re

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


def date_stamp(text: str) -> str | None:
    """The article's own date in its text: a full date near the top (a dateline, an embedded post's
    date), or one right after "published"/"gepubliceerd"/… anywhere."""
    for match in _STAMP_WORDS.finditer(text):
        if found := _first_date(text[match.end():match.end() + 40]):
            return found
    return _first_date(text[:DATELINE_CHARS])


def _month(date: str) -> str:
    return date[:7]


def publication_date(header: str | None, url: str | None, text: str) -> str | None:
    """The best publication date: the header unless the URL or the text's stamp is earlier (then
    the header is a crawl or update date); without a header, the URL's date, else the stamp."""
    written = [d for d in (date_in_url(url), date_stamp(text)) if d]
    if not header:
        return written[0] if written else None
    earlier = [d for d in written if _month(d) < _month(header)]
    if earlier:
        return min(earlier)
    sharper = [d for d in written if d.startswith(header) and len(d) > len(header)]  # 2024-03 → 2024-03-28
    return sharper[0] if sharper else header

"""Read article files (.txt, .md, .html, .json) into :class:`Article` objects.

Every way a file can be unusable (empty, binary, an encoding we cannot tell, no text left
after cleaning) raises :class:`NewsbotError` with a one-line reason naming the file.
"""

from __future__ import annotations

import json
import os
import re
import stat
import unicodedata
from pathlib import Path

from index.articles import Article, article_id_for
from index.cleaning import clean_text
from index.dates import dating
from index.errors import NewsbotError
from index.language import UNDETERMINED, detect_article_language
from index.links import web_link

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".json")
MAX_ARTICLE_BYTES = 20_000_000
TITLE_MAX_CHARS = 100

_DATE_HEADER = re.compile(r"\A\s*date:?[ \t]+(\d{4}-\d{2}(?:-\d{2})?)\b[ \t]*\n?", re.IGNORECASE)
_TITLE_HEADER = re.compile(r"\A\s*title:?[ \t]+([^\n]+)\n", re.IGNORECASE)
_ISO_DATE = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_MD_HEADING = re.compile(r"^#{1,6}\s+", re.MULTILINE)
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
# Languages written in Latin-1/cp1252 (ISO 639-1); a legacy file read as cp1252 must be in one of them.
WESTERN_LANGUAGES = frozenset(
    "af br ca cy da de en es et eu fi fo fr ga gd gl id is it lb ms nb nl nn no oc pt rm sq sv sw wa".split())
_WESTERN_SYMBOLS = frozenset("€‚„…†‡‰‹›‘’“”•–—˜™¡¢£¥§©ª«®°±²³´µ¶·¹º»¼½¾¿×÷")


def decode(data: bytes, name: str) -> str:
    """Bytes → text: UTF-8 (with or without BOM), else a confidently detected legacy encoding."""
    if not data.strip():
        raise NewsbotError(f"{name}: the file is empty")
    if b"\x00" in data[:8192]:
        raise NewsbotError(f"{name}: this looks like a binary file, not an article")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if (western := _western(data)) is not None:
        return western
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.chaos > 0.2:
        raise NewsbotError(f"{name}: cannot tell the text encoding; save the file as UTF-8")
    text = str(best)
    if sum(not (ch.isprintable() or ch.isspace()) for ch in text) > 0.01 * len(text):
        raise NewsbotError(f"{name}: this looks like a binary file, not an article")
    return text


def _western(data: bytes) -> str | None:
    """``data`` read as cp1252 (a superset of Latin-1's printable characters) when that gives
    Western European text, else None. Detectors guess Latin-1 as Central European (cp1250:
    "één" → "ťťn"), so the Western reading is tried first and judged by what it reads as: only
    Latin letters and Western punctuation outside ASCII, mostly ASCII letters, and a Western
    language (or too little text to tell)."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    foreign = [ch for ch in text if ord(ch) > 127]
    if any(ch not in _WESTERN_SYMBOLS and not (ch.isalpha() and "LATIN" in unicodedata.name(ch, ""))
           for ch in foreign):
        return None
    letters = sum(ch.isalpha() for ch in text)
    if sum(ch.isalpha() for ch in foreign) > 0.2 * letters:
        return None
    language = detect_article_language(text)
    return text if language in WESTERN_LANGUAGES or language == UNDETERMINED else None


def derive_title(text: str) -> str:
    """The first sentence (or line), shortened at a word boundary."""
    first = re.split(r"(?<=[.!?])\s|\n", text.strip(), maxsplit=1)[0].strip()
    if len(first) <= TITLE_MAX_CHARS:
        return first
    return first[:TITLE_MAX_CHARS].rsplit(" ", 1)[0] + "…"


def normalise_date(value: object) -> str | None:
    """An ISO date (or year-month) from whatever a source gives, else None."""
    if not value:
        return None
    match = _ISO_DATE.search(str(value))
    return match.group(0) if match else None


def _parse_text(raw: str) -> dict:
    fields: dict = {}
    while True:
        if match := _DATE_HEADER.match(raw):
            fields["date"] = match.group(1)
        elif match := _TITLE_HEADER.match(raw):
            fields["title"] = match.group(1).strip()
        else:
            break
        raw = raw[match.end():]
    fields["text"] = raw
    return fields


def _parse_markdown(raw: str) -> dict:
    fields: dict = {}
    if match := _FRONT_MATTER.match(raw):
        for line in match.group(1).splitlines():
            key, _, value = line.partition(":")
            if key.strip() in ("title", "date", "url") and value.strip():
                fields[key.strip()] = value.strip().strip("\"'")
        raw = raw[match.end():]
    heading = re.match(r"\s*#\s+(.+)\n", raw)
    if heading and "title" not in fields:
        fields["title"] = heading.group(1).strip()
        raw = raw[heading.end():]
    raw = _MD_HEADING.sub("", raw)
    raw = _MD_IMAGE.sub(r"\1", raw)
    raw = _MD_LINK.sub(r"\1", raw)
    fields["text"] = _MD_EMPHASIS.sub("", raw)
    return {**_parse_text(fields.pop("text")), **fields}


def parse_html(html: str, url: str | None = None) -> dict:
    """Main text and metadata of a web page, extracted by trafilatura. The date is the page's own
    markup only (``article:published_time``, JSON-LD ``datePublished``, ``<time>``, the URL):
    trafilatura's extensive search would turn "op 3 maart 2021" in the text into 2021-01-01, an
    estimate presented as a date. The text's own stamp is read later, by index/dates.py."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if document is None:
        return {"text": ""}
    data = document if isinstance(document, dict) else document.as_dict()
    return {
        "title": data.get("title"),
        "date": data.get("date"),
        "url": data.get("url") or url,
        "text": (data.get("text") or "").replace("\n", "\n\n"),
    }


def _parse_json(raw: str, name: str) -> dict:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise NewsbotError(f"{name}: not valid JSON ({error.msg} at line {error.lineno})") from None
    except RecursionError:
        raise NewsbotError(f"{name}: JSON nested too deeply to be an article") from None
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise NewsbotError(f'{name}: a JSON article needs an object with a "text" string')
    return {key: data.get(key) for key in ("title", "date", "url", "text")}


def parse_fields(raw: str, suffix: str, name: str) -> dict:
    """The title/date/url/text fields of a decoded file, by its suffix."""
    if suffix in (".html", ".htm"):
        return parse_html(raw)
    if suffix == ".json":
        return _parse_json(raw, name)
    if suffix in (".md", ".markdown"):
        return _parse_markdown(raw)
    return _parse_text(raw)


def build_article(fields: dict, source: str, name: str) -> Article:
    """Clean the text and fill in what the source did not give (title, language)."""
    text = clean_text(fields.get("text") or "")
    if not text:
        raise NewsbotError(f"{name}: no article text left after cleaning")
    title = " ".join(str(fields.get("title") or "").split()) or derive_title(text)
    url = web_link(fields.get("url"))
    return Article(
        article_id=article_id_for(source),
        title=title,
        date=dating(normalise_date(fields.get("date")), url, text).date,
        source=source,
        url=url,
        language=detect_article_language(text),
        text=text,
    )


def load_article(path: Path) -> Article:
    """One article file → :class:`Article`, or :class:`NewsbotError` saying why not."""
    suffix = path.suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        raise NewsbotError(f"{path}: unsupported file type (use {', '.join(ARTICLE_SUFFIXES)})")
    raw = decode(read_regular_file(path), str(path))
    return build_article(parse_fields(raw, suffix, str(path)), str(path.resolve()), str(path))


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a socket" if stat.S_ISSOCK(mode) else "not a regular file"


def read_regular_file(path: Path) -> bytes:
    """The bytes of ``path``, refusing what is not a regular file (reading a FIFO waits forever, a
    device may never end). Opened without blocking and checked on the open file, not the name."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise NewsbotError(f"{path}: cannot read ({error.strerror})") from None
    with os.fdopen(fd, "rb") as file:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise NewsbotError(f"{path}: {_kind(status.st_mode)}, not an article file; not read")
        if status.st_size > MAX_ARTICLE_BYTES:
            raise NewsbotError(f"{path}: {status.st_size // 1_000_000} MB is too large for an article")
        try:
            return file.read(MAX_ARTICLE_BYTES + 1)
        except OSError as error:
            raise NewsbotError(f"{path}: cannot read ({error.strerror})") from None


def walk_articles(folder: Path, root: Path | None = None) -> tuple[list[Path], list[str]]:
    """Article files under ``folder`` (recursively; hidden files and other types left out; or
    ``folder`` itself when it is a file), and what was skipped and why: links that lead outside
    ``root`` (by default ``folder``: a link to a system file must not put it in the index). FIFOs
    and devices are listed: reading them reports them."""
    boundary = root or folder
    files, skipped = [], []
    for path in sorted(folder.rglob("*")) if folder.is_dir() else [folder]:
        hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
        if hidden or not (path.suffix.lower() in ARTICLE_SUFFIXES or path.is_dir()):
            continue
        if path.is_symlink() and not path.resolve().is_relative_to(boundary.resolve()):
            skipped.append(f"{path}: a link to {path.resolve()}, outside {boundary}; skipped")
        elif not path.is_dir():
            files.append(path)
    return files, skipped

"""Read article files (.txt, .md, .html, .json) into :class:`Article` objects.

Every way a file can be unusable (empty, binary, an encoding we cannot tell, no text left
after cleaning) raises :class:`NewsbotError` with a one-line reason naming the file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from index.articles import Article, article_id_for
from index.cleaning import clean_text
from index.dates import publication_date
from index.errors import NewsbotError
from index.language import detect_article_language

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
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.chaos > 0.2:
        raise NewsbotError(f"{name}: cannot tell the text encoding; save the file as UTF-8")
    text = str(best)
    if sum(not (ch.isprintable() or ch.isspace()) for ch in text) > 0.01 * len(text):
        raise NewsbotError(f"{name}: this looks like a binary file, not an article")
    return text


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
    """Main text and metadata of a web page, extracted by trafilatura."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False
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
    url = fields.get("url") or None
    return Article(
        article_id=article_id_for(source),
        title=title,
        date=publication_date(normalise_date(fields.get("date")), url, text),
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
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise NewsbotError(f"{path}: {size // 1_000_000} MB is too large for an article")
        data = path.read_bytes()
    except OSError as error:
        raise NewsbotError(f"{path}: cannot read ({error.strerror})") from None
    raw = decode(data, str(path))
    return build_article(parse_fields(raw, suffix, str(path)), str(path.resolve()), str(path))


def article_files(folder: Path) -> list[Path]:
    """Article files under ``folder`` (recursively), skipping hidden files and other types."""
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and path.suffix.lower() in ARTICLE_SUFFIXES
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )

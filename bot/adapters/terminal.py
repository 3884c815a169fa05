"""Answers for the terminal (Rich) and as the JSON the CLI contract specifies.

Article text is whatever a file or web page contained, escape sequences included; printed raw,
those could retitle the terminal, clear it or hide text. Control and bidirectional-override
characters are shown as visible escapes instead (the index keeps the text as it was).
"""

from __future__ import annotations

import json
import re

from rich.console import Console
from rich.markup import escape

from bot.answer import Answer, source_groups
from bot.answering.wording import citation_date, phrase

_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """``text`` with control characters (other than newline and tab) shown as ``\\x1b``-style escapes."""
    return _UNSAFE.sub(_visible, text)


def shown(text: str) -> str:
    """``text`` ready for Rich markup: control characters made visible, markup escaped."""
    return escape(terminal_safe(text))


def answer_json(answer: Answer) -> str:
    return json.dumps(answer.to_json(), ensure_ascii=False)


def source_line(citation, language: str) -> str:
    where = citation.url or citation.source
    return f"{citation.title} ({citation_date(citation.date, citation.not_before, language)}) — {where}"


def print_answer(console: Console, answer: Answer) -> None:
    """The answer, then each cited quote with its article's title, date and source."""
    if answer.notice:
        console.print(f"[yellow]{shown(answer.notice)}[/yellow]")
    console.print(shown(answer.text))
    if not answer.citations:
        return
    console.print(f"\n[bold]{phrase('sources', answer.language)}[/bold]")
    for group in source_groups(answer.citations):
        numbers = "".join(f"[{c.n}]" for c in group)
        console.print(f"[cyan]{escape(numbers)}[/cyan] “{shown(group[0].quote)}”")
        for c in group:
            console.print(f"    [dim]{shown(source_line(c, answer.language))}[/dim]")

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


def answer_console() -> Console:
    """Where answers are printed: wrapped at word boundaries to a terminal's width; piped, one
    line per paragraph (a reader program splits them itself)."""
    console = Console(highlight=False)
    console.soft_wrap = not console.is_terminal
    return console


def print_answer(console: Console, answer: Answer) -> None:
    """The answer, then under each citation number its article's title, date, source and where the
    quote stands in it. A quote the answer already shows (extractive answers quote inline) is not
    printed again; one an LLM answer only cites is."""
    if answer.notice:
        console.print(f"[yellow]{shown(answer.notice)}[/yellow]")
    console.print(shown(answer.text))
    if not answer.citations:
        return
    console.print(f"\n[bold]{phrase('sources', answer.language)}[/bold]")
    for group in source_groups(answer.citations):
        inline = f"“{group[0].quote}”" in answer.text
        if not inline:
            console.print(f"[cyan]{escape(''.join(f'[{c.n}]' for c in group))}[/cyan] “{shown(group[0].quote)}”")
        for c in group:
            position = phrase("position", answer.language).format(start=c.start, end=c.end)
            line = f"[dim]{shown(source_line(c, answer.language))} · {position}[/dim]"
            console.print(f"[cyan]{escape(f'[{c.n}]')}[/cyan] {line}" if inline else f"    {line}")

"""Answers for the terminal (Rich) and as the JSON the CLI contract specifies."""

from __future__ import annotations

import json

from rich.console import Console
from rich.markup import escape

from bot.answer import Answer
from bot.wording import phrase


def answer_json(answer: Answer) -> str:
    return json.dumps(answer.to_json(), ensure_ascii=False)


def source_line(citation) -> str:
    where = citation.url or citation.source
    dated = f" ({citation.date})" if citation.date else ""
    return f"{citation.title}{dated} — {where}"


def print_answer(console: Console, answer: Answer) -> None:
    """The answer, then each cited quote with its article's title, date and source."""
    if answer.notice:
        console.print(f"[yellow]{escape(answer.notice)}[/yellow]")
    console.print(escape(answer.text))
    if not answer.citations:
        return
    console.print(f"\n[bold]{phrase('sources', answer.language)}[/bold]")
    for c in answer.citations:
        console.print(f"[cyan][{c.n}][/cyan] “{escape(c.quote)}”")
        console.print(f"    [dim]{escape(source_line(c))}[/dim]")

"""Answers for the terminal (Rich) and as the JSON the CLI contract specifies."""

from __future__ import annotations

import json

from rich.console import Console
from rich.markup import escape

from bot.answer import Answer, source_groups
from bot.wording import phrase


def answer_json(answer: Answer) -> str:
    return json.dumps(answer.to_json(), ensure_ascii=False)


def source_line(citation, language: str) -> str:
    where = citation.url or citation.source
    return f"{citation.title} ({citation.date or phrase('undated', language)}) — {where}"


def print_answer(console: Console, answer: Answer) -> None:
    """The answer, then each cited quote with its article's title, date and source."""
    if answer.notice:
        console.print(f"[yellow]{escape(answer.notice)}[/yellow]")
    console.print(escape(answer.text))
    if not answer.citations:
        return
    console.print(f"\n[bold]{phrase('sources', answer.language)}[/bold]")
    for group in source_groups(answer.citations):
        numbers = "".join(f"[{c.n}]" for c in group)
        console.print(f"[cyan]{escape(numbers)}[/cyan] “{escape(group[0].quote)}”")
        for c in group:
            console.print(f"    [dim]{escape(source_line(c, answer.language))}[/dim]")

"""How an answer is printed in a terminal (bot/adapters/terminal.py): each quote once."""

from __future__ import annotations

import io

from rich.console import Console

from bot.adapters.terminal import print_answer
from bot.answer import Answer, Citation

QUOTE = "Later dat weekend werd zij opgevolgd door Emmet Shear."


def printed(answer: Answer) -> str:
    buffer = io.StringIO()
    print_answer(Console(file=buffer, width=200, highlight=False), answer)
    return buffer.getvalue()


def citations(n: int) -> tuple[Citation, ...]:
    return tuple(Citation(i, f"a{i}", f"Outlet {i}", "2023-11-20", f"outlet{i}.txt", QUOTE, 10, 10 + len(QUOTE))
                 for i in range(1, n + 1))


def test_a_quote_the_answer_shows_is_not_repeated_under_the_sources():
    answer = Answer("Wie volgde Murati op?", f"Dit staat er in de artikelen:\n“{QUOTE}” [1][2]", "extractive", "nl",
                    True, citations(2))
    text = printed(answer)
    assert text.count(QUOTE) == 1
    assert "[1] Outlet 1 (2023-11-20) — outlet1.txt · tekens 10–64" in text
    assert "[2] Outlet 2 (2023-11-20) — outlet2.txt · tekens 10–64" in text


def test_a_quote_an_llm_answer_only_cites_is_shown_under_its_number():
    answer = Answer("Who succeeded Murati?", "Emmet Shear succeeded her [1].", "llm", "en", True, citations(1))
    text = printed(answer)
    assert f"[1] “{QUOTE}”" in text and "    Outlet 1 (2023-11-20) — outlet1.txt · characters 10–64" in text

"""The verified LLM answer: supported sentences only, their ``[n]`` renumbered to our own quotes.

The model's numbers named passages; ours name verbatim quotes (one sentence of an article each,
like extractive answers), numbered in order of first use, so the same quote keeps one number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.answer import Answer, Citation
from bot.answering.extractive import citation
from bot.answering.llm.verify import Verdict

_END = re.compile(r"([.!?…:;]*)$")


def with_markers(sentence: str, numbers: Sequence[int]) -> str:
    """``"Shear became CEO."`` + [1, 2] → ``"Shear became CEO [1][2]."``"""
    markers = "".join(f"[{n}]" for n in numbers)
    body, end = _END.split(sentence.rstrip(), maxsplit=1)[:2]
    return f"{body.rstrip()} {markers}{end}"


def compose_llm_answer(question: str, language: str, verdicts: Sequence[Verdict],
                       notice: str | None = None) -> Answer:
    """An Answer from the supported verdicts, keeping the reply's line breaks."""
    numbers: dict[tuple[str, int], int] = {}
    citations: list[Citation] = []
    lines: dict[int, list[str]] = {}
    for verdict in verdicts:
        if not verdict.supported:
            continue
        used = []
        for quote in verdict.quotes:
            key = (quote.document.metadata["article_id"], quote.start)
            if key not in numbers:
                numbers[key] = len(numbers) + 1
                citations.append(citation(numbers[key], quote))
            if numbers[key] not in used:
                used.append(numbers[key])
        lines.setdefault(verdict.claim.line, []).append(with_markers(verdict.claim.text, used))
    text = "\n".join(" ".join(sentences) for _, sentences in sorted(lines.items()))
    return Answer(question, text, "llm", language, True, tuple(citations), notice)

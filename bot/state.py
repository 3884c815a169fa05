"""The one typed state a question carries through the answer chain, step by step.

The service builds a :class:`~bot.question.query.Query` once — its language decided once, its intent analysed once —
and every step (rewrite, retrieve, read, answer) returns the :class:`Turn` with its own field
filled in. Both answer modes read the same ``reading``: the extractive mode quotes from it, the LLM
mode writes from its passages, and a refusal or fallback is worded in ``query.language``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from langchain_core.documents import Document

from bot.question.query import Query
from bot.reading.reader import Reading


@dataclass(frozen=True)
class Turn:
    query: Query
    documents: tuple[Document, ...] = ()
    reading: Reading | None = None
    on_token: Callable[[str], None] | None = field(default=None, compare=False)  # an LLM's text so far
    model_unavailable: str | None = None  # why the LLM could not be reached (rewrite step)

    def having(self, **changes) -> Turn:
        return replace(self, **changes)

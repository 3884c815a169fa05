"""The one typed state a question carries through the answer chain, step by step.

The service builds a :class:`Query` once — its language decided once, its intent analysed once —
and every step (rewrite, retrieve, read, answer) returns the :class:`Turn` with its own field
filled in. Both answer modes read the same ``reading``: the extractive mode quotes from it, the LLM
mode writes from its passages, and a refusal or fallback is worded in ``query.language``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from langchain_core.documents import Document
from langchain_core.messages import BaseMessage

from bot.intent import Intent

if TYPE_CHECKING:
    from bot.reading import Reading


@dataclass(frozen=True)
class Query:
    text: str  # the question as asked, cleaned
    language: str  # of the answer's wording: the asker's, decided once
    intent: Intent
    history: tuple[BaseMessage, ...] = ()
    resolved: str = ""  # the question as the articles would put it ("SBF" spelled out)
    search: str = ""  # what retrieval searches for: the resolved question, with a follow-up's context

    @property
    def resolved_text(self) -> str:
        return self.resolved or self.text

    @property
    def search_text(self) -> str:
        return self.search or self.resolved_text


@dataclass(frozen=True)
class Turn:
    query: Query
    documents: tuple[Document, ...] = ()
    reading: Reading | None = None
    on_token: Callable[[str], None] | None = field(default=None, compare=False)  # an LLM's text so far
    model_unavailable: str | None = None  # why the LLM could not be reached (rewrite step)

    def having(self, **changes) -> Turn:
        return replace(self, **changes)

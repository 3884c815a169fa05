"""The question as the answer chain carries it: cleaned, its language decided once, its intent read once."""

from __future__ import annotations

from dataclasses import dataclass

from langchain_core.messages import BaseMessage

from bot.question.intent import Intent


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

"""How a conversation shapes a question: is it a follow-up, what to search for, which language."""

from __future__ import annotations

import re
from collections.abc import Sequence

from langchain_core.messages import BaseMessage, HumanMessage

from bot.question.vocabulary import ANAPHORA, FOLLOW_UP_OPENERS
from index.language import detect_language

_WORDS = re.compile(r"\w+", re.UNICODE)


def is_follow_up(question: str) -> bool:
    """Does the question lean on what came before ("and who succeeded her?")?"""
    words = [w.lower() for w in _WORDS.findall(question)]
    return bool(words) and (words[0] in FOLLOW_UP_OPENERS or len(words) <= 3 or bool(ANAPHORA & set(words[1:])))


def retrieval_query(question: str, history: Sequence[BaseMessage]) -> str:
    """A follow-up is searched together with the previous question; a new question on its own."""
    previous = [m.content for m in history if isinstance(m, HumanMessage) and isinstance(m.content, str)]
    return f"{previous[-1]} {question}" if previous and is_follow_up(question) else question


def conversation_language(question: str, history: Sequence[BaseMessage]) -> str:
    """The asker's language; a question too short to tell takes the conversation's."""
    earlier = next(
        (detect_language(m.content, default="") for m in reversed(history)
         if isinstance(m, HumanMessage) and isinstance(m.content, str)),
        "",
    )
    return detect_language(question, default=earlier or "en")

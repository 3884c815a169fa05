"""A question as the answer service takes it: Slack markup gone, something to search for left.

A question pasted from Slack, or arriving through an adapter, may carry markup: broadcasts
(``<!channel>``, ``<!here>``), mentions (``<@U123>``), links (``<https://…|label>``) and HTML
escapes. Left in, they become words to search for — and a mention before the question makes its
first word look like a name the articles must contain. A question with no word characters at all
(emoji, punctuation) has nothing to search for, so it is refused instead of answered with
whatever happens to be nearest.
"""

from __future__ import annotations

import html
import re

from index.errors import NewsbotError

_ENTITY = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")
_LEADING_MENTIONS = re.compile(r"^(?:[\s,:;]*@[\w.-]+)*[\s,:;]*")  # and the separators they leave


def _readable(match: re.Match) -> str:
    target, label = match.group(1), match.group(2)
    if target.startswith(("@", "!")):  # a mention or a broadcast: not part of the question
        return " "
    if target.startswith("#"):
        return f"#{label or target[1:]}"
    return label or target


def clean_question(text: str) -> str:
    """``text`` without Slack markup and leading @-mentions, whitespace tidied; a
    :class:`NewsbotError` when nothing is left to search for."""
    text = html.unescape(_ENTITY.sub(_readable, text))
    text = _LEADING_MENTIONS.sub("", text)
    text = " ".join("".join(ch for ch in text if ch.isprintable() or ch.isspace()).split())
    if not text:
        raise NewsbotError("the question is empty")
    if not re.search(r"\w", text):
        raise NewsbotError("the question has no words to search for; ask it in words")
    return text

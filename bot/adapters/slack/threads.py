"""Reading Slack: a message's text as a plain question, and a thread (or DM) as conversation history.

Slack text is mrkdwn with entities (``<@U123>``, ``<https://…|label>``, ``&amp;``); the service wants
plain text. The bot's own earlier answers become ``AIMessage``s, people's messages ``HumanMessage``s
(other bots are left out), so a follow-up ("en wie volgde haar op?") is read with what came before.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage

from bot.adapters.slack.blocks import ANSWER_BLOCK_PREFIX

HISTORY_MESSAGES = 6  # the last three exchanges are plenty for a follow-up; keep prompts short
HISTORY_MESSAGE_CHARS = 2000
DM_CONTEXT_SECONDS = 30 * 60  # in a DM without threads, only the last half hour is "the conversation"
PERSON_SUBTYPES = (None, "file_share", "thread_broadcast")  # message subtypes a person writes

_ENTITY = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")


def plain_text(text: str, bot_user_id: str | None = None) -> str:
    """``text`` without mentions of the bot and broadcasts, other entities as people read them, whitespace
    tidied."""

    def readable(match: re.Match) -> str:
        target, label = match.group(1), match.group(2)
        if target.startswith("@"):
            return "" if target[1:] == bot_user_id else f"@{label or target[1:]}"
        if target.startswith("#"):
            return f"#{label or target[1:]}"
        if target.startswith("!"):  # a broadcast (@channel, @here) notifies; it is no part of what is said
            return ""
        return label or target

    return " ".join(html.unescape(_ENTITY.sub(readable, text)).split())


def sent_by_a_person(message: dict) -> bool:
    """Not a bot (ours or another), not an edit, deletion or join notice."""
    return not message.get("bot_id") and message.get("subtype") in PERSON_SUBTYPES and bool(message.get("user"))


def is_own(message: dict, bot_user_id: str | None, bot_id: str | None) -> bool:
    return bool((bot_id and message.get("bot_id") == bot_id) or (bot_user_id and message.get("user") == bot_user_id))


def answer_text(message: dict) -> str:
    """What the bot said in one of its messages: its answer sections, else its fallback text."""
    sections = [
        block["text"]["text"] for block in message.get("blocks") or ()
        if str(block.get("block_id", "")).startswith(ANSWER_BLOCK_PREFIX) and block.get("text")
    ]
    return "".join(sections) if sections else html.unescape(message.get("text", ""))


def history_from_messages(messages: Iterable[dict], *, before_ts: str, bot_user_id: str | None,
                          bot_id: str | None) -> list[BaseMessage]:
    """The conversation before ``before_ts`` (oldest first), as the service's history.

    One message per turn (consecutive messages of one side are joined: a long answer spans
    several), the last :data:`HISTORY_MESSAGES` only.
    """
    turns: list[BaseMessage] = []
    for message in sorted(messages, key=lambda m: float(m.get("ts", 0))):
        if float(message.get("ts", 0)) >= float(before_ts):
            continue
        if is_own(message, bot_user_id, bot_id):
            text, kind = answer_text(message), AIMessage
        elif sent_by_a_person(message):
            text, kind = plain_text(message.get("text", ""), bot_user_id), HumanMessage
        else:
            continue
        if not text:
            continue
        if turns and isinstance(turns[-1], kind):
            turns[-1] = kind(f"{turns[-1].content}\n{text}")
        else:
            turns.append(kind(text))
    return [type(m)(m.content[:HISTORY_MESSAGE_CHARS]) for m in turns[-HISTORY_MESSAGES:]]


def thread_history(client, channel: str, thread_ts: str, before_ts: str, bot_user_id: str | None,
                   bot_id: str | None) -> list[BaseMessage]:
    """A thread's earlier messages (``conversations.replies``)."""
    response = client.conversations_replies(channel=channel, ts=thread_ts, limit=100)
    return history_from_messages(response.get("messages") or (), before_ts=before_ts,
                                 bot_user_id=bot_user_id, bot_id=bot_id)


def dm_history(client, channel: str, before_ts: str, bot_user_id: str | None,
               bot_id: str | None) -> list[BaseMessage]:
    """The last half hour of a direct message conversation (``conversations.history``)."""
    oldest = f"{float(before_ts) - DM_CONTEXT_SECONDS:.6f}"
    response = client.conversations_history(channel=channel, latest=before_ts, oldest=oldest,
                                            inclusive=False, limit=HISTORY_MESSAGES * 2)
    top_level = [m for m in response.get("messages") or () if m.get("thread_ts") in (None, m.get("ts"))]
    return history_from_messages(top_level, before_ts=before_ts, bot_user_id=bot_user_id, bot_id=bot_id)


def earlier_conversation(client, event: dict, bot_user_id: str | None, bot_id: str | None,
                         direct: bool) -> Sequence[BaseMessage]:
    """The history a question in ``event`` is asked in: its thread's, or in a DM the recent messages."""
    thread_ts = event.get("thread_ts")
    if thread_ts and thread_ts != event["ts"]:
        return thread_history(client, event["channel"], thread_ts, event["ts"], bot_user_id, bot_id)
    if direct:
        return dm_history(client, event["channel"], event["ts"], bot_user_id, bot_id)
    return []

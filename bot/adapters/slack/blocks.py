"""Block Kit templates: what newsbot's messages look like. No logic beyond fitting Slack's limits.

An answer is the answer text (plain text, so every character arrives as written: no mrkdwn
surprises, no escaping), then its sources: each quote, and the article's title (linked when the
article has a URL) and date. Long answers are split, never cut: into sections of at most 3,000
characters and, beyond 49 blocks or ~12,000 characters, into several messages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from bot.answer import Answer, Citation, source_groups
from bot.answering.wording import citation_date, phrase
from index.links import web_link

SECTION_LIMIT = 3000  # characters in a section's text (Slack's limit)
BLOCKS_PER_MESSAGE = 50  # Slack's limit; content gets 49 so the buttons always fit in the last one
MESSAGE_TEXT_LIMIT = 12_000  # per message, so its fallback `text` stays whole (Slack cuts at 40,000)
TITLE_LIMIT = 300  # a title is a label, not the answer: an absurdly long one is shortened

FEEDBACK_UP = "newsbot_feedback_up"
FEEDBACK_DOWN = "newsbot_feedback_down"
SHARE = "newsbot_share"
ANSWER_BLOCK_PREFIX = "newsbot_answer_"  # thread history reads the bot's earlier answers back from these


class Part(NamedTuple):
    """A block and its share of the message's plain-text fallback."""

    block: dict
    fallback: str


def slack_length(text: str) -> int:
    """Length as Slack counts it (UTF-16 code units: an emoji outside the BMP counts twice)."""
    return len(text.encode("utf-16-le")) // 2


def escape_mrkdwn(text: str) -> str:
    """The three characters Slack's mrkdwn (and every `text` field) needs escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def split_text(text: str, limit: int = SECTION_LIMIT, measure: Callable[[str], int] = slack_length) -> list[str]:
    """Pieces of ``text``, each measuring at most ``limit``, that join back to ``text`` exactly.

    Cuts after a line break where possible, else after a space, else (one enormous word) anywhere.
    """
    pieces: list[str] = []
    rest = text
    while measure(rest) > limit:
        low, high = 1, len(rest)  # the longest prefix that fits: binary search, `measure` is monotonic
        while low < high:
            middle = (low + high + 1) // 2
            low, high = (middle, high) if measure(rest[:middle]) <= limit else (low, middle - 1)
        window = rest[:low]
        cut = next((i + 1 for i in (window.rfind("\n"), window.rfind(" ")) if i >= low // 2), low)
        pieces.append(rest[:cut])
        rest = rest[cut:]
    if rest or not pieces:
        pieces.append(rest)
    return pieces


def _plain_section(text: str, block_id: str) -> Part:
    return Part({"type": "section", "block_id": block_id, "text": {"type": "plain_text", "text": text, "emoji": False}},
                escape_mrkdwn(text))


def _context(text: str, block_id: str, mrkdwn: bool = False) -> Part:
    element = {"type": "mrkdwn", "text": text} if mrkdwn else {"type": "plain_text", "text": text, "emoji": False}
    return Part({"type": "context", "block_id": block_id, "elements": [element]}, text if mrkdwn else escape_mrkdwn(text))


def _link_safe(url: str) -> str:
    return url.replace("<", "%3C").replace(">", "%3E").replace("|", "%7C")


def source_label(citation: Citation, language: str) -> str:
    """The article's title (linked when it has an http(s) URL: an index built before that rule may
    hold others) and its date, or that it has none, as mrkdwn."""
    title = citation.title if len(citation.title) <= TITLE_LIMIT else citation.title[: TITLE_LIMIT - 1] + "…"
    url = web_link(citation.url)
    label = f"<{_link_safe(url)}|{escape_mrkdwn(title)}>" if url else f"*{escape_mrkdwn(title)}*"
    return f"{label} · {escape_mrkdwn(citation_date(citation.date, citation.not_before, language))}"


def answer_parts(text: str, first_index: int = 0) -> list[Part]:
    return [_plain_section(piece, f"{ANSWER_BLOCK_PREFIX}{first_index + i}") for i, piece in enumerate(split_text(text))]


def source_parts(answer: Answer) -> list[Part]:
    parts = [Part({"type": "divider"}, ""), _context(f"*{phrase('sources', answer.language)}*", "newsbot_sources", mrkdwn=True)]
    for group in source_groups(answer.citations):
        first = group[0]
        numbers = "".join(f"[{c.n}]" for c in group)
        for i, piece in enumerate(split_text(f"{numbers} “{first.quote}”")):
            parts.append(_plain_section(piece, f"newsbot_quote_{first.n}_{i}"))
        for c in group:
            parts.append(_context(source_label(c, answer.language), f"newsbot_source_{c.n}", mrkdwn=True))
    return parts


def _button(label: str, action_id: str, value: str, style: str | None = None) -> dict:
    button = {"type": "button", "action_id": action_id, "value": value,
              "text": {"type": "plain_text", "text": label, "emoji": True}}
    return button | ({"style": style} if style else {})


def actions_part(answer: Answer, answer_id: str, share: bool) -> Part:
    """👍/👎 under every answer; a share button under a private (/newsbot) answer."""
    buttons = [_button("👍", FEEDBACK_UP, answer_id), _button("👎", FEEDBACK_DOWN, answer_id)]
    if share:
        buttons.insert(0, _button(phrase("share", answer.language), SHARE, answer_id, style="primary"))
    return Part({"type": "actions", "block_id": "newsbot_actions", "elements": buttons}, "")


def pack(parts: list[Part], closing: Part | None = None) -> list[dict]:
    """Messages of at most 49 content blocks and ~12,000 characters; ``closing`` ends the last one."""
    messages: list[list[Part]] = [[]]
    for part in parts:
        current = messages[-1]
        size = sum(slack_length(p.fallback) for p in current)
        if current and (len(current) == BLOCKS_PER_MESSAGE - 1 or size + slack_length(part.fallback) > MESSAGE_TEXT_LIMIT):
            messages.append([])
        messages[-1].append(part)
    if closing:
        messages[-1].append(closing)
    return [{"text": "\n".join(p.fallback for p in message if p.fallback), "blocks": [p.block for p in message]}
            for message in messages]


def answer_messages(answer: Answer, answer_id: str, *, share: bool = False, asked_by: str | None = None) -> list[dict]:
    """The messages that carry ``answer``: usually one; more when it is long.

    ``share`` adds the "share in channel" button (private answers); ``asked_by`` (a user id) opens
    with who asked what (an answer shared into a channel).
    """
    parts: list[Part] = []
    if asked_by:
        who = phrase("asked", answer.language).format(user=f"<@{asked_by}>", question="").strip()
        parts.append(_context(who, "newsbot_asker", mrkdwn=True))
        parts += [_plain_section(piece, f"newsbot_question_{i}") for i, piece in enumerate(split_text(f"“{answer.question}”"))]
    parts += answer_parts(answer.text)
    if answer.notice:
        parts.append(_context(answer.notice, "newsbot_notice"))
    if answer.found and answer.citations:
        parts += source_parts(answer)
    return pack(parts, actions_part(answer, answer_id, share))


def preview_message(text_so_far: str, language: str) -> dict:
    """While an LLM writes: what it has so far (as much as one message holds), marked unfinished."""
    first = pack(answer_parts(text_so_far))[0]  # the rest shows up with the final answer
    first["blocks"].append(_context(phrase("writing", language), "newsbot_writing").block)
    return first


def notice_message(text: str) -> dict:
    """A short message of ours (a refusal, an error): plain text, escaped."""
    return {"text": escape_mrkdwn(text)}

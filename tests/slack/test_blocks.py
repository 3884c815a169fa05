"""Block Kit templates: within Slack's limits, never cutting an answer."""

from __future__ import annotations

import json

import pytest

from bot.adapters.slack.blocks import (
    SECTION_LIMIT,
    answer_messages,
    escape_mrkdwn,
    notice_message,
    preview_message,
    slack_length,
    split_text,
)
from bot.answer import Answer, Citation
from bot.answering.wording import phrase
from tests.slack.conftest import answer_sections, blocks_with
from tests.slack.test_mentions import long_answer

SHEAR = Citation(1, "79b75b37bcc1b447", "Ook na het chaotische weekend bij OpenAI blijft het woelig bij het bedrijf.",
                 "2023-11", "seeds/000.txt", "OpenAI stelde meteen CTO Mira Murati aan als CEO ad interim, maar later "
                 "dat weekend werd zij opgevolgd door Emmet Shear, de voormalige topman van Twitch.", 547, 700)


def dutch_answer(**changes) -> Answer:
    fields = dict(question="Wie werd interim-CEO na Mira Murati?", text=f"Dit staat er in de artikelen:\n“{SHEAR.quote}” [1]",
                  mode="extractive", language="nl", found=True, citations=(SHEAR,))
    return Answer(**{**fields, **changes})


@pytest.mark.parametrize("text", [
    "short",
    "",
    "a b " * 4000,
    "line\n" * 2000,
    "x" * 10_000,
    "😀" * 2000,  # two UTF-16 units each, as Slack counts them
    ("word " * 100 + "\n") * 80,
])
def test_split_text_joins_back_exactly_and_every_piece_fits(text):
    pieces = split_text(text)
    assert "".join(pieces) == text
    assert all(slack_length(p) <= SECTION_LIMIT for p in pieces)
    assert all(p for p in pieces) or pieces == [""]


def test_split_text_prefers_line_breaks_then_spaces():
    text = "a" * 2000 + "\n" + "b" * 1500 + " " + "c" * 1000
    assert split_text(text) == ["a" * 2000 + "\n", "b" * 1500 + " " + "c" * 1000]


def test_an_answer_message_has_the_answer_its_sources_and_feedback_buttons():
    [message] = answer_messages(dutch_answer(), "answer-1")
    assert answer_sections(message) == dutch_answer().text
    assert [b["type"] for b in message["blocks"]] == ["section", "divider", "context", "section", "context", "actions"]
    assert blocks_with(message, "newsbot_sources")[0]["elements"][0]["text"] == "*Bronnen*"
    assert blocks_with(message, "newsbot_quote_1")[0]["text"] == {"type": "plain_text", "text": f"[1] “{SHEAR.quote}”",
                                                                  "emoji": False}
    assert blocks_with(message, "newsbot_source_1")[0]["elements"][0]["text"] == f"*{SHEAR.title}* · 2023-11"
    assert message["text"].startswith("Dit staat er in de artikelen:\n“OpenAI stelde meteen")
    buttons = blocks_with(message, "newsbot_actions")[0]["elements"]
    assert [(b["action_id"], b["value"]) for b in buttons] == [("newsbot_feedback_up", "answer-1"),
                                                             ("newsbot_feedback_down", "answer-1")]


def test_a_source_with_a_url_is_a_link_and_titles_are_escaped():
    citation = Citation(1, "a", "Q&A <live>", None, "feed", "A quote long enough.", 0, 20,
                        url="https://example.org/a?x=1&y=<2>|z")
    [message] = answer_messages(dutch_answer(citations=(citation,)), "id")
    label = blocks_with(message, "newsbot_source_1")[0]["elements"][0]["text"]
    assert label == "<https://example.org/a?x=1&y=%3C2%3E%7Cz|Q&amp;A &lt;live&gt;> · datum onbekend"  # undated, said so


def test_a_source_url_that_is_not_http_is_not_linked():
    citation = Citation(1, "a", "Storm", None, "feed", "A quote long enough.", 0, 20, url="javascript:alert(1)")
    [message] = answer_messages(dutch_answer(citations=(citation,)), "id")
    assert blocks_with(message, "newsbot_source_1")[0]["elements"][0]["text"] == "*Storm* · datum onbekend"


def test_answer_text_is_plain_so_every_character_arrives_as_written_and_the_fallback_is_escaped():
    text = "Tom & Jerry <@U123> *not bold* :smile:"
    [message] = answer_messages(dutch_answer(text=text, citations=(), found=False), "id")
    assert answer_sections(message) == text
    assert message["text"] == escape_mrkdwn(text)  # no accidental mention in the notification


def test_nothing_found_is_a_short_reply_without_sources():
    answer = Answer("Wat is de hoofdstad van Peru?", phrase("not_found", "nl"), "extractive", "nl", False)
    [message] = answer_messages(answer, "id")
    assert [b["type"] for b in message["blocks"]] == ["section", "actions"]
    assert message["text"] == phrase("not_found", "nl")


def test_a_long_answer_is_split_over_messages_never_cut():
    answer = long_answer("Tell me everything")
    messages = answer_messages(answer, "id")
    assert len(messages) > 1
    assert "".join(answer_sections(m) for m in messages) == answer.text
    for message in messages:
        assert len(message["blocks"]) <= 50 and slack_length(message["text"]) <= 40_000
        assert len({b.get("block_id") for b in message["blocks"]}) == len(message["blocks"])  # ids unique
    every_text = [t for m in messages for b in m["blocks"] for t in [b.get("text", {}).get("text", "")]]
    assert max(map(slack_length, every_text)) <= 3000


def test_an_answer_of_many_short_lines_stays_within_fifty_blocks_per_message():
    quotes = tuple(Citation(n, "a", "T", None, "s", f"Quote number {n}.", 0, 10) for n in range(1, 41))
    answer = Answer("q", "\n".join(f"“{c.quote}” [{c.n}]" for c in quotes), "extractive", "en", True, quotes)
    messages = answer_messages(answer, "id")
    assert all(len(m["blocks"]) <= 50 for m in messages)
    assert sum(len(blocks_with(m, "newsbot_quote_")) for m in messages) == 40


def test_a_private_answer_has_a_share_button_and_a_shared_one_says_who_asked():
    [private] = answer_messages(dutch_answer(), "id", share=True)
    share = blocks_with(private, "newsbot_actions")[0]["elements"][0]
    assert (share["action_id"], share["value"], share["text"]["text"]) == ("newsbot_share", "id", "Deel in kanaal")
    [shared] = answer_messages(dutch_answer(), "id", asked_by="UASKER")
    assert blocks_with(shared, "newsbot_asker")[0]["elements"][0]["text"] == "<@UASKER> vroeg:"
    assert blocks_with(shared, "newsbot_question_0")[0]["text"]["text"] == "“Wie werd interim-CEO na Mira Murati?”"
    assert "newsbot_share" not in json.dumps(shared)


def test_a_notice_from_the_llm_fallback_is_shown_under_the_answer():
    [message] = answer_messages(dutch_answer(notice=phrase("fallback", "nl")), "id")
    assert blocks_with(message, "newsbot_notice")[0]["elements"][0]["text"] == phrase("fallback", "nl")


def test_a_preview_is_one_message_marked_unfinished():
    preview = preview_message("Emmet Shear volgde " * 2000, "nl")
    assert len(preview["blocks"]) <= 50
    assert preview["blocks"][-1]["elements"][0]["text"] == phrase("writing", "nl")


def test_notices_are_escaped_text():
    assert notice_message("the question is too long (<2,000>)") == {"text": "the question is too long (&lt;2,000&gt;)"}


def test_the_same_quote_from_several_outlets_is_shown_once_with_every_source():
    copy = Citation(2, "0123456789abcdef", "Ander medium", "2023-11-21", "https://example.com/b", SHEAR.quote, 10, 163,
                    url="https://example.com/b")
    answer = dutch_answer(text=f"Dit staat er in de artikelen:\n“{SHEAR.quote}” [1][2]", citations=(SHEAR, copy))
    [message] = answer_messages(answer, "answer-1")
    quotes = [b for b in message["blocks"] if b.get("block_id", "").startswith("newsbot_quote_")]
    assert [q["text"]["text"] for q in quotes] == [f"[1][2] “{SHEAR.quote}”"]
    sources = [b["elements"][0]["text"] for b in message["blocks"] if b.get("block_id", "").startswith("newsbot_source_")]
    assert sources[0].endswith("· 2023-11") and sources[1] == "<https://example.com/b|Ander medium> · 2023-11-21"

"""Mentions: answered in the mention's thread, with sources, progress shown, follow-ups read with the thread."""

from __future__ import annotations

import json
import logging

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from bot.answer import Answer
from bot.answering.wording import phrase
from tests.slack.conftest import answer_sections, blocks_with, worded_in
from tests.slack.slack_side import ASKER, CHANNEL
from tests.slack.stand_in import BOT_ID, BOT_USER_ID

DUTCH = "Wie werd interim-CEO na Mira Murati?"
ENGLISH = "Who became interim CEO after Mira Murati?"
SHEAR_SENTENCE = "werd zij opgevolgd door Emmet Shear"


def test_url_verification_echoes_the_challenge(bot):
    response = bot.slack.post(json.dumps({"token": "legacy", "challenge": "3eZbrw1aBm2", "type": "url_verification"}))
    assert response.status_code == 200
    assert response.json() == {"challenge": "3eZbrw1aBm2"}


@pytest.mark.parametrize("question, language", [(DUTCH, "nl"), (ENGLISH, "en")])
def test_a_mention_is_answered_in_its_thread_with_quoted_sources(bot, web_api, question, language):
    event = bot.slack.mention(question)

    [posted] = web_api.posted(1)
    assert posted["channel"] == CHANNEL and posted["thread_ts"] == event["ts"]
    answer = answer_sections(posted)
    assert worded_in(answer, language)  # worded in the asker's language
    assert answer.startswith(phrase("short", language).format(answer="Emmet Shear"))  # the short answer leads
    assert SHEAR_SENTENCE in answer and "[1]" in answer  # the quote stays Dutch, with its marker
    [quote] = [b["text"]["text"] for b in blocks_with(posted, "newsbot_quote_1")]
    assert quote.startswith("[1] “") and SHEAR_SENTENCE in quote
    [source] = blocks_with(posted, "newsbot_source_1")
    assert "Ook na het chaotische weekend bij OpenAI" in source["elements"][0]["text"]  # the title
    assert "2023-11" in source["elements"][0]["text"]  # the date
    assert phrase("sources", language) in json.dumps(posted["blocks"], ensure_ascii=False)
    assert SHEAR_SENTENCE in posted["text"]  # the plain-text fallback carries the answer too
    [actions] = blocks_with(posted, "newsbot_actions")
    assert [e["text"]["text"] for e in actions["elements"]] == ["👍", "👎"]


def test_progress_shows_as_a_reaction_on_the_question_until_the_answer_is_posted(bot, web_api):
    event = bot.slack.mention(DUTCH)

    [added] = web_api.wait_for("reactions.add")
    [removed] = web_api.wait_for("reactions.remove")
    [posted] = web_api.calls_to("chat.postMessage")
    for call in (added, removed):
        assert (call.body["channel"], call.body["timestamp"], call.body["name"]) == (CHANNEL, event["ts"], "hourglass_flowing_sand")
    assert added.at <= posted.at <= removed.at


def test_a_follow_up_in_the_thread_is_asked_with_the_thread_so_far(bot, web_api):
    first = bot.slack.mention(DUTCH)
    web_api.posted(1)

    bot.slack.mention("en wie volgde haar op?", thread_ts=first["ts"])

    second = web_api.posted(2)[1]
    assert second["thread_ts"] == first["ts"]
    [replies] = web_api.calls_to("conversations.replies")  # only the follow-up needed the thread
    assert (replies.body["channel"], replies.body["ts"]) == (CHANNEL, first["ts"])
    question, history = bot.service.asked[-1]
    assert question == "en wie volgde haar op?"  # the mention is stripped
    assert [type(m) for m in history] == [HumanMessage, AIMessage]
    assert history[0].content == DUTCH
    assert worded_in(history[1].content, "nl") and "Emmet Shear" in history[1].content
    assert worded_in(answer_sections(second), "nl")


def test_a_follow_up_in_the_thread_quotes_the_successor(bot, web_api):
    first = bot.slack.mention(DUTCH)
    web_api.posted(1)
    bot.slack.mention("en wie volgde haar op?", thread_ts=first["ts"])
    assert SHEAR_SENTENCE in answer_sections(web_api.posted(2)[1])


def test_other_peoples_messages_in_the_thread_count_but_other_bots_do_not(bot, web_api):
    first = bot.slack.mention(DUTCH)
    web_api.posted(1)
    bot.slack.message("interessant!", user="UCOLLEAGUE", thread_ts=first["ts"])
    web_api.add_message(CHANNEL, {"type": "message", "subtype": "bot_message", "bot_id": "BOTHER",
                                  "text": "I am another bot", "ts": web_api.next_ts(), "thread_ts": first["ts"]})

    bot.slack.mention("en wie volgde haar op?", thread_ts=first["ts"])
    web_api.posted(2)

    _, history = bot.service.asked[-1]
    assert [type(m) for m in history] == [HumanMessage, AIMessage, HumanMessage]
    assert history[-1].content == "interessant!"


def test_a_channel_off_the_allow_list_gets_a_polite_refusal_in_the_askers_language(start_bot, web_api):
    bot = start_bot(slack_channels=["CALLOWED"])

    event = bot.slack.mention(DUTCH)

    [posted] = web_api.posted(1)
    assert posted["thread_ts"] == event["ts"]
    assert posted["text"] == phrase("channel_refused", "nl")
    assert "blocks" not in posted
    assert bot.service.asked == []


def test_a_channel_on_the_allow_list_is_answered(start_bot, web_api):
    bot = start_bot(slack_channels=["CALLOWED", CHANNEL])
    bot.slack.mention(ENGLISH)
    [posted] = web_api.posted(1)
    assert SHEAR_SENTENCE in answer_sections(posted)


def test_bots_edits_and_newsbot_itself_are_ignored(bot, web_api):
    bot.slack.send_event({"type": "app_mention", "user": "UOTHERBOT", "bot_id": "BOTHER", "channel": CHANNEL,
                          "text": f"<@{BOT_USER_ID}> {DUTCH}", "ts": web_api.next_ts()})
    bot.slack.send_event({"type": "message", "subtype": "message_changed", "channel": "DASKER",
                          "channel_type": "im", "ts": web_api.next_ts(),
                          "message": {"type": "message", "user": ASKER, "text": DUTCH}})
    bot.slack.send_event({"type": "message", "user": BOT_USER_ID, "bot_id": BOT_ID, "channel": "DASKER",
                          "channel_type": "im", "text": "an answer of mine", "ts": web_api.next_ts()})
    bot.slack.send_event({"type": "message", "subtype": "bot_message", "bot_id": "BOTHER", "channel": "DASKER",
                          "channel_type": "im", "text": DUTCH, "ts": web_api.next_ts()})

    bot.finish()
    assert web_api.calls_to("chat.postMessage") == []
    assert bot.service.asked == []


def test_a_question_the_service_rejects_gets_its_one_line_reason(bot, web_api):
    event = bot.slack.mention("")
    [posted] = web_api.posted(1)
    assert posted["thread_ts"] == event["ts"]
    assert posted["text"] == "the question is empty"


def test_a_failure_after_the_ack_is_told_in_the_thread_and_logged(start_bot, web_api, caplog):
    def broken(question, **_):
        raise RuntimeError("the index exploded")

    bot = start_bot(answer=broken)
    event = bot.slack.mention(DUTCH)

    [posted] = web_api.posted(1)
    assert posted["thread_ts"] == event["ts"]
    assert posted["text"] == phrase("failed", "nl")
    web_api.wait_for("reactions.remove")  # no reaction left hanging
    bot.finish()
    [record] = [r for r in caplog.records if r.exc_info and "the index exploded" in str(r.exc_info[1])]
    assert record.levelno == logging.ERROR and CHANNEL in record.getMessage()


def test_a_failure_to_post_the_answer_is_logged_and_told(bot, web_api, caplog):
    web_api.fail("chat.postMessage", error="invalid_blocks")
    event = bot.slack.mention(DUTCH)

    calls = web_api.wait_for("chat.postMessage", 2)
    assert not calls[0].ok and calls[1].ok
    assert calls[1].body["text"] == phrase("failed", "nl") and calls[1].body["thread_ts"] == event["ts"]
    bot.finish()
    assert any("invalid_blocks" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)


@pytest.mark.parametrize("status, headers", [(429, {"Retry-After": "1"}), (503, {})])
def test_web_api_rate_limits_and_server_errors_are_retried(bot, web_api, status, headers):
    web_api.fail("chat.postMessage", status=status, error="ratelimited" if status == 429 else "service_unavailable",
                 headers=headers)
    event = bot.slack.mention(DUTCH)

    first, second = web_api.wait_for("chat.postMessage", 2)
    assert not first.ok and second.ok
    assert second.body["thread_ts"] == event["ts"] and SHEAR_SENTENCE in answer_sections(second.body)
    if status == 429:
        assert second.at - first.at >= 1.0  # Retry-After was honoured
    bot.finish()
    assert len(web_api.calls_to("chat.postMessage")) == 2  # answered once


def long_answer(question: str, **_) -> Answer:
    """An answer far beyond one section and one message, with characters mrkdwn would need escaped."""
    from bot.answer import Citation

    quotes = [f"Quote {n} <b>&amp;</b> " + " ".join(f"word{n}-{i}" for i in range(600)) for n in range(1, 7)]
    quotes.append("x" * 4500)  # one enormous word
    citations = tuple(Citation(n, f"a{n}", f"Title {n}", "2024-01-0{n}", f"seed{n}.txt", q, 0, len(q),
                               url=f"https://example.org/{n}?a=1&b=2" if n % 2 else None)
                      for n, q in enumerate(quotes, start=1))
    text = "\n".join([phrase("intro", "en")] + [f"“{c.quote}” [{c.n}]" for c in citations])
    return Answer(question, text, "extractive", "en", True, citations)


def test_an_answer_longer_than_a_message_arrives_whole_in_the_thread(start_bot, web_api):
    bot = start_bot(answer=long_answer)
    event = bot.slack.mention("Tell me everything")
    expected = long_answer("Tell me everything")
    assert len(expected.text) > 3 * 3000

    bot.finish()
    messages = [c.body for c in web_api.calls_to("chat.postMessage")]
    assert len(messages) >= 2 and all(m["thread_ts"] == event["ts"] for m in messages)
    assert "".join(answer_sections(m) for m in messages) == expected.text
    for message in messages:
        assert len(message["blocks"]) <= 50
        assert len(message["text"]) <= 40_000
        for block in message["blocks"]:
            for text in [block.get("text", {}).get("text", "")] + [e.get("text", "") for e in block.get("elements", [])]:
                assert len(text) <= 3000
    assert [bool(blocks_with(m, "newsbot_actions")) for m in messages] == [False] * (len(messages) - 1) + [True]
    quotes = "".join(b["text"]["text"] for m in messages for b in blocks_with(m, "newsbot_quote_7"))
    assert quotes == f"[7] “{'x' * 4500}”"


def test_without_the_thread_a_follow_up_is_still_answered_and_the_problem_logged(bot, web_api, caplog):
    first = bot.slack.mention(DUTCH)
    web_api.posted(1)
    web_api.fail("conversations.replies", error="missing_scope")
    web_api.fail("reactions.add", status=404, error="not_found")  # an odd Web API: decoration only

    bot.slack.mention("en wie volgde haar op?", thread_ts=first["ts"])

    assert web_api.posted(2)[1]["thread_ts"] == first["ts"]
    assert bot.service.asked[-1] == ("en wie volgde haar op?", [])
    bot.finish()
    assert "no conversation history for CNEWSDESK: missing_scope" in caplog.text


def test_a_broadcast_before_the_question_is_not_taken_for_part_of_it(bot, web_api):
    bot.slack.mention(f"<!channel> {DUTCH}")
    assert SHEAR_SENTENCE in answer_sections(web_api.posted(1)[0])
    assert bot.service.asked[0][0] == DUTCH

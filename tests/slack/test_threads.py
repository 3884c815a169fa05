"""Reading Slack messages into a question, and a thread into the service's history."""

from __future__ import annotations

from langchain_core.messages import AIMessage, HumanMessage

from bot.adapters.slack.threads import HISTORY_MESSAGES, history_from_messages, plain_text

BOT_USER, BOT = "UNEWSBOT", "BNEWSBOT"


def test_plain_text_strips_the_bot_mention_and_reads_entities_as_people_do():
    assert plain_text("<@UNEWSBOT> Wie werd CEO?", BOT_USER) == "Wie werd CEO?"
    assert plain_text("Hey <@UNEWSBOT>, wat zei <@U42|anna> in <#C1|nieuws>?", BOT_USER) == \
        "Hey , wat zei @anna in #nieuws?"
    assert plain_text("zie <https://example.org/a|dit artikel> &amp; <https://b.org>", BOT_USER) == \
        "zie dit artikel & https://b.org"
    assert plain_text("  &lt;tags&gt;\n  here <!here> ", BOT_USER) == "<tags> here"  # a broadcast says nothing


def message(ts: float, text: str, user: str = "UASKER", **extra) -> dict:
    return {"type": "message", "ts": f"{ts:.6f}", "user": user, "text": text, **extra}


def test_history_maps_people_and_the_bot_and_leaves_out_other_bots_and_later_messages():
    thread = [
        message(1, "<@UNEWSBOT> Wie werd interim-CEO?"),
        message(2, "fallback", user=BOT_USER, bot_id=BOT, blocks=[
            {"type": "section", "block_id": "newsbot_answer_0", "text": {"type": "plain_text", "text": "Dit staat "}},
            {"type": "section", "block_id": "newsbot_answer_1", "text": {"type": "plain_text", "text": "er: [1]"}},
            {"type": "section", "block_id": "newsbot_quote_1_0", "text": {"type": "plain_text", "text": "quote"}}]),
        message(3, "other bot", user="UOTHER", bot_id="BOTHER", subtype="bot_message"),
        message(4, "edited", subtype="message_changed"),
        message(5, "<@UNEWSBOT> en wie volgde haar op?"),  # the question being answered
        message(6, "later"),
    ]
    history = history_from_messages(thread, before_ts="5.000000", bot_user_id=BOT_USER, bot_id=BOT)
    assert history == [HumanMessage("Wie werd interim-CEO?"), AIMessage("Dit staat er: [1]")]


def test_consecutive_messages_of_one_side_are_one_turn_and_only_the_last_turns_are_kept():
    thread = [message(n, f"q{n}") if n % 4 else message(n, f"a{n}", user=BOT_USER) for n in range(1, 30)]
    history = history_from_messages(thread, before_ts="100", bot_user_id=BOT_USER, bot_id=BOT)
    assert len(history) == HISTORY_MESSAGES
    assert history[-3:] == [HumanMessage("q25\nq26\nq27"), AIMessage("a28"), HumanMessage("q29")]
    assert history[0] == AIMessage("a20")

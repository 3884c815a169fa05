"""Direct messages: answered in the DM, always allowed, with the recent conversation as context."""

from __future__ import annotations

from langchain_core.messages import AIMessage, HumanMessage

from tests.slack.conftest import answer_sections
from tests.slack.test_mentions import DUTCH, ENGLISH, SHEAR_SENTENCE


def test_a_direct_message_is_answered_in_the_dm(bot, web_api):
    bot.slack.direct_message(ENGLISH)

    [posted] = web_api.posted(1)
    assert posted["channel"] == "DASKER" and "thread_ts" not in posted
    assert SHEAR_SENTENCE in answer_sections(posted)


def test_direct_messages_are_answered_even_with_a_channel_allow_list(start_bot, web_api):
    bot = start_bot(slack_channels=["CALLOWED"])
    bot.slack.direct_message(DUTCH)
    assert SHEAR_SENTENCE in answer_sections(web_api.posted(1)[0])


def test_a_follow_up_in_a_dm_is_asked_with_the_conversation_so_far(bot, web_api):
    bot.slack.direct_message(DUTCH)
    web_api.posted(1)

    bot.slack.direct_message("en wie volgde haar op?")
    web_api.posted(2)

    _, history = bot.service.asked[-1]
    assert [type(m) for m in history] == [HumanMessage, AIMessage]
    assert history[0].content == DUTCH and "Emmet Shear" in history[1].content


def test_a_mention_inside_a_dm_is_answered_once(bot, web_api):
    """Slack may send both message.im and app_mention for one DM that mentions the bot."""
    event = bot.slack.direct_message(f"<@UNEWSBOT> {ENGLISH}")
    bot.slack.send_event({**event, "type": "app_mention"})
    bot.finish()
    assert len(web_api.calls_to("chat.postMessage")) == 1

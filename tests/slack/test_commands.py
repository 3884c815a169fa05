"""/newsbot answers privately, with a button that shares the answer in the channel."""

from __future__ import annotations

from bot.answering.wording import phrase
from tests.slack.conftest import answer_sections, blocks_with
from tests.slack.slack_side import ASKER, CHANNEL
from tests.slack.test_mentions import DUTCH, ENGLISH, SHEAR_SENTENCE


def buttons(message: dict) -> dict[str, dict]:
    [actions] = blocks_with(message, "newsbot_actions")
    return {e["action_id"]: e for e in actions["elements"]}


def test_the_command_is_acknowledged_at_once_and_answered_privately_with_a_share_button(bot, web_api):
    response = bot.slack.command(DUTCH)

    assert response.status_code == 200
    assert response.json() == {"response_type": "ephemeral", "text": phrase("searching", "nl")}
    [ephemeral] = web_api.wait_for("chat.postEphemeral")
    assert (ephemeral.body["channel"], ephemeral.body["user"]) == (CHANNEL, ASKER)
    assert SHEAR_SENTENCE in answer_sections(ephemeral.body)
    share = buttons(ephemeral.body)["newsbot_share"]
    assert share["text"]["text"] == phrase("share", "nl") and share["style"] == "primary"
    assert {"newsbot_feedback_up", "newsbot_feedback_down"} <= set(buttons(ephemeral.body))
    bot.finish()
    assert web_api.calls_to("chat.postMessage") == []  # nobody else saw anything


def test_sharing_posts_the_answer_in_the_channel_once_and_removes_the_private_copy(bot, web_api):
    bot.slack.command(ENGLISH)
    [ephemeral] = web_api.wait_for("chat.postEphemeral")
    answer_id = buttons(ephemeral.body)["newsbot_share"]["value"]

    bot.slack.click("newsbot_share", answer_id, ephemeral=True)

    [shared] = web_api.posted(1)
    assert shared["channel"] == CHANNEL and "thread_ts" not in shared  # in the channel itself
    assert f"<@{ASKER}>" in blocks_with(shared, "newsbot_asker")[0]["elements"][0]["text"]
    assert ENGLISH in "".join(b["text"]["text"] for b in blocks_with(shared, "newsbot_question_"))
    assert answer_sections(shared) == answer_sections(ephemeral.body)
    assert "newsbot_share" not in buttons(shared)  # 👍/👎 stay, sharing is done
    [removal] = web_api.wait_for("response_url:click")
    assert removal.body["delete_original"] is True

    bot.slack.click("newsbot_share", answer_id, ephemeral=True)  # a second click (or a double click)
    bot.finish()
    assert len(web_api.calls_to("chat.postMessage")) == 1


def test_where_the_bot_cannot_post_ephemerally_the_answer_comes_through_the_response_url(bot, web_api):
    web_api.fail("chat.postEphemeral", error="not_in_channel")

    bot.slack.command(DUTCH, channel="CNOTINVITED")

    [reply] = web_api.wait_for("response_url:command")
    assert reply.body["response_type"] == "ephemeral" and reply.body["replace_original"] is False
    assert SHEAR_SENTENCE in answer_sections(reply.body)


def test_sharing_where_the_bot_may_not_post_tells_the_asker_how_to_fix_it(bot, web_api):
    bot.slack.command(ENGLISH)
    [ephemeral] = web_api.wait_for("chat.postEphemeral")
    web_api.fail("chat.postMessage", error="not_in_channel")

    bot.slack.click("newsbot_share", buttons(ephemeral.body)["newsbot_share"]["value"], ephemeral=True)

    notice = web_api.wait_for("chat.postEphemeral", 2)[1]
    assert notice.body["text"] == phrase("share_failed", "en")


def test_an_empty_command_gets_usage_and_an_off_list_channel_a_refusal(start_bot, web_api):
    bot = start_bot(slack_channels=["CALLOWED"])

    assert bot.slack.command("  ").json()["text"] == phrase("usage", "en")
    assert bot.slack.command(DUTCH).json()["text"] == phrase("channel_refused", "nl")
    assert bot.slack.command(DUTCH, channel="DASKER", channel_name="directmessage").json()["text"] == \
        phrase("searching", "nl")  # DMs are always fine
    web_api.wait_for("chat.postEphemeral")
    bot.finish()
    assert len(web_api.calls_to("chat.postEphemeral")) == 1
    assert [q for q, _ in bot.service.asked] == [DUTCH]


def test_timeline_asks_how_the_story_unfolded_in_the_askers_language(start_bot, web_api):
    """`/newsbot timeline <words>` is one command away from a story's timeline (issue 19)."""
    bot = start_bot()
    words = "het ontslag van Sam Altman bij OpenAI en zijn terugkeer"
    assert bot.slack.command(f"timeline {words}").json()["text"] == phrase("searching", "nl")
    web_api.wait_for("chat.postEphemeral")
    assert bot.slack.command("timeline   ").json()["text"] == phrase("usage", "en")  # no story named
    bot.finish()
    assert [q for q, _ in bot.service.asked] == [f"Hoe verliep {words}?"]

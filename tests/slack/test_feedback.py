"""👍/👎: a click is recorded durably with the question, answer and citations; `newsbot feedback` lists it."""

from __future__ import annotations

import json
import uuid

from bot.answering.wording import phrase
from tests.cli import newsbot
from tests.slack.conftest import blocks_with
from tests.slack.slack_side import ASKER, CHANNEL
from tests.slack.test_mentions import DUTCH, SHEAR_SENTENCE


def feedback_lines(state_dir) -> list[dict]:
    result = newsbot("feedback", "--json", env={"NEWSBOT_DATA_DIR": str(state_dir)}, timeout=60)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_a_vote_is_recorded_acknowledged_privately_and_listed(bot, web_api):
    event = bot.slack.mention(DUTCH)
    [answer] = web_api.posted(1)
    [up, _] = blocks_with(answer, "newsbot_actions")[0]["elements"]
    message = {"type": "message", "ts": web_api.messages[CHANNEL][-1]["ts"], "thread_ts": event["ts"]}

    bot.slack.click(up["action_id"], up["value"], message=message)

    [thanks] = web_api.wait_for("chat.postEphemeral")
    assert (thanks.body["channel"], thanks.body["user"], thanks.body["thread_ts"]) == (CHANNEL, ASKER, event["ts"])
    assert thanks.body["text"] == phrase("feedback_thanks", "nl")
    bot.finish()

    [entry] = feedback_lines(bot.state_dir)
    assert (entry["vote"], entry["user"], entry["channel"], entry["question"]) == ("up", ASKER, CHANNEL, DUTCH)
    assert SHEAR_SENTENCE in entry["answer"]
    assert SHEAR_SENTENCE in entry["citations"][0]["quote"] and entry["citations"][0]["n"] == 1
    assert uuid.UUID(entry["run_id"])  # the answer chain's run: its trace, where tracing is on

    table = newsbot("feedback", env={"NEWSBOT_DATA_DIR": str(bot.state_dir), "COLUMNS": "250"}, timeout=60)
    assert table.returncode == 0 and "👍" in table.stdout and "Mira Murati" in table.stdout


def test_voting_again_replaces_the_vote_and_each_person_has_one(bot, web_api):
    bot.slack.mention(DUTCH)
    [answer] = web_api.posted(1)
    up, down = blocks_with(answer, "newsbot_actions")[0]["elements"]

    bot.slack.click(up["action_id"], up["value"])
    bot.slack.click(down["action_id"], down["value"], user="UCOLLEAGUE")
    web_api.wait_for("chat.postEphemeral", 2)
    bot.slack.click(down["action_id"], down["value"])  # the asker changes their mind
    web_api.wait_for("chat.postEphemeral", 3)
    bot.finish()

    assert sorted((e["user"], e["vote"]) for e in feedback_lines(bot.state_dir)) == [("UASKER", "down"), ("UCOLLEAGUE", "down")]


def test_a_vote_on_an_unknown_answer_is_told_not_recorded(bot, web_api):
    bot.slack.click("newsbot_feedback_up", "no-such-answer")
    [notice] = web_api.wait_for("chat.postEphemeral")
    assert notice.body["text"] == phrase("answer_gone", "en")
    bot.finish()
    assert feedback_lines(bot.state_dir) == []


def test_no_feedback_yet(tmp_path):
    result = newsbot("feedback", env={"NEWSBOT_DATA_DIR": str(tmp_path)}, timeout=60)
    assert result.returncode == 0 and "No feedback yet." in result.stdout
    assert not (tmp_path / "slack.sqlite").exists()  # listing creates nothing

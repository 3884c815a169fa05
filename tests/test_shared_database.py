"""NEWSBOT_DATABASE_URL: state that replicas on several hosts share lives in a real PostgreSQL server
(the catalogue and record manager are covered by tests/test_indexing.py and event de-duplication by
tests/slack/test_dedupe.py, each against both backends)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from bot.adapters.slack.answer_log import AnswerLog
from bot.adapters.slack.feedback import FeedbackLog
from bot.adapters.slack.storage import SlackState
from bot.answer import Answer, Citation
from index.errors import NewsbotError
from tests.chroma_server import free_port
from tests.cli import assert_clean_failure, newsbot
from tests.conftest import SEED_ARTICLE

ANSWER = Answer(question="Wie werd interim-CEO?", text="Emmet Shear [1]", mode="extractive", language="nl",
                found=True, citations=(Citation(1, "a1", "OpenAI", "2023-11", "seed.txt", "Emmet Shear", 10, 21),))


def test_answers_and_votes_given_on_one_host_are_seen_on_another(postgres_database):
    here, there = SlackState(postgres_database), SlackState(postgres_database)  # two replicas' handles
    answer_id = AnswerLog(here).record(ANSWER, "CNEWS", "UASKER")
    assert AnswerLog(there).get(answer_id) == ANSWER  # a button click may reach the other replica

    FeedbackLog(here).record(answer_id, ANSWER, "UASKER", "up", "CNEWS")
    FeedbackLog(there).record(answer_id, ANSWER, "UASKER", "down", "CNEWS")  # changed their mind, elsewhere
    FeedbackLog(there).record(answer_id, ANSWER, "UCOLLEAGUE", "up", "CNEWS")

    listed = newsbot("feedback", "--json", env={"NEWSBOT_DATABASE_URL": postgres_database}, timeout=60)
    assert listed.returncode == 0, listed.stderr
    votes = [json.loads(line) for line in listed.stdout.splitlines()]
    assert sorted((v["user"], v["vote"]) for v in votes) == [("UASKER", "down"), ("UCOLLEAGUE", "up")]
    assert all(v["question"] == ANSWER.question and v["citations"][0]["quote"] == "Emmet Shear" for v in votes)


def test_a_database_url_that_is_not_postgres_is_one_line_without_it(tmp_path):
    result = newsbot("feedback", env={"NEWSBOT_DATABASE_URL": "mysql://newsbot:pw-7f3e@db/newsbot"}, timeout=60)
    assert_clean_failure(result, "setting NEWSBOT_DATABASE_URL is not valid")
    assert "must be a PostgreSQL URL" in result.stderr and "pw-7f3e" not in result.stderr


def test_without_the_postgres_extra_the_database_url_is_one_line_saying_how_to_install_it(tmp_path):
    script = ("import sys; sys.modules['psycopg'] = None; sys.argv = ['newsbot', 'feedback']; "  # as if not installed
              "from bot.adapters.cli import main; main()")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "NEWSBOT_DATABASE_URL": "postgresql://newsbot:pw-5e1f@db/newsbot"})
    assert_clean_failure(result, "pip install 'newsbot[postgres]'")
    assert "pw-5e1f" not in result.stderr


def test_an_unreachable_database_is_one_line_without_its_password(tmp_path):
    (tmp_path / "articles").mkdir()
    shutil.copy(SEED_ARTICLE, tmp_path / "articles")
    url = f"postgresql://newsbot:pw-c0ffee@127.0.0.1:{free_port()}/newsbot"  # nothing listens there
    result = newsbot("index", "--json", str(tmp_path / "articles"), timeout=120,
                     env={"NEWSBOT_DATABASE_URL": url, "NEWSBOT_DATA_DIR": str(tmp_path / "data")})
    assert_clean_failure(result, "cannot use the catalogue database postgresql+psycopg://newsbot:***@127.0.0.1:")
    assert "pw-c0ffee" not in result.stderr + result.stdout
    votes = newsbot("feedback", env={"NEWSBOT_DATABASE_URL": url}, timeout=60)  # the Slack state's first contact
    assert_clean_failure(votes, "cannot use the Slack state database postgresql+psycopg://newsbot:***@127.0.0.1:")
    assert "pw-c0ffee" not in votes.stderr + votes.stdout


@pytest.mark.parametrize("database", ["postgres"], indirect=True)
def test_index_runs_on_two_hosts_take_turns(service_factory, tmp_path):
    """Two data directories, one database: the index lock is the database's, not a file's."""
    (tmp_path / "articles").mkdir()
    shutil.copy(SEED_ARTICLE, tmp_path / "articles")
    here, there = service_factory(tmp_path / "host-a"), service_factory(tmp_path / "host-b")
    plan = there.indexer().plan_paths([tmp_path / "articles"])
    with here.indexer().lock:
        with pytest.raises(NewsbotError, match="another index run is in progress"):
            there.indexer().apply(plan)
    assert there.indexer().apply(plan).added == 1  # released: the other host's turn


@pytest.mark.parametrize("database", ["postgres"], indirect=True)
def test_a_rebuild_switches_collections_through_the_shared_database(service_factory, tmp_path):
    """`index --rebuild` on PostgreSQL: it waits for no other host's index run, then re-embeds into a
    new collection with its own records and switches every host to it."""
    from index.rebuild import live_collection

    (tmp_path / "articles").mkdir()
    shutil.copy(SEED_ARTICLE, tmp_path / "articles")
    here, there = service_factory(tmp_path / "host-a"), service_factory(tmp_path / "host-b")
    indexer = here.indexer()
    chunks = indexer.apply(indexer.plan_paths([tmp_path / "articles"])).chunks_total
    with there.indexer().lock:
        with pytest.raises(NewsbotError, match="another index run is in progress"):
            here.rebuild_index()
    report = here.rebuild_index()
    assert report.chunks == chunks and live_collection(there.catalogue) == report.collection != "newsbot"
    assert len(here.record_manager(report.collection).list_keys()) == chunks
    assert here.answer("Wie werd interim-CEO na Mira Murati?").found

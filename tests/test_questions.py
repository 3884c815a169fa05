"""Issue 10 §8: what a question may carry besides the question — Slack markup, an opener, nothing at
all — and article text that would drive the terminal."""

from __future__ import annotations

import json
import shutil

import pytest

from bot.question.cleaning import clean_question
from index.errors import NewsbotError
from tests.cli import assert_clean_failure, newsbot
from tests.conftest import SEED_ARTICLE

DUTCH = "Wie werd interim-CEO na Mira Murati?"


@pytest.mark.parametrize("raw, cleaned", [
    (f"<!channel> {DUTCH}", DUTCH),
    (f"<!here|here> {DUTCH}", DUTCH),
    (f"<@U0123ABC> {DUTCH}", DUTCH),
    (f"<@U0123ABC|anna>, <!subteam^S1|@desk> {DUTCH}", DUTCH),
    (f"@anna {DUTCH}", DUTCH),
    ("Wat meldt <https://nos.nl/artikel/1|de NOS> over AT&amp;T?", "Wat meldt de NOS over AT&T?"),
    ("Wat staat er op <https://nos.nl/a>?", "Wat staat er op https://nos.nl/a?"),
    ("Wat tweette @ilyasut?", "Wat tweette @ilyasut?"),  # a handle inside the question is part of it
    ("  Wie\n werd\tCEO?\x07 ", "Wie werd CEO?"),
])
def test_slack_markup_and_mentions_are_stripped_first(raw, cleaned):
    assert clean_question(raw) == cleaned


@pytest.mark.parametrize("raw, reason", [
    ("🤔🤔🤔", "no words"), ("?!…", "no words"), ("<!channel> 👀", "no words"), ("   ", "empty"), ("<!here>", "empty"),
])
def test_a_question_without_words_is_refused(raw, reason):
    with pytest.raises(NewsbotError, match=reason):
        clean_question(raw)


@pytest.mark.parametrize("question", [f"<!channel> {DUTCH}", f"Graag: {DUTCH}", f"<@U0123ABC> Graag: {DUTCH}"])
def test_markup_or_an_opener_before_the_question_does_not_cost_the_answer(seed_service, question):
    answer = seed_service.answer(question)
    assert answer.found and "Emmet Shear" in " ".join(c.quote for c in answer.citations)


def test_the_cli_refuses_a_wordless_question_in_one_line(seed_service):
    env = {"NEWSBOT_DATA_DIR": str(seed_service.settings.data_dir)}
    assert_clean_failure(newsbot("ask", "🤔🤔🤔", env=env), "the question has no words to search for")


def test_escape_sequences_in_an_article_never_reach_the_terminal_raw(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(SEED_ARTICLE, articles)
    (articles / "gent.txt").write_text(
        "title: Mobiliteitsplan \x1b]0;pwned\x07Gent\n\nDe gemeenteraad van Gent keurde het nieuwe mobiliteitsplan "
        "goed \x1b[2J\x1b[31mmet 30 stemmen voor\x1b[0m, meldt de stad.\u202e De oppositie stemde tegen het plan.\n")
    env = {"NEWSBOT_DATA_DIR": str(tmp_path / "data")}
    assert newsbot("index", str(articles), env=env).returncode == 0
    question = "Hoeveel stemmen kreeg het mobiliteitsplan in Gent?"
    shown = newsbot("ask", question, env=env)
    assert "30 stemmen" in shown.stdout and "\\x1b[31m" in shown.stdout  # visible, not obeyed
    assert not any(ch in shown.stdout + shown.stderr for ch in "\x1b\x07\u202e")
    quote = json.loads(newsbot("ask", "--json", question, env=env).stdout)["citations"][0]["quote"]
    assert "\x1b[31mmet 30 stemmen" in quote  # the index and the JSON keep the text as it was

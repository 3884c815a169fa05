"""The REPL in stdin mode, and `newsbot run` without Slack tokens (what `make run` starts)."""

from __future__ import annotations

import shutil

from tests.cli import newsbot
from tests.conftest import SEED_ARTICLE


def test_run_indexes_then_answers_piped_questions(tmp_path):
    (tmp_path / "seeds").mkdir()
    shutil.copy(SEED_ARTICLE, tmp_path / "seeds")
    env = {"NEWSBOT_DATA_DIR": str(tmp_path / "data"), "NEWSBOT_ARTICLES_DIR": str(tmp_path / "seeds")}
    result = newsbot("run", env=env, stdin="Wie werd interim-CEO na Mira Murati?\n")
    assert result.returncode == 0, result.stderr
    assert "Emmet Shear" in result.stdout and "[1]" in result.stdout
    assert "Bronnen" in result.stdout and "2023-11" in result.stdout
    assert "1 added" in result.stderr

    session = "\n".join([
        "Who became interim CEO after Mira Murati?",
        "/show 1",
        "/lang nl",
        "Who became interim CEO after Mira Murati?",
        "/show 9",
        "/bogus",
        "x" * 5000,
        "/lang auto",
        "Wie won de Tour de France?",
        "/timeline",
        "/timeline het ontslag van Sam Altman bij OpenAI en zijn terugkeer",
    ]) + "\n"
    result = newsbot("repl", env=env, stdin=session)
    out = result.stdout
    assert result.returncode == 0 and "Traceback" not in out + result.stderr
    assert "In short: Emmet Shear" in out  # English wording for the English question, the short answer first
    assert "Dit staat er in de artikelen:" in out  # /lang nl rewords the same question
    assert "Ook na het chaotische weekend" in out and "Greg Brockman" in out  # /show prints the article
    assert "/show takes the number of a citation" in out
    assert "unknown command /bogus" in out
    assert "the question is too long" in out
    assert "/timeline takes the words of a story" in out
    assert "Zo verliep het, bericht na bericht:" in out  # /timeline asks how it unfolded, in Dutch
    assert "Daarover vond ik niets" in out  # the loop survived all of the above

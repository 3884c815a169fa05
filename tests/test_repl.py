"""The REPL in stdin mode, and `newsbot run` without Slack tokens (what `make run` starts)."""

from __future__ import annotations

import os
import re
import shutil
import signal

import pexpect

from tests.cli import NEWSBOT, newsbot
from tests.conftest import SEED_ARTICLE

QUOTE = ("OpenAI stelde meteen CTO Mira Murati aan als CEO ad interim, maar later dat weekend werd zij "
         "opgevolgd door Emmet Shear, de voormalige topman van Twitch.")


def seed_env(tmp_path) -> dict[str, str]:
    (tmp_path / "seeds").mkdir(exist_ok=True)
    shutil.copy(SEED_ARTICLE, tmp_path / "seeds")
    env = {k: v for k, v in os.environ.items() if k != "NEWSBOT_LOG_LEVEL"}
    return {**env, "NEWSBOT_DATA_DIR": str(tmp_path / "data"), "NEWSBOT_ARTICLES_DIR": str(tmp_path / "seeds")}


def test_each_quote_is_shown_once_and_routine_log_lines_stay_off_the_screen(tmp_path):
    """Issue 18, what the terminal shows: the sources list title, date, source and position under
    each number without repeating the quote; "answered: …" lines only with --verbose."""
    env = seed_env(tmp_path)
    result = newsbot("run", env=env, stdin="Wie werd interim-CEO na Mira Murati?\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(QUOTE) == 1
    assert re.search(r"^\[1\] Ook na het chaotische weekend .*\(2023-11\) — .* · tekens \d+–\d+$", result.stdout, re.M)
    assert "answered:" not in result.stderr and "1 added" in result.stderr
    verbose = newsbot("run", "--verbose", env=env, stdin="Wie werd interim-CEO na Mira Murati?\n")
    assert "answered: extractive, nl" in verbose.stderr
    asked = newsbot("run", env={**env, "NEWSBOT_LOG_LEVEL": "INFO"}, stdin="Wie werd interim-CEO na Mira Murati?\n")
    assert "answered: extractive, nl" in asked.stderr


def test_in_a_terminal_answers_wrap_at_word_boundaries(tmp_path):
    env = {**seed_env(tmp_path), "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}
    assert newsbot("index", env=env).returncode == 0
    repl = pexpect.spawn(NEWSBOT, ["repl"], env=env, encoding="utf-8", timeout=120, dimensions=(40, 50),
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        repl.expect_exact("ask a question, or /help")
        repl.sendline("Wie werd interim-CEO na Mira Murati?")
        repl.expect_exact("Bronnen")
        shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", repl.before)
        repl.expect_exact("\x1b[?2004h")  # the next prompt reads: Ctrl-D before it would be lost
        repl.sendeof()
        repl.expect(pexpect.EOF, timeout=10)
    finally:
        repl.close()
    lines = [line.rstrip() for line in shown[shown.index("Kort gezegd:"):].splitlines()]  # the answer, not the echo
    assert all(len(line) <= 50 for line in lines)
    assert QUOTE in " ".join(line.strip() for line in lines)  # broken only between words


def test_run_indexes_then_answers_piped_questions(tmp_path):
    env = seed_env(tmp_path)
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

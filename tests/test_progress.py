"""A first run that talks: on a terminal, indexing shows what it is doing, stage by stage."""

from __future__ import annotations

import os
import shutil

import pexpect

from tests.cli import NEWSBOT
from tests.conftest import SEED_ARTICLE


def test_indexing_on_a_terminal_shows_progress_bars_then_the_summary(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(SEED_ARTICLE, articles)
    env = {**os.environ, "NEWSBOT_DATA_DIR": str(tmp_path / "data"), "NEWSBOT_ARTICLES_DIR": str(articles),
           "TERM": "xterm"}
    run = pexpect.spawn(NEWSBOT, ["index"], env=env, encoding="utf-8", timeout=120, dimensions=(40, 160))
    for stage in ("reading articles", "chunking", "embedding"):  # each shown, in the order they happen
        run.expect(stage)
    run.expect("1 added, 0 updated, 0 unchanged, 0 removed")
    run.expect(pexpect.EOF)
    run.close()
    assert run.exitstatus == 0

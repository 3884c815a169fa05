"""`.env` and relative paths mean the same wherever newsbot is started; a missing articles folder
is an error, never an empty index."""

from __future__ import annotations

import json
import shutil

from bot.ops.paths import home
from bot.settings import Settings
from tests.cli import assert_clean_failure, newsbot
from tests.conftest import REPO, SEED_ARTICLE


def test_dotenv_and_relative_paths_start_at_the_home_not_the_current_directory(tmp_path):
    project, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    (project / "articles").mkdir(parents=True)
    elsewhere.mkdir()
    shutil.copy(SEED_ARTICLE, project / "articles")
    (project / ".env").write_text("NEWSBOT_DATA_DIR=state\nNEWSBOT_ARTICLES_DIR=articles\n")
    env = {"NEWSBOT_HOME": str(project)}

    indexed = newsbot("index", "--json", env=env, cwd=elsewhere)
    assert indexed.returncode == 0, indexed.stderr
    assert json.loads(indexed.stdout)["added"] == 1
    assert (project / "state" / "catalogue.sqlite").exists() and not (elsewhere / "state").exists()
    answer = newsbot("ask", "--json", "Wie werd interim-CEO na Mira Murati?", env=env, cwd=tmp_path)
    assert json.loads(answer.stdout)["found"] is True  # the same index, from yet another directory


def test_a_missing_articles_folder_is_an_error(tmp_path):
    for command in (["index"], ["run"]):
        result = newsbot(*command, env={"NEWSBOT_ARTICLES_DIR": "no-such-folder"}, stdin="", cwd=tmp_path)
        assert_clean_failure(result, f"NEWSBOT_ARTICLES_DIR {tmp_path / 'no-such-folder'} is not a folder")
    assert not (tmp_path / ".newsbot" / "catalogue.sqlite").exists()


def test_without_newsbot_home_a_checkout_is_its_own_home(monkeypatch, tmp_path):
    monkeypatch.delenv("NEWSBOT_HOME")
    assert home() == REPO  # make install installs the checkout in place; the current directory is tmp_path
    settings = Settings(_env_file=None)
    assert (settings.data_dir, settings.articles_dir) == (REPO / ".newsbot", REPO / "seeds")

"""Issue 10 §3: `newsbot index --rebuild` re-embeds what is indexed — every source kind — into a new
collection and switches only when done; a bad target or a kill changes nothing."""

from __future__ import annotations

import json
import shutil
import signal
import time

import pytest
from filelock import FileLock

from index.catalogue import Catalogue
from index.errors import NewsbotError
from index.rebuild import RETIRED_KEY, live_collection
from tests.cli import assert_clean_failure, newsbot
from tests.conftest import SEED_ARTICLE, make_settings
from tests.corpus import write_lee_folder
from tests.test_reindex_safety import index_state, start_index, wait_until_indexing
from tests.web_server import Page, WebServer, news_page

DYKE = ["The new storm surge barrier at Kruibeke was closed for the first time on Sunday night.",
        "Engineers lowered its 18 steel gates within 40 minutes as the water in the Scheldt rose.",
        "The barrier protects about 80,000 homes upstream of Antwerp from flooding, the agency said."]
DYKE_QUESTION = "How many steel gates does the Kruibeke storm surge barrier have?"
SEED_QUESTION = "Wie werd interim-CEO na Mira Murati?"


def collections(data_dir, embeddings) -> tuple[str, list[str]]:
    """(the collection readers use, every collection in the store)."""
    from bot.service import NewsbotService

    service = NewsbotService(make_settings(data_dir), embeddings=embeddings)
    try:
        return live_collection(service.catalogue), sorted(c.name for c in service.chroma.list_collections())
    finally:
        service.close()


def found(question: str, env: dict) -> bool:
    result = newsbot("ask", "--json", question, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["found"]


@pytest.fixture
def indexed(tmp_path):
    """The seed folder and a web page, indexed through the CLI."""
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(SEED_ARTICLE, articles)
    env = {"NEWSBOT_DATA_DIR": str(tmp_path / "data"), "NEWSBOT_ARTICLES_DIR": str(articles),
           "NEWSBOT_FETCH_ALLOW_PRIVATE": "true"}
    with WebServer() as site:
        site.pages["/dyke"] = Page(news_page("Storm barrier closes for the first time", DYKE))
        assert newsbot("index", "--json", env=env).returncode == 0
        assert json.loads(newsbot("index", "--json", f"{site.url}/dyke", env=env).stdout)["added"] == 1
    return tmp_path / "data", env  # the site is gone: a rebuild must not need it


def test_a_rebuild_keeps_web_articles_answerable_and_replaces_the_collection(indexed, embeddings):
    data, env = indexed
    before = index_state(data, embeddings)
    old, _ = collections(data, embeddings)
    result = newsbot("index", "--json", "--rebuild", env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["unchanged"] == 1  # then the folder is indexed as usual
    assert "rebuilt the index: 2 articles" in result.stderr
    after = index_state(data, embeddings)
    assert after["versions"] == before["versions"] and after["vectors"] == before["vectors"]
    assert after["ids"] == after["records"] == after["chunks"] == before["chunks"]
    new, names = collections(data, embeddings)
    assert new != old and names == [new]  # switched, and the old collection dropped
    assert found(DYKE_QUESTION, env) and found(SEED_QUESTION, env)


def test_a_rebuild_with_a_missing_folder_changes_nothing(indexed, embeddings):
    data, env = indexed
    before = index_state(data, embeddings), collections(data, embeddings)
    result = newsbot("index", "--rebuild", str(data.parent / "no-such-folder"), env=env)
    assert_clean_failure(result, "no-such-folder: no such file or folder; nothing was changed")
    assert (index_state(data, embeddings), collections(data, embeddings)) == before
    assert found(DYKE_QUESTION, env)


def test_a_rebuild_waits_for_no_other_index_run(service_factory, tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(SEED_ARTICLE, articles)
    service = service_factory(tmp_path / "data")
    indexer = service.indexer()
    indexer.apply(indexer.plan_paths([articles]))
    with FileLock(str(tmp_path / "data" / "index.lock")):
        with pytest.raises(NewsbotError, match="another index run is in progress"):
            service.rebuild_index()
    assert live_collection(service.catalogue) == "newsbot" and service.answer(SEED_QUESTION).found


def test_a_killed_rebuild_loses_nothing_and_the_next_one_finishes_the_job(tmp_path, embeddings):
    folder = tmp_path / "articles"
    write_lee_folder(folder, 30)
    data = tmp_path / "data"
    env = {"NEWSBOT_DATA_DIR": str(data)}
    assert newsbot("index", "--json", str(folder), env=env).returncode == 0
    before = index_state(data, embeddings)
    interrupted = False
    for delay in (3, 5, 8):  # past loading the models, into embedding
        process = start_index(env, folder, "--rebuild")
        wait_until_indexing(data)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        catalogue = Catalogue(data / "catalogue.sqlite")
        interrupted |= bool(catalogue.meta(RETIRED_KEY)) and catalogue.meta(RETIRED_KEY) != live_collection(catalogue)
        assert index_state(data, embeddings) == before  # readers still have every article, unchanged
        if interrupted:
            break
    assert interrupted, "no kill landed mid-rebuild: the test proved nothing"
    assert len(collections(data, embeddings)[1]) == 2  # the half-built one is still there
    result = newsbot("index", "--json", "--rebuild", str(folder), env=env)
    assert result.returncode == 0, result.stderr
    after = index_state(data, embeddings)
    assert after["versions"] == before["versions"] and after["vectors"] == before["vectors"]
    assert after["ids"] == after["records"] == after["chunks"] == before["chunks"]
    live, names = collections(data, embeddings)
    assert names == [live]  # the half-built collection and the old one are both gone

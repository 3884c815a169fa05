"""Indexing web pages and RSS feeds, served from a loopback HTTP server (no internet)."""

from __future__ import annotations

import json

import pytest

from index.fetching import Fetcher
from tests.cli import newsbot
from tests.web_server import Page, WebServer, news_page, rss_feed

BRIDGE = ["De nieuwe fietsbrug over de Schelde in Antwerpen gaat op 1 mei open voor het publiek.",
          "De brug kostte 42 miljoen euro en is 400 meter lang. Schepen kunnen er nog steeds onderdoor varen.",
          "De stad verwacht dagelijks zo'n 8000 fietsers op de nieuwe verbinding."]
FIRE = ["A fire destroyed a warehouse in the port of Ghent on Tuesday night. Nobody was injured.",
        "The fire brigade needed six hours to bring the blaze under control, a spokesperson said.",
        "The cause of the fire is not yet known; an investigation has started."]


@pytest.fixture
def site():
    with WebServer() as server:
        server.pages["/brug"] = Page(news_page("Fietsbrug over de Schelde opent in mei", BRIDGE,
                                               canonical=f"{server.url}/nieuws/brug"))
        server.pages["/fire"] = Page(news_page("Warehouse fire in Ghent", FIRE, date="2024-05-07"))
        server.pages["/menu"] = Page(b"<html><body><nav><a href='/a'>A</a> <a href='/b'>B</a></nav></body></html>")
        server.pages["/big"] = Page(news_page("Big", ["word " * 1_300_000]))
        server.pages["/logo.png"] = Page(b"\x89PNG....", "image/png")
        server.pages["/slow"] = Page(news_page("Slow", FIRE), delay=5)
        server.pages["/feed.xml"] = Page(rss_feed([
            ("Brug", f"{server.url}/brug"), ("Brand", f"{server.url}/fire?utm_source=rss"),
            ("Kapot", f"{server.url}/gone"), ("Zonder link", None),
        ]), "application/rss+xml")
        yield server


def plan_and_apply(service, **sources):
    indexer = service.indexer()
    fetcher = Fetcher(timeout=2, allow_private=True)  # the site is on loopback
    try:
        return indexer.apply(indexer.plan(fetcher=fetcher, **sources))
    finally:
        fetcher.close()


def test_a_page_is_indexed_under_its_url_with_its_metadata(service_factory, site):
    service = service_factory()
    report = plan_and_apply(service, urls=[f"{site.url}/brug"])
    assert (report.added, report.problems) == (1, [])
    [article] = service.catalogue.articles()
    assert article.title == "Fietsbrug over de Schelde opent in mei"
    assert (article.date, article.url, article.language) == ("2024-04-02", f"{site.url}/nieuws/brug", "nl")
    assert "Home | Sport" not in article.text and "rechten voorbehouden" not in article.text
    answer = service.answer("Hoeveel kostte de nieuwe fietsbrug?")
    assert answer.found and "42 miljoen euro" in " ".join(c.quote for c in answer.citations)
    assert answer.citations[0].url == f"{site.url}/nieuws/brug"


def test_the_same_url_is_re_embedded_only_when_its_text_changed(service_factory, site):
    service = service_factory()
    plan_and_apply(service, urls=[f"{site.url}/brug"])
    again = plan_and_apply(service, urls=[f"{site.url}/brug"])
    assert (again.unchanged, again.chunks_embedded) == (1, 0)
    site.pages["/brug"] = Page(news_page("Fietsbrug over de Schelde opent in mei", BRIDGE + ["De opening is uitgesteld tot juni."]))
    changed = plan_and_apply(service, urls=[f"{site.url}/brug"])
    assert (changed.updated, len(service.catalogue.articles())) == (1, 1) and changed.chunks_embedded > 0


def test_a_feed_indexes_each_entry_once_and_reports_broken_ones(service_factory, site):
    service = service_factory()
    report = plan_and_apply(service, feeds=[f"{site.url}/feed.xml"])
    assert report.added == 2
    messages = sorted(p.message for p in report.problems)
    assert any("/gone: the server answered HTTP 404" in m for m in messages)
    assert any("1 entries without a link skipped" in m for m in messages)
    again = plan_and_apply(service, feeds=[f"{site.url}/feed.xml"])
    assert (again.added, again.chunks_embedded) == (0, 0)
    assert site.hits["/brug"] == 1 and site.hits["/fire?utm_source=rss"] == 1  # not fetched again


def test_an_entry_dropped_from_the_feed_stays_answerable(service_factory, site):
    service = service_factory()
    plan_and_apply(service, feeds=[f"{site.url}/feed.xml"])
    site.pages["/feed.xml"] = Page(rss_feed([("Brug", f"{site.url}/brug")]), "application/rss+xml")
    report = plan_and_apply(service, feeds=[f"{site.url}/feed.xml"])
    assert report.removed == 0 and len(service.catalogue.articles()) == 2
    assert service.answer("How long did the fire brigade need to control the warehouse fire?").found


def test_a_web_article_is_removed_by_its_canonical_or_fetched_url(service_factory, site):
    service = service_factory()
    plan_and_apply(service, feeds=[f"{site.url}/feed.xml"])
    assert service.answer("Hoeveel kostte de nieuwe fietsbrug?").found
    indexer = service.indexer()
    report = indexer.apply(indexer.plan_removal([f"{site.url}/nieuws/brug", f"{site.url}/nowhere"]))
    assert report.removed == 1 and [p.message for p in report.problems] == [f"{site.url}/nowhere: not in the index"]
    assert [a.title for a in service.catalogue.articles()] == ["Warehouse fire in Ghent"]
    assert not service.answer("Hoeveel kostte de nieuwe fietsbrug?").found
    report = indexer.apply(indexer.plan_removal([f"{site.url}/fire?utm_source=rss"]))  # as the feed linked it
    assert (report.removed, report.chunks_total, service.collection.count()) == (1, 0, 0)


@pytest.mark.parametrize("path, reason", [
    ("/menu", "no article text found on this page"),
    ("/big", "the page is too large"),
    ("/logo.png", "not a web page or feed (content type image/png)"),
    ("/slow", "no answer within 2 s"),
    ("/gone", "the server answered HTTP 404"),
])
def test_bad_pages_get_a_clear_message_and_the_rest_is_indexed(service_factory, site, path, reason):
    service = service_factory()
    report = plan_and_apply(service, urls=[f"{site.url}{path}", f"{site.url}/fire"])
    assert report.added == 1
    [problem] = report.problems
    assert reason in problem.message and problem.explicit


def test_unreachable_host_and_not_a_feed(service_factory, site):
    from tests.chroma_server import free_port

    service = service_factory()
    report = plan_and_apply(service, urls=[f"http://127.0.0.1:{free_port()}/x"], feeds=[f"{site.url}/brug"])
    messages = [p.message for p in report.problems]
    assert "cannot fetch (ConnectError" in messages[0] or "cannot fetch" in messages[1]
    assert any("not an RSS or Atom feed" in m for m in messages)


def test_cli_indexes_urls_and_feeds(site, tmp_path):
    env = {"NEWSBOT_DATA_DIR": str(tmp_path / "data"), "NEWSBOT_FETCH_ALLOW_PRIVATE": "true"}
    result = newsbot("index", "--json", f"{site.url}/brug", "--feed", f"{site.url}/feed.xml", env=env)
    summary = json.loads(result.stdout)
    assert summary["added"] == 2 and result.returncode == 0  # the feed's broken entries are warnings
    assert "skipped" in result.stderr and "/gone" in result.stderr
    result = newsbot("index", "--json", f"{site.url}/menu", env=env)
    assert result.returncode == 1 and "no article text found" in result.stderr
    result = newsbot("remove", "--json", f"{site.url}/brug", f"{site.url}/menu", env=env)
    assert json.loads(result.stdout)["removed"] == 1 and json.loads(result.stdout)["chunks_total"] > 0
    assert result.returncode == 1 and f"{site.url}/menu: not in the index" in result.stderr

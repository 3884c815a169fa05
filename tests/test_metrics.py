"""/metrics after real index runs and questions, scraped over HTTP as Prometheus would."""

from __future__ import annotations

import shutil
import threading
from wsgiref.simple_server import WSGIRequestHandler, make_server

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.ops.health import Health, service_checks
from bot.ops.metrics import fetch_reason
from index.fetching import Fetcher
from tests.conftest import SEED_ARTICLE
from tests.test_web_sources import FIRE
from tests.web_server import Page, WebServer, news_page


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


def scrape(url: str) -> dict[tuple[str, tuple], float]:
    """Every sample of a /metrics page: (name, sorted labels) → value."""
    response = httpx.get(url, timeout=10)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(response.text) for s in family.samples}


@pytest.fixture
def served():
    """Serve a service's health app on a free loopback port; yields a function that does it."""
    servers = []

    def serve(health: Health) -> str:
        server = make_server("127.0.0.1", 0, health, handler_class=QuietHandler)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


def test_index_runs_questions_and_fetch_failures_are_counted(service_factory, served, tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(SEED_ARTICLE, articles)
    service = service_factory()
    base = served(Health(service.metrics, service_checks(service, slack=lambda: True)))

    indexer = service.indexer()
    first = indexer.apply(indexer.plan(paths=[articles]))
    indexer.apply(indexer.plan(paths=[articles]))  # nothing changed
    with WebServer() as site:
        site.pages["/fire"] = Page(news_page("Warehouse fire in Ghent", FIRE))
        site.pages["/logo.png"] = Page(b"\x89PNG....", "image/png")
        web = indexer.apply(indexer.plan(urls=[f"{site.url}/fire", f"{site.url}/gone", f"{site.url}/logo.png"],
                                         fetcher=Fetcher(timeout=2, allow_private=True)))
    (articles / SEED_ARTICLE.name).unlink()
    indexer.apply(indexer.plan(paths=[articles]))  # the seed article is removed
    service.answer("Who became interim CEO after Mira Murati?")
    service.answer("Wie won de Tour de France?")
    service.answer("Where was the warehouse fire?")

    metrics = scrape(f"{base}/metrics")
    assert metrics[("newsbot_index_runs_total", (("outcome", "ok"),))] == 4
    assert metrics[("newsbot_index_articles_total", (("change", "added"),))] == 2  # the seed, the fire page
    assert metrics[("newsbot_index_articles_total", (("change", "removed"),))] == 1
    assert metrics[("newsbot_index_chunks_embedded_total", ())] == first.chunks_embedded + web.chunks_embedded
    assert metrics[("newsbot_fetch_failures_total", (("reason", "http_status"),))] == 1  # /gone: 404
    assert metrics[("newsbot_fetch_failures_total", (("reason", "content_type"),))] == 1  # the PNG
    assert metrics[("newsbot_questions_total", (("found", "false"), ("language", "en"), ("mode", "extractive")))] == 1
    assert metrics[("newsbot_questions_total", (("found", "false"), ("language", "nl"), ("mode", "extractive")))] == 1
    assert metrics[("newsbot_questions_total", (("found", "true"), ("language", "en"), ("mode", "extractive")))] == 1
    assert metrics[("newsbot_step_seconds_count", (("step", "retrieve"),))] == 3
    assert metrics[("newsbot_step_seconds_count", (("step", "read"),))] == 3
    assert metrics[("newsbot_answer_seconds_count", ())] == 3
    assert metrics[("newsbot_step_seconds_sum", (("step", "retrieve"),))] > 0


def test_readiness_says_what_is_missing(service_factory, served, tmp_path):
    service = service_factory()
    connected = threading.Event()
    base = served(Health(service.metrics, service_checks(service, slack=connected.is_set)))

    assert httpx.get(f"{base}/healthz").json() == {"alive": True}
    not_ready = httpx.get(f"{base}/readyz")
    assert not_ready.status_code == 503
    assert not_ready.json() == {"ready": False, "checks": {"index": False, "models": False, "slack": False}}

    service.retriever, service.chain  # what warming up opens and loads
    connected.set()
    ready = httpx.get(f"{base}/readyz")
    assert ready.status_code == 200 and ready.json()["checks"] == {"index": True, "models": True, "slack": True}
    assert httpx.get(f"{base}/elsewhere").status_code == 404


@pytest.mark.parametrize("message, reason", [
    ("http://x/a: no answer within 20 s", "timeout"),
    ("https://x/a: the server answered HTTP 503", "http_status"),
    ("http://x/feed: 2 entries without a link skipped", None),
    ("/home/me/a.txt: cannot tell the text encoding", None),
    ("http://x/a: something new", "other"),
])
def test_fetch_failure_reasons(message, reason):
    assert fetch_reason(message) == reason

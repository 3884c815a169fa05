"""Issue 10 §1-2: every URL newsbot fetches goes only where it may, and not for longer than it may.

Real fetches against loopback servers: loopback is exactly what the default settings refuse, so
the tests that need a page turn NEWSBOT_FETCH_ALLOW_PRIVATE on (as an intranet operator would).
"""

from __future__ import annotations

import ipaddress
import json
import socket
import threading
import time

import pytest

from bot.settings import Settings
from index.fetching import Fetcher, FetchError
from index.netguard import refusal
from tests.cli import assert_clean_failure, newsbot
from tests.web_server import Page, WebServer, news_page, redirect, rss_feed

TEXT = ["The harbour of Antwerp handled a record 290 million tonnes of cargo last year, the port authority said.",
        "Container traffic grew by four percent, while bulk cargo fell slightly because of lower coal imports.",
        "The port expects growth to continue as the new lock at Zandvliet opens for larger ships next spring."]


@pytest.fixture
def site():
    with WebServer() as server:
        server.pages["/port"] = Page(news_page("Record year for the port of Antwerp", TEXT))
        server.pages["/hop"] = redirect("/port")
        server.pages["/to-metadata"] = redirect("http://169.254.169.254/latest/meta-data/")
        server.pages["/to-file"] = redirect("file:///etc/passwd")
        server.pages["/loop"] = redirect("/loop")
        yield server


def fetch(url: str, **options):
    fetcher = Fetcher(**options)
    try:
        return fetcher.article(url)
    finally:
        fetcher.close()


def test_private_addresses_are_refused_by_default():
    assert Settings(_env_file=None).fetch_allow_private is False


def test_the_cli_refuses_a_loopback_page_by_default_and_indexes_it_when_allowed(site, tmp_path):
    env = {"NEWSBOT_DATA_DIR": str(tmp_path / "data")}
    refused = newsbot("index", f"{site.url}/port", env=env)
    assert_clean_failure(refused, "127.0.0.1 is a loopback address")
    assert site.hits == {}  # refused before connecting
    allowed = newsbot("index", "--json", f"{site.url}/port", env={**env, "NEWSBOT_FETCH_ALLOW_PRIVATE": "true"})
    assert allowed.returncode == 0, allowed.stderr
    assert json.loads(allowed.stdout)["added"] == 1  # the refusal had added nothing
    assert site.hits == {"/port": 1}


def test_a_host_name_is_resolved_and_its_address_checked(site):
    with pytest.raises(FetchError, match="localhost is a loopback address"):
        fetch(site.url.replace("127.0.0.1", "localhost") + "/port")
    assert site.hits == {}


def test_every_redirect_hop_is_checked_and_followed_by_newsbot_itself(site):
    assert fetch(f"{site.url}/hop", allow_private=True).source == f"{site.url}/hop"
    assert site.hits == {"/hop": 1, "/port": 1}
    # loopback allowed, but a hop to the cloud metadata address is refused before connecting
    started = time.monotonic()
    with pytest.raises(FetchError, match="169.254.169.254 is a cloud metadata address"):
        fetch(f"{site.url}/to-metadata", allow_private=True)
    assert time.monotonic() - started < 2
    with pytest.raises(FetchError, match="not an http"):
        fetch(f"{site.url}/to-file", allow_private=True)
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch(f"{site.url}/loop", allow_private=True)


@pytest.mark.parametrize("address", [
    "127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.10.10", "100.64.0.1", "::1", "fe80::1",
    "fd12:3456::1", "::ffff:127.0.0.1", "2002:7f00:1::1",  # IPv4 inside IPv6 (mapped, 6to4)
])
def test_intranet_addresses_are_refused_unless_allowed(address):
    assert refusal(ipaddress.ip_address(address), allow_private=False)
    assert refusal(ipaddress.ip_address(address), allow_private=True) is None


@pytest.mark.parametrize("address", ["169.254.169.254", "fd00:ec2::254", "224.0.0.1", "0.0.0.0", "240.0.0.1",
                                     "255.255.255.255"])
def test_metadata_multicast_and_reserved_addresses_are_always_refused(address):
    assert refusal(ipaddress.ip_address(address), allow_private=True)


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"])
def test_public_addresses_are_fetched_from(address):
    assert refusal(ipaddress.ip_address(address), allow_private=False) is None


def test_a_server_that_trickles_bytes_is_cut_off_at_the_deadline(site):
    site.pages["/trickle"] = Page(news_page("Slow", TEXT), trickle=0.1)
    started = time.monotonic()
    with pytest.raises(FetchError, match="not fetched within the 1.5 s limit"):
        fetch(f"{site.url}/trickle", allow_private=True, deadline=1.5, timeout=5)
    assert time.monotonic() - started < 2.5


def test_a_name_lookup_that_never_returns_is_given_up_at_the_deadline(monkeypatch):
    """A dead DNS server leaves the system resolver waiting with no timeout of its own. No resolver
    can be made to hang on this machine, so the lookup of one name is held until the test ends."""
    released = threading.Event()
    resolve = socket.getaddrinfo

    def stuck(host, *args, **kwargs):
        if host == "stuck.example":
            released.wait(30)
        return resolve(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", stuck)
    started = time.monotonic()
    try:
        with pytest.raises(FetchError, match="not fetched within the 1.5 s limit"):
            fetch("http://stuck.example/news", deadline=1.5, timeout=5)
        assert time.monotonic() - started < 2.5
    finally:
        released.set()


def test_feed_entries_on_one_host_are_spaced(site, service_factory):
    site.pages["/a"] = Page(news_page("Port record", TEXT))
    site.pages["/b"] = Page(news_page("Port record, part two", [t.replace("Antwerp", "Ghent") for t in TEXT]))
    site.pages["/feed.xml"] = Page(rss_feed([("A", f"{site.url}/a"), ("B", f"{site.url}/b")]), "application/rss+xml")
    service = service_factory(fetch_allow_private=True, fetch_host_delay=0.4)
    indexer = service.indexer()
    assert indexer.apply(indexer.plan(feeds=[f"{site.url}/feed.xml"])).added == 2
    times = [at for _, at in site.arrivals]
    assert [path for path, _ in site.arrivals] == ["/feed.xml", "/a", "/b"]
    assert all(later - earlier >= 0.39 for earlier, later in zip(times, times[1:]))


def test_a_canonical_url_on_another_site_or_scheme_is_not_the_source_link(site):
    site.pages["/elsewhere"] = Page(news_page("Port", TEXT, canonical="https://www.other-news.example/port"))
    site.pages["/script"] = Page(news_page("Port", TEXT, canonical="javascript:alert(1)"))
    site.pages["/same-site"] = Page(news_page("Port", TEXT, canonical=f"{site.url}/news/port"))
    assert fetch(f"{site.url}/elsewhere", allow_private=True).url == f"{site.url}/elsewhere"
    assert fetch(f"{site.url}/script", allow_private=True).url == f"{site.url}/script"
    assert fetch(f"{site.url}/same-site", allow_private=True).url == f"{site.url}/news/port"

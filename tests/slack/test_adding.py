"""`@newsbot add <url>` / `voeg toe <url>`: allow-listed users index a web page from Slack."""

from __future__ import annotations

import logging
import time

from tests.chroma_server import free_port
from tests.slack.slack_side import ASKER
from tests.slack.test_mentions import DUTCH, SHEAR_SENTENCE
from tests.web_server import Page, WebServer, news_page

PARAGRAPHS = ["Het Antwerpse stadsbestuur keurde gisteren een nieuw circulatieplan goed voor de binnenstad.",
              "Vanaf september mogen auto's niet meer door het centrum rijden; fietsers krijgen 14 nieuwe straten.",
              "De oppositie noemt het plan overhaast en vraagt een volksraadpleging."]
GENERIC = "I could not add that page: I could not fetch it, or found no article on it."


def posted_text(message: dict) -> str:
    return message["text"]


def test_an_allowed_user_adds_a_page_and_it_is_answerable(start_bot, service_factory, web_api):
    service = service_factory(fetch_allow_private=True)  # the site is on loopback
    with WebServer() as site:
        site.pages["/plan"] = Page(news_page("Antwerpen keurt circulatieplan goed", PARAGRAPHS))
        bot = start_bot(answer=service.answer, add_url=service.add_url, slack_indexers=ASKER)
        bot.slack.mention(f"voeg toe <{site.url}/plan>")
        [reply] = web_api.posted(1)
        assert "Toegevoegd: “Antwerpen keurt circulatieplan goed” (2024-04-02)" in posted_text(reply)
        bot.slack.mention(f"add <{site.url}/plan|{site.url[7:]}/plan>")
        assert "already indexed and has not changed" in posted_text(web_api.posted(2)[1])
        bot.slack.mention("Hoeveel nieuwe fietsstraten komen er in Antwerpen?")
        assert "14 nieuwe straten" in posted_text(web_api.posted(3)[2])


def test_slack_escapes_in_the_url_are_undone(start_bot, service_factory, web_api):
    service = service_factory(fetch_allow_private=True)
    with WebServer() as site:
        site.pages["/plan"] = Page(news_page("Antwerpen keurt circulatieplan goed", PARAGRAPHS))
        bot = start_bot(answer=service.answer, add_url=service.add_url, slack_indexers=ASKER)
        bot.slack.mention(f"add <{site.url}/plan?id=7&amp;lang=nl>")  # how Slack sends "&"
        assert "Added “Antwerpen keurt circulatieplan goed”" in posted_text(web_api.posted(1)[0])
        assert site.hits == {"/plan?id=7&lang=nl": 1}


def test_adding_is_refused_for_others_and_failures_are_explained(start_bot, service_factory, web_api):
    service = service_factory(fetch_allow_private=True)
    with WebServer() as site:
        bot = start_bot(answer=service.answer, add_url=service.add_url, slack_indexers="USOMEONEELSE")
        bot.slack.mention(f"add <{site.url}/plan>")
        assert "only the people listed in NEWSBOT_SLACK_INDEXERS" in posted_text(web_api.posted(1)[0])
    with WebServer() as site:
        bot = start_bot(answer=service.answer, add_url=service.add_url, slack_indexers=ASKER,
                        state_dir=bot.state_dir.parent / "other-state")
        bot.slack.mention(f"add <{site.url}/missing>")
        assert posted_text(web_api.posted(2)[1]).startswith(GENERIC)
    assert not service.catalogue.articles()


def test_slack_cannot_reach_inside_or_tell_which_ports_answer(start_bot, service_factory, web_api, caplog):
    """Default settings: loopback is refused; an open port, a closed port and a missing page all get
    the same reply, and only the log says what happened."""
    caplog.set_level(logging.INFO)
    service = service_factory()
    with WebServer() as site:
        site.pages["/secret"] = Page(news_page("Intern", PARAGRAPHS))
        bot = start_bot(answer=service.answer, add_url=service.add_url, slack_indexers=ASKER)
        for url in (f"{site.url}/secret", f"http://127.0.0.1:{free_port()}/", "http://169.254.169.254/latest/"):
            bot.slack.mention(f"add <{url}>")
        replies = [posted_text(m) for m in web_api.posted(3)]
        assert site.hits == {}
    assert len(set(replies)) == 1 and replies[0].startswith(GENERIC)
    assert "127.0.0.1 is a loopback address" in caplog.text and "cloud metadata address" in caplog.text
    assert not service.catalogue.articles()


def test_slow_adds_never_hold_up_answers_or_shutdown(start_bot, seed_service, service_factory, web_api):
    adding = service_factory(fetch_allow_private=True, fetch_deadline=60)
    with WebServer() as site:
        site.pages["/slow"] = Page(news_page("Traag", PARAGRAPHS), trickle=0.5)  # would take minutes
        bot = start_bot(answer=seed_service.answer, add_url=adding.add_url, slack_indexers=ASKER)
        for _ in range(6):  # more than every answer worker
            bot.slack.mention(f"add <{site.url}/slow>")
        asked = time.monotonic()
        bot.slack.mention(DUTCH)
        [answer] = web_api.posted(1)
        assert SHEAR_SENTENCE in answer["text"]
        assert time.monotonic() - asked < 15
        stopping = time.monotonic()
        bot.finish()  # the adds are still fetching: stopping does not wait for them
        assert time.monotonic() - stopping < 3

"""`@newsbot add <url>` / `voeg toe <url>`: allow-listed users index a web page from Slack."""

from __future__ import annotations

from tests.slack.slack_side import ASKER
from tests.web_server import Page, WebServer, news_page

PARAGRAPHS = ["Het Antwerpse stadsbestuur keurde gisteren een nieuw circulatieplan goed voor de binnenstad.",
              "Vanaf september mogen auto's niet meer door het centrum rijden; fietsers krijgen 14 nieuwe straten.",
              "De oppositie noemt het plan overhaast en vraagt een volksraadpleging."]


def posted_text(message: dict) -> str:
    return message["text"]


def test_an_allowed_user_adds_a_page_and_it_is_answerable(start_bot, service_factory, web_api):
    service = service_factory()
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


def test_adding_is_refused_for_others_and_failures_are_explained(start_bot, service_factory, web_api):
    service = service_factory()
    with WebServer() as site:
        bot = start_bot(answer=service.answer, add_url=service.add_url, slack_indexers="USOMEONEELSE")
        bot.slack.mention(f"add <{site.url}/plan>")
        assert "only the people listed in NEWSBOT_SLACK_INDEXERS" in posted_text(web_api.posted(1)[0])
    with WebServer() as site:
        bot = start_bot(answer=service.answer, add_url=service.add_url, slack_indexers=ASKER,
                        state_dir=bot.state_dir.parent / "other-state")
        bot.slack.mention(f"add <{site.url}/missing>")
        reply = posted_text(web_api.posted(2)[1])
        assert "I could not add that page" in reply and "HTTP 404" in reply
    assert not service.catalogue.articles()

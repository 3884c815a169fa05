"""Publication dates: the header, else the URL, else the article's own date stamp; a header later
than either is a crawl date (index/dates.py)."""

import pytest

from index.dates import Dating, date_in_url, date_stamp, dating, provenance
from index.loading import parse_html


def publication_date(header, url, text):
    return dating(header, url, text).date


def test_dates_in_news_urls():
    assert date_in_url("https://invezz.com/nieuws/2024/07/31/boeing-benoemt-kelly-ortberg/") == "2024-07-31"
    assert date_in_url("https://example.com/news/20231122-election-results") == "2023-11-22"
    assert date_in_url("https://example.com/2023/11/some-story") == "2023-11"
    assert date_in_url("https://www.nhnieuws.nl/nieuws/n133889/wilders-wil") is None
    assert date_in_url("https://example.com/2023/13/45/not-a-date") is None


def test_a_stamp_near_the_top_or_after_published_is_the_articles_own_date():
    assert date_stamp("Sam Bankman-Fried … pic.twitter.com/x March 28, 2024\n\nThe sentencing…") == "2024-03-28"
    assert date_stamp("x " * 300 + "Gepubliceerd op 12 maart 2024, 10:15") == "2024-03-12"
    assert date_stamp("x " * 300 + "the record of 25 juli 2019 was broken") is None  # an event, not a stamp
    assert date_stamp("De strafmaat volgt op 24 maart 2024.") is None  # a date in a sentence, however near the top
    # …but it still shows a later header to be a crawl date: undated, never dated by the event it announces
    # (and a date the text looks ahead to is no lower bound either)
    assert dating("2025-05", None, "De strafmaat volgt op 24 maart 2024.") == Dating(None, None, None)
    assert date_stamp("The door plug fell off.\n\nFebruary 6, 2024, 3:36 PM\n\nFour bolts…") == "2024-02-06"


def test_a_header_later_than_the_url_or_stamp_is_a_crawl_date():
    assert publication_date("2024-08", "https://invezz.com/nieuws/2024/07/31/x", "text") == "2024-07-31"
    assert publication_date("2025-05", None, "Vonnis\n\n24 maart 2024, 10:15\n\nDe rechter bepaalt…") == "2024-03-24"


def test_otherwise_the_header_stands_and_a_sharper_stamp_refines_it():
    assert publication_date("2024-03", None, "news pic.twitter.com/x March 28, 2024") == "2024-03-28"
    assert publication_date("2022-07", None, "x " * 300 + "het record van 25 juli 2019") == "2022-07"
    assert publication_date(None, "https://a.nl/2023/05/15/feest", "text") == "2023-05-15"
    assert publication_date(None, None, "no date at all") is None


def test_each_date_says_where_it_came_from_and_an_undated_article_gets_a_lower_bound():
    assert dating("2024-03", None, "text") == Dating("2024-03", "header")
    assert dating(None, "https://a.nl/2023/05/15/feest", "text") == Dating("2023-05-15", "url")
    assert dating("2024-08", "https://invezz.com/nieuws/2024/07/31/x", "text") == Dating("2024-07-31", "url")
    assert dating(None, None, "Cheers\n\n12 maart 2024\n\nFeest.") == Dating("2024-03-12", "text")
    undated = dating(None, None, "Op 20 november 2023 begon het; op 22 november 2023 volgde de uitslag.")
    assert undated == Dating(None, None, not_before="2023-11-22")  # a bound, never shown as the date


def test_a_date_still_to_come_is_no_lower_bound():
    """An announced date may lie after the text was written: "not before" it would be false."""
    looking_ahead = ("De rechter bepaalt die op 24 maart 2024.", "The hearing is set for March 24, 2024.",
                     "Die Anhörung wird am 24. März 2024 stattfinden.", "On 2 November 2023 he will appeal.")
    for sentence in looking_ahead:
        assert dating(None, None, "Op 3 november 2023 viel het vonnis. " + sentence).not_before == "2023-11-03", sentence
    assert dating(None, None, "The verdict of March 24, 2024 was read out.").not_before == "2024-03-24"


def test_a_stored_dates_source_is_recovered_from_the_article():
    assert provenance("2023-05-15", "https://a.nl/2023/05/15/feest", "text", "/news/a.txt").source == "url"
    assert provenance("2024-02-06", None, "Plug\n\nFebruary 6, 2024, 3:36 PM\n\nBolts…", "/a.txt").source == "text"
    assert provenance("2024-02", None, "text", "/news/a.txt").source == "header"
    assert provenance("2024-02", None, "text", "https://nos.nl/artikel/1").source == "metadata"
    assert provenance(None, None, "Sinds 3 januari 2024 en 9 februari 2024.", "/a.txt") == Dating(None, None, "2024-02-09")


def test_citations_say_how_their_date_is_known_and_an_undated_report_shows_its_bound(embeddings, tmp_path):
    from bot.adapters.terminal import source_line
    from bot.service import NewsbotService
    from tests.conftest import make_settings

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "dated.txt").write_text("date 2024-03-05\n\nHavenbedrijf Noordkaap benoemt Karim Haddad tot "
                                      "directeur. Hij begint op 1 april 2024.", encoding="utf-8")
    (folder / "undated.txt").write_text("De veerdienst naar Vlieland vaart sinds 12 februari 2024 met een nieuwe "
                                        "boot, de Vlieland Express, die 350 passagiers vervoert.", encoding="utf-8")
    service = NewsbotService(make_settings(tmp_path / "data"), embeddings=embeddings)
    try:
        service.indexer().apply(service.indexer().plan(paths=[folder]))
        dated = service.answer("Wie wordt directeur van Noordkaap?").citations[0]
        assert (dated.date, dated.date_source, dated.not_before) == ("2024-03-05", "header", None)
        undated = service.answer("Hoeveel passagiers vervoert de nieuwe boot naar Vlieland?").citations[0]
        assert (undated.date, undated.date_source, undated.not_before) == (None, None, "2024-02-12")
        assert "(datum onbekend, na 2024-02-12)" in source_line(undated, "nl")
    finally:
        service.close()


_BODY = "<p>" + "Het kabinet is gevallen na een lange nacht van overleg in Den Haag. " * 8 + "</p>"


@pytest.mark.parametrize("head, article, date", [
    ('<meta property="article:published_time" content="2023-11-22T10:00:00+01:00">', "", "2023-11-22"),
    ('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2023-11-21T08:00:00Z"}</script>',
     "", "2023-11-21"),
    ("", '<time datetime="2023-11-20T09:00">20 nov</time>', "2023-11-20"),
    ("", "<p>Op 3 maart 2021 gebeurde het.</p>", None),  # a date in a sentence is no page date (nor 2021-01-01)
])
def test_a_pages_date_is_its_own_markup_never_a_guess(head, article, date):
    html = f"<html><head><title>Kabinet</title>{head}</head><body><article>{article}{_BODY}</article></body></html>"
    fields = parse_html(html, "https://example.com/nieuws/kabinet")
    assert fields["date"] == date
    if date:
        assert provenance(date, fields["url"], fields["text"], "https://example.com/nieuws/kabinet").source == "metadata"


_AGENCY = ("De gemeente Westerdorp sluit het zwembad De Golf per direct vanwege een lekkend dak boven het diepe bad. "
           "Volgens wethouder Ineke Brouwer duurt de reparatie naar verwachting minstens drie maanden en kost zij "
           "ruim twee miljoen euro.")


def test_agency_copy_in_an_undated_outlet_takes_the_earliest_dated_outlets_date(embeddings, tmp_path):
    """The same agency text carried by a dated and an undated outlet: the undated one says the
    dated one's date, marked "agency"; removing the dated outlet makes it undated again."""
    from bot.service import NewsbotService
    from tests.conftest import make_settings

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "krant.txt").write_text("date 2024-05-14\n\n" + _AGENCY, encoding="utf-8")
    (folder / "site.txt").write_text("WESTERDORP (ANP) - " + _AGENCY.replace("wethouder", "Wethouder") +
                                     " Zwemmers moeten uitwijken naar Oostdorp.", encoding="utf-8")
    (folder / "later.txt").write_text("date 2024-06-02\n\n" + _AGENCY, encoding="utf-8")
    service = NewsbotService(make_settings(tmp_path / "data"), embeddings=embeddings)
    try:
        service.indexer().apply(service.indexer().plan(paths=[folder]))
        [site] = [a for a in service.catalogue.articles() if a.source.endswith("site.txt")]
        assert site.date is None and service.catalogue.agency_date(site.article_id) == "2024-05-14"
        question = "Waar moeten de zwemmers uit Westerdorp naartoe?"
        [from_site] = [c for c in service.answer(question).citations if c.article_id == site.article_id]
        assert (from_site.date, from_site.date_source, from_site.not_before) == ("2024-05-14", "agency", None)
        service.indexer().apply(service.indexer().plan_removal([str(folder / "krant.txt")]))
        [from_site] = [c for c in service.answer(question).citations if c.article_id == site.article_id]
        assert (from_site.date, from_site.date_source) == ("2024-06-02", "agency")  # the next carrier's
    finally:
        service.close()


def test_a_catalogue_from_before_copies_were_kept_fingerprints_its_articles_once(tmp_path):
    from sqlalchemy import text

    from index.articles import Article
    from index.catalogue import Catalogue

    def article(name, date, body):
        return Article(article_id=name, title=name, date=date, source=f"/{name}.txt", url=None, language="nl", text=body)

    catalogue = Catalogue(tmp_path / "catalogue.sqlite")
    for a in (article("a", "2024-05-14", _AGENCY), article("b", None, "Kort nieuws. " + _AGENCY)):
        catalogue.stage(a, [])
        catalogue.publish(a)
    with catalogue._connect() as db:
        db.execute(text("DROP TABLE copies"))
    catalogue.close()
    reopened = Catalogue(tmp_path / "catalogue.sqlite")
    assert reopened.agency_date("b") == "2024-05-14" and reopened.agency_date("a") is None
    reopened.remove("a")
    assert reopened.agency_date("b") is None
    reopened.close()

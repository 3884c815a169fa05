"""Publication dates: the header, else the URL, else the article's own date stamp; a header later
than either is a crawl date (index/dates.py)."""

from index.dates import date_in_url, date_stamp, publication_date


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


def test_a_header_later_than_the_url_or_stamp_is_a_crawl_date():
    assert publication_date("2024-08", "https://invezz.com/nieuws/2024/07/31/x", "text") == "2024-07-31"
    assert publication_date("2025-05", None, "De rechter bepaalt die op 24 maart 2024.") == "2024-03-24"


def test_otherwise_the_header_stands_and_a_sharper_stamp_refines_it():
    assert publication_date("2024-03", None, "news pic.twitter.com/x March 28, 2024") == "2024-03-28"
    assert publication_date("2022-07", None, "x " * 300 + "het record van 25 juli 2019") == "2022-07"
    assert publication_date(None, "https://a.nl/2023/05/15/feest", "text") == "2023-05-15"
    assert publication_date(None, None, "no date at all") is None

"""The quotable sentences of a passage (bot/reading/sentences.py)."""

from __future__ import annotations

from langchain_core.documents import Document

from bot.reading.sentences import quotable_sentences

TEXT = ("Twee dingen zijn daar opmerkelijk aan: Ilya Sutskever, een lid van de raad van bestuur, ondertekende "
        "mee de brief. Hij liet intussen weten spijt te hebben van zijn beslissing. De raad bestond uit zes mensen.")


def passage(text: str, start: int = 100, language: str = "nl") -> Document:
    return Document(page_content=text, metadata={"start": start, "language": language, "article_id": "a"})


def test_a_sentence_opening_with_a_pronoun_is_quoted_with_the_one_that_names_whom_it_is_about():
    texts = [c.text for c in quotable_sentences([passage(TEXT)])]
    assert texts == [
        TEXT[:TEXT.index(" De raad")].split(". Hij")[0] + ".",
        TEXT[:TEXT.index(" De raad")],  # "… ondertekende mee de brief. Hij liet intussen weten spijt …"
        "De raad bestond uit zes mensen.",
    ]


def test_offsets_stay_those_of_the_article_so_the_quote_is_verbatim():
    article = "x" * 100 + TEXT
    for candidate in quotable_sentences([passage(TEXT)]):
        assert article[candidate.start:candidate.end] == candidate.text


def test_a_pronoun_after_a_heading_or_at_the_start_stands_alone():
    text = "He resigned on Monday after a week of protests. The board met."
    assert [c.text for c in quotable_sentences([passage(text, language="en")])][0].startswith("He resigned")


def test_a_pronoun_opening_a_paragraph_is_not_joined_across_the_break():
    text = "Schoof zei dat het akkoord een goed programma is.\n\nHij benadrukte dat hij partijloos is."
    assert [c.text for c in quotable_sentences([passage(text)])] == [
        "Schoof zei dat het akkoord een goed programma is.", "Hij benadrukte dat hij partijloos is."]


def test_a_pronoun_is_joined_only_to_a_sentence_that_names_someone():
    text = "Uiteindelijk sluisde hij miljarden door naar zichzelf. Hij gebruikte het geld voor beleggingen."
    assert len(quotable_sentences([passage(text)])[1].text) < len(text) - 40

"""The short answer ("Kort gezegd: …") is a claim with a bar (bot/answering/claims.py, from the
candidate answers of bot/reading/candidates.py): on the seed article it names the seed's own answer
or nothing, and "who is X" is answered with what the article says X is."""

from __future__ import annotations

import json

import pytest

from bot.question.intent import asked_unit
from bot.question.words import fold
from bot.reading.candidates import _another_actor, _describing, shown
from bot.reading.sentences import same_copy
from bot.reading.spans import Span, roles
from tests.conftest import SEED_GOLD


@pytest.mark.parametrize("question", ["Who became interim CEO after Mira Murati?", "Wie werd interim-CEO na Mira Murati?"])
def test_who_came_after_someone_is_their_successor_not_them(seed_service, question):
    assert seed_service.answer(question).short == "Emmet Shear"


@pytest.mark.parametrize("question", ["Wie is nu de CEO van OpenAI?", "Who is the CEO of OpenAI now?"])
def test_another_companys_chief_is_not_the_ceo_asked_about(seed_service, question):
    """"SalesForce CEO Marc Benioff" is in the article's best sentence, but he leads SalesForce."""
    short = seed_service.answer(question).short
    assert short is None or "Benioff" not in short


@pytest.mark.parametrize("question, says", [
    ("Wie is Emmet Shear?", "de voormalige topman van Twitch"),  # once declined: a name alone is a short question
    ("Who is Mira Murati?", "CTO"),  # not "Emmet Shear", the person in the same sentence
    ("Wie is Sam Altman?", "CEO van OpenAI"),  # not "Satya Nadella"
    ("Wer ist Satya Nadella?", "Microsoft CEO"),
    ("Who is Tasha McCauley?", "CEO van GeoSim"),
])
def test_who_is_someone_is_answered_with_what_the_article_says_they_are(seed_service, question, says):
    answer = seed_service.answer(question)
    assert answer.found and answer.short == says
    assert says in answer.citations[0].quote  # the sentence that says it is quoted first


def test_a_short_answer_is_stated_by_the_quote_it_leads_and_unanswerable_questions_get_none(seed_service):
    gold = [json.loads(line) for line in SEED_GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    led = 0
    for item in gold:
        answer = seed_service.answer(item["question"])
        if not item["answerable"]:
            assert answer.short is None, item["question"]
        elif answer.short:
            led += 1
            first = answer.citations[0].quote
            assert all(part.split(" (")[0] in first or part.split(" (")[0] in answer.text
                       for part in answer.short.split(" · ")), (item["question"], answer.short)
    # measured: 6 of the 24 answerable questions lead with one, all right; the stricter bar of the
    # claim (issue 18) left out two wrong ones ("700 medewerkers" signed first, "770 mensen" by Monday)
    # with five right ones
    assert led >= 6


def test_the_json_answer_carries_the_short_answer(seed_service):
    payload = seed_service.answer("Hoeveel procent van OpenAI is in handen van Microsoft?").to_json()
    assert payload["short"] == "49 procent" and payload["answer"].startswith("Kort gezegd: 49 procent")


@pytest.mark.parametrize("sentence, name, says", [
    ("Later werd Jan de Vries, de nieuwe voorzitter van FC Dorp, ingehuldigd.", "Jan de Vries",
     "de nieuwe voorzitter van FC Dorp"),
    ("Daarna sprak Acme-topman Piet Klaas de pers toe.", "Piet Klaas", "Acme-topman"),
    ("She met Globex CEO Ann Lee on Monday.", "Ann Lee", "Globex CEO"),
    ("Ann Lee, who likes tennis, met him.", "Ann Lee", None),  # an appositive without a role says nothing
])
def test_a_description_is_the_role_right_before_or_the_role_phrase_right_after_a_name(sentence, name, says):
    found = _describing(sentence, [fold(w) for w in name.split()])
    assert [s.text for s in found] == ([says] if says else [])
    assert all(sentence[s.start:s.end] == s.text for s in found)  # offsets into the sentence, for quoting


def test_agency_copy_in_two_outlets_is_one_source():
    a = "Het kabinet-Schoof is beëdigd door koning Willem-Alexander."
    assert same_copy(a, "DEN HAAG (ANP) - Het kabinet-Schoof is beëdigd door koning Willem-Alexander.")
    assert not same_copy(a, "Het kabinet-Rutte IV is gevallen na ruzie over migratie.")


@pytest.mark.parametrize("sentence, question, says", [
    ("He was found guilty on seven fraud and conspiracy counts last year.", "On how many counts was he convicted?",
     "seven fraud and conspiracy counts"),  # the noun the question counts, not the word after the number
    ("De partij haalt 37 zetels in de peiling.", "Hoeveel zetels haalt de partij?", "37 zetels"),
    ("The club sold 37 shirts and 12 caps.", "How many caps did the club sell?", "37 shirts"),  # not this number's
])
def test_a_counted_number_takes_the_noun_the_question_counts(sentence, question, says):
    start = sentence.index(says.split()[0])
    span = Span(start, start + len(says.split()[0]), says.split()[0], "number")
    assert shown(sentence, span, asked_unit(question)) == says


def test_a_figure_another_actor_gave_does_not_answer_what_the_asked_one_did():
    question = "How many years in prison did his own lawyers ask for?"
    assert roles(question) == {"lawyer"}  # a plural names the role too
    assert _another_actor("A judge in Boston sentenced him to 12 years in prison.", question)
    assert not _another_actor("His attorneys asked for a sentence of at most 6 years.", question)
    assert not _another_actor("He will probably serve 10 years, a newspaper said.", question)  # no role: may be theirs
    assert not _another_actor("A judge sentenced him to 12 years.", "How many years did he get?")  # no role asked
    assert roles("De advocaten en de Anwälte") == {"lawyer"} and roles("de aanklagers") == {"prosecutor"}


def test_of_two_spans_in_one_sentence_the_one_beside_the_asked_words_answers():
    """Equal support (one sentence states both): the span nearer the question's words leads."""
    from langchain_core.documents import Document

    from bot.question.intent import analyse
    from bot.question.query import Query
    from bot.reading.candidates import closeness
    from bot.reading.reader import Scored
    from bot.reading.sentences import Candidate

    text = "Sam Altman was fired on Friday, and Emmet Shear, the head of Twitch, was named interim chief on Sunday."
    document = Document(page_content=text, metadata={"language": "en", "article_id": "a", "start": 0})
    scored = Scored(Candidate(document, 0, len(text), text, 0), 0.5, ())
    query = Query("Who was named interim chief?", "en", analyse("Who was named interim chief?", "en"))
    altman, shear = Span(0, 10, "Sam Altman", "person"), Span(36, 47, "Emmet Shear", "person")
    assert closeness(scored, shear, query) > closeness(scored, altman, query) > 0
    dutch = Query("Wie werd interim-chef?", "nl", analyse("Wie werd interim-chef?", "nl"))
    assert closeness(scored, shear, dutch) == 0.0  # across languages only names are compared: it names no one
    named = Query("Wer wurde nach Sam Altman Interimschef?", "de", analyse("Wer wurde nach Sam Altman Interimschef?", "de"))
    assert closeness(scored, altman, named) == 0.0 < closeness(scored, shear, named)

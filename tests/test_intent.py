"""What a question asks for (bot/question/intent.py) and what in a sentence can answer it (bot/reading/spans.py)."""

import pytest

from bot.question.intent import FACT, LATEST, TIMELINE, analyse
from bot.question.words import number_values
from bot.reading.spans import answers, names_in_role, roles


@pytest.mark.parametrize("question, language, expects", [
    ("How many seats did the PVV end up with?", "en", "number"),
    ("Hoeveel procent van de stemmen was geteld?", "nl", "percent"),
    ("How much was FTX worth before it blew up?", "en", "money"),
    ("Wie viel Geld brauchte FTX?", "de", "money"),
    ("Hoelang zit Omtzigt al in de Kamer?", "nl", "duration"),
    ("How many years in prison did his lawyers ask for?", "en", "duration"),
    ("Hoeveel jaar cel kreeg hij?", "nl", "duration"),
    ("Wie viele Jahre hat Schoof den Geheimdienst geleitet?", "de", "duration"),
    ("Wanneer werd het kabinet beëdigd?", "nl", "time"),
    ("Warum ist Omtzigt ausgestiegen?", "de", "reason"),
    ("Where was he arrested?", "en", "place"),
    ("Wie werd interim-CEO na Mira Murati?", "nl", "person"),  # Dutch "wie" is who…
    ("Wie alt ist Dick Schoof?", "de", "age"),  # …German "wie" is how
    ("On which TV show did Omtzigt explain why he left?", "en", "name"),  # the first question word decides
    ("Wat doen de ouders van X voor werk?", "nl", None),
    ("Who is Mira Murati?", "en", None),  # what she is, not another person
    ("Wie is Emmet Shear?", "nl", None),
    ("Wer ist Sam Altman?", "de", None),
    ("Wie is de topman van Binance?", "nl", "person"),  # a role: someone else answers
    ("Wer ist der Richter?", "de", "person"),
    ("Which chief executive wants to welcome unhappy AI researchers?", "en", "person"),  # not "OpenAI"
])
def test_the_kind_of_answer_a_question_wants(question, language, expects):
    assert analyse(question, language).expects == expects


@pytest.mark.parametrize("question, language, when", [
    ("Who is the Dutch prime minister now?", "en", LATEST),
    ("Doet NSC inmiddels weer mee?", "nl", LATEST),
    ("Welche Strafe hat er jetzt bekommen?", "de", LATEST),
    ("Is Binance still going to buy FTX?", "en", LATEST),
    ("Hoe verliep de zoektocht naar een premier?", "nl", TIMELINE),
    ("How did the takeover unfold?", "en", TIMELINE),
    ("Wie lief das Verfahren ab, vom Prozess bis zum Urteil?", "de", TIMELINE),
    ("Hoeveel zetels kreeg de PVV?", "nl", FACT),
    ("Bestaat Alameda Research eigenlijk nog?", "nl", LATEST),  # "nog" at the end: still…
    ("Ist Bankman-Fried noch Chef von FTX?", "de", LATEST),
    ("What is the most recent thing SBF has said?", "en", LATEST),
    ("Heeft hij nog niet gereageerd?", "nl", FACT),  # …"nog niet", "noch nicht": not yet
    ("Hat er noch nicht gezahlt?", "de", FACT),
])
def test_latest_state_and_timeline_questions(question, language, when):
    assert analyse(question, language).when == when


@pytest.mark.parametrize("question, language, still", [
    ("Ist Bankman-Fried noch Chef von FTX?", "de", True),
    ("Bestaat Alameda Research eigenlijk nog?", "nl", True),
    ("Is Omtzigt still the one leading NSC?", "en", True),
    ("Est-il toujours PDG ?", "fr", True),
    ("Wie leidt de formatie nu?", "nl", False),  # the present, but not whether a state holds on
    ("Heeft hij nog niet gereageerd?", "nl", False),
])
def test_a_still_question_asks_whether_a_state_holds_on(question, language, still):
    intent = analyse(question, language)
    assert intent.still == still and (intent.when == LATEST or not still)


def test_an_answer_is_of_the_asked_kind_and_not_already_in_the_question():
    sentence = "Met zo'n 98 procent van de stemmen geteld blijkt de PVV niet 35 zetels, maar 37 zetels te pakken."
    found = [s.text for s in answers(sentence, "nl", "number", "Kreeg de PVV 35 zetels, of meer?")]
    assert "37" in found and "35" not in found
    assert [s.text for s in answers("Boeing benoemt Kelly Ortberg tot topman.", "nl", "person", "Who leads Boeing?")] \
        == ["Kelly Ortberg"]
    assert answers("Wie is Kelly Ortberg, de nieuwe topman?", "nl", "person", "Wie is Kelly Ortberg?") == ()


@pytest.mark.parametrize("sentence, expected", [
    ("Er komen 2000 extra stallingsplekken bij het centraal station.", ["2000"]),  # a count, not a year
    ("The firm hired 2000 employees.", ["2000"]),
    ("In 2019 werden 40 mensen ontslagen.", ["40"]),
    ("De haven sloot 2023 af met een overslag van 290 miljoen ton.", ["290 miljoen"]),
    ("Het bedrijf werd in 2019 opgericht.", []),
])
def test_a_year_does_not_answer_how_many_but_a_count_that_looks_like_one_does(sentence, expected):
    assert [s.text for s in answers(sentence, "nl", "number", "Hoeveel?")] == expected


def test_amounts_durations_dates_and_reasons():
    assert [s.text for s in answers("Die Firma war 32 Milliarden US-Dollar wert.", "de", "money", "Wie viel?")] \
        == ["32 Milliarden US-Dollar"]
    assert [s.text for s in answers("Hij zit er al twintig jaar.", "nl", "duration", "Hoelang?")] == ["twintig jaar"]
    assert [s.text.rstrip(".") for s in answers("Ze zijn op dinsdag 2 juli beëdigd.", "nl", "time", "Wanneer?")] \
        == ["dinsdag 2 juli"]
    assert answers("Hij stapte op vanwege fraude.", "nl", "reason", "Waarom stapte hij op?")
    assert answers("Hij stapte op.", "nl", "reason", "Waarom stapte hij op?") == ()


@pytest.mark.parametrize("sentence, language, reason", [
    ("De wethouder trad af na ophef over zijn declaraties.", "nl", "na ophef"),
    ("De trainer stopt om gezondheidsredenen.", "nl", "gezondheidsredenen"),
    ("He stepped down after allegations of fraud.", "en", "after allegations"),
    ("She left for personal reasons.", "en", "reasons"),
    ("Er trat aus gesundheitlichen Gründen zurück.", "de", "Gründen"),
])
def test_a_reason_is_also_what_someone_acted_after_or_the_reasons_they_gave(sentence, language, reason):
    """"Why did Van Strien quit?" is answered by what he left after, and "why does Omtzigt step
    back?" by the reasons he gave, with no "because" in either sentence."""
    assert [s.text for s in answers(sentence, language, "reason", "Why?")][:1] == [reason]


def test_number_words_carry_their_value_and_articles_count_only_when_asked():
    assert number_values("Zeventien mensen en tweemaal zoveel") == {"17", "2"}
    assert number_values("een dozijn, dozens of them") == set()
    assert number_values("een boek", include_articles=True) == {"1"}


def test_a_who_question_that_names_a_role_is_answered_by_someone_named_in_that_role():
    question = "Welcher Richter hat Bankman-Fried verurteilt?"
    assert roles(question) == {"judge"}
    assert roles("Wie is de topman van Binance?") == {"chief"} and roles("He will administer it.") == set()
    assert names_in_role("The fine was set by District Judge Anna Berg.", "en", {"judge"}, question)
    # the one name is the one asked about, and a jury is no judge
    assert not names_in_role("Judge Kaplan sentenced Bankman-Fried.", "en", {"judge"}, "Which judge sentenced Kaplan?")
    assert not names_in_role("De jury in Gent heeft de verdachte schuldig bevonden.", "nl", {"judge"}, question)
    assert names_in_role('Bahn-CEO Karl Brandt gab den Plan bekannt.', "de", {"chief"},
                         "Wer ist der Chef der Bahn?")
    assert not names_in_role("He was sentenced by a judge in New York.", "en", {"judge"}, "Which judge sentenced him?")


def test_how_long_is_answered_by_a_span_of_time_not_by_one_day():
    question = "Hoe lang deed de jury erover?"
    assert [s.text for s in answers("Het overleg duurde een viertal uur.", "nl", "duration", question)] \
        == ["viertal uur"]
    assert answers("De jury oordeelde donderdag.", "nl", "duration", question) == ()
    assert len(answers("The war lasted from 1914 to 1918.", "en", "duration", "How long did the war last?")) == 2

"""Which words of a question count as names for the relevance rule (bot/question/intent.py, used by bot/reading/relevance.py)."""

from bot.question.intent import question_names


def test_names_are_capitalised_words_acronyms_and_camel_case_not_the_opening_word():
    assert question_names("Who did OpenAI hire from Twitch as CEO?", "en") == ["OpenAI", "Twitch", "CEO"]
    assert question_names("Wie werd interim-CEO na Mira Murati?", "nl") == ["CEO", "Mira", "Murati"]


def test_english_weekdays_and_months_are_not_names():
    # A Dutch article says "maandag": "Monday" missing from it must not make the question unanswerable.
    assert question_names("How many people had signed the letter by Monday?", "en") == []
    assert question_names("What did Altman announce in November?", "en") == ["Altman"]


def test_german_nouns_are_not_names_but_acronyms_are():
    assert question_names("Wie viele Mitarbeiter hat die EU?", "de") == ["EU"]


def test_a_word_opening_a_clause_is_not_a_name():
    assert question_names("Graag: Wie werd interim-CEO na Mira Murati?", "nl") == ["CEO", "Mira", "Murati"]
    assert question_names("Quick one. Who runs OpenAI?", "en") == ["OpenAI"]

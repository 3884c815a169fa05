"""Whether a sentence says the asked state ended, near whom it says so (bot/reading/ended.py)."""

from __future__ import annotations

import pytest

from bot.reading.ended import ended_distance, subject


def test_the_subject_is_the_questions_first_run_of_names():
    assert subject("Ist Mark Rutte noch Ministerpräsident der Niederlande?", "de") == {"mark", "rutte"}
    assert subject("Is Omtzigt still the one leading NSC in The Hague?", "en") == {"omtzigt"}
    assert subject("Is hij nog premier?", "nl") == frozenset()


@pytest.mark.parametrize("sentence, about, distance", [
    ("Sam Bankman-Fried resigns as FTX CEO and his crypto exchange files for bankruptcy", {"bankman"}, 2),
    ("NSC-leider Pieter Omtzigt doet tijdelijk een stap terug, meldt hij op X.", {"omtzigt"}, 1),
    ("Bankman-Fried en zijn juridische team lieten hun strijd vallen tegen uitlevering.", {"bankman"}, 6),
    ("Der Vorstandschef Müller tritt zum Jahresende zurück.", {"muller"}, 1),
    ("Musk heeft de overname van Twitter afgeblazen.", {"musk"}, 6),  # a plan called off
    ("The FAA lifted the grounding of the jets on Wednesday.", {"faa"}, 1),
    # describing someone says nothing about the asked state
    ("However, the main contender looks to be former education minister Ronald Plasterk.", {"plasterk"}, None),
    # an ending far from the subject is someone else's
    ("PVV-leider Geert Wilders heeft een nieuwe informateur gevonden, zegt hij voorafgaand aan het debat "
     "van de vertrekkende en afgetreden informateur Ronald Plasterk.", {"wilders"}, None),
    ("Bankman-Fried was sentenced to 25 years in prison.", {"bankman"}, None),
])
def test_a_sentence_says_a_state_ended_near_the_subject(sentence, about, distance):
    assert ended_distance(sentence, frozenset(about)) == distance

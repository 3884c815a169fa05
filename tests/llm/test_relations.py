"""Issue 21 §4: a claim is supported only when its passage states the same relation — who succeeded
whom, what a figure counts and whose it is — not merely the same names and numbers. On the seed
article, with the real retriever and verifier."""

from __future__ import annotations

import pytest
from langchain_core.documents import Document

from bot.answering.llm.parse import Claim
from bot.answering.llm.relations import conflict, figures, self_contradiction, successions
from bot.answering.llm.verify import ClaimVerifier
from tests.conftest import SEED_ARTICLE

ARTICLE = SEED_ARTICLE.read_text(encoding="utf-8")
QUESTION = "Who became interim CEO after Mira Murati?"


def test_the_seed_states_that_shear_succeeded_murati():
    assert successions(ARTICLE) == [("murati", "shear")]  # "werd zij opgevolgd door Emmet Shear"


@pytest.mark.parametrize("claim", [
    "Emmet Shear, the former head of Twitch, became interim CEO after Mira Murati.",
    "Emmet Shear, de voormalige topman van Twitch, volgde Mira Murati op als interim-CEO.",
    "Emmet Shear succeeded Mira Murati as interim CEO.",
    "Mira Murati was replaced by Emmet Shear.",
    "Emmet Shear wurde nach Mira Murati Interims-CEO.",
    "Microsoft owns 49 percent of OpenAI.",
    "Microsoft owns 49% of OpenAI.",
    "The open letter was first signed by 550 of the 700 employees.",
    "By Monday 650 of the 770 people had signed the letter.",
    "Until last week the board had six members.",
    "Altman and Brockman would move to Microsoft after the board fired Altman.",
])
def test_claims_stating_the_passages_relation_pass(claim):
    assert (self_contradiction(claim), conflict(claim, ARTICLE)) == (None, None)


@pytest.mark.parametrize("claim, reason", [
    ("Mira Murati werd interim-CEO na Emmet Shear.", "shear succeeded murati"),  # successor and predecessor swapped
    ("Mira Murati succeeded Emmet Shear as interim CEO.", "shear succeeded murati"),
    ("Emmet Shear was replaced by Mira Murati.", "shear succeeded murati"),
    ("The board had 550 members.", "550 counts staff in the passage, not members"),  # a count for the wrong group
    ("550 of the 770 employees first signed the letter.", "550 is of 700 in the passage, not of 770"),
    ("OpenAI owns 49 percent of Microsoft.", "49 is openai's in the passage, not microsoft's"),
    ("Microsoft holds 49 seats on the board of OpenAI.", "49 counts percent in the passage, not seats"),
    ("650 people were on the board.", "650 counts signatories in the passage, not members"),  # a real local model's
])
def test_a_relation_the_passage_states_otherwise_is_a_conflict(claim, reason):
    assert reason in (conflict(claim, ARTICLE) or "")


def test_one_person_on_both_sides_of_a_succession_contradicts_itself():
    assert "murati" in self_contradiction("Mira Murati werd interim-CEO na Mira Murati.")
    assert self_contradiction("Emmet Shear werd interim-CEO na Mira Murati.") is None


@pytest.mark.parametrize("claim", [
    "Greg Brockman succeeded Sam Altman as chairman.",
    "Altman and Brockman will be replaced by Microsoft CEO Satya Nadella.",  # a real local model's answer
])
def test_a_succession_the_passage_does_not_state_is_not_supported(claim):
    """The seed states one succession (Shear after Murati): any other is the model's, not the passage's."""
    assert "does not say" in (conflict(claim, ARTICLE) or "")


def test_a_figure_whose_relation_the_passage_does_not_read_is_left_to_the_other_checks():
    assert conflict("Tien mensen tekenden de brief.", ARTICLE) is None
    assert figures("Tien mensen") == [] or all(f.group is None for f in figures("Tien mensen"))


@pytest.fixture(scope="module")
def passages(seed_service):
    return seed_service.retriever.invoke(QUESTION)


@pytest.fixture(scope="module")
def verifier(seed_service):
    return ClaimVerifier.for_embeddings(seed_service.embeddings)


def every(passages) -> tuple[int, ...]:
    return tuple(range(1, len(passages) + 1))


@pytest.mark.parametrize("text, language", [
    ("Mira Murati werd interim-CEO na Emmet Shear.", "nl"),  # the swapped roles
    ("Mira Murati werd interim-CEO na Mira Murati.", "nl"),  # the issue's: kept as verified before
    ("Mira Murati succeeded Emmet Shear as interim CEO.", "en"),
])
def test_a_swapped_succession_is_not_verified_even_citing_every_passage(passages, verifier, text, language):
    [verdict] = verifier.verify([Claim(text, every(passages), (), 0)], passages, language)
    assert not verdict.supported and ("relation" in verdict.reason or "both sides" in verdict.reason), verdict.reason


def test_a_count_for_the_wrong_group_is_not_verified(seed_service, verifier):
    passages = seed_service.retriever.invoke("How many employees first signed the open letter?")
    for text in ("The board had 550 members.", "550 of the 770 employees first signed the open letter."):
        [verdict] = verifier.verify([Claim(text, every(passages), (), 0)], passages, "en")
        assert not verdict.supported and "relation" in verdict.reason, (text, verdict.reason)
    [good] = verifier.verify([Claim("The open letter was first signed by 550 of the 700 employees.",
                                    every(passages), (), 0)], passages, "en")
    assert good.supported, good.reason


def test_a_sentence_citing_five_passages_of_which_two_support_it_keeps_exactly_those_two(passages, verifier):
    """The bar of issue 21: of five cited passages, the seed's own, a second report that states the
    same succession, one that states it the other way round, one on the same story naming neither
    person, and one about something else — exactly the two that state it are quoted."""
    gold = next(d for d in passages if "opgevolgd door Emmet Shear" in d.page_content)
    story = next(d for d in passages if "Emmet Shear" not in d.page_content and "Mira Murati" not in d.page_content)

    def report(seq: int, text: str) -> Document:
        return Document(text, metadata={**gold.metadata, "seq": seq, "start": 0, "end": len(text), "sentences": ()})

    second = report(90, "Emmet Shear, tot voor kort topman van Twitch, volgde zondag Mira Murati op als "
                        "interim-CEO van OpenAI, zo meldde het bedrijf.")
    reversed_ = report(91, "Volgens een gerucht volgde Mira Murati zondag Emmet Shear op als interim-CEO van OpenAI.")
    other = report(92, "De haven van Oostende verwerkte vorig jaar 12 miljoen ton vracht, een record.")
    documents = [story, reversed_, gold, other, second]
    claim = Claim("Emmet Shear succeeded Mira Murati as interim CEO of OpenAI.", (1, 2, 3, 4, 5), (), 0)
    [verdict] = verifier.verify([claim], documents, "en")
    assert verdict.supported, verdict.reason
    assert {q.document.metadata["seq"] for q in verdict.quotes} == {gold.metadata["seq"], 90}


def test_employees_who_signed_are_signatories_too():
    """Groups that overlap do not conflict: the 650 who had signed by Monday were employees."""
    assert conflict("By Monday 650 employees had signed the letter.", ARTICLE) is None

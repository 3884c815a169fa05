"""Reading the model's reply: sentences, the passage numbers they cite, and what is malformed."""

from __future__ import annotations

import pytest

from bot.answering.llm.compose import with_markers
from bot.answering.llm.parse import MalformedReply, marker_numbers, parse_reply, preview
from bot.answering.llm.prompt import NOT_FOUND


def test_each_sentence_keeps_its_own_citations_and_unknown_numbers_are_set_apart():
    reply = parse_reply("Emmet Shear became CEO [1]. He led Twitch. [2] Microsoft owns 49% [1, 7].", 3)
    assert [(c.text, c.cited, c.unknown) for c in reply.claims] == [
        ("Emmet Shear became CEO.", (1,), ()),
        ("He led Twitch.", (2,), ()),  # a marker after the full stop belongs to the sentence before
        ("Microsoft owns 49%.", (1,), (7,)),
    ]


@pytest.mark.parametrize("body, numbers", [
    ("1", [1]), ("1, 2", [1, 2]), ("2-4", [2, 3, 4]), ("1; 3", [1, 3]), ("1 and 2", [1, 2]), ("1-99", [1, 99]),
])
def test_marker_forms(body, numbers):
    assert marker_numbers(body) == numbers


def test_lists_abbreviations_and_passage_words():
    reply = parse_reply("- Shear [1][2]\n- Dr. Smith said so on Nov. 3 [passage 3].", 3)
    assert [(c.text, c.cited, c.line) for c in reply.claims] == [
        ("Shear", (1, 2), 0), ("Dr. Smith said so on Nov. 3.", (3,), 1)]


def test_not_found_reasoning_and_malformed_replies():
    assert parse_reply(NOT_FOUND, 3).not_found
    assert parse_reply(f"{NOT_FOUND}.", 3).not_found and parse_reply("**Not in passages**", 3).not_found
    assert parse_reply("<think>passage [9] maybe</think>Shear [2].", 3).claims[0].cited == (2,)
    for reply in ("", "   ", "<think>only thinking</think>", "[1] [2]"):
        with pytest.raises(MalformedReply):
            parse_reply(reply, 3)


def test_previews_hide_the_not_found_token_and_reasoning():
    assert preview("NOT_IN") == "" and preview(NOT_FOUND) == ""
    assert preview("<think>hmm") == "" and preview("<think>x</think>Emmet") == "Emmet"


def test_markers_are_placed_before_the_final_punctuation():
    assert with_markers("Shear became CEO.", [1, 2]) == "Shear became CEO [1][2]."
    assert with_markers("Shear", [3]) == "Shear [3]"


@pytest.mark.parametrize("reply, language", [
    ("Emmet Shear became interim CEO. This is stated in passage [2].", "en"),
    ("Emmet Shear werd interim-CEO. Dit staat in passage [2].", "nl"),
    ("Emmet Shear wurde Interims-CEO (siehe [2]).", "de"),
    ("Emmet Shear became interim CEO (see passage 2).", "en"),
    ("Emmet Shear became interim CEO. Source: passage 2.", "en"),
    ("According to passage [2], Emmet Shear became interim CEO.", "en"),
    ("Volgens passage [2]: Emmet Shear werd interim-CEO.", "nl"),
    ("Emmet Shear wurde Interims-CEO. Das geht aus Passage 2 hervor.", "de"),
    ("Emmet Shear est devenu PDG par intérim. Cela est indiqué dans le passage [2].", "fr"),
    ("Emmet Shear became interim CEO.\nSources: [2]", "en"),
])
def test_a_sentence_that_only_points_to_a_passage_lends_its_number_to_the_claim(reply, language):
    [claim] = parse_reply(reply, 3, language).claims
    assert claim.cited == (2,) and claim.text.startswith("Emmet Shear")
    assert "passage" not in claim.text.lower() and "siehe" not in claim.text and "(" not in claim.text


def test_each_claim_keeps_its_own_pointer_and_a_leading_pointer_goes_forward():
    reply = parse_reply("Emmet Shear became interim CEO. Dit staat in passage [2]. Microsoft owns 49 percent "
                        "of OpenAI. See passages 1 and 3.", 3)
    assert [(c.text, c.cited) for c in reply.claims] == [
        ("Emmet Shear became interim CEO.", (2,)), ("Microsoft owns 49 percent of OpenAI.", (1, 3))]
    reply = parse_reply("As stated in passage [3]:\nMicrosoft owns 49 percent of OpenAI.", 3)
    assert [(c.text, c.cited) for c in reply.claims] == [("Microsoft owns 49 percent of OpenAI.", (3,))]


def test_a_pointer_to_a_passage_that_was_not_sent_stays_unknown_and_a_claim_is_not_a_pointer():
    [claim] = parse_reply("Emmet Shear became interim CEO. This is stated in passage [7].", 3).claims
    assert (claim.cited, claim.unknown) == ((), (7,))
    # a sentence with content words is a claim of its own, even beside a pointer word
    claims = parse_reply("Shear led Twitch [1]. The board is said to regret it [2].", 3).claims
    assert [c.cited for c in claims] == [(1,), (2,)]
    assert parse_reply("Shear won 2 passage votes [1].", 3).claims[0].text == "Shear won 2 passage votes."


@pytest.mark.parametrize("reply", [
    "This is stated in passage  at the beginning of the text [1].",  # Qwen2.5-Coder-1.5B, asked how many had signed
    "Dit staat in het artikel [2].",
    "Das steht am Anfang des Artikels [1].",
])
def test_a_reply_that_only_points_at_passages_states_nothing(reply):
    """A pointer with no claim before or after it is no claim: the reply has no sentences and the
    answer falls back to the articles' own words, never shown as a verified answer."""
    with pytest.raises(MalformedReply):
        parse_reply(reply, 3)

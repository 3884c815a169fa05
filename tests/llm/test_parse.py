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

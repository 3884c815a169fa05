"""Acronyms are spelled out from the live passages' counts, which follow additions and removals."""

from bot.question.aliases import AliasCounts

FTX = ["Sam Bankman-Fried stond terecht.", "De advocaten van Sam Bankman-Fried gingen in beroep.",
       "SBF zweeg."]


def test_an_acronym_is_spelled_out_while_its_name_is_used_more():
    counts = AliasCounts()
    counts.add(FTX)
    assert counts.spell_out("Wat zei SBF?") == "Wat zei Sam Bankman-Fried?"
    counts.add(["SBF en SBF: geen commentaar."])  # the acronym now outnumbers the name
    assert counts.spell_out("Wat zei SBF?") == "Wat zei SBF?"


def test_removed_passages_no_longer_count():
    counts = AliasCounts()
    counts.add(FTX)
    counts.remove(FTX[:2])
    assert counts.spell_out("Wat zei SBF?") == "Wat zei SBF?"

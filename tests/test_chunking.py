"""Chunks are whole sentences, sized for the embedding model, and know their exact span."""

from __future__ import annotations

from index.articles import Article
from index.chunking import MAX_CHUNK_CHARS, chunk_article, sentence_spans
from index.loading import load_article
from tests.conftest import SEED_ARTICLE


def article(text: str, language: str = "nl") -> Article:
    return Article("a1", "t", None, "s", None, language, text)


def test_seed_chunks_cover_the_text_with_exact_offsets():
    seed = load_article(SEED_ARTICLE)
    chunks = chunk_article(seed)
    assert len(chunks) > 3
    for chunk in chunks:
        assert seed.text[chunk.start:chunk.end] == chunk.text
        assert len(chunk.text) <= MAX_CHUNK_CHARS
    covered = "".join(seed.text[c.start:c.end] for c in chunks).replace("\n", "").replace(" ", "")
    assert covered == seed.text.replace("\n", "").replace(" ", "")


def test_headings_open_a_chunk():
    seed = load_article(SEED_ARTICLE)
    starts = [c.text.split("\n")[0] for c in chunk_article(seed)]
    for heading in ("Nadella voert de druk op", "Drie bestuursleden", "Overstappers welkom"):
        assert heading in starts


def test_sentences_do_not_split_on_abbreviations_or_numbers():
    text = "Het bedrijf groeide met 3.5 procent in 2023. Het kost o.a. ca. 5 euro per stuk. Goed."
    spans = [text[s:e] for s, e, _ in sentence_spans(text, "nl")]
    assert spans == ["Het bedrijf groeide met 3.5 procent in 2023.", "Het kost o.a. ca. 5 euro per stuk.", "Goed."]


def test_dutch_titles_and_units_do_not_end_a_sentence_but_a_closing_abbreviation_does():
    text = ("Volgens dhr. Jansen is dat zo. Dr. Pietersen raamt het op 5 mln. euro. "
            "Ze kochten appels, peren enz. Daarna gingen ze naar huis.")
    spans = [text[s:e] for s, e, _ in sentence_spans(text, "nl")]
    assert spans == ["Volgens dhr. Jansen is dat zo.", "Dr. Pietersen raamt het op 5 mln. euro.",
                     "Ze kochten appels, peren enz.", "Daarna gingen ze naar huis."]


def test_a_run_on_text_is_cut_at_spaces_within_the_limit():
    text = ("woord " * 1000).strip()
    chunks = chunk_article(article(text), max_chars=500)
    assert all(len(c.text) <= 500 for c in chunks)
    assert " ".join(c.text for c in chunks) == text


def test_chunk_size_follows_the_setting():
    seed = load_article(SEED_ARTICLE)
    small, large = chunk_article(seed, max_chars=300, soft_chars=100), chunk_article(seed, max_chars=3000, soft_chars=2500)
    assert len(small) > len(chunk_article(seed)) > len(large)

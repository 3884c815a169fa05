"""Reading articles: formats, metadata, cleaning of real-world dirt, and bad files."""

from __future__ import annotations

import json
import re

import pytest

from index.cleaning import clean_text
from index.errors import NewsbotError
from index.language import detect_language
from index.loading import derive_title, load_article, walk_articles
from tests.conftest import SEED_ARTICLE


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_seed_article_metadata():
    article = load_article(SEED_ARTICLE)
    assert article.date == "2023-11"
    assert article.language == "nl"
    assert article.title == "Ook na het chaotische weekend bij OpenAI blijft het woelig bij het bedrijf."
    assert not article.text.startswith("date")


def test_seed_cookie_notice_removed_but_tweets_kept():
    raw = SEED_ARTICLE.read_text(encoding="utf-8")
    assert raw.count("Cookie-instellingen") == 4
    text = load_article(SEED_ARTICLE).text
    assert "cookie" not in text.lower()
    assert "I deeply regret my participation in the board's actions." in text
    assert "— Lilian Weng (@lilianweng) November 20, 2023" in text


def test_cleaning_only_removes_so_every_paragraph_is_in_the_original():
    raw = SEED_ARTICLE.read_text(encoding="utf-8")
    for paragraph in load_article(SEED_ARTICLE).text.split("\n\n"):
        assert collapse(paragraph) in collapse(raw)


def test_repeated_site_prompts_are_dropped_and_real_text_kept():
    raw = "Het nieuws van vandaag.\n\nLees ook: meer nieuws hier.\n\nTweede alinea.\n\nLees ook: meer nieuws hier."
    assert clean_text(raw) == "Het nieuws van vandaag.\n\nTweede alinea."


def test_a_repeated_paragraph_is_kept_once():
    raw = "Eerste alinea.\n\nEen herhaalde alinea.\n\nDerde alinea.\n\nEen herhaalde alinea."
    assert clean_text(raw) == "Eerste alinea.\n\nEen herhaalde alinea.\n\nDerde alinea."


def test_an_article_about_cookies_keeps_its_reporting():
    raw = "De Europese Commissie wil dat websites minder cookies plaatsen. Privacy-experts zijn tevreden."
    assert clean_text(raw) == raw


def test_markdown_with_front_matter(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: Storm in Zeeland\ndate: 2024-02-03\nurl: https://example.org/storm\n---\n"
                    "# Kop\n\nDe **storm** trof [Vlissingen](https://x.org) zwaar.\n", encoding="utf-8")
    article = load_article(path)
    assert (article.title, article.date, article.url) == ("Storm in Zeeland", "2024-02-03", "https://example.org/storm")
    assert "De storm trof Vlissingen zwaar." in article.text


def test_json_article(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"title": "Brand in Gent", "date": "2024-05-01T10:00:00Z",
                                "url": "https://example.org/brand", "text": "Een brand legde vannacht een loods in de as."}))
    article = load_article(path)
    assert (article.title, article.date, article.language) == ("Brand in Gent", "2024-05-01", "nl")


def test_html_main_text_extracted(tmp_path):
    body = " ".join(["The city council approved the new bridge after a long debate."] * 3)
    path = tmp_path / "a.html"
    path.write_text(
        f"<html><head><title>Bridge approved</title></head><body><nav>Home | Sports | Weather</nav>"
        f"<article><h1>Bridge approved</h1><p>{body}</p><p>Construction starts in March next year.</p></article>"
        f"<footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>", encoding="utf-8")
    article = load_article(path)
    assert article.title == "Bridge approved"
    assert "Construction starts in March next year." in article.text
    assert "Home | Sports" not in article.text and "All rights reserved" not in article.text


def test_title_is_derived_from_the_first_sentence_when_missing():
    assert derive_title("Eerste zin hier. Tweede zin.") == "Eerste zin hier."
    assert derive_title("woord " * 40).endswith("…")


def test_legacy_encoding_is_read(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("Café-uitbaters in België zijn ongerust over de nieuwe accijnzen op drank.".encode("cp1252"))
    assert "België" in load_article(path).text


@pytest.mark.parametrize("content, reason", [
    (b"", "empty"),
    (b"   \n\n  ", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
    (bytes(range(128, 256)) * 40, "encoding"),
])
def test_bad_files_get_a_clear_error(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(NewsbotError, match=reason):
        load_article(path)


def test_unsupported_type_and_boilerplate_only_file(tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(NewsbotError, match="unsupported"):
        load_article(tmp_path / "x.pdf")
    (tmp_path / "c.txt").write_text("Wij gebruiken cookies. Accepteer alle cookies om verder te gaan.")
    with pytest.raises(NewsbotError, match="no article text"):
        load_article(tmp_path / "c.txt")


def test_folder_listing_skips_hidden_and_other_files(tmp_path):
    for name in ("a.txt", "b.md", ".hidden.txt", "notes.jsonl", "sub/c.html"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("x")
    files, skipped = walk_articles(tmp_path)
    assert ([p.name for p in files], skipped) == (["a.txt", "b.md", "c.html"], [])


@pytest.mark.parametrize("text, language", [
    ("Wie werd interim-CEO na Mira Murati?", "nl"),
    ("Wie is Emmett Shear?", "nl"),
    ("en wie volgde haar op?", "nl"),
    ("Who became interim CEO after Mira Murati?", "en"),
    ("What did Nadella say?", "en"),
    ("Wer wurde Interims-CEO nach Mira Murati?", "de"),
    ("Qui est devenu PDG par intérim ?", "fr"),
])
def test_question_language(text, language):
    assert detect_language(text) == language

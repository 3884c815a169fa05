"""Issue 10 §6: what a folder can hold that must not end up in the index, or stop it.

Real files, links, FIFOs and devices; the real CLI where exit status and messages matter.
"""

from __future__ import annotations

import json
import os
import shutil

import pytest

from index.errors import NewsbotError
from index.loading import load_article, walk_articles
from tests.cli import assert_clean_failure, newsbot
from tests.conftest import SEED_ARTICLE
from tests.test_watch import CountingWatcher, wait_for

SECRET = "The root password of the payroll server is hunter2, the administrator wrote in a private note.\n"
DUTCH = ("De gemeente heeft één nieuw plan voor het café aan de Meir. Zoë en Anaïs gingen naar de reünie in "
         "Brussel; de burgemeester noemde het plan „een financiële ramp” voor de hele regio.")
FRENCH = ("Le ministre a déclaré que la réforme sera présentée à l'Assemblée nationale en février. « Nous sommes "
          "prêts », a-t-il dit, en évoquant un coût de 40 € par ménage.")
CZECH = ("Příliš žluťoučký kůň úpěl ďábelské ódy. Vláda oznámila, že nová dálnice bude otevřena v září a "
         "náklady dosáhnou dvou miliard korun.")


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "articles"
    path.mkdir()
    shutil.copy(SEED_ARTICLE, path)
    return path


def test_a_link_to_a_file_outside_the_folder_is_skipped_with_a_message(folder, tmp_path, service_factory):
    (tmp_path / "secret.txt").write_text(SECRET)
    (folder / "notes.txt").symlink_to(tmp_path / "secret.txt")
    (folder / "inside.txt").symlink_to(folder / SEED_ARTICLE.name)  # a link within the folder is fine
    (folder / "elsewhere").symlink_to(tmp_path, target_is_directory=True)
    files, skipped = walk_articles(folder)
    assert sorted(f.name for f in files) == ["000_92c02bc8168e32f9.txt", "inside.txt"]
    assert len(skipped) == 2 and all("outside" in s and "skipped" in s for s in skipped)
    service = service_factory()
    indexer = service.indexer()
    report = indexer.apply(indexer.plan_paths([folder]))
    assert [a.source for a in service.catalogue.articles()] == [str((folder / SEED_ARTICLE.name).resolve())]
    assert any("notes.txt" in p.message and not p.explicit for p in report.problems)
    answer = service.answer("What is the root password of the payroll server?")
    assert "hunter2" not in answer.text


def test_json_nested_too_deeply_is_reported_and_the_rest_indexed(folder, tmp_path):
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    result = newsbot("index", "--json", str(folder), env={"NEWSBOT_DATA_DIR": str(tmp_path / "data")})
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "deep.json: JSON nested too deeply" in result.stderr
    assert json.loads(result.stdout)["added"] == 1


def test_a_bad_file_in_a_watched_folder_does_not_block_later_ones(service_factory, tmp_path):
    folder = tmp_path / "watched"
    folder.mkdir()
    service = service_factory()
    with CountingWatcher(service, folder) as watching:
        (folder / "deep.json").write_text("{\"text\": " + "[" * 100_000 + "]" * 100_000 + "}")
        wait_for(lambda: watching.passes)
        shutil.copy(SEED_ARTICLE, folder / "openai.txt")
        wait_for(lambda: service.answer("Wie werd interim-CEO na Mira Murati?").found)


@pytest.mark.parametrize("text, encoding, words", [
    (DUTCH.replace("„", '"').replace("”", '"'), "latin-1", ["één", "café", "Zoë", "Anaïs", "reünie", "financiële"]),
    (DUTCH, "cp1252", ["één", "„een financiële ramp”"]),
    (FRENCH.replace("€", "euros"), "latin-1", ["réforme", "« Nous sommes prêts »", "février"]),
    (FRENCH, "cp1252", ["réforme", "40 €"]),
])
def test_western_legacy_files_read_correctly(tmp_path, text, encoding, words):
    (tmp_path / "a.txt").write_bytes(text.encode(encoding))
    article = load_article(tmp_path / "a.txt")
    assert all(word in article.text for word in words), article.text


def test_a_central_european_file_is_read_as_such_or_refused(tmp_path):
    (tmp_path / "cz.txt").write_bytes(CZECH.encode("cp1250"))
    try:
        text = load_article(tmp_path / "cz.txt").text
    except NewsbotError as error:
        assert "cannot tell the text encoding" in str(error)
    else:
        assert "žluťoučký" in text and "dálnice" in text  # never Western mojibake ("ž" → "ž", "ů" → "ù")


def test_fifos_and_devices_are_reported_not_read(folder, tmp_path):
    os.mkfifo(folder / "pipe.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    env = {"NEWSBOT_DATA_DIR": str(tmp_path / "data")}
    result = newsbot("index", "--json", str(folder), env=env, timeout=120)  # reading the FIFO would wait forever
    assert result.returncode == 0 and "pipe.txt: a named pipe (FIFO), not an article file" in result.stderr
    assert json.loads(result.stdout)["added"] == 1
    assert_clean_failure(newsbot("index", str(folder / "pipe.txt"), env=env), "a named pipe (FIFO)")
    assert_clean_failure(newsbot("index", str(tmp_path / "zero.txt"), env=env), "a device, not an article file")


def test_a_files_url_is_kept_only_when_it_is_a_web_address(tmp_path):
    for url, kept in [("javascript:alert(document.cookie)", None), ("file:///etc/passwd", None),
                      ("https://news.example/storm", "https://news.example/storm")]:
        path = tmp_path / "a.md"
        path.write_text(f"---\ntitle: Storm\nurl: {url}\n---\nDe storm trof Vlissingen zwaar, meldt de gemeente.\n")
        assert load_article(path).url == kept

"""Incremental indexing into a real embedded Chroma: only changes are embedded, nothing duplicates."""

from __future__ import annotations

import shutil

import pytest

from index.errors import NewsbotError
from tests.conftest import BACKENDS, SEED_ARTICLE

MORE_NEWS = ("De gemeenteraad van Utrecht keurde gisteren een nieuw fietsplan goed. Er komen 2000 extra "
             "stallingsplekken bij het centraal station.\n\nDe oppositie vindt het plan te duur.")


def vectors_in(service) -> int:
    return service.collection.count()


def index(service, *paths):
    indexer = service.indexer()
    return indexer.apply(indexer.plan_paths(list(paths)))


@pytest.fixture
def articles(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(SEED_ARTICLE, folder)
    (folder / "fietsplan.txt").write_text("date 2024-03-05\n" + MORE_NEWS, encoding="utf-8")
    return folder


@BACKENDS
def test_first_run_embeds_everything_and_a_rerun_nothing(service_factory, articles):
    service = service_factory()
    first = index(service, articles).summary()
    assert first["added"] == 2 and first["chunks_embedded"] == first["chunks_total"] > 2
    assert vectors_in(service) == first["chunks_total"]
    live = service.catalogue.live_chunks()
    one = live[-1].article.article_id  # the chunks of one article, read by name, are the same
    assert service.catalogue.live_chunks([one]) == [c for c in live if c.article.article_id == one]
    again = index(service, articles).summary()
    assert again == {"added": 0, "updated": 0, "unchanged": 2, "removed": 0,
                     "chunks_embedded": 0, "chunks_total": first["chunks_total"]}
    assert vectors_in(service) == first["chunks_total"]


@BACKENDS
def test_a_changed_article_replaces_its_old_chunks(service_factory, articles):
    service = service_factory()
    index(service, articles)
    before = {a.article_id: a.version for a in service.catalogue.articles()}
    (articles / "fietsplan.txt").write_text("date 2024-03-06\n" + MORE_NEWS + " Er volgt nog een stemming.")
    report = index(service, articles)
    assert (report.updated, report.unchanged, report.added) == (1, 1, 0)
    assert 0 < report.chunks_embedded < report.chunks_total
    assert vectors_in(service) == report.chunks_total == service.catalogue.chunk_count()
    live = {a.article_id: a.version for a in service.catalogue.articles()}
    changed = [i for i in live if live[i] != before[i]]
    stored = service.collection.get(where={"article_id": changed[0]}, include=["metadatas"])
    assert {m["version"] for m in stored["metadatas"]} == {live[changed[0]]}


@BACKENDS
def test_articles_gone_from_the_folder_are_removed(service_factory, articles):
    service = service_factory()
    index(service, articles)
    (articles / "fietsplan.txt").unlink()
    report = index(service, articles)
    assert (report.removed, report.unchanged) == (1, 1)
    assert vectors_in(service) == report.chunks_total == service.catalogue.chunk_count()
    assert [a.title for a in service.catalogue.articles()] == [
        "Ook na het chaotische weekend bij OpenAI blijft het woelig bij het bedrijf."]


def test_a_file_article_is_removed_by_its_path_and_its_vectors_with_it(service_factory, articles):
    service = service_factory()
    index(service, articles)
    question = "Hoeveel stallingsplekken komen er bij in Utrecht?"
    assert service.answer(question).found
    indexer = service.indexer()
    report = indexer.apply(indexer.plan_removal([str(articles / "fietsplan.txt")]))
    assert (report.removed, report.problems) == (1, [])
    assert vectors_in(service) == report.chunks_total == service.catalogue.chunk_count()
    assert not service.answer(question).found


def test_indexing_another_folder_keeps_the_first(service_factory, articles, tmp_path):
    service = service_factory()
    index(service, articles)
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.md").write_text("# Weer\n\nMorgen wordt het zonnig en warm in heel Vlaanderen.")
    report = index(service, other)
    assert (report.added, report.removed) == (1, 0)
    assert len(service.catalogue.articles()) == 3


def test_bad_files_are_reported_and_the_rest_indexed(service_factory, articles):
    (articles / "empty.txt").write_bytes(b"")
    (articles / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    service = service_factory()
    report = index(service, articles)
    assert report.added == 2
    assert sorted(p.message.split(":")[1].strip() for p in report.problems) == [
        "the file is empty", "this looks like a binary file, not an article"]
    assert not any(p.explicit for p in report.problems)
    explicit = index(service, articles / "empty.txt")
    assert [p.explicit for p in explicit.problems] == [True]


def test_a_broken_file_keeps_its_previous_version(service_factory, articles):
    service = service_factory()
    total = index(service, articles).chunks_total
    (articles / "fietsplan.txt").write_bytes(b"\x00\x01binary now")
    report = index(service, articles)
    assert (report.removed, report.chunks_total, len(report.problems)) == (0, total, 1)


def test_missing_path_is_a_clear_error(service_factory, tmp_path):
    with pytest.raises(NewsbotError, match="no such file or folder"):
        index(service_factory(), tmp_path / "nope")


@BACKENDS
def test_a_second_concurrent_run_stops_with_a_message(service_factory, articles):
    service = service_factory()
    indexer = service.indexer()
    plan = indexer.plan_paths([articles])
    with indexer.lock:
        with pytest.raises(NewsbotError, match="another index run is in progress"):
            service.indexer().apply(plan)


def test_the_embedded_store_refuses_a_second_process(service_factory, tmp_path):
    first = service_factory(tmp_path / "shared")
    first.vector_store
    second = service_factory(tmp_path / "shared")
    with pytest.raises(NewsbotError, match="not safe across processes"):
        second.vector_store

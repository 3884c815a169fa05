"""The scale-out path: the same indexing and answers against a real Chroma server."""

from __future__ import annotations

import shutil

import pytest

from tests.chroma_server import chroma_server
from tests.conftest import SEED_ARTICLE


@pytest.fixture(scope="module")
def server_port(tmp_path_factory):
    with chroma_server(tmp_path_factory.mktemp("chroma-server") / "db") as port:
        yield port


def test_index_and_answer_through_a_chroma_server(service_factory, server_port, tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(SEED_ARTICLE, articles)
    service = service_factory(chroma_host="127.0.0.1", chroma_port=server_port)
    indexer = service.indexer()
    report = indexer.apply(indexer.plan_paths([articles]))
    assert report.added == 1 and service.collection.count() == report.chunks_total
    assert not (service.settings.data_dir / "chroma").exists()  # nothing embedded locally

    answer = service.answer("Wie werd interim-CEO na Mira Murati?")
    assert answer.found and "Emmet Shear" in answer.citations[0].quote

    again = indexer.apply(indexer.plan_paths([articles]))
    assert again.chunks_embedded == 0


def test_an_indexer_and_a_bot_share_one_server(service_factory, server_port, tmp_path):
    """What the embedded store refuses (two clients on one data directory) is the server's normal case."""
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "brug.md").write_text("# Nieuwe brug\n\nDe nieuwe brug over de Schelde opent op 1 mei voor fietsers.")
    options = {"chroma_host": "127.0.0.1", "chroma_port": server_port}
    indexer_side = service_factory(tmp_path / "shared", **options)
    bot_side = service_factory(tmp_path / "shared", **options)
    bot_side.vector_store  # connected before the index run, as a running bot would be
    indexer = indexer_side.indexer()
    indexer.apply(indexer.plan_paths([articles]))
    answer = bot_side.answer("Wanneer opent de nieuwe brug over de Schelde?")
    assert answer.found and "1 mei" in answer.citations[0].quote

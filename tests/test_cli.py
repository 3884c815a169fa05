"""The CLI contract (DESIGN.md): `newsbot index/ask --json`, one-line errors, nothing lost."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.cli import ANSWER_KEYS, assert_clean_failure, assert_seed_citations, newsbot
from tests.conftest import SEED_ARTICLE

INDEX_KEYS = {"added", "updated", "unchanged", "removed", "chunks_embedded", "chunks_total"}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """A data directory with the seed article indexed through the CLI."""
    root = tmp_path_factory.mktemp("cli")
    (root / "seeds").mkdir()
    shutil.copy(SEED_ARTICLE, root / "seeds")
    env = {"NEWSBOT_DATA_DIR": str(root / "data"), "NEWSBOT_ARTICLES_DIR": str(root / "seeds")}
    first = newsbot("index", "--json", env=env)
    assert first.returncode == 0, first.stderr
    return root, env, json.loads(first.stdout)



def test_index_json_summary_and_incremental_rerun(workspace):
    root, env, first = workspace
    assert set(first) == INDEX_KEYS and all(isinstance(v, int) for v in first.values())
    assert first["added"] == 1 and first["chunks_embedded"] == first["chunks_total"] > 0
    again = json.loads(newsbot("index", "--json", env=env).stdout)
    assert again["chunks_embedded"] == 0 and again["unchanged"] == 1


@pytest.mark.parametrize("question, language", [
    ("Wie werd interim-CEO na Mira Murati?", "nl"),
    ("Who became interim CEO after Mira Murati?", "en"),
])
def test_ask_json_contract_with_verbatim_quotes(workspace, question, language):
    root, env, _ = workspace
    result = newsbot("ask", "--json", question, env=env)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert set(answer) == ANSWER_KEYS | {"short"}  # "short" only when the answer leads with one
    assert (answer["question"], answer["mode"], answer["language"], answer["found"]) == (
        question, "extractive", language, True)
    assert_seed_citations(answer)
    assert answer["short"] == "Emmet Shear" and "Emmet Shear" in answer["answer"]


def test_unrelated_question_is_declined_in_the_askers_language(workspace):
    root, env, _ = workspace
    answer = json.loads(newsbot("ask", "--json", "Wie won de Tour de France in 2023?", env=env).stdout)
    assert (answer["found"], answer["citations"], answer["language"]) == (False, [], "nl")
    assert "vond ik niets" in answer["answer"]


def test_bad_questions_get_one_line_errors(workspace):
    root, env, _ = workspace
    assert_clean_failure(newsbot("ask", "   ", env=env), "the question is empty")
    assert_clean_failure(newsbot("ask", "waarom " * 15_000, env=env), "the question is too long")


def test_bad_paths_get_one_line_errors_and_lose_nothing(workspace):
    root, env, first = workspace
    assert_clean_failure(newsbot("index", str(root / "missing"), env=env), "no such file or folder")
    (root / "broken.txt").write_bytes(bytes(range(128, 256)) * 40)
    result = newsbot("index", "--json", str(root / "broken.txt"), env=env)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "cannot tell the text encoding" in result.stderr
    assert json.loads(result.stdout)["chunks_total"] == first["chunks_total"]
    assert json.loads(newsbot("ask", "--json", "Wie werd interim-CEO?", env=env).stdout)["found"]


def test_asking_before_anything_is_indexed(tmp_path):
    result = newsbot("ask", "--json", "Who is the CEO?", env={"NEWSBOT_DATA_DIR": str(tmp_path / "empty")})
    answer = json.loads(result.stdout)
    assert result.returncode == 0 and answer["found"] is False and "newsbot index" in answer["answer"]


def test_an_unloadable_embedding_model_is_a_clear_error(workspace):
    root, env, _ = workspace
    result = newsbot("ask", "Wie werd CEO?", env={**env, "NEWSBOT_EMBEDDING_MODEL": "/no/such/model"})
    assert_clean_failure(result, "cannot load sentence-transformers model")

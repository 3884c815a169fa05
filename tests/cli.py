"""Run the real ``newsbot`` console script in a subprocess, as users and outside checks do."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from index.loading import load_article
from tests.conftest import SEED_ARTICLE

NEWSBOT = str(Path(sys.executable).parent / "newsbot")
ANSWER_KEYS = {"question", "answer", "mode", "language", "found", "citations"}
CITATION_KEYS = {"n", "article_id", "title", "date", "source", "quote", "start", "end", "date_source", "not_before"}


def newsbot(*args: str, env: dict[str, str], stdin: str | None = None, timeout: float = 300,
            cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [NEWSBOT, *args], input=stdin, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, **env}, cwd=cwd,
    )


def assert_clean_failure(result: subprocess.CompletedProcess, reason: str) -> None:
    """Non-zero exit, one readable line on stderr naming the reason, no traceback."""
    assert result.returncode != 0, result
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert reason in lines[0]


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def assert_seed_citations(answer: dict) -> None:
    """The contract for citations of the seed article: the keys, the quote exactly the cleaned text
    at [start, end) and (whitespace collapsed) in the original file, its marker in the answer."""
    cleaned = load_article(SEED_ARTICLE).text
    original = collapse(SEED_ARTICLE.read_text(encoding="utf-8"))
    assert answer["citations"]
    for citation in answer["citations"]:
        assert set(citation) == CITATION_KEYS
        assert cleaned[citation["start"]:citation["end"]] == citation["quote"]
        assert collapse(citation["quote"]) in original
        assert f"[{citation['n']}]" in answer["answer"]
        assert (citation["date"], citation["date_source"], citation["not_before"]) == ("2023-11", "header", None)

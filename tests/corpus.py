"""Real news text in bulk: the Lee corpus of 300 English news articles shipped in the gensim wheel."""

from __future__ import annotations

from pathlib import Path

import pytest


def lee_articles(count: int = 300) -> list[str]:
    gensim = pytest.importorskip("gensim")
    path = Path(gensim.__file__).parent / "test" / "test_data" / "lee_background.cor"
    if not path.exists():
        pytest.skip("the gensim wheel has no Lee corpus")
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()][:count]


def write_lee_folder(folder: Path, count: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, text in enumerate(lee_articles(start + count)[start:], start=start):
        path = folder / f"lee_{i:03d}.txt"
        path.write_text(text + "\n", encoding="utf-8")
        paths.append(path)
    return paths

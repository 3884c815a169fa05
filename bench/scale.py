"""Scale benchmark: newsbot's own work at 10k, 30k and 100k passages (issue 11).

The bulk is real multilingual text: XQuAD paragraphs (en, de) recombined as dated articles in a
folder, plus the news-dev pages read in place. Its vectors come from a stand-in embedder of the
same shape as e5 ⊕ USE (hashed words, 384 + 512 dimensions), so the times below are newsbot's
work with the model cost aside; a small sample is indexed with the real models to show each
step's share. Each size's index is built once into ``--cache`` and reused by later runs.

Per size, in a fresh service on the built index: the first retrieval (it builds the live view),
retrieval and full-answer p50/p95 over XQuAD questions, indexing one new article dropped into the
watched folder (the watcher's pass), the first retrieval after it, the same for removing it (twice:
the first pass in a process also loads what indexing loads once), and the process's RSS.

    .venv/bin/python bench/scale.py [--sizes 10000,30000,100000] [--cache DIR] [--questions 200]
                                    [--real-sample 40] [--real-answers 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import statistics
import sys
import tempfile
import time
import zlib
from pathlib import Path

import machine  # first of these: it sets the thread counts before numpy loads
import numpy as np
from langchain_core.embeddings import Embeddings

REPO = machine.REPO

from bot.service import NewsbotService  # noqa: E402
from bot.settings import Settings  # noqa: E402
from index.articles import Article  # noqa: E402
from index.chunking import chunk_article  # noqa: E402
from index.embeddings import FusedEmbeddings  # noqa: E402

SHARED = REPO.parent / "shared" / "datasets"
XQUAD = Path(os.environ.get("NEWSBOT_XQUAD_DIR", SHARED / "xquad"))
NEWS_DEV = SHARED / "news-dev" / "articles"
NEW_ARTICLE = ("date 2024-06-01\nDe haven van Zeebrugge verwerkte vorig jaar een recordvolume van 52 miljoen "
               "ton vracht, meldde het havenbedrijf maandag. De groei kwam vooral uit het containerverkeer.")
NEW_QUESTION = "Hoeveel vracht verwerkte de haven van Zeebrugge?"
_WORD = re.compile(r"\w+")


class HashedWords(Embeddings):
    """A stand-in embedder: hashed word counts, unit length. Costs microseconds, not a model."""

    def __init__(self, dimensions: int, name: str) -> None:
        self.dimensions, self.model_name = dimensions, name

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dimensions, dtype=np.float32)
        for word in _WORD.findall(text.lower()):
            vector[zlib.crc32(word.encode()) % self.dimensions] += 1.0
        vector[0] += 1e-3  # never the zero vector
        return vector / np.linalg.norm(vector)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t).tolist() for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text).tolist()


def stand_in() -> FusedEmbeddings:
    return FusedEmbeddings(HashedWords(384, "stand-in-e5"), HashedWords(512, "stand-in-use"))


class TimedEmbeddings(Embeddings):
    """Wraps the real models and adds up the seconds spent embedding passages."""

    def __init__(self, inner: Embeddings) -> None:
        self.inner, self.seconds = inner, 0.0
        self.model_name = getattr(inner, "model_name", type(inner).__name__)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        started = time.perf_counter()
        vectors = self.inner.embed_documents(texts)
        self.seconds += time.perf_counter() - started
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def xquad() -> tuple[dict[str, list[str]], list[str]]:
    """Paragraphs by language, and every question."""
    paragraphs, questions = {}, []
    for language in ("en", "de"):
        data = json.loads((XQUAD / f"xquad.{language}.json").read_text(encoding="utf-8"))["data"]
        paragraphs[language] = [p["context"] for a in data for p in a["paragraphs"]]
        questions += [q["question"] for a in data for p in a["paragraphs"] for q in p["qas"]]
    return paragraphs, questions


def article_text(paragraphs: dict[str, list[str]], rng: random.Random) -> str:
    language = rng.choice(sorted(paragraphs))
    day = f"20{rng.randint(18, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return f"date {day}\n" + "\n\n".join(rng.sample(paragraphs[language], rng.randint(2, 6)))


def write_corpus(folder: Path, chunks: int, paragraphs: dict[str, list[str]]) -> int:
    """Enough recombined articles for about ``chunks`` passages; how many articles were written."""
    rng = random.Random(chunks)
    sample = [article_text(paragraphs, rng) for _ in range(40)]
    per_article = statistics.mean(
        len(chunk_article(Article("x", "t", None, "s", None, "en", t.split("\n", 1)[1]))) for t in sample)
    folder.mkdir(parents=True, exist_ok=True)
    count = max(1, round(chunks / per_article))
    for i in range(count):
        (folder / f"{i // 1000:03d}" / f"xq_{i:06d}.txt").parent.mkdir(exist_ok=True)
        (folder / f"{i // 1000:03d}" / f"xq_{i:06d}.txt").write_text(article_text(paragraphs, rng) + "\n")
    return count


def percentiles(seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    return f"{statistics.median(ms):.0f} / {ms[int(0.95 * (len(ms) - 1))]:.0f} ms"


def rss_mb() -> tuple[float, float]:
    """Current and peak resident memory of this process, MB."""
    current = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmRSS"))
    return current / 1024, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def service_for(root: Path, embeddings: Embeddings) -> NewsbotService:
    return NewsbotService(Settings(_env_file=None, data_dir=root / "data", articles_dir=root / "articles"),
                          embeddings=embeddings)


def build(root: Path, size: int, paragraphs: dict[str, list[str]]) -> None:
    """The size's index, built once by newsbot's indexer (stand-in vectors) and kept in ``root``."""
    if (root / "built.json").exists():
        print(f"  reusing {root}: {(root / 'built.json').read_text().strip()}")
        return
    articles = write_corpus(root / "articles", size, paragraphs)
    service = service_for(root, stand_in())
    indexer = service.indexer()
    sources = [root / "articles"] + ([NEWS_DEV] if NEWS_DEV.exists() else [])
    seconds, report = timed(lambda: indexer.apply(indexer.plan(paths=sources)))
    service.close()
    built = {"articles": articles, "chunks": report.chunks_total, "index_seconds": round(seconds, 1)}
    (root / "built.json").write_text(json.dumps(built) + "\n")
    print(f"  built {root}: {built} ({report.chunks_total / seconds:.0f} chunks/s, model cost aside)")


def measure(root: Path, questions: list[str], count: int) -> dict[str, str]:
    service = service_for(root, stand_in())
    retriever, rows = service.retriever, {}
    first, _ = timed(lambda: retriever.invoke(questions[0]))
    rows["first retrieval after start"] = f"{first * 1000:.0f} ms"
    asked = questions[1:count + 1]
    rows["retrieval p50 / p95"] = percentiles([timed(lambda q=q: retriever.invoke(q))[0] for q in asked])
    rows["full answer p50 / p95"] = percentiles([timed(lambda q=q: service.answer(q))[0] for q in asked])
    watcher = service.watcher(root / "articles")
    new = root / "articles" / "new" / "zeebrugge.txt"
    new.parent.mkdir(exist_ok=True)
    for turn in ("first in the process", "again"):  # the first also loads what indexing loads once
        new.write_text(NEW_ARTICLE.replace("52", "53") if turn == "again" else NEW_ARTICLE)
        try:
            indexing, _ = timed(lambda: watcher.reindex({str(new.resolve())}))
            after, found = timed(lambda: retriever.invoke(NEW_QUESTION))
            rows[f"index one new article, {turn}"] = f"{indexing * 1000:.0f} ms"
            rows[f"first retrieval after it, {turn}"] = f"{after * 1000:.0f} ms" + (
                "" if found and "Zeebrugge" in found[0].page_content else " (NOT FOUND)")
        finally:
            new.unlink()
        removing, _ = timed(lambda: watcher.reindex({str(new.resolve())}))
        after, found = timed(lambda: retriever.invoke(NEW_QUESTION))
        rows[f"remove it, {turn}"] = f"{removing * 1000:.0f} ms"
        rows[f"first retrieval after that, {turn}"] = f"{after * 1000:.0f} ms" + (
            " (STILL FOUND)" if any("Zeebrugge" in d.page_content for d in found) else "")
    current, peak = rss_mb()
    rows["RSS now / peak"] = f"{current:.0f} / {peak:.0f} MB"
    service.close()
    return rows


def real_models_sample(paragraphs: dict[str, list[str]], articles: int) -> dict[str, str]:
    """Full index throughput with the real models, and the share of each step."""
    from index.embeddings import BUNDLED_E5, USE_MULTILINGUAL, load_embeddings

    embeddings = TimedEmbeddings(load_embeddings(BUNDLED_E5, USE_MULTILINGUAL, num_threads=2))
    rng = random.Random(7)
    with tempfile.TemporaryDirectory(prefix="newsbot-scale-") as tmp:
        root = Path(tmp)
        (root / "articles").mkdir()
        for i in range(articles):
            (root / "articles" / f"xq_{i:04d}.txt").write_text(article_text(paragraphs, rng) + "\n")
        service = service_for(root, embeddings)
        indexer = service.indexer()
        plan = indexer.plan_articles([])  # the catalogue and store are opened before timing
        reading, loaded = timed(lambda: indexer._load_paths([root / "articles"], plan, lambda *a: lambda n=1: None))
        chunking, plan = timed(lambda: indexer.plan_articles(loaded, plan))
        applying, report = timed(lambda: indexer.apply(plan))
        service.close()
    total = reading + chunking + applying
    storing = applying - embeddings.seconds
    return {
        "passages": f"{report.chunks_total} from {articles} articles",
        "throughput": f"{report.chunks_total / total:.1f} chunks/s ({total:.1f} s)",
        "read + clean": f"{100 * reading / total:.1f} %",
        "chunk (sentences)": f"{100 * chunking / total:.1f} %",
        "embed (e5 + USE)": f"{100 * embeddings.seconds / total:.1f} %",
        "store, catalogue, records": f"{100 * storing / total:.1f} %",
        "non-model share": f"{100 * (total - embeddings.seconds) / total:.1f} %",
    }


def real_models_answers(root: Path, size: int, paragraphs: dict[str, list[str]], questions: list[str],
                        count: int) -> dict[str, str]:
    """Full answers with the real models on an index of ``size`` passages embedded by them (kept in
    ``root`` between runs: at ~8 passages/s, 10k take about 20 minutes to build)."""
    from index.embeddings import BUNDLED_E5, USE_MULTILINGUAL, load_embeddings

    embeddings = load_embeddings(BUNDLED_E5, USE_MULTILINGUAL, num_threads=2)
    if not (root / "built.json").exists():
        write_corpus(root / "articles", size, paragraphs)
        service = service_for(root, embeddings)
        indexer = service.indexer()
        seconds, report = timed(lambda: indexer.apply(indexer.plan(paths=[root / "articles"])))
        service.close()
        (root / "built.json").write_text(json.dumps({"chunks": report.chunks_total, "index_seconds": round(seconds)}))
    built = json.loads((root / "built.json").read_text())
    service = service_for(root, embeddings)
    first, _ = timed(lambda: service.answer(questions[0]))
    answers = percentiles([timed(lambda q=q: service.answer(q))[0] for q in questions[1:count + 1]])
    service.close()
    return {"passages": f"{built['chunks']:,}", "index with the real models": f"{built['index_seconds']} s",
            "first answer after start": f"{first * 1000:.0f} ms", "full answer p50 / p95": answers}


def table(title: str, columns: dict[str, dict[str, str]]) -> None:
    names = list(columns)
    print(f"\n{title}\n| | " + " | ".join(names) + " |\n|---|" + "---|" * len(names))
    for row in next(iter(columns.values())):
        print(f"| {row} | " + " | ".join(columns[n].get(row, "") for n in names) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,30000,100000", help="passage counts, comma-separated")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "newsbot-scale",
                        help="where built indexes are kept between runs")
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--real-sample", type=int, default=40, help="articles indexed with the real models (0: skip)")
    parser.add_argument("--real-answers", default="", help="passage counts to index with the real models and "
                        "answer on, comma-separated (10000: ~20 minutes to build once)")
    args = parser.parse_args()
    if not XQUAD.exists():
        sys.exit(f"XQuAD not found at {XQUAD}")
    paragraphs, questions = xquad()
    random.Random(0).shuffle(questions)
    results = {}
    for size in [int(s) for s in args.sizes.split(",") if s]:
        root = args.cache / str(size)
        print(f"{size} passages:")
        build(root, size, paragraphs)
        built = json.loads((root / "built.json").read_text())
        results[f"{built['chunks']:,} passages"] = column = {
            "index, model cost aside": f"{built['index_seconds']:.0f} s", **measure(root, questions, args.questions)}
        print("".join(f"  {row}: {value}\n" for row, value in column.items()), end="", flush=True)
    if results:
        table("newsbot's work, stand-in embeddings (model cost aside)", results)
    if args.real_answers:
        table("full answers with the real models (e5 ⊕ USE)", {
            f"{size:,}": real_models_answers(args.cache / f"real-{size}", size, paragraphs, questions, args.questions)
            for size in [int(s) for s in args.real_answers.split(",")]})
    if args.real_sample:
        table("full indexing with the real models (e5 ⊕ USE)",
              {"sample": real_models_sample(paragraphs, args.real_sample)})


if __name__ == "__main__":
    main()

"""Retrieval quality and speed of the real pipeline (issue: foundation benchmark).

Prints, in one run:
  1. XQuAD recall@1 / recall@5 / MRR for en→en, de→de and en-passages/de-questions, for dense-only
     (e5), keyword-only (BM25, whole corpus) and the hybrid retriever — all on the same index, built
     with newsbot's indexer in a temporary store;
  2. index throughput (chunks/s) on the Lee corpus (299 English news articles from the gensim wheel)
     against the naive LangChain quickstart on the same embedding model and the same chunks
     (`Chroma.from_documents`), alternating the two, ``--runs`` times each, as a ratio;
  3. retrieval latency p50/p95 in a warm process (the retriever alone, and a whole answer).

    .venv/bin/python bench/retrieval.py [--runs 3] [--latency-queries 200]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import machine  # first of these: it sets the thread counts before numpy loads
import numpy as np

REPO = machine.REPO

from bot.evaluation.squad import RANKED_ARTICLES, ranked_articles, read_squad, squad_index, squad_questions  # noqa: E402
from bot.reading.retrieval import HybridRetriever  # noqa: E402
from bot.service import NewsbotService  # noqa: E402
from bot.settings import Settings  # noqa: E402
from index.embeddings import BUNDLED_E5, USE_MULTILINGUAL, load_embeddings  # noqa: E402
from index.indexer import chunk_documents  # noqa: E402

XQUAD = Path(os.environ.get("NEWSBOT_XQUAD_DIR", REPO.parent / "shared" / "datasets" / "xquad"))
SETTINGS = [("en", "en"), ("de", "de"), ("en", "de")]


def metrics(ranks: list[int | None]) -> str:
    n = len(ranks)
    r1 = sum(r == 1 for r in ranks) / n
    r5 = sum(bool(r and r <= 5) for r in ranks) / n
    mrr = sum(1 / r for r in ranks if r) / n
    return f"{r1:.3f} / {r5:.3f} / {mrr:.3f}"


def rank_of(gold: str, article_ids: list[str]) -> int | None:
    ranking = list(dict.fromkeys(article_ids))[:RANKED_ARTICLES]
    return ranking.index(gold) + 1 if gold in ranking else None


def xquad_quality(embeddings) -> None:
    print("## XQuAD retrieval over 240 paragraphs, 1190 questions (R@1 / R@5 / MRR)\n")
    print("| passages → questions | dense only (e5) | keyword only (BM25) | hybrid (newsbot) |")
    print("|---|---|---|---|")
    for passages_language, questions_language in SETTINGS:
        data = read_squad(XQUAD / f"xquad.{passages_language}.json")
        questions = squad_questions(read_squad(XQUAD / f"xquad.{questions_language}.json"), data)
        with squad_index(Settings(_env_file=None), data, embeddings) as service:
            hybrid = service.retriever
            dense = HybridRetriever(collection=service.collection, embeddings=embeddings,
                                    catalogue=service.catalogue, second_weight=0.0, keyword_weight=0.0)
            view = hybrid.live_view()
            keys = list(view.documents)
            ranks = {"dense": [], "keyword": [], "hybrid": []}
            for item in questions:
                gold = "{}-{}".format(*item.position)
                top = 4 * RANKED_ARTICLES
                ranks["hybrid"].append(rank_of(gold, ranked_articles(hybrid.invoke(item.question, k=top))))
                ranks["dense"].append(rank_of(gold, ranked_articles(dense.invoke(item.question, k=top))))
                scores = view.keywords.scores(item.question, keys)
                ranks["keyword"].append(rank_of(gold, [keys[i].split(":")[0] for i in np.argsort(-scores)[:top]]))
        print(f"| {passages_language} → {questions_language} | {metrics(ranks['dense'])} | "
              f"{metrics(ranks['keyword'])} | {metrics(ranks['hybrid'])} |", flush=True)


def lee_documents() -> list:
    """The Lee corpus as newsbot chunks (the same Documents both systems embed)."""
    from index.chunking import chunk_article
    from index.loading import load_article
    from tests.corpus import write_lee_folder

    folder = Path(tempfile.mkdtemp(prefix="newsbot-lee-"))
    articles = [load_article(path) for path in write_lee_folder(folder, 300)]
    return articles, [doc for a in articles for doc in chunk_documents(a, chunk_article(a))]


def index_throughput(embeddings, runs: int) -> None:
    from langchain_chroma import Chroma

    articles, documents = lee_documents()
    rates = {"newsbot": [], "quickstart": []}
    for run in range(runs):
        for system in (("newsbot", "quickstart") if run % 2 == 0 else ("quickstart", "newsbot")):
            with tempfile.TemporaryDirectory() as tmp:
                started = time.perf_counter()
                if system == "newsbot":
                    service = NewsbotService(Settings(_env_file=None, data_dir=Path(tmp)), embeddings=embeddings)
                    indexer = service.indexer()
                    indexer.apply(indexer.plan_articles(articles))
                    service.close()
                else:
                    Chroma.from_documents(documents, embedding=embeddings, persist_directory=tmp)
                rates[system].append(len(documents) / (time.perf_counter() - started))
            print(f"  run {run + 1}: {system:10} {rates[system][-1]:6.1f} chunks/s", flush=True)
    ratios = [a / b for a, b in zip(rates["newsbot"], rates["quickstart"])]
    print(f"\n## Index throughput, Lee corpus ({len(articles)} articles, {len(documents)} chunks, e5 ⊕ USE)\n")
    print("| system | chunks/s median [min–max] |\n|---|---|")
    for system, values in rates.items():
        print(f"| {system} | {statistics.median(values):.1f} [{min(values):.1f}–{max(values):.1f}] |")
    print(f"| newsbot / quickstart | {statistics.median(ratios):.2f} [{min(ratios):.2f}–{max(ratios):.2f}] |")


def latency(embeddings, queries: int) -> None:
    data = read_squad(XQUAD / "xquad.de.json")
    questions = [q.question for q in squad_questions(data, data)][:queries]
    with squad_index(Settings(_env_file=None), data, embeddings) as service:
        service.answer(questions[0])  # warm
        timings = {"retrieve": [], "answer": []}
        for question in questions:
            started = time.perf_counter()
            service.retriever.invoke(question + " ")  # a different string: no query-cache hit
            timings["retrieve"].append(time.perf_counter() - started)
            started = time.perf_counter()
            service.answer(question)
            timings["answer"].append(time.perf_counter() - started)
    print(f"\n## Latency in a warm process ({len(questions)} German XQuAD questions, 240 passages)\n")
    print("| step | p50 ms | p95 ms |\n|---|---|---|")
    for step, values in timings.items():
        p50, p95 = np.percentile(np.array(values) * 1000, [50, 95])
        print(f"| {step} | {p50:.0f} | {p95:.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--latency-queries", type=int, default=200)
    parser.add_argument("--skip", nargs="*", default=[], choices=["quality", "throughput", "latency"])
    args = parser.parse_args()
    embeddings = load_embeddings(BUNDLED_E5, USE_MULTILINGUAL, num_threads=2)
    if "quality" not in args.skip:
        xquad_quality(embeddings)
    if "throughput" not in args.skip:
        index_throughput(embeddings, args.runs)
    if "latency" not in args.skip:
        latency(embeddings, args.latency_queries)


if __name__ == "__main__":
    main()

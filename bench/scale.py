"""Scale benchmark: newsbot's own work at 10k, 30k and 100k passages (issue 11).

The bulk is real multilingual text: XQuAD paragraphs (en, de) recombined as dated articles in a
folder, plus the news-dev pages read in place. Its vectors come from a stand-in embedder of the
same shape as e5 ⊕ USE (hashed words, 384 + 512 dimensions), so the times below are newsbot's
work with the model cost aside; a small sample is indexed with the real models to show each
step's share. Each size's index is built once into ``--cache`` and reused by later runs.

Per size, each round in a fresh process on the built index: the first retrieval (it builds the live
view), retrieval and full-answer p50/p95 over XQuAD questions, indexing one new article dropped into
the watched folder (the watcher's pass), the first retrieval after it, the same for removing it
(twice: the first pass in a process also loads what indexing loads once), and the process's RSS.
``--chroma-server`` measures the same against ``chroma run`` serving the same index directory (and
its RSS), the two taking turns. ``--recall`` adds the dense candidate recall of Chroma's approximate
(HNSW) search against exact search over every stored vector.

Full answers with the real models: ``--real-answers`` on an index they embedded (10k: 20 minutes to
build once); ``--mixed-answers`` on that 10k index grown to 100k with passages whose vectors come
from the stand-in (embedding 100k with the real models would take 3.5 hours here), so the questions
about its real part get real answers while retrieval, keyword search and the reader run over 100k.

    .venv/bin/python bench/scale.py [--sizes 10000,30000,100000] [--cache DIR] [--questions 200]
        [--rounds 3] [--chroma-server] [--recall] [--ef-search N]
        [--real-sample 40] [--real-answers 10000] [--mixed-answers 100000]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import shutil
import statistics
import subprocess
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
from index import store  # noqa: E402
from index.articles import Article  # noqa: E402
from index.chunking import chunk_article  # noqa: E402
from index.embeddings import FusedEmbeddings  # noqa: E402
from tests.chroma_server import chroma_server  # noqa: E402

SHARED = REPO.parent / "shared" / "datasets"
XQUAD = Path(os.environ.get("NEWSBOT_XQUAD_DIR", SHARED / "xquad"))
NEWS_DEV = SHARED / "news-dev" / "articles"
NEW_ARTICLE = ("date 2024-06-01\nDe haven van Zeebrugge verwerkte vorig jaar een recordvolume van 52 miljoen "
               "ton vracht, meldde het havenbedrijf maandag. De groei kwam vooral uit het containerverkeer.")
NEW_QUESTION = "Hoeveel vracht verwerkte de haven van Zeebrugge?"
_WORD = re.compile(r"\w+")
MIXED_BASE = 10000  # the real-model index that --mixed-answers grows


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


class BulkStandIn(FusedEmbeddings):
    """The real models' name and query vectors, the stand-in's passage vectors: extends an index the
    real models embedded with a bulk that costs minutes instead of hours. Used only to build it: the
    questions, and the sentences embedded while answering, go through the real models."""

    def __init__(self, real: FusedEmbeddings) -> None:
        super().__init__(real.primary, real.secondary, real.weight)
        self.bulk = stand_in()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.bulk.embed_documents(texts)


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


def p50_p95(seconds: list[float]) -> tuple[float, float]:
    ms = sorted(s * 1000 for s in seconds)
    return statistics.median(ms), ms[int(0.95 * (len(ms) - 1))]


def memory_mb(pid: int | str = "self") -> tuple[float, float]:
    """Current and peak resident memory of a process, MB."""
    status = dict(line.split(":", 1) for line in open(f"/proc/{pid}/status"))
    return int(status["VmRSS"].split()[0]) / 1024, int(status["VmHWM"].split()[0]) / 1024


def chroma_server_pid() -> int:
    """This process's ``chroma run`` child (the benchmark starts exactly one at a time)."""
    children = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read_text().split()
    return next(int(pid) for pid in children if b"chroma" in Path(f"/proc/{pid}/cmdline").read_bytes())


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def service_for(root: Path, embeddings: Embeddings, chroma_port: int | None = None) -> NewsbotService:
    server = {"chroma_host": "127.0.0.1", "chroma_port": chroma_port} if chroma_port else {}
    return NewsbotService(Settings(_env_file=None, data_dir=root / "data", articles_dir=root / "articles", **server),
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


# A row's value in one round: numbers (ms, or MB where the row says so), or a remark.
Row = tuple[float, ...] | str


def measure(service: NewsbotService, root: Path, questions: list[str], count: int) -> dict[str, Row]:
    """newsbot's work on a built index, in a fresh process: the rows of the module's docstring."""
    retriever, rows = service.retriever, {}
    first, _ = timed(lambda: retriever.invoke(questions[0]))
    rows["first retrieval after start, ms"] = (first * 1000,)
    asked = questions[1:count + 1]
    rows["retrieval p50 / p95, ms"] = p50_p95([timed(lambda q=q: retriever.invoke(q))[0] for q in asked])
    rows["full answer p50 / p95, ms"] = p50_p95([timed(lambda q=q: service.answer(q))[0] for q in asked])
    watcher = service.watcher(root / "articles")
    new = root / "articles" / "new" / "zeebrugge.txt"
    new.parent.mkdir(exist_ok=True)
    missed = []
    for turn in ("first in the process", "again"):  # the first also loads what indexing loads once
        new.write_text(NEW_ARTICLE.replace("52", "53") if turn == "again" else NEW_ARTICLE)
        try:
            indexing, _ = timed(lambda: watcher.reindex({str(new.resolve())}))
            after, found = timed(lambda: retriever.invoke(NEW_QUESTION))
            rows[f"index one new article, {turn}, ms"] = (indexing * 1000,)
            rows[f"first retrieval after it, {turn}, ms"] = (after * 1000,)
            if not (found and "Zeebrugge" in found[0].page_content):
                missed.append(f"not found {turn}")
        finally:
            new.unlink()
        removing, _ = timed(lambda: watcher.reindex({str(new.resolve())}))
        after, found = timed(lambda: retriever.invoke(NEW_QUESTION))
        rows[f"remove it, {turn}, ms"] = (removing * 1000,)
        rows[f"first retrieval after that, {turn}, ms"] = (after * 1000,)
        if any("Zeebrugge" in d.page_content for d in found):
            missed.append(f"still found {turn}")
    rows["the new article retrieved first, then gone"] = ", ".join(missed) or "yes"
    rows["RSS of newsbot now / peak, MB"] = memory_mb()
    return rows


def stored_vectors(collection) -> np.ndarray:
    """Every vector in the collection, read in pages: exact search's side."""
    pages, offset = [], 0
    while len(page := collection.get(include=["embeddings"], limit=10_000, offset=offset)["embeddings"]):
        pages.append(np.asarray(page, dtype=np.float32))
        offset += len(page)
    return np.concatenate(pages)


def candidate_recall(service: NewsbotService, questions: list[str]) -> dict[str, Row]:
    """Chroma's HNSW search is approximate: the share of the retriever's candidates (its ``fetch_k``
    nearest by the stored vector) that exact search over every stored vector also ranks in its
    ``fetch_k`` (ties count), whether the exact nearest is among them, and the query's own time."""
    collection, k = service.collection, service.retriever.fetch_k
    vectors = stored_vectors(collection)
    shares, nearest, seconds = [], 0, []
    for question in questions:
        query = np.asarray(service.embeddings.embed_query(question), dtype=np.float32)
        took, result = timed(lambda q=query.tolist(): collection.query(
            query_embeddings=[q], n_results=k, include=["metadatas", "embeddings"]))
        seconds.append(took)
        found, exact = np.asarray(result["embeddings"][0], dtype=np.float32) @ query, vectors @ query
        shares.append(float(np.mean(found >= np.partition(exact, -k)[-k] - 1e-5)))
        nearest += bool(found.max() >= exact.max() - 1e-5)
    return {f"dense candidate recall@{k} (lowest)": (float(np.mean(shares)), min(shares)),
            "exact nearest among them, of questions": (nearest, len(questions)),
            "Chroma query p50 / p95, ms": p50_p95(seconds),
            "HNSW ef_search": (collection.configuration["hnsw"]["ef_search"],)}


def answers(service: NewsbotService, questions: list[str], count: int) -> dict[str, Row]:
    """Full answers with the real models: the first after start (it builds the live view) and the rest."""
    first, _ = timed(lambda: service.answer(questions[0]))
    return {"first answer after start, ms": (first * 1000,),
            "full answer p50 / p95, ms": p50_p95([timed(lambda q=q: service.answer(q))[0]
                                              for q in questions[1:count + 1]])}


def run_one(root: Path, kind: str, server: bool, questions: list[str], count: int, recall: bool) -> dict[str, Row]:
    """One column's round, in this (fresh) process: ``kind`` is "stand-in" (newsbot's work, model cost
    aside) or "real" (full answers with the real models); on embedded Chroma or a ``chroma run`` server
    serving the same directory."""
    embeddings = stand_in() if kind == "stand-in" else real_embeddings()
    with chroma_server(root / "data" / "chroma") if server else contextlib.nullcontext() as port:
        service = service_for(root, embeddings, port)
        rows = (measure(service, root, questions, count) if kind == "stand-in" else
                {**answers(service, questions, count), "RSS of newsbot now / peak, MB": memory_mb()})
        if server:
            rows["RSS of the Chroma server now / peak, MB"] = memory_mb(chroma_server_pid())
        if recall:
            rows.update(candidate_recall(service, questions[1:count + 1]))
        service.close()
    return rows


def in_fresh_process(root: Path, kind: str, server: bool, args) -> dict[str, Row]:
    """:func:`run_one` in a child process, so first-after-start rows and RSS are that column's own."""
    command = [sys.executable, __file__, "--run-one", str(root), "--kind", kind, "--questions", str(args.questions)]
    command += ["--chroma-server"] * server + ["--recall"] * args.recall
    command += ["--ef-search", str(args.ef_search)] if args.ef_search else []
    output = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True).stdout
    return json.loads(output.splitlines()[-1])


def spread(rounds: list[Row]) -> str:
    """The rounds of one row: each number as the median [lowest–highest] when there are several."""
    if isinstance(rounds[0], str):
        return " · ".join(dict.fromkeys(rounds))
    def one(values: list[float]) -> str:
        digits = 3 if max(values) < 1.5 else 0
        low, high = f"{min(values):.{digits}f}", f"{max(values):.{digits}f}"
        middle = f"{statistics.median(values):.{digits}f}"
        return middle if low == high else f"{middle} [{low}–{high}]"
    return " / ".join(one([r[i] for r in rounds]) for i in range(len(rounds[0])))


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


def real_embeddings() -> FusedEmbeddings:
    from index.embeddings import BUNDLED_E5, USE_MULTILINGUAL, load_embeddings

    return load_embeddings(BUNDLED_E5, USE_MULTILINGUAL, num_threads=2)


def build_real(root: Path, size: int, paragraphs: dict[str, list[str]], embeddings: FusedEmbeddings) -> None:
    """An index of ``size`` passages embedded by the real models, kept in ``root`` between runs
    (at ~8 passages/s, 10k take about 20 minutes to build)."""
    write_corpus(root / "articles", size, paragraphs)
    service = service_for(root, embeddings)
    indexer = service.indexer()
    seconds, report = timed(lambda: indexer.apply(indexer.plan(paths=[root / "articles"])))
    service.close()
    (root / "built.json").write_text(json.dumps({"chunks": report.chunks_total, "index_seconds": round(seconds)}))


def build_mixed(root: Path, real: Path, size: int, paragraphs: dict[str, list[str]],
                embeddings: FusedEmbeddings) -> None:
    """A copy of the real-model index ``real`` grown to about ``size`` passages with articles whose
    vectors come from the stand-in (:class:`BulkStandIn`); ``real`` itself is left as it was."""
    if not root.exists():
        shutil.copytree(real, root)
        (root / "built.json").unlink()
    service = service_for(root, BulkStandIn(embeddings))
    indexer, total = service.indexer(), service.collection.count()
    while total < 0.99 * size:  # passages per article are estimated from a sample: top up until there
        folder = root / "articles" / f"bulk-{total}"
        write_corpus(folder, size - total, paragraphs)
        total = indexer.apply(indexer.plan(paths=[folder])).chunks_total
    service.close()
    real_chunks = json.loads((real / "built.json").read_text())["chunks"]
    (root / "built.json").write_text(json.dumps({"chunks": total, "real_chunks": real_chunks}))


def table(title: str, columns: dict[str, dict[str, str]]) -> None:
    names = list(columns)
    print(f"\n{title}\n| | " + " | ".join(names) + " |\n|---|" + "---|" * len(names))
    for row in dict.fromkeys(row for column in columns.values() for row in column):  # a server has more
        print(f"| {row} | " + " | ".join(columns[n].get(row, "") for n in names) + " |")


def columns(root: Path, kind: str, label: str, args, first_rows: dict[str, str]) -> dict[str, dict[str, str]]:
    """One column per backend for the index in ``root``, each row over ``args.rounds`` fresh processes,
    the backends taking turns so that both see the same machine."""
    backends = (False, True) if args.chroma_server else (False,)
    rounds = {server: [] for server in backends}
    for turn in range(args.rounds):
        for server in backends:
            rounds[server].append(in_fresh_process(root, kind, server, args))
            print(f"  {label}, {'server' if server else 'embedded'}, round {turn + 1}: {rounds[server][-1]}", flush=True)
    return {f"{label}, {'server' if server else 'embedded'}":
            {**first_rows, **{row: spread([r[row] for r in done]) for row in done[0]}}
            for server, done in rounds.items()}


def sizes(text: str) -> list[int]:
    return [int(s) for s in text.split(",") if s]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,30000,100000", help="passage counts, comma-separated")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "newsbot-scale",
                        help="where built indexes are kept between runs")
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=1, help="fresh processes per column (their spread is shown)")
    parser.add_argument("--chroma-server", action="store_true", help="also measure against `chroma run` serving "
                        "the same index, beside embedded Chroma")
    parser.add_argument("--recall", action="store_true", help="also the dense candidate recall against exact search")
    parser.add_argument("--ef-search", type=int, help="HNSW search breadth to measure with instead of "
                        "newsbot's SEARCH_EF (index/store.py)")
    parser.add_argument("--real-sample", type=int, default=40, help="articles indexed with the real models (0: skip)")
    parser.add_argument("--real-answers", default="", help="passage counts to index with the real models and "
                        "answer on, comma-separated (10000: ~20 minutes to build once)")
    parser.add_argument("--mixed-answers", default="", help=f"passage counts to answer on with the real models, "
                        f"the real-model index of {MIXED_BASE:,} grown with stand-in vectors for the bulk")
    parser.add_argument("--run-one", type=Path, help=argparse.SUPPRESS)  # a column's round, in a child process
    parser.add_argument("--kind", choices=("stand-in", "real"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not XQUAD.exists():
        sys.exit(f"XQuAD not found at {XQUAD}")
    paragraphs, questions = xquad()
    random.Random(0).shuffle(questions)
    if args.run_one:
        if args.ef_search:
            store.SEARCH_EF = args.ef_search
        rows = run_one(args.run_one, args.kind, args.chroma_server, questions, args.questions, args.recall)
        print(json.dumps(rows))
        return
    results = {}
    for size in sizes(args.sizes):
        root = args.cache / str(size)
        print(f"{size} passages:")
        build(root, size, paragraphs)
        built = json.loads((root / "built.json").read_text())
        results.update(columns(root, "stand-in", f"{built['chunks']:,}", args,
                               {"index, model cost aside": f"{built['index_seconds']:.0f} s"}))
    if results:
        table("newsbot's work, stand-in embeddings (model cost aside)", results)
    if args.real_answers or args.mixed_answers:
        results = {}
        for size in sizes(args.real_answers) + [MIXED_BASE] * bool(args.mixed_answers):
            if not (args.cache / f"real-{size}" / "built.json").exists():
                build_real(args.cache / f"real-{size}", size, paragraphs, real_embeddings())
        for size in sizes(args.real_answers):
            built = json.loads((args.cache / f"real-{size}" / "built.json").read_text())
            with tempfile.TemporaryDirectory(dir=args.cache) as tmp:  # the index the mixed one grows stays as built
                shutil.copytree(args.cache / f"real-{size}", Path(tmp) / "index")
                results.update(columns(Path(tmp) / "index", "real", f"{built['chunks']:,} real", args,
                                       {"passages embedded by the real models": f"{built['chunks']:,}"}))
        for size in sizes(args.mixed_answers):
            root = args.cache / f"mixed-{size}"
            if not (root / "built.json").exists():
                build_mixed(root, args.cache / f"real-{MIXED_BASE}", size, paragraphs, real_embeddings())
            built = json.loads((root / "built.json").read_text())
            results.update(columns(root, "real", f"{built['chunks']:,} mixed", args,
                                   {"passages embedded by the real models": f"{built['real_chunks']:,}"}))
        table("full answers with the real models (e5 ⊕ USE); mixed: the real models' index of "
              f"{MIXED_BASE:,} passages grown with passages whose vectors come from the stand-in", results)
    if args.real_sample:
        table("full indexing with the real models (e5 ⊕ USE)",
              {"sample": real_models_sample(paragraphs, args.real_sample)})


if __name__ == "__main__":
    main()

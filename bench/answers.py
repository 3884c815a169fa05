"""Answer quality on real news: the news-dev articles and the questions in bench/news-dev/.

Indexes the articles once, asks the tuning and the test questions through the answer service (as
`newsbot eval --articles` does) and prints, per set, the share of answers right per question kind
and language, quotes verbatim, answers in the question's language, and the answer latency.

    .venv/bin/python bench/answers.py [--articles DIR] [--data DIR] [--failures]

``--data`` keeps the index between runs (re-indexing an unchanged folder embeds nothing).
``--failures`` lists the tuning set's wrong answers; the test set's are never printed, so nobody
tunes on it by accident.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "2")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bot.evaluation.news import KINDS, Judged, ask_all, metrics, read_questions  # noqa: E402
from bot.service import NewsbotService  # noqa: E402
from bot.settings import Settings  # noqa: E402

NEWS_DEV = HERE.parent.parent / "shared" / "datasets" / "news-dev" / "articles"
SETS = {"tune": HERE / "news-dev" / "tune.jsonl", "test": HERE / "news-dev" / "test.jsonl"}
COLUMNS = ("fact", "latest", "timeline", "declined", "verbatim", "language", "short_answer_precision",
           "short_answer_coverage")


def table(name: str, judged: list[Judged], seconds: list[float]) -> str:
    rows = [f"### {name}: {len(judged)} questions, answer p50 {1000 * statistics.median(seconds):.0f} ms, "
            f"p95 {1000 * sorted(seconds)[int(0.95 * (len(seconds) - 1))]:.0f} ms",
            "", "| language | n | " + " | ".join(COLUMNS) + " |", "|---" * (len(COLUMNS) + 2) + "|"]
    for language in [*sorted({j.item.language for j in judged}), "all"]:
        subset = [j for j in judged if language in ("all", j.item.language)]
        shares = metrics(subset)
        counts = {k: sum(j.item.kind == k for j in subset) for k in KINDS}
        cells = []
        for column in COLUMNS:
            value = shares[column]
            kind = "unanswerable" if column == "declined" else column
            right = sum(j.right for j in subset if j.item.kind == kind) if kind in KINDS else None
            cells.append("–" if value is None else f"{value:.2f}" + (f" ({right}/{counts[kind]})" if right is not None else ""))
        rows.append(f"| {language} | {len(subset)} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def failures(judged: list[Judged]) -> str:
    lines = []
    for j in judged:
        if j.right and j.language_right:
            continue
        quotes = " / ".join(f"[{c.n}] {c.date or '-'} {c.quote[:110]}" for c in j.answer.citations[:3])
        lines.append(f"- {j.item.id} {j.item.kind} {j.item.language}→{j.answer.language} found={j.answer.found} "
                     f"| {j.item.question} | want {list(j.item.answers)[:3]}\n    {quotes or j.answer.text[:120]}")
    return "\n".join(lines)


class Stopwatch:
    """Seconds between calls of :meth:`lap`: one per answer."""

    def __init__(self) -> None:
        self.laps: list[float] = []
        self.last = time.perf_counter()

    def lap(self, _: Judged) -> None:
        now = time.perf_counter()
        self.laps.append(now - self.last)
        self.last = now


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=Path, default=NEWS_DEV)
    parser.add_argument("--data", type=Path, help="keep the index here between runs")
    parser.add_argument("--sets", nargs="+", default=list(SETS), choices=list(SETS))
    parser.add_argument("--failures", action="store_true", help="list the tuning set's wrong answers")
    args = parser.parse_args()
    if not args.articles.is_dir():
        print(f"news-dev articles not found at {args.articles}; skipped", file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory(prefix="newsbot-answers-") as tmp:
        service = NewsbotService(Settings(_env_file=None, data_dir=args.data or Path(tmp)))
        indexer = service.indexer()
        started = time.perf_counter()
        report = indexer.apply(indexer.plan(paths=[args.articles]))
        print(f"indexed {report.chunks_total} passages ({report.chunks_embedded} embedded) "
              f"in {time.perf_counter() - started:.1f} s\n")
        for name in args.sets:
            stopwatch = Stopwatch()
            judged = ask_all(service, read_questions(SETS[name]), on_answer=stopwatch.lap)
            seconds = stopwatch.laps
            print(table(name, judged, seconds) + "\n")
            if args.failures and name == "tune":
                print(failures(judged) + "\n")
        service.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

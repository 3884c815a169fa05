"""Answer latency against a baseline commit, side by side in one run.

Checks out ``--baseline`` (default: main before the reader, 040370e) in a temporary git worktree and
starts one process per side (this checkout and the baseline), each with its own index of news-dev.
Each process answers every question once to warm up; then the sides take turns answering all
questions, ``--rounds`` times, so both see the same machine. Both sides cache question vectors; the
cache is emptied before each timed question, so each is embedded as a new question would be. Prints
each round's p50/p95 per side and the ratio of the medians (this checkout / baseline), with the
spread over rounds as the noise.

    .venv/bin/python bench/answer_latency.py [--baseline REF] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
NEWS_DEV = REPO.parent / "shared" / "datasets" / "news-dev" / "articles"
QUESTIONS = [HERE / "news-dev" / "tune.jsonl", HERE / "news-dev" / "test.jsonl"]
BEFORE_READER = "040370e"

# Runs inside each side's process, with that side's code first on sys.path: only the API both share.
WORKER = r"""
import json, os, sys, time
from pathlib import Path
from bot.service import NewsbotService
from bot.settings import Settings
data_dir, articles, *files = sys.argv[1:]
questions = [json.loads(l)["question"] for f in files for l in Path(f).read_text().splitlines() if l.strip()]
service = NewsbotService(Settings(_env_file=None, data_dir=Path(data_dir)))
indexer = service.indexer()
indexer.apply(indexer.plan(paths=[Path(articles)]))
for q in questions:
    service.answer(q)
def forget_questions(embeddings):
    for part in [embeddings, *vars(embeddings).values()]:  # the e5 model keeps recent question vectors
        if hasattr(part, "_query_vector"):
            part._query_vector.cache_clear()
print("ready", flush=True)
for line in sys.stdin:
    seconds = []
    for q in questions:
        forget_questions(service.embeddings)  # each question as if asked for the first time
        started = time.perf_counter()
        service.answer(q)
        seconds.append(time.perf_counter() - started)
    print(json.dumps(seconds), flush=True)
"""


def start(code: Path, data_dir: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(code), "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "2",
           "OMP_WAIT_POLICY": "PASSIVE", "ANONYMIZED_TELEMETRY": "False"}
    process = subprocess.Popen([sys.executable, "-c", WORKER, str(data_dir), str(NEWS_DEV), *map(str, QUESTIONS)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=code, env=env)
    assert process.stdout.readline().strip() == "ready", f"{code}: the worker did not start"
    return process


def one_round(process: subprocess.Popen) -> list[float]:
    process.stdin.write("go\n")
    process.stdin.flush()
    return json.loads(process.stdout.readline())


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[int(share * (len(ordered) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=BEFORE_READER)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not NEWS_DEV.is_dir():
        print(f"news-dev articles not found at {NEWS_DEV}; skipped", file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory(prefix="newsbot-latency-") as tmp:
        baseline = Path(tmp) / "baseline"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(baseline), args.baseline],
                       check=True, capture_output=True)
        try:
            sides = {"this": start(REPO, Path(tmp) / "data-this"), "baseline": start(baseline, Path(tmp) / "data-base")}
            print(f"{len(QUESTIONS)} question files, warm services; this checkout vs {args.baseline}\n")
            print("| round | this p50 / p95 ms | baseline p50 / p95 ms | ratio of p50 |")
            print("|---|---|---|---|")
            ratios = []
            for n in range(1, args.rounds + 1):
                this, base = one_round(sides["this"]), one_round(sides["baseline"])
                ratios.append(statistics.median(this) / statistics.median(base))
                print(f"| {n} | {1000 * statistics.median(this):.0f} / {1000 * percentile(this, 0.95):.0f} | "
                      f"{1000 * statistics.median(base):.0f} / {1000 * percentile(base, 0.95):.0f} | {ratios[-1]:.2f} |")
            print(f"\nratio of medians: {statistics.median(ratios):.2f} [{min(ratios):.2f}–{max(ratios):.2f}] over "
                  f"{args.rounds} rounds")
            for process in sides.values():
                process.stdin.close()
                process.wait(timeout=60)
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(baseline)], capture_output=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

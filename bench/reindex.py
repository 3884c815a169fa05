"""Re-indexing benchmark on the Lee corpus (300 English news articles from the gensim wheel).

Reports: full index time; re-index time with nothing changed (target < 5 % of the full time,
0 chunks embedded); and the time from dropping one new file into a watched folder until a
question about it is answered from it. Each measured --repeat times; medians and spread shown.

    .venv/bin/python bench/reindex.py [--articles 300] [--repeat 3]
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
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.service import NewsbotService  # noqa: E402
from bot.settings import Settings  # noqa: E402
from tests.corpus import write_lee_folder  # noqa: E402

NEW_ARTICLE = ("date 2024-06-01\nThe harbour of Zeebrugge handled a record 52 million tonnes of cargo last year, "
               "the port authority said on Monday. Most of the growth came from container traffic.")
QUESTION = "How much cargo did the harbour of Zeebrugge handle?"


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def one_round(articles: int, embeddings) -> dict:
    with tempfile.TemporaryDirectory(prefix="newsbot-bench-") as tmp:
        folder = Path(tmp) / "articles"
        count = len(write_lee_folder(folder, articles))
        service = NewsbotService(Settings(_env_file=None, data_dir=Path(tmp) / "data"), embeddings=embeddings)

        def index():
            indexer = service.indexer()
            return indexer.apply(indexer.plan(paths=[folder]))

        full_seconds, full = timed(index)
        again_seconds, again = timed(index)
        watcher = service.watcher(folder)
        watcher.quiet = 0.5
        thread = watcher.start()
        time.sleep(0.5)
        dropped = time.perf_counter()
        (folder / "zeebrugge.txt").write_text(NEW_ARTICLE)
        while "52 million tonnes" not in service.answer(QUESTION).text:
            time.sleep(0.05)
        answerable_seconds = time.perf_counter() - dropped
        watcher.stop()
        thread.join()
        service.close()
    return {"articles": count, "full_s": full_seconds, "chunks": full.chunks_total, "rerun_s": again_seconds,
            "rerun_embedded": again.chunks_embedded, "drop_to_answer_s": answerable_seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from index.embeddings import BUNDLED_E5, USE_MULTILINGUAL, load_embeddings

    embeddings = load_embeddings(BUNDLED_E5, USE_MULTILINGUAL, num_threads=int(os.environ["OMP_NUM_THREADS"]))
    rounds = [one_round(args.articles, embeddings) for _ in range(args.repeat)]
    print(f"Lee corpus, {rounds[0]['articles']} articles, {rounds[0]['chunks']} chunks, {args.repeat} rounds "
          f"(median [min–max]):")
    for key, label in (("full_s", "full index (s)"), ("rerun_s", "re-index, nothing changed (s)"),
                       ("drop_to_answer_s", "new file → answerable (s)")):
        values = [r[key] for r in rounds]
        print(f"  {label:32} {statistics.median(values):8.2f}  [{min(values):.2f}–{max(values):.2f}]")
    ratios = [r["rerun_s"] / r["full_s"] for r in rounds]
    print(f"  {'re-index / full':32} {statistics.median(ratios):8.1%}  [{min(ratios):.1%}–{max(ratios):.1%}]")
    print(f"  {'chunks embedded on re-index':32} {max(r['rerun_embedded'] for r in rounds):8d}")


if __name__ == "__main__":
    main()

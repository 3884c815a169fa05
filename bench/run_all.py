"""Run every benchmark in turn (`make bench`); each prints its own tables.

Results with the machine's noise are kept in bench/README.md and the per-study .md files.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = [
    ["answers.py"],
    ["dating.py"],
    ["answer_latency.py", "--rounds", "3"],
    ["retrieval.py"],
    ["reindex.py", "--repeat", "3"],
    ["slack_ack.py", "--out", str(HERE / "slack_ack.md")],
    ["llm_verification.py"],
    ["scale.py", "--sizes", "10000"],  # 100k passages: --sizes 10000,30000,100000 (an hour to build)
]  # llm_local.py needs a running model server (docs/local-llm.md): run it by hand


def main() -> int:
    failed = []
    for script, *args in BENCHMARKS:
        print(f"\n=== {script} {' '.join(args)}", flush=True)
        if subprocess.call([sys.executable, str(HERE / script), *args]) != 0:
            failed.append(script)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""The seed gold set in LLM mode against the model server the settings name (issue 21).

Indexes the seed article into NEWSBOT_DATA_DIR and asks every gold question through the answer
service, as `newsbot ask` would, printing one JSON line per question: whether the LLM answer was
kept or fell back (and why, from the ``newsbot.llm`` log on stderr), the seconds it took, and whether
the gold passage's words are among the quotes. Needs a running OpenAI-compatible server and the
NEWSBOT_LLM* settings of docs/local-llm.md; nothing here is a stand-in.

    NEWSBOT_LLM=openai:… NEWSBOT_LLM_BASE_URL=http://127.0.0.1:8081/v1 … .venv/bin/python bench/llm_local.py
"""

from __future__ import annotations

import json
import logging
import statistics
import sys
import time

import machine  # first: it sets the thread counts before numpy loads

from bot.service import NewsbotService  # noqa: E402
from bot.settings import load_settings  # noqa: E402

SEED = machine.REPO / "seeds"
GOLD = SEED / "000_92c02bc8168e32f9.gold.jsonl"


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    logging.getLogger("newsbot.llm").setLevel(logging.INFO)  # why an answer fell back
    settings = load_settings()
    if settings.llm == "extractive":
        sys.exit("bench/llm_local.py: set NEWSBOT_LLM and NEWSBOT_LLM_BASE_URL to a running server (docs/local-llm.md)")
    service = NewsbotService(settings)
    indexer = service.indexer()
    indexer.apply(indexer.plan(paths=[SEED]))
    golds = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    seconds, kept = [], 0
    for gold in golds:
        started = time.perf_counter()
        answer = service.answer(gold["question"])
        took = time.perf_counter() - started
        quoted = " ".join(c.quote for c in answer.citations).casefold()
        row = {"question": gold["question"], "answerable": gold["answerable"], "mode": answer.mode,
               "found": answer.found, "notice": answer.notice, "seconds": round(took, 1),
               "fact_quoted": gold["passage"].casefold() in quoted if gold["answerable"] else None,
               "answer": answer.text}
        print(json.dumps(row, ensure_ascii=False), flush=True)
        print(f"--- {gold['question']}", file=sys.stderr, flush=True)  # closes its log lines
        if answer.found:
            seconds.append(took)
        kept += answer.mode == "llm"
    service.close()
    print(f"LLM answers kept {kept} of {len(golds)}; answer seconds (found) median "
          f"{statistics.median(seconds or [0]):.1f}", file=sys.stderr)


if __name__ == "__main__":
    main()

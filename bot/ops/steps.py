"""How long each step of an answer took, read from the answer chain's LangChain callbacks.

The chain names its steps (``run_name``); this handler times them without touching their code.
Several run names make one step: reading the passages and wording the extractive answer are "read".
"""

from __future__ import annotations

import logging
import threading
import time
from uuid import UUID

from langchain_core.callbacks import BaseCallbackHandler

log = logging.getLogger("newsbot.answer")

STEP_OF_RUN = {
    "retrieve": "retrieve",
    "read": "read", "extractive_answer": "read",
    "rewrite_follow_up": "llm", "generate": "llm",
    "parse": "verify", "verify": "verify",
}


class StepTimer(BaseCallbackHandler):
    """Seconds per step of one answer (a step run twice adds up). Thread-safe: runs may be parallel."""

    run_inline = True  # timing is only true if measured where the step runs

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._started: dict[UUID, tuple[str, float]] = {}
        self._lock = threading.Lock()

    def on_chain_start(self, serialized, inputs, *, run_id: UUID, **kwargs) -> None:
        step = STEP_OF_RUN.get(kwargs.get("name") or "")
        if step:
            with self._lock:
                self._started[run_id] = (step, time.perf_counter())

    def on_chain_end(self, outputs, *, run_id: UUID, **kwargs) -> None:
        self._stop(run_id)

    def on_chain_error(self, error, *, run_id: UUID, **kwargs) -> None:
        self._stop(run_id)

    def _stop(self, run_id: UUID) -> None:
        with self._lock:
            started = self._started.pop(run_id, None)
            if started:
                step, at = started
                self.seconds[step] = self.seconds.get(step, 0.0) + time.perf_counter() - at

    def milliseconds(self) -> dict[str, int]:
        with self._lock:
            return {step: round(seconds * 1000) for step, seconds in self.seconds.items()}


def report_answer(metrics, answer, timer: StepTimer, total: float, history: int) -> None:
    """The one log line per answered question, with its step timings, and the same in the metrics.

    The question itself is not logged (it may be personal; Slack's answer log keeps it for feedback).
    """
    steps = timer.milliseconds()
    metrics.answered(answer.mode, answer.language, answer.found, dict(timer.seconds), total)
    timings = ", ".join(f"{step} {ms}" for step, ms in steps.items())
    log.info("answered: %s, %s, found=%s, %d citation(s), %d ms (%s)", answer.mode, answer.language,
             answer.found, len(answer.citations), round(total * 1000), timings,
             extra={"event": "answered", "mode": answer.mode, "language": answer.language, "found": answer.found,
                    "citations": len(answer.citations), "history": history, "steps_ms": steps,
                    "total_ms": round(total * 1000)})

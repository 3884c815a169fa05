"""LangSmith tracing from the settings (``.env`` included), and 👍/👎 sent to the traced run.

LangChain only traces when ``LANGSMITH_*`` are in the process environment; settings read from
``.env`` are not, so the tracer is built here and handed to the answer chain as a callback.
"""

from __future__ import annotations

import logging
from functools import cached_property

log = logging.getLogger(__name__)


class Tracing:
    def __init__(self, settings) -> None:
        self.settings = settings
        self.enabled = settings.langsmith_tracing

    @cached_property
    def client(self):
        from langsmith import Client

        key = self.settings.langsmith_api_key
        return Client(api_url=self.settings.langsmith_endpoint,
                      api_key=key.get_secret_value() if key else None)

    @cached_property
    def tracer(self):
        from langchain_core.tracers import LangChainTracer

        return LangChainTracer(project_name=self.settings.langsmith_project, client=self.client)

    def callbacks(self) -> list:
        return [self.tracer] if self.enabled else []

    def feedback(self, run_id: str | None, vote: str) -> None:
        """Attach a vote to its traced run (score 1 for 👍, 0 for 👎); best effort, logged on failure."""
        if not (self.enabled and run_id):
            return
        try:
            self.client.create_feedback(run_id=run_id, key="user_score", score=1.0 if vote == "up" else 0.0)
        except Exception as error:  # the vote is stored locally either way
            log.warning("could not send feedback on run %s to LangSmith: %s", run_id, error)

    def flush(self) -> None:
        if self.enabled and "client" in self.__dict__:
            self.client.flush()

"""newsbot's Prometheus metrics, in a registry of the service's own (no process-wide state): what
was asked and how it went, how long each step took, what Slack sent, what indexing did.

Served as Prometheus text at ``/metrics`` (bot.ops.health): in HTTP mode beside ``/slack/events``, in
Socket Mode on ``NEWSBOT_HEALTH_PORT``.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from index.indexer import Indexer, IndexPlan, IndexReport

# Seconds: a warm retrieval takes ~0.1 s, an LLM answer several, a Slack post ~0.05.
BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
# A fetch problem's message names its cause (index.fetching): the first pattern found is the reason.
FETCH_REASONS = (
    ("no answer within", "timeout"), ("too large", "too_large"), ("server answered HTTP", "http_status"),
    ("not a web page or feed", "content_type"), ("no article text", "no_text"),
    ("not an RSS or Atom feed", "not_a_feed"), ("; not fetched", "refused_address"), ("redirect", "redirect"),
    ("cannot fetch", "connection"),
)


def fetch_reason(message: str) -> str | None:
    """The reason label of a problem reported for a URL; None for problems that are not fetches."""
    if not message.startswith(("http://", "https://")) or "without a link skipped" in message:
        return None
    return next((reason for pattern, reason in FETCH_REASONS if pattern in message), "other")


class Metrics:
    def __init__(self) -> None:
        self.registry = r = CollectorRegistry()
        self.questions = Counter("newsbot_questions", "Questions answered, by answer mode, wording language "
                                 "and whether the articles held an answer", ["mode", "language", "found"], registry=r)
        self.steps = Histogram("newsbot_step_seconds", "Time per answer step: retrieve, read (extractive), llm, "
                               "verify, post (Slack)", ["step"], buckets=BUCKETS, registry=r)
        self.answer_seconds = Histogram("newsbot_answer_seconds", "Time to answer a question, all steps but "
                                        "posting", buckets=BUCKETS, registry=r)
        self.slack_received = Counter("newsbot_slack_events_received", "Requests from Slack, by kind "
                                      "(event type, command, block_actions)", ["kind"], registry=r)
        self.slack_deduplicated = Counter("newsbot_slack_events_deduplicated", "Slack deliveries dropped as "
                                          "repeats of one already taken on (retries)", registry=r)
        self.slack_failed = Counter("newsbot_slack_events_failed", "Slack requests whose handling failed "
                                    "(the asker was told)", registry=r)
        self.index_runs = Counter("newsbot_index_runs", "Index runs, by outcome", ["outcome"], registry=r)
        self.articles = Counter("newsbot_index_articles", "Articles changed by index runs", ["change"], registry=r)
        self.chunks_embedded = Counter("newsbot_index_chunks_embedded", "Passages embedded", registry=r)
        self.fetch_failures = Counter("newsbot_fetch_failures", "Web pages and feeds that could not be "
                                      "fetched, by reason", ["reason"], registry=r)
        self.live_view_refreshes = Counter("newsbot_live_view_refreshes", "The retriever's view of the live "
                                           "passages: built whole (build) or caught up with changed articles "
                                           "(update)", ["kind"], registry=r)
        self.llm_failures = Counter("newsbot_llm_failures", "Chat model calls that went wrong, by reason: "
                                    "not_streaming (answered a streamed request with plain JSON; asked again "
                                    "without), empty, unreadable, first_token_timeout, between_tokens_timeout, "
                                    "timeout, unavailable (HTTP error or connection)", ["reason"], registry=r)
        self.models_load_seconds = Gauge("newsbot_models_load_seconds", "How long loading the models took",
                                         registry=r)

    def answered(self, mode: str, language: str, found: bool, steps: dict[str, float], total: float) -> None:
        self.questions.labels(mode, language, str(found).lower()).inc()
        for step, seconds in steps.items():
            self.steps.labels(step).observe(seconds)
        self.answer_seconds.observe(total)

    def indexed(self, report: IndexReport) -> None:
        self.index_runs.labels("ok").inc()
        for change in ("added", "updated", "removed"):
            self.articles.labels(change).inc(getattr(report, change))
        self.chunks_embedded.inc(report.chunks_embedded)
        for problem in report.problems:
            if reason := fetch_reason(problem.message):
                self.fetch_failures.labels(reason).inc()


class MeteredIndexer(Indexer):
    """An indexer whose every run (CLI, REPL, watcher, Slack's `add <url>`) is counted."""

    def __init__(self, metrics: Metrics, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.metrics = metrics

    def apply(self, plan: IndexPlan, *args, **kwargs) -> IndexReport:
        try:
            report = super().apply(plan, *args, **kwargs)
        except BaseException:
            self.metrics.index_runs.labels("failed").inc()
            raise
        self.metrics.indexed(report)
        return report

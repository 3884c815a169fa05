"""The answer service every adapter (CLI, REPL, Slack) calls: ``answer(question, history) -> Answer``.

It wires the ``index`` library together from settings: embeddings, the Chroma store, the
catalogue, the hybrid retriever, and the answer chain (a LangChain runnable).
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, partial
from itertools import zip_longest
from pathlib import Path

from langchain_core.embeddings import Embeddings
from langchain_core.messages import BaseMessage
from langchain_core.runnables import Runnable, RunnableLambda

from bot.answer import Answer
from bot.answering.extractive import compose, not_found
from bot.ops.metrics import MeteredIndexer, Metrics
from bot.ops.steps import StepTimer, report_answer
from bot.ops.tracing import Tracing
from bot.question.cleaning import clean_question
from bot.question.conversation import conversation_language, retrieval_query
from bot.question.intent import LATEST, TIMELINE, analyse
from bot.question.query import Query
from bot.reading.newest import (
    NEWEST_REPORTS,
    PASSAGES_PER_REPORT,
    SPREAD_REPORTS,
    newest_missing,
    over_time_missing,
    with_dates,
)
from bot.reading.reader import Reader, ReaderModel
from bot.reading.relevance import Thresholds, thresholds_for
from bot.reading.retrieval import HybridRetriever
from bot.reading.sentences import SentenceVectors
from bot.settings import Settings
from bot.state import Turn
from index.articles import Article
from index.catalogue import Catalogue
from index.database import Database
from index.dates import Dating, provenance
from index.embeddings import load_embeddings
from index.errors import NewsbotError
from index.fetching import Fetcher
from index.rebuild import RebuildReport, live_collection, rebuild
from index.store import EmbeddedStoreLock, chroma_client, open_vector_store
from index.watching import FolderWatcher

INDEX_WAIT_SECONDS = 600  # a watcher or Slack waits this long for a concurrent index run
watch_log = logging.getLogger("newsbot.watch")


@dataclass(frozen=True)
class AddedArticle:
    """What `@newsbot add <url>` reports back."""

    article: Article
    passages: int
    status: str  # "added", "updated" or "unchanged"


def check_question(question: str, max_chars: int) -> str:
    """The question without surrounding whitespace and control characters, or a clear error."""
    cleaned = clean_question(question)  # Slack markup gone; empty or wordless refused
    if len(cleaned) > max_chars:
        raise NewsbotError(
            f"the question is too long ({len(cleaned):,} characters; the limit is {max_chars:,})"
        )
    return cleaned


def merge_rankings(first: list, second: list, k: int) -> list:
    """Interleave two rankings of passages, without repeats, keeping the first ``k``."""
    merged, seen = [], set()
    for pair in zip_longest(first, second):
        for doc in filter(None, pair):
            key = (doc.metadata["article_id"], doc.metadata["seq"])
            if key not in seen:
                seen.add(key)
                merged.append(doc)
    return merged[:k]


class NewsbotService:
    """Built once per process from settings; safe to share between threads."""

    def __init__(self, settings: Settings, embeddings: Embeddings | None = None) -> None:
        self.settings = settings
        # Before any engine loads. PASSIVE: OpenMP threads sleep instead of spinning when they wait,
        # so a busy machine (or USE embedding beside e5) does not stall them (bench/README.md).
        os.environ.setdefault("OMP_NUM_THREADS", str(settings.threads))
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        self._store_lock: EmbeddedStoreLock | None = None
        if embeddings is not None:  # share one loaded model (tests, evaluation)
            self.__dict__["embeddings"] = embeddings

    # -- wiring -----------------------------------------------------------------------------
    @cached_property
    def metrics(self) -> Metrics:
        return Metrics()

    @cached_property
    def tracing(self) -> Tracing:
        return Tracing(self.settings)

    @cached_property
    def embeddings(self):
        return load_embeddings(self.settings.embedding_model, self.settings.second_embedding,
                               num_threads=self.settings.threads)

    @cached_property
    def catalogue(self) -> Catalogue:
        return Catalogue(self.settings.database("catalogue.sqlite"))

    @cached_property
    def records_db(self) -> Database:
        """Where LangChain's record manager keeps what is indexed in Chroma."""
        return Database(self.settings.database("records.sqlite"))

    @cached_property
    def chroma(self):
        if not self.settings.chroma_host:
            self._store_lock = EmbeddedStoreLock(self.settings.data_dir / "chroma")
        return chroma_client(self.settings.data_dir, self.settings.chroma_host, self.settings.chroma_port)

    @cached_property
    def vector_store(self):
        return open_vector_store(self.chroma, self.embeddings, live_collection(self.catalogue))

    @cached_property
    def collection(self):
        """The chromadb collection behind the LangChain store (the retriever queries it directly)."""
        return self.vector_store._collection

    @cached_property
    def sentence_vectors(self) -> SentenceVectors:
        """Shared by retrieval (best-sentence signal) and the extractive answerer (quotes)."""
        return SentenceVectors(self.embeddings)

    @cached_property
    def retriever(self) -> HybridRetriever:
        return HybridRetriever(
            collection=self.collection, embeddings=self.embeddings, catalogue=self.catalogue,
            k=self.settings.top_k, sentences=self.sentence_vectors,
            on_refresh=lambda kind: self.metrics.live_view_refreshes.labels(kind).inc(),
        )

    @cached_property
    def thresholds(self) -> Thresholds:
        return thresholds_for(self.settings.embedding_model, self.settings.min_relevance)

    def passages_retrieved(self, query: Query) -> int:
        """How many passages retrieval hands the reader: twice top-k (their sentences were embedded
        for retrieval's re-ranking already, and a story's facts and states are spread over reports);
        "how did it unfold" asks for every report of a story, so four times."""
        return (4 if query.intent.when == TIMELINE else 2) * self.settings.top_k

    def passages_for(self, query: Query) -> int:
        """How many passages the reader reads: those retrieved and, for a question about the
        present, the best ones of its story's newest reports, and for how it unfolded, of the months
        retrieval missed (bot/reading/newest.py)."""
        extra = {LATEST: NEWEST_REPORTS, TIMELINE: SPREAD_REPORTS}.get(query.intent.when, 0) * PASSAGES_PER_REPORT
        return self.passages_retrieved(query) + extra

    def retrieve(self, turn: Turn) -> Turn:
        """Passages for the question; a follow-up also searches with its context (the previous
        question, or in LLM mode the model's standalone rewrite). A question about the present also
        reads the newest reports of the story the passages are about; how it unfolded, its reports of
        the months the passages miss."""
        query, k = turn.query, self.passages_retrieved(turn.query)
        documents = self.retriever.invoke(query.resolved_text, k=k)
        if query.search_text != query.resolved_text:
            documents = merge_rankings(self.retriever.invoke(query.search_text, k=k), documents, k)
        missing = {LATEST: newest_missing, TIMELINE: over_time_missing}.get(query.intent.when)
        if missing and (reports := missing(self.catalogue, documents)):
            documents = [*documents, *self.retriever.invoke(
                query.resolved_text, k=PASSAGES_PER_REPORT * len(reports), articles=reports)]
        return turn.having(documents=tuple(documents))

    @cached_property
    def reader(self) -> Reader:
        model = ReaderModel.for_models(self.settings.embedding_model, self.settings.second_embedding)
        return Reader(self.embeddings, self.thresholds, self.sentence_vectors, passages_out=self.settings.top_k,
                      model=model)

    def read(self, turn: Turn) -> Turn:
        documents = with_dates(self.catalogue, turn.documents[:self.passages_for(turn.query)])
        return turn.having(reading=self.reader.read(turn.query, documents))

    def answer_extractively(self, turn: Turn) -> Answer:
        return compose(turn.query, turn.reading, self.settings.max_quotes)

    @cached_property
    def chain(self) -> Runnable:
        """Turn → retrieved passages → the reader's answering sentences → Answer, as one runnable.

        Both answer modes share retrieval and the reader; the LLM mode writes from the reader's
        passages and falls back to the extractive answer.
        """
        steps = RunnableLambda(self.retrieve, name="retrieve") | RunnableLambda(self.read, name="read")
        if self.settings.llm == "extractive":
            chain = steps | RunnableLambda(self.answer_extractively, name="extractive_answer")
        else:
            from bot.answering.llm.chain import llm_steps

            rewrite, answer_step = llm_steps(self.settings, self)  # follow-up rewrite, LLM answer
            chain = rewrite | steps | answer_step
        return chain.with_config(run_name="newsbot")

    def record_manager(self, collection: str | None = None):
        from langchain_classic.indexes import SQLRecordManager

        collection = collection or live_collection(self.catalogue)
        manager = SQLRecordManager(f"chroma/{collection}", engine=self.records_db.engine)
        with self.records_db.schema_lock():  # threads (Slack adds, a watcher) and hosts creating it at once collide
            manager.create_schema()
        return manager

    def indexer(self) -> MeteredIndexer:
        """An indexer whose runs are counted in the metrics, fetching as the settings allow."""
        s = self.settings
        fetcher = partial(Fetcher, allow_private=s.fetch_allow_private, deadline=s.fetch_deadline,
                          host_delay=s.fetch_host_delay)
        return MeteredIndexer(self.metrics, self.catalogue, self.vector_store, self.record_manager(),
                              self.catalogue.db.lock("index"), max_chunk_chars=s.chunk_chars, fetcher=fetcher)

    def watcher(self, folder: Path) -> FolderWatcher:
        """A watcher that re-indexes what changed in ``folder``, waiting for a concurrent run to end."""

        def reindex(changed: set[str] | None) -> None:
            """Only the changed paths; ``None``: the whole folder (at startup, and now and then)."""
            indexer = self.indexer()
            plan = indexer.plan(paths=[folder]) if changed is None else indexer.plan_changes(folder, changed)
            report = indexer.apply(plan, wait=INDEX_WAIT_SECONDS)
            names = "the whole folder" if changed is None else ", ".join(sorted(Path(p).name for p in changed))
            summary = " ".join(f"{key}={value}" for key, value in report.summary().items())
            watch_log.info("%s changed: %s", names, summary)
            for problem in report.problems:
                watch_log.warning("skipped %s", problem.message)

        return FolderWatcher(folder, reindex)

    def add_url(self, url: str) -> AddedArticle:
        """Index one web page now (for `@newsbot add <url>`); a problem is a NewsbotError."""
        indexer = self.indexer()
        plan = indexer.plan(urls=[url])
        if plan.problems:
            raise NewsbotError(plan.problems[0].message)
        report = indexer.apply(plan, wait=INDEX_WAIT_SECONDS)
        article = plan.changed[0][0] if plan.changed else plan.unchanged[0]
        status = "added" if report.added else "updated" if report.updated else "unchanged"
        return AddedArticle(article, self.catalogue.chunk_count(article.article_id), status)

    # -- the service ------------------------------------------------------------------------
    def query(self, question: str, history: Sequence[BaseMessage] = (), language: str | None = None) -> Query:
        """The question as the chain carries it: cleaned, its language decided once, its intent read."""
        question = check_question(question, self.settings.max_question_chars)
        language = language or conversation_language(question, history)
        resolved = self.retriever.spell_out(question)
        return Query(question, language, analyse(question, language), tuple(history), resolved,
                     retrieval_query(resolved, history))

    def answer(self, question: str, history: Sequence[BaseMessage] = (), language: str | None = None,
               on_token: Callable[[str], None] | None = None) -> Answer:
        """Answer ``question`` from the indexed articles, citing verbatim quotes.

        ``history`` is the conversation so far (Human/AI messages, oldest first); ``language``
        forces the wording's language; ``on_token`` receives the answer text so far while an
        LLM streams it (extractive answers arrive whole and never call it).
        """
        query = self.query(question, history, language)
        if not self.retriever.live_view().documents:  # up to date: the query spelled acronyms out with it
            return not_found(query, key="empty_index")
        timer, started, run_id = StepTimer(), time.perf_counter(), uuid.uuid4()
        answer = self.chain.invoke(Turn(query, on_token=on_token),
                                   {"callbacks": [timer, *self.tracing.callbacks()], "run_id": run_id})
        report_answer(self.metrics, answer, timer, time.perf_counter() - started, len(history))
        return replace(self.dated(answer), run_id=str(run_id))

    def dated(self, answer: Answer) -> Answer:
        """Each citation with how its date is known (index/dates.py), read from its article in the
        catalogue: an undated report carrying agency copy that an outlet dated takes the earliest
        such date ("agency"); otherwise it keeps its lower bound."""
        known = {}
        for article_id in {c.article_id for c in answer.citations}:
            article = self.catalogue.article(article_id)
            dating = article and provenance(article.date, article.url, article.text, article.source)
            if dating and dating.date is None and (carried := self.catalogue.agency_date(article_id)):
                dating = Dating(carried, "agency")
            known[article_id] = dating
        return replace(answer, citations=tuple(
            replace(c, date=c.date or d.date, date_source=d.source if c.date or d.date else None,
                    not_before=None if c.date or d.date else d.not_before)
            if (d := known[c.article_id]) else c for c in answer.citations))

    def rebuild_index(self, on_embedded: Callable[[int], None] | None = None) -> RebuildReport:
        """Re-embed every indexed article with the current model into a new collection, then switch
        to it (index/rebuild.py): e.g. after changing the embedding model. Nothing is lost on failure."""
        report = rebuild(self.catalogue, self.chroma, self.embeddings, self.record_manager,
                         self.catalogue.db.lock("index"), on_embedded)
        for name in ("vector_store", "collection", "retriever", "reader", "chain"):
            self.__dict__.pop(name, None)
        return report

    def close(self) -> None:
        if self._store_lock:
            self._store_lock.release()
        if "catalogue" in self.__dict__:  # PostgreSQL connections go back now, not when collected
            self.catalogue.close()
        if "records_db" in self.__dict__:
            self.records_db.dispose()

"""Answer quality on a realistic set: dated articles that repeat, update and contradict each other.

``newsbot eval --articles DIR --questions FILE.jsonl`` indexes DIR into a fresh temporary store and
asks every question of FILE through the answer service, exactly as a user would. Each line is
``{"question", "language", "kind", "answers"}``: ``kind`` is ``fact``, ``latest``, ``timeline`` or
``unanswerable``, and ``answers`` lists strings any one of which (case-insensitive) must appear:

- ``fact``: in the answer;
- ``latest``: in the answer's first quote (the state it leads with);
- ``timeline``: in the answer, whose dated quotes must run in date order over at least two dates;
- ``unanswerable``: the answer must be "not found".

What users see is judged, not what retrieval found: the metrics are the shares of answers right per
kind, of quotes verbatim at their offsets, and of answers worded in the question's language — and of
the short answer ("In short: …"), the line people read first: its precision (of the answers that lead
with one, the share that contains a gold answer; a short answer to an unanswerable question is wrong)
and its coverage (the share of answerable questions that get a right one).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from bot.answer import Answer
from index.errors import NewsbotError

KINDS = ("fact", "latest", "timeline", "unanswerable")
METRICS = ("fact", "latest", "timeline", "declined", "verbatim", "language",
           "short_answer_precision", "short_answer_coverage")


@dataclass(frozen=True)
class NewsQuestion:
    question: str
    language: str
    kind: str
    answers: tuple[str, ...]
    id: str | None = None


@dataclass(frozen=True)
class Judged:
    """One question, its answer, and the verdicts the metrics count."""

    item: NewsQuestion
    answer: Answer
    right: bool  # by the rule of its kind
    quotes: int
    verbatim: int  # quotes found exactly at their offsets in their article

    @property
    def language_right(self) -> bool:
        return self.answer.language == self.item.language

    @property
    def short_right(self) -> bool:
        """The answer leads with a short answer that contains a gold answer."""
        short = self.answer.short
        return bool(short) and self.item.kind != "unanswerable" and _contains_any(short, self.item.answers)


def read_questions(path: Path) -> list[NewsQuestion]:
    """The JSON lines of ``path``; a malformed line is a NewsbotError naming it."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise NewsbotError(f"{path}: cannot read the questions ({error})") from None
    questions = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            item = NewsQuestion(str(data["question"]), str(data["language"]), str(data["kind"]),
                                tuple(str(a) for a in data.get("answers") or ()), data.get("id"))
        except (ValueError, KeyError, TypeError) as error:
            raise NewsbotError(f"{path}:{number}: not a question line ({error})") from None
        if item.kind not in KINDS:
            raise NewsbotError(f"{path}:{number}: kind must be one of {', '.join(KINDS)}, not {item.kind!r}")
        if item.kind != "unanswerable" and not item.answers:
            raise NewsbotError(f"{path}:{number}: a {item.kind} question needs at least one answer")
        questions.append(item)
    if not questions:
        raise NewsbotError(f"{path}: no questions")
    return questions


def _contains_any(text: str, answers: Iterable[str]) -> bool:
    folded = text.casefold()
    return any(a.casefold() in folded for a in answers)


def in_date_order(answer: Answer) -> bool:
    """Dated quotes in the order the answer shows them, over at least two different dates."""
    dates = [c.date for c in answer.citations if c.date]
    return len(set(dates)) >= 2 and dates == sorted(dates)


def is_right(item: NewsQuestion, answer: Answer) -> bool:
    if item.kind == "unanswerable":
        return not answer.found
    if not answer.found:
        return False
    if item.kind == "latest":
        return bool(answer.citations) and _contains_any(answer.citations[0].quote, item.answers)
    if item.kind == "timeline":
        return _contains_any(answer.text, item.answers) and in_date_order(answer)
    return _contains_any(answer.text, item.answers)


def judge(item: NewsQuestion, answer: Answer, article_text: Callable[[str], str]) -> Judged:
    verbatim = sum(article_text(c.article_id)[c.start:c.end] == c.quote for c in answer.citations)
    return Judged(item, answer, is_right(item, answer), len(answer.citations), verbatim)


def _share(hits: Iterable[bool]) -> float | None:
    hits = list(hits)
    return round(sum(hits) / len(hits), 4) if hits else None


def metrics(judged: list[Judged]) -> dict:
    """The shares the contract names; ``None`` where the set has no question of that kind."""
    def of_kind(kind: str) -> list[bool]:
        return [j.right for j in judged if j.item.kind == kind]

    quotes = sum(j.quotes for j in judged)
    return {
        "fact": _share(of_kind("fact")), "latest": _share(of_kind("latest")),
        "timeline": _share(of_kind("timeline")), "declined": _share(of_kind("unanswerable")),
        "verbatim": round(sum(j.verbatim for j in judged) / quotes, 4) if quotes else 1.0,
        "language": _share(j.language_right for j in judged),
        "short_answer_precision": _share(j.short_right for j in judged if j.answer.short),
        "short_answer_coverage": _share(j.short_right for j in judged if j.item.kind != "unanswerable"),
    }


def report(judged: list[Judged], articles: int) -> dict:
    languages = sorted({j.item.language for j in judged})
    return {
        "articles": articles, "questions": len(judged), **metrics(judged),
        "by_language": {lang: metrics([j for j in judged if j.item.language == lang]) for lang in languages},
    }


def ask_all(service, questions: list[NewsQuestion], on_answer: Callable[[Judged], None] | None = None) -> list[Judged]:
    """Every question through the answer service, judged against the service's own catalogue."""
    def article_text(article_id: str) -> str:
        article = service.catalogue.article(article_id)
        return article.text if article else ""

    judged = []
    for item in questions:
        result = judge(item, service.answer(item.question), article_text)
        judged.append(result)
        if on_answer:
            on_answer(result)
    return judged


def evaluate_articles(settings, articles_dir: Path, questions_file: Path, embeddings=None,
                      on_answer: Callable[[Judged], None] | None = None) -> tuple[dict, list[Judged]]:
    """Index ``articles_dir`` into a fresh temporary store (never the user's) and judge every answer."""
    from bot.service import NewsbotService

    questions = read_questions(questions_file)
    if not articles_dir.is_dir():
        raise NewsbotError(f"{articles_dir}: no such folder")
    with tempfile.TemporaryDirectory(prefix="newsbot-eval-") as tmp:
        service = NewsbotService(settings.model_copy(update={"data_dir": Path(tmp), "chroma_host": None}),
                                 embeddings=embeddings)
        try:
            indexer = service.indexer()
            plan = indexer.plan(paths=[articles_dir])
            indexer.apply(plan)
            articles = len(plan.changed) + len(plan.unchanged)
            if not articles:
                raise NewsbotError(f"{articles_dir}: no readable articles")
            judged = ask_all(service, questions, on_answer)
        finally:
            service.close()
    return report(judged, articles), judged

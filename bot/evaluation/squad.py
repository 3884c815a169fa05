"""Evaluation on SQuAD-format files (XQuAD) and on the seed article's gold questions.

``evaluate_squad`` builds a fresh temporary store — never the user's index — with every
paragraph of one file as a passage, and asks the questions of another file (XQuAD files are
aligned by position, so languages can be crossed).
"""

from __future__ import annotations

import json
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.state import Turn
from index.articles import Article
from index.cleaning import clean_text
from index.errors import NewsbotError
from index.language import detect_language

RANKED_ARTICLES = 10


@dataclass(frozen=True)
class SquadQuestion:
    position: tuple[int, int]  # (article, paragraph) — the gold passage
    question: str
    answers: tuple[str, ...]


def read_squad(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))["data"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise NewsbotError(f"{path}: not a readable SQuAD-format file ({error})") from None
    return data


def squad_passages(data: list) -> list[Article]:
    articles = []
    for a, entry in enumerate(data):
        for p, paragraph in enumerate(entry["paragraphs"]):
            text = clean_text(paragraph["context"])
            articles.append(Article(
                article_id=f"{a}-{p}", title=entry.get("title", f"article {a}").replace("_", " "),
                date=None, source=f"squad:{a}/{p}", url=None, language=detect_language(text), text=text,
            ))
    return articles


def squad_questions(data: list, answers_from: list) -> list[SquadQuestion]:
    """Questions of ``data``; gold answers from ``answers_from`` at the same position."""
    questions = []
    for a, entry in enumerate(data):
        for p, paragraph in enumerate(entry["paragraphs"]):
            gold = answers_from[a]["paragraphs"][p]["qas"]
            for q, qa in enumerate(paragraph["qas"]):
                answers = tuple(ans["text"] for ans in gold[q]["answers"]) if q < len(gold) else ()
                questions.append(SquadQuestion((a, p), qa["question"], answers))
    return questions


def ranked_articles(documents) -> list[str]:
    ranked: list[str] = []
    for doc in documents:
        if doc.metadata["article_id"] not in ranked:
            ranked.append(doc.metadata["article_id"])
    return ranked


@contextmanager
def squad_index(settings, data: list, embeddings=None, progress=None):
    """A service over a fresh temporary store (never the user's index) holding every paragraph of
    ``data`` as a passage; closed and removed on leaving."""
    from bot.service import NewsbotService

    with tempfile.TemporaryDirectory(prefix="newsbot-eval-") as tmp:
        service = NewsbotService(settings.model_copy(update={"data_dir": Path(tmp), "chroma_host": None}),
                                 embeddings=embeddings)
        try:
            indexer = service.indexer()
            plan = indexer.plan_articles(squad_passages(data), progress=progress)
            indexer.apply(plan, on_embedded=progress and progress("embedding passages", plan.chunks_to_embed))
            yield service
        finally:
            service.close()


def evaluate_squad(settings, passages_file: Path, questions_file: Path, limit: int | None = None,
                   progress=None, embeddings=None, answers: bool = True) -> dict:
    """recall@1, recall@5, MRR of the gold passage, and (unless ``answers`` is false) how often the
    answer contains a gold answer. ``progress`` (``bot.ops.progress.Stages``) is told how far it got."""
    passages_data = read_squad(passages_file)
    questions = squad_questions(read_squad(questions_file), passages_data)[:limit]
    with squad_index(settings, passages_data, embeddings, progress) as service:
        hits1 = hits5 = reciprocal = answer_hits = 0
        asked = progress("questions", len(questions)) if progress else None
        for item in questions:
            documents = service.retriever.invoke(item.question, k=4 * RANKED_ARTICLES)
            ranking = ranked_articles(documents)[:RANKED_ARTICLES]
            gold = "{}-{}".format(*item.position)
            rank = ranking.index(gold) + 1 if gold in ranking else None
            hits1 += rank == 1
            hits5 += bool(rank and rank <= 5)
            reciprocal += 1 / rank if rank else 0
            if answers:
                turn = service.read(Turn(service.query(item.question), documents=tuple(documents)))
                text = service.answer_extractively(turn).text.casefold()
                answer_hits += any(gold_answer.casefold() in text for gold_answer in item.answers)
            if asked:
                asked(1)
    n = max(len(questions), 1)
    return {
        "passages": sum(len(e["paragraphs"]) for e in passages_data), "questions": len(questions),
        "recall@1": round(hits1 / n, 4), "recall@5": round(hits5 / n, 4),
        "mrr": round(reciprocal / n, 4), **({"answer_hit": round(answer_hits / n, 4)} if answers else {}),
    }


@dataclass(frozen=True)
class GoldResult:
    question: str
    language: str
    answerable: bool
    passage_rank: int | None  # rank of the first retrieved passage containing the expected text
    found: bool
    fact_quoted: bool  # the expected text appears in one of the answer's quotes
    answer_language: str
    quotes_verbatim: bool
    relevance: float  # the best passage's dense similarity


def evaluate_gold(service, gold_file: Path, k: int = 5) -> list[GoldResult]:
    """Ask every question of a gold file (JSON lines) against ``service``'s index."""
    results = []
    for line in gold_file.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        documents = service.retriever.invoke(item["question"], k=k)
        expected = item.get("passage")
        rank = next((i + 1 for i, d in enumerate(documents) if expected and expected in d.page_content), None)
        answer = service.answer(item["question"])
        texts = {c.article_id: service.catalogue.article(c.article_id).text for c in answer.citations}
        results.append(GoldResult(
            question=item["question"], language=item["language"], answerable=item["answerable"],
            passage_rank=rank, found=answer.found,
            fact_quoted=bool(expected) and any(expected in c.quote for c in answer.citations),
            answer_language=answer.language,
            quotes_verbatim=all(texts[c.article_id][c.start:c.end] == c.quote for c in answer.citations),
            relevance=documents[0].metadata["relevance"] if documents else 0.0,
        ))
    return results

"""Learn the reader's weights: which sentence of the retrieved passages answers the question.

Rows are the candidate sentences newsbot's own reader sees (bot/reading/reader.py ``Reader.features``) for
real questions against newsbot's own index and retriever; a row is positive when the sentence
contains a gold answer. Two sources:

- XQuAD (en→en, de→de, English passages with German questions): articles 0–23 to learn from,
  24–47 held out;
- the tuning half of the news questions (bench/news-dev/tune.jsonl: formation, ftx) against all
  of news-dev. The test half (boeing, twitter) is never read here.

The model is a logistic regression (numpy, Newton steps, L2) on standardised features; news rows
weigh as much in total as XQuAD's. It reports held-out top-1 accuracy (the best-scored sentence
holds the answer) against e5 similarity alone and against the previous hand-set score, on held-out
XQuAD and, per story, by training on one tuning story and testing on the other. Then it sets the
answer threshold on the tuning questions (answerable found vs unanswerable declined) and writes
bot/reading/reader_weights.py.

    .venv/bin/python research/reader/train.py [--cache /tmp/reader-rows.npz] [--write]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "2")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from bot.evaluation.news import read_questions  # noqa: E402
from bot.evaluation.squad import read_squad, squad_index, squad_questions  # noqa: E402
from bot.reading.reader_weights import FEATURES  # noqa: E402
from bot.service import NewsbotService  # noqa: E402
from bot.settings import Settings  # noqa: E402
from index.embeddings import BUNDLED_E5, USE_MULTILINGUAL, load_embeddings  # noqa: E402

XQUAD = Path(os.environ.get("NEWSBOT_XQUAD_DIR", REPO.parent / "shared" / "datasets" / "xquad"))
NEWS_DEV = REPO.parent / "shared" / "datasets" / "news-dev" / "articles"
TUNE = REPO / "bench" / "news-dev" / "tune.jsonl"
SEED_ARTICLE = REPO / "seeds" / "000_92c02bc8168e32f9.txt"
SEED_GOLD = REPO / "seeds" / "000_92c02bc8168e32f9.gold.jsonl"
XQUAD_SETTINGS = [("en", "en"), ("de", "de"), ("en", "de")]
HELD_OUT_ARTICLE = 24  # XQuAD articles from here on are never learned from
XQUAD_EVERY = 3  # every third question: a third of the time, and as many rows as the model needs


class Rows:
    """Feature rows with their label, question id and source, gathered question by question."""

    def __init__(self) -> None:
        self.features, self.labels, self.groups, self.sources, self.split = [], [], [], [], []

    def add(self, features: np.ndarray, labels: list[bool], group: int, source: str, split: str) -> None:
        self.features.append(features)
        self.labels += labels
        self.groups += [group] * len(labels)
        self.sources += [source] * len(labels)
        self.split += [split] * len(labels)

    def arrays(self) -> dict:
        return {"X": np.concatenate(self.features), "y": np.asarray(self.labels, dtype=np.float32),
                "group": np.asarray(self.groups), "source": np.asarray(self.sources), "split": np.asarray(self.split)}


def contains_any(text: str, answers) -> bool:
    folded = text.casefold()
    return any(a.casefold() in folded for a in answers)


def gather_xquad(embeddings) -> dict:
    rows, group = Rows(), 0
    for passages_language, questions_language in XQUAD_SETTINGS:
        data = read_squad(XQUAD / f"xquad.{passages_language}.json")
        questions = squad_questions(read_squad(XQUAD / f"xquad.{questions_language}.json"), data)
        with squad_index(Settings(_env_file=None), data, embeddings) as service:
            for item in questions[::XQUAD_EVERY]:
                query = service.query(item.question)
                documents = service.retriever.invoke(item.question, k=service.passages_for(query))
                pool, features = service.reader.features(query, documents)
                if pool:
                    split = "train" if item.position[0] < HELD_OUT_ARTICLE else "held_out"
                    rows.add(features, [contains_any(c.text, item.answers) for c in pool], group,
                             f"xquad-{passages_language}-{questions_language}", split)
                group += 1
        print(f"xquad {passages_language}→{questions_language}: {group} questions so far", flush=True)
    return {**rows.arrays(), "features": np.array(FEATURES)}


def gather_news(embeddings, first_group: int) -> dict:
    rows, group = Rows(), first_group
    with tempfile.TemporaryDirectory() as tmp:
        service = NewsbotService(Settings(_env_file=None, data_dir=Path(tmp)), embeddings=embeddings)
        indexer = service.indexer()
        indexer.apply(indexer.plan(paths=[NEWS_DEV]))
        for item in read_questions(TUNE):
            query = service.query(item.question)
            documents = service.retriever.invoke(item.question, k=service.passages_for(query))
            pool, features = service.reader.features(query, documents)
            story = (item.id or "news").split("-")[0]
            if pool:
                labels = [item.kind != "unanswerable" and contains_any(c.text, item.answers) for c in pool]
                rows.add(features, labels, group, f"news-{story}-{item.kind}", story)
            group += 1
        service.close()
    return {**rows.arrays(), "features": np.array(FEATURES)}


def cached(path: Path | None, make) -> dict:
    if path and path.exists():
        return dict(np.load(path))
    data = make()
    if path:
        np.savez(path, **data)
    return data


def gather(cache: Path | None) -> dict:
    """XQuAD rows (slow: kept in ``cache``) and news rows (gathered afresh unless cached too); a
    cache gathered with more signals than the reader has now gives just the reader's columns."""
    embeddings = load_embeddings(BUNDLED_E5, USE_MULTILINGUAL, num_threads=2)
    xquad = cached(cache and cache.with_suffix(".xquad.npz"), lambda: gather_xquad(embeddings))
    news = cached(cache and cache.with_suffix(".news.npz"), lambda: gather_news(embeddings, int(xquad["group"].max()) + 1))
    data = {key: np.concatenate([xquad[key], news[key]]) for key in xquad if key != "features"}
    gathered = list(xquad.get("features", FEATURES))
    data["X"] = data["X"][:, [gathered.index(name) for name in FEATURES]]
    return data


def fit(X: np.ndarray, y: np.ndarray, weight: np.ndarray, l2: float = 1.0, steps: int = 30) -> np.ndarray:
    """Weighted L2 logistic regression by Newton's method; returns [bias, *weights]."""
    A = np.hstack([np.ones((len(X), 1)), X]).astype(np.float64)
    w = np.zeros(A.shape[1])
    penalty = np.eye(A.shape[1]) * l2
    penalty[0, 0] = 0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-A @ w))
        gradient = A.T @ (weight * (p - y)) + penalty @ w
        hessian = (A * (weight * p * (1 - p))[:, None]).T @ A + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return w


def top1(scores: np.ndarray, y: np.ndarray, group: np.ndarray) -> tuple[float, int]:
    """Share of questions (with an answering candidate) whose best-scored sentence answers."""
    hits = total = 0
    for g in np.unique(group):
        mask = group == g
        if y[mask].any():
            total += 1
            hits += bool(y[mask][np.argmax(scores[mask])])
    return (hits / total if total else float("nan")), total


def weights_for(data: dict, train: np.ndarray, news_share: float, l2: float):
    X, y = data["X"][train], data["y"][train]
    mean, scale = X.mean(axis=0), X.std(axis=0) + 1e-6
    is_news = np.char.startswith(data["source"][train], "news")
    weight = np.where(is_news, news_share / max(is_news.sum(), 1), (1 - news_share) / max((~is_news).sum(), 1))
    weight *= len(y)
    return mean, scale, fit((X - mean) / scale, y, weight, l2)


def logits(data: dict, mask: np.ndarray, mean, scale, w) -> np.ndarray:
    return ((data["X"][mask] - mean) / scale) @ w[1:] + w[0]


def report(data: dict, news_share: float, l2: float) -> None:
    column = {name: i for i, name in enumerate(FEATURES)}
    source, split = data["source"], data["split"]
    xquad_train = np.char.startswith(source, "xquad") & (split == "train")
    print(f"\n## news share {news_share}, l2 {l2}")
    print("| held out | n | e5 alone | previous score | learned |")
    print("|---|---|---|---|---|")
    for held_story in ("formation", "ftx"):
        train = xquad_train | (split == ("ftx" if held_story == "formation" else "formation"))
        mean, scale, w = weights_for(data, train, news_share, l2)
        test = split == held_story
        for label, mask in ((f"news {held_story}", test),):
            print(_row(label, data, mask, mean, scale, w, column))
    news_all = np.char.startswith(source, "news")
    mean, scale, w = weights_for(data, xquad_train | news_all, news_share, l2)
    for name in ("xquad-en-en", "xquad-de-de", "xquad-en-de"):
        print(_row(f"{name} (articles 24-47)", data, (source == name) & (split == "held_out"), mean, scale, w, column))


def _row(label, data, mask, mean, scale, w, column) -> str:
    X, y, group = data["X"][mask], data["y"][mask], data["group"][mask]
    e5 = X[:, column["e5"]]
    previous = e5 + 0.1 * X[:, column["overlap"]] + 0.03 * X[:, column["has_kind"]]  # the old extractive score
    learned = logits(data, mask, mean, scale, w)
    cells = [top1(s, y, group) for s in (e5, previous, learned)]
    return f"| {label} | {cells[0][1]} | " + " | ".join(f"{c[0]:.3f}" for c in cells) + " |"


def read_all(service, questions: list[str]) -> list[tuple[str, object]]:
    """(the question's language, the reader's reading) for each question, through the real service."""
    from bot.state import Turn

    turns = [service.read(service.retrieve(Turn(service.query(q)))) for q in questions]
    return [(turn.query.language, turn.reading) for turn in turns]


def choose_bars(mean, scale, w, data_dir: Path | None) -> tuple[float, float, float]:
    """The "found" bars, chosen by asking the tuning questions through the real reader and answer
    composer with these weights: the least best-sentence probability in the question's language and
    across languages, and the most uncovered question words, that make the most answers right by the
    yardstick's rules (the mean of the share of answerable questions answered right and the share of
    unanswerable ones declined) — among the bars that still let through 90 % of the answerable
    questions past the relevance bar, of the seed gold set and of held-out XQuAD (every third
    question of articles 24-47) in each language pairing: declining is for what the articles do not
    say, not for cross-lingual questions."""
    from bot.answering.extractive import compose
    from bot.evaluation.news import is_right
    from bot.reading.reader import ReaderModel, _language
    from bot.state import Turn

    embeddings = load_embeddings(BUNDLED_E5, USE_MULTILINGUAL, num_threads=2)
    model = ReaderModel(mean, scale, w, 0.0, 0.0, 1.0)
    floors = []  # (name, [(language, reading)] of answerable questions that must mostly be found)
    with tempfile.TemporaryDirectory() as tmp:
        def service_for(name: str, plan, folder: Path | None = None) -> NewsbotService:
            service = NewsbotService(Settings(_env_file=None, data_dir=folder or Path(tmp) / name), embeddings=embeddings)
            indexer = service.indexer()
            indexer.apply(plan(indexer))
            service.reader.model = model
            return service

        news_service = service_for("news", lambda indexer: indexer.plan(paths=[NEWS_DEV]), data_dir)
        items = read_questions(TUNE)
        news = [(item, news_service.read(news_service.retrieve(Turn(news_service.query(item.question)))))
                for item in items]
        news_service.close()
        seed_service = service_for("seed", lambda indexer: indexer.plan(paths=[SEED_ARTICLE]))
        golds = [json.loads(line) for line in SEED_GOLD.read_text(encoding="utf-8").splitlines()]
        floors.append(("seed", read_all(seed_service, [g["question"] for g in golds if g["answerable"]])))
        seed_service.close()
        for passages_language, questions_language in XQUAD_SETTINGS:
            data = read_squad(XQUAD / f"xquad.{passages_language}.json")
            questions = [q for q in squad_questions(read_squad(XQUAD / f"xquad.{questions_language}.json"), data)
                         if q.position[0] >= HELD_OUT_ARTICLE][::XQUAD_EVERY]
            with squad_index(Settings(_env_file=None), data, embeddings) as xquad_service:
                xquad_service.reader.model = model
                floors.append((f"xquad {passages_language}→{questions_language}",
                               read_all(xquad_service, [q.question for q in questions])))
    answerable = sum(item.kind != "unanswerable" for item, _ in news)

    def found(language: str, reading, bars) -> bool:
        same, cross, limit = bars
        if not reading.found or reading.uncovered > limit:
            return False
        return reading.best.probability >= (same if _language(reading.best.candidate) == language else cross)

    def share_found(readings, bars) -> float:
        """Of the answerable questions past the relevance bar, the share the reader's bars let through."""
        passed = [(language, reading) for language, reading in readings if reading.found]
        return sum(found(language, reading, bars) for language, reading in passed) / len(passed)

    def right(bars) -> float:
        total = 0.0
        for item, turn in news:
            answer = compose(turn.query, replace(turn.reading, found=found(turn.query.language, turn.reading, bars)))
            total += is_right(item, answer) / (answerable if item.kind != "unanswerable" else len(news) - answerable)
        return total / 2

    steps = [round(0.05 * i, 2) for i in range(13)]  # 0 … 0.6
    grid = [(same, cross, limit) for same in steps for cross in steps for limit in (0.3, 0.5, 1.0)]
    allowed = [bars for bars in grid if all(share_found(readings, bars) >= 0.9 for _, readings in floors)]
    best, bars = max(((right(bars), bars) for bars in allowed), key=lambda pair: (pair[0], pair[1][0], pair[1][1]))
    print(f"bars: same language {bars[0]}, across languages {bars[1]}, uncovered {bars[2]}: {best:.3f} (mean of "
          f"answerable right and unanswerable declined) over {answerable} answerable and {len(news) - answerable} "
          "unanswerable tuning questions; share found of answerable: "
          + ", ".join(f"{name} {share_found(readings, bars):.2f}" for name, readings in floors))
    return bars


def write(path: Path, mean, scale, w, bars: tuple[float, float, float], news_share: float, l2: float) -> None:
    def array(values) -> str:
        return "np.array([" + ", ".join(f"{v:.6g}" for v in values) + "], dtype=np.float32)"

    names = ",\n    ".join(f'"{n}"' for n in FEATURES)
    path.write_text(f'''"""The reader's learned weights: written by research/reader/train.py, do not edit by hand.

A logistic regression over the signals of bot/reading/reader.py (standardised by MEAN and SCALE), fitted
on XQuAD articles 0-23 (en→en, de→de, en→de) and the tuning half of the news questions (news
rows weigh {news_share:g} of the total, L2 {l2:g}). For "found", the best sentence's probability must reach
ANSWER_THRESHOLD (in the question's language; CROSS_LANGUAGE_THRESHOLD in another), and at most
UNCOVERED_LIMIT of the question's words may be missing from the sentences in its language: chosen on
the tuning questions, with floors on the seed set and held-out XQuAD. Results: research/reader/README.md.
"""

import numpy as np

FEATURES = (
    {names},
)
MEAN = {array(mean)}
SCALE = {array(scale)}
WEIGHTS = {array(w)}  # bias first
ANSWER_THRESHOLD = {bars[0]:g}
CROSS_LANGUAGE_THRESHOLD = {bars[1]:g}
UNCOVERED_LIMIT = {bars[2]:g}
''')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, help="keep the gathered rows here (.npz) and reuse them")
    parser.add_argument("--news-share", type=float, nargs="+", default=[0.5])
    parser.add_argument("--l2", type=float, nargs="+", default=[1.0])
    parser.add_argument("--write", action="store_true", help="write bot/reading/reader_weights.py (first settings given)")
    parser.add_argument("--news-data", type=Path, help="keep the news-dev index here between runs")
    args = parser.parse_args()
    data = gather(args.cache)
    for share in args.news_share:
        for l2 in args.l2:
            report(data, share, l2)
    if args.write:
        share, l2 = args.news_share[0], args.l2[0]
        train = (np.char.startswith(data["source"], "xquad") & (data["split"] == "train")) | np.char.startswith(
            data["source"], "news")
        mean, scale, w = weights_for(data, train, share, l2)
        bars = choose_bars(mean, scale, w, args.news_data)
        write(REPO / "bot" / "reading" / "reader_weights.py", mean, scale, w, bars, share, l2)
        print("\nwrote bot/reading/reader_weights.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The reader: which sentences of the retrieved passages answer the question — not merely share its topic.

Each sentence of the leading passages is described by a few signals and scored by a logistic model
(weights in reader_weights.py, learned from XQuAD's answer spans and the tuning half of the news
questions: research/reader/). The signals are the ones a careful reader uses:

- meaning: e5 and USE similarity of the sentence to the question, absolute and against the best;
- the passage: its retrieval score against the best passage's, and its rank;
- the question's words and names in the sentence or its neighbours;
- the answer's kind: does the sentence hold a number / amount / date / name / reason that the
  question asks for and does not already contain ("how many seats" wants "37 zetels");
- what does not answer: a question ("Who is X?"), a headline, a sentence that restates the question.

``found`` means a sentence answers: the best passage clears the calibrated relevance bar
(relevance.py), the best sentence's probability clears the model's bar for its language pairing,
the candidates in the question's language leave at most its ``uncovered_limit`` of the question's
words unsaid (chosen on the tuning questions, research/reader/), and — asked for a number, an
amount, a percentage, an age or a duration — the sentence holds one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from bot.question.intent import TIMELINE, asks_succession, core, question_names
from bot.question.query import Query
from bot.question.words import content_stems, fold, folded_words, mentions
from bot.reading import reader_weights
from bot.reading.reader_weights import FEATURES
from bot.reading.relevance import Thresholds, relevant_documents
from bot.reading.sentences import Candidate, SentenceVectors, quotable_sentences
from bot.reading.spans import Span, answers, names_in_role, roles, spans
from index.embeddings import BUNDLED_E5, USE_MULTILINGUAL, FusedEmbeddings

# A sentence without what the question asks for does not answer it, however close its topic: "how
# many seats did the VVD win" is not answered by the PVV's 37 seats, nor "how many billions" by a
# sentence with no amount. Patterns find these kinds reliably in every language (bot/reading/spans.py);
# dates ("in the late Middle Ages"), names and places they find less surely: those stay signals of
# the model only.
STRICT_KINDS = frozenset({"number", "money", "percent", "age", "duration"})
# A sentence naming someone in the role a "who" question asks about is read before likelier ones only
# when it is at least this likely, relative to the best sentence.
ROLE_RATIO = 0.3
_NOVEL_KIND = FEATURES.index("novel_kind")


@dataclass(frozen=True)
class ReaderModel:
    """The learned weights and the two "found" bars (reader_weights.py by default)."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray  # bias first
    threshold: float  # least probability of the best sentence, in the question's language
    cross_threshold: float  # the same for a best sentence in another language (they score lower)
    uncovered_limit: float  # most of the question's words left unsaid

    @classmethod
    def trained(cls) -> ReaderModel:
        w = reader_weights
        return cls(w.MEAN, w.SCALE, w.WEIGHTS, w.ANSWER_THRESHOLD, w.CROSS_LANGUAGE_THRESHOLD, w.UNCOVERED_LIMIT)

    @classmethod
    def for_models(cls, embedding_model: str, second_embedding: str | None) -> ReaderModel:
        """The trained model; its probability bars only for the models they were learned with (e5
        fused with USE). Another model's similarities live on another scale, so the order of
        sentences still holds but their probabilities do not: its relevance bar alone decides."""
        model = cls.trained()
        if (Path(embedding_model).name, second_embedding) == (BUNDLED_E5, USE_MULTILINGUAL):
            return model
        return replace(model, threshold=0.0, cross_threshold=0.0)

    def bar(self, query: Query, best: Scored) -> float:
        """The least probability that counts as answering. "How did it unfold" asks for what the
        reports say, not one fact: there the relevance bar alone decides."""
        if query.intent.when == TIMELINE:
            return 0.0
        return self.threshold if _language(best.candidate) == query.language else self.cross_threshold

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        logits = ((features - self.mean) / self.scale) @ self.weights[1:] + self.weights[0]
        return 1 / (1 + np.exp(-logits))


@dataclass(frozen=True)
class Scored:
    """A candidate sentence and how likely it answers the question."""

    candidate: Candidate
    probability: float
    answers: tuple[Span, ...]  # spans of the kind the question asks for, not already in it
    when: str | None = None  # its report's date as known, or an undated report's lower bound
    fits: bool = True  # it holds the asked kind of thing, when the question asks for one of STRICT_KINDS

    @property
    def date(self) -> str | None:
        """Its report's date as known: the article's own, else its agency copy's earliest outlet's
        (bot/reading/newest.py) — what the answer's citation carries too."""
        meta = self.candidate.document.metadata
        return meta.get("known_date") or meta.get("date")

    @property
    def text(self) -> str:
        return self.candidate.text


@dataclass(frozen=True)
class Reading:
    passages: tuple[Document, ...]  # the passages holding the best sentences (what an LLM answers from)
    sentences: tuple[Scored, ...]  # best first
    found: bool
    uncovered: float = 0.0  # share of the question's words no sentence in its language has

    @property
    def best(self) -> Scored | None:
        return self.sentences[0] if self.sentences else None


def _share(wanted: frozenset[str], present: frozenset[str]) -> float:
    return len(wanted & present) / len(wanted) if wanted else 0.0


class Reader:
    """Scores the sentences of the leading passages; shared by both answer modes."""

    def __init__(self, embeddings: Embeddings, thresholds: Thresholds, sentence_vectors: SentenceVectors,
                 passages_out: int = 5, model: ReaderModel | None = None) -> None:
        self.embeddings = embeddings
        self.thresholds = thresholds
        self.sentence_vectors = sentence_vectors
        self.passages_out = passages_out  # how many passages a Reading hands on (to an LLM)
        self.model = model or ReaderModel.trained()

    def read(self, query: Query, documents: Sequence[Document]) -> Reading:
        relevant = relevant_documents(query.resolved_text, query.language, documents, self.thresholds, len(documents))
        if not relevant:
            return Reading((), (), False)
        scored = self.placed_in_time(self.score(query, relevant))
        missing = uncovered(query, [s.candidate for s in scored])
        found = (bool(scored) and scored[0].fits and scored[0].probability >= self.model.bar(query, scored[0])
                 and missing <= self.model.uncovered_limit and not _no_one_in_the_asked_role(query, scored))
        return Reading(_holding(scored, self.passages_out), tuple(scored), found, missing)

    @staticmethod
    def placed_in_time(scored: list[Scored]) -> list[Scored]:
        """Each sentence with the date to order it by: its report's as known (bot/reading/newest.py),
        else an undated report's lower bound; never a guess, so an undated report goes after a dated
        later one unless its bound does not."""
        def when(meta) -> str | None:
            return meta.get("known_date") or meta.get("date") or meta.get("not_before")

        return [replace(s, when=when(s.candidate.document.metadata)) for s in scored]

    def score(self, query: Query, documents: Sequence[Document]) -> list[Scored]:
        pool, features = self.features(query, documents)
        if not pool:
            return []
        probabilities = self.model.probabilities(features)
        fits = np.ones(len(pool), dtype=bool)
        if query.intent.expects in STRICT_KINDS:
            fits &= features[:, _NOVEL_KIND] > 0
        question = query.search_text
        in_role = _in_asked_role(query, pool, probabilities)
        # the sentences that fit first; of those, the ones naming someone in the asked role; each by probability
        order = np.lexsort((-probabilities, ~in_role, ~fits))
        return [Scored(pool[i], float(probabilities[i]),
                       answers(pool[i].text, _language(pool[i]), query.intent.expects, question),
                       fits=bool(fits[i]))
                for i in order if not _asks(pool[i].text)]  # a question in the text ("Who is X?") answers nothing

    def features(self, query: Query, documents: Sequence[Document]) -> tuple[list[Candidate], np.ndarray]:
        """The candidate sentences of ``documents`` and their signals, one row each (:data:`FEATURES`)."""
        pool = quotable_sentences(documents)
        if not pool:
            return [], np.zeros((0, len(FEATURES)), dtype=np.float32)
        question = query.search_text
        e5, use = self._similarities(question, [c.text for c in pool])
        passage_scores = [d.metadata.get("score", 0.0) for d in documents]
        by_document: dict[int, list[int]] = {}
        for i, c in enumerate(pool):
            by_document.setdefault(c.rank, []).append(i)
        names = [fold(n) for n in question_names(question, query.language)]
        kind = query.intent.expects
        stems = [content_stems(c.text, _language(c)) for c in pool]
        rarity = _rarity(stems)
        rows = []
        for i, c in enumerate(pool):
            language = _language(c)
            siblings = by_document[c.rank]
            at = siblings.index(i)
            context = " ".join(pool[j].text for j in siblings[max(0, at - 1):at + 2])
            asked = content_stems(question, language)
            said, around = stems[i], content_stems(context, language)
            weight = {w: rarity.get(w, rarity[None]) for w in asked}
            typed = [s for s in spans(c.text, language) if kind and s.kind == kind]
            novel = answers(c.text, language, kind, question)
            context_words, sentence_words = folded_words(context), folded_words(c.text)
            neighbours = [pool[j].text for j in siblings[max(0, at - 1):at + 2] if j != i]
            rows.append([
                e5[i], e5[i] - e5.max(), use[i], use[i] - use.max(),
                passage_scores[c.rank] - passage_scores[0],
                c.document.metadata.get("relevance", 0.0),
                _share(asked, said), _share(asked, around),
                float(kind is not None), float(bool(typed or novel)), float(bool(novel)),
                float(any(answers(t, language, kind, question) for t in neighbours)),
                float(_is_headline(c)),
                _share(said, asked),
                float(c.start == 0 or at == 0 and c.document.metadata.get("seq") == 0),
                math.log(len(c.text)),
                float(language == query.language),
                sum(mentions(n, context_words) for n in names) / len(names) if names else 1.0,
                sum(mentions(n, sentence_words) for n in names) / len(names) if names else 1.0,
                sum(weight[w] for w in asked & said) / sum(weight.values()) if asked else 0.0,
            ])
        return pool, np.asarray(rows, dtype=np.float32)

    def _similarities(self, question: str, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(e5, USE) cosine of each sentence with the question; one model twice without fusion."""
        vectors = self.sentence_vectors.of(texts)
        if isinstance(self.embeddings, FusedEmbeddings):
            e5_query, use_query = self.embeddings.embed_query_parts(question)
            e5_vectors, use_vectors = self.embeddings.split(vectors, len(e5_query))
            return e5_vectors @ e5_query, use_vectors @ use_query
        single = vectors @ np.asarray(self.embeddings.embed_query(question), dtype=np.float32)
        return single, single


def _in_asked_role(query: Query, pool: Sequence[Candidate], probabilities: np.ndarray) -> np.ndarray:
    """For a "who" question that names a role ("which judge", "de topman van Binance"): which of the
    sentences at least ``ROLE_RATIO`` as likely as the best name someone in that role. Every sentence
    when the question names none. The ratio keeps a name-dropping aside ("Sam Altman, CEO van
    OpenAI") from pushing down the sentence that answers "who was the CEO of Twitch"."""
    wanted = roles(query.search_text) if query.intent.expects in ("person", "name") else set()
    if not wanted:
        return np.ones(len(pool), dtype=bool)
    likely = probabilities >= ROLE_RATIO * probabilities.max()
    return np.array([bool(likely[i]) and names_in_role(c.text, _language(c), wanted, query.search_text)
                     for i, c in enumerate(pool)], dtype=bool)


def _no_one_in_the_asked_role(query: Query, scored: Sequence[Scored]) -> bool:
    """"Wie was de advocaat van X?" where no sentence names anyone as a lawyer: the reports do not
    say who, however much they say about X. Not for who came after someone: a successor takes the
    role, however the sentence words it."""
    if query.intent.expects not in ("person", "name") or asks_succession(query.search_text):
        return False
    wanted = roles(query.search_text)
    return bool(wanted) and not any(
        names_in_role(s.text, _language(s.candidate), wanted, query.search_text) for s in scored)


def _rarity(stems: list[frozenset[str]]) -> dict:
    """Inverse document frequency of each word among the candidate sentences; ``None``: unseen."""
    counts: dict = {}
    for words in stems:
        for word in words:
            counts[word] = counts.get(word, 0) + 1
    total = len(stems) + 1
    return {word: math.log(total / (count + 0.5)) for word, count in counts.items()} | {None: math.log(total / 0.5)}


def said_share(query: Query, sentence: Candidate) -> float | None:
    """Share of the question's own words that ``sentence`` says, or None when it is in another
    language (words cannot be compared across languages)."""
    asked = content_stems(core(query.resolved_text), query.language)
    if not asked or _language(sentence) != query.language:
        return None
    said = content_stems(sentence.text, query.language)
    return sum(a in said or any(_covers(w, a) for w in said) for a in asked) / len(asked)


def uncovered(query: Query, pool: Sequence[Candidate]) -> float:
    """Share of the question's own words (its "now"/"how did" cues aside) that no candidate sentence
    in the question's language has. "Hoe hoog was de borgsom?" with no "borgsom" anywhere is not
    answered here, however close the passages are to the topic. Only when the best sentence is in
    the question's language (``pool`` best first): across languages, words cannot be compared."""
    asked = content_stems(core(query.resolved_text), query.language)
    if not asked or not pool or _language(pool[0]) != query.language:
        return 0.0
    said = frozenset().union(*(content_stems(c.text, query.language) for c in pool if _language(c) == query.language))
    return sum(asked_word not in said and not any(_covers(word, asked_word) for word in said)
               for asked_word in asked) / len(asked)


def _covers(word: str, asked: str) -> bool:
    """Does a sentence's ``word`` say the question's ``asked`` one: the same stem, the same first
    six letters ("antwerps" for "antwerp"), or the head of a compound ("straat" for "fietsstraat")."""
    return word == asked or word[:6] == asked[:6] and min(len(word), len(asked)) >= 6 or (
        len(word) >= 5 and asked.endswith(word))


def _holding(scored: list[Scored], count: int) -> tuple[Document, ...]:
    """The passages that hold the best sentences, best first: what an LLM answers from."""
    documents: dict[tuple, Document] = {}
    for s in scored:
        meta = s.candidate.document.metadata
        documents.setdefault((meta["article_id"], meta["seq"]), s.candidate.document)
        if len(documents) == count:
            break
    return tuple(documents.values())


def _asks(text: str) -> bool:
    return text.rstrip("”\"'’»").endswith("?")


def _language(candidate: Candidate) -> str:
    return candidate.document.metadata.get("language", "en")


def best_by_language(reading: Reading) -> dict[str, float]:
    """The best sentence's probability in each language the passages are in: a report in another
    language than the question scores lower across languages, not because it answers less."""
    best: dict[str, float] = {}
    for scored in reading.sentences:
        language = _language(scored.candidate)
        best[language] = max(best.get(language, 0.0), scored.probability)
    return best


def likely_in_language(reading: Reading, ratio: float, floor: float = 0.0) -> list[Scored]:
    """The sentences that fit, at least ``ratio`` as likely as the best one in their language and at
    least ``floor``."""
    best = best_by_language(reading)
    return [s for s in reading.sentences if s.fits and s.probability >= floor
            and s.probability >= ratio * best[_language(s.candidate)]]


def _is_headline(candidate: Candidate) -> bool:
    """The article's title, or its opening sentence when that repeats the title."""
    title = fold(candidate.document.metadata.get("title") or "")[:60]
    text = fold(candidate.text)
    return bool(title) and (text.startswith(title) or title.startswith(text[:60]))

"""In-memory BM25 over passages, one index per passage language, that takes additions and removals.

Each language gets its own stopwords and Snowball stemmer; a question is analysed with each
index's analyzer, so its language need not be known. Measured on XQuAD (research/fusion/README.md),
stemming lifted de→de BM25 recall@1 from 0.847 to 0.887.

One new article must not rebuild the index of the whole corpus (issue 11: 6 s at 23k passages).
So each language keeps a frozen *main* segment (term counts as sparse rows), a small *delta* of
passages added since, and the main passages removed since, masked. The statistics BM25 needs
(passages, their lengths, each term's document frequency) are kept for the live passages, so a
score is the one a rebuild would give: Lucene's BM25 as bm25s computes it (k1 1.5, b 0.75).
:meth:`KeywordIndex.compacted` folds the delta into a new main segment without analysing again.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache, cached_property, lru_cache

import numpy as np
from bm25s import stopwords as bm25_stopwords

_SNOWBALL = {"en": "english", "nl": "dutch", "de": "german", "fr": "french", "es": "spanish",
             "it": "italian", "pt": "portuguese", "da": "danish", "sv": "swedish", "no": "norwegian",
             "ru": "russian", "tr": "turkish", "fi": "finnish", "hu": "hungarian", "ro": "romanian"}
_STOPWORDS = {"en": bm25_stopwords.STOPWORDS_EN, "nl": bm25_stopwords.STOPWORDS_DUTCH,
              "de": bm25_stopwords.STOPWORDS_GERMAN, "fr": bm25_stopwords.STOPWORDS_FRENCH,
              "es": bm25_stopwords.STOPWORDS_SPANISH, "it": bm25_stopwords.STOPWORDS_ITALIAN,
              "pt": bm25_stopwords.STOPWORDS_PORTUGUESE, "da": bm25_stopwords.STOPWORDS_DANISH,
              "sv": bm25_stopwords.STOPWORDS_SWEDISH, "no": bm25_stopwords.STOPWORDS_NORWEGIAN,
              "ru": bm25_stopwords.STOPWORDS_RUSSIAN, "tr": bm25_stopwords.STOPWORDS_TURKISH}
_STOPWORDS = {language: frozenset(words) for language, words in _STOPWORDS.items()}  # bm25s has tuples
_TOKEN = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """Lower case without accents, curly apostrophes straightened: "Brüssel" ~ "brussel"."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@lru_cache(maxsize=1 << 18)  # words repeat: a corpus has far fewer distinct ones than tokens
def _fold(text: str) -> str:
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@cache
def _stemmer(language: str):
    import Stemmer

    return Stemmer.Stemmer(_SNOWBALL[language]) if language in _SNOWBALL else None


def analyze(text: str, language: str) -> list[str]:
    """Lower-cased words minus the language's stopwords, stemmed, accents folded."""
    stop = _STOPWORDS.get(language, frozenset())
    tokens = [t for t in _TOKEN.findall(text.lower()) if len(t) > 1 and t not in stop]
    stemmer = _stemmer(language)
    if stemmer:
        tokens = stemmer.stemWords(tokens)
    return [_fold(t) for t in tokens]


K1, B = 1.5, 0.75
_EMPTY = "\x00"  # an analysed passage with no words still counts, as one token (as bm25s has it)


def term_counts(text: str, language: str) -> Counter[str]:
    return Counter(analyze(text, language) or [_EMPTY])


@dataclass(frozen=True)
class _Main:
    """A frozen segment: passage key → row of term counts (CSR arrays over its own vocabulary)."""

    rows: dict[str, int]
    vocabulary: dict[str, int]
    indptr: np.ndarray  # row r's terms are indices[indptr[r]:indptr[r + 1]], their counts data[…]
    indices: np.ndarray
    data: np.ndarray
    lengths: np.ndarray  # tokens per row

    @classmethod
    def of(cls, passages: dict[str, Counter[str]], base: _Main | None = None, keep: list[str] = ()) -> _Main:
        """``base``'s rows named in ``keep`` (as stored: nothing is analysed again), then ``passages``."""
        vocabulary = dict(base.vocabulary) if base else {}
        indices, data, sizes = [], [], []
        for counts in passages.values():  # each row's columns ascending: a query term is found by bisection
            row = sorted((vocabulary.setdefault(term, len(vocabulary)), n) for term, n in counts.items())
            indices += [column for column, _ in row]
            data += [n for _, n in row]
            sizes.append(len(row))
        indices, data, sizes = np.asarray(indices, np.int32), np.asarray(data, np.float32), np.asarray(sizes, np.int64)
        if base is not None and keep:
            rows = np.asarray([base.rows[k] for k in keep])
            starts, stops = base.indptr[rows], base.indptr[rows + 1]
            taken = np.concatenate([np.arange(a, b) for a, b in zip(starts, stops)])
            indices, data = np.concatenate([base.indices[taken], indices]), np.concatenate([base.data[taken], data])
            sizes = np.concatenate([stops - starts, sizes])
        indptr = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        lengths = np.add.reduceat(data, indptr[:-1]) if len(data) else np.zeros(len(sizes), np.float32)
        keys = [*keep, *passages]
        return cls({key: row for row, key in enumerate(keys)}, vocabulary, indptr, indices, data,
                   lengths.astype(np.float32))

    @cached_property
    def terms(self) -> list[str]:
        return list(self.vocabulary)

    def row(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        """A row's term columns and counts."""
        row = self.rows[key]
        span = slice(self.indptr[row], self.indptr[row + 1])
        return self.indices[span], self.data[span]

    def row_counts(self, key: str) -> Counter[str]:
        columns, counts = self.row(key)
        return Counter({self.terms[c]: int(n) for c, n in zip(columns, counts)})


@dataclass(frozen=True)
class _Language:
    """One language's live passages: main minus ``removed``, plus ``delta``; and their statistics."""

    language: str
    main: _Main
    document_frequency: np.ndarray  # of main's vocabulary, over all of main's rows
    delta: dict[str, Counter[str]] = field(default_factory=dict)
    removed: frozenset[str] = frozenset()
    frequency_change: dict[str, int] = field(default_factory=dict)  # from delta and removed rows
    passages: int = 0
    total_length: float = 0.0

    @classmethod
    def of(cls, language: str, main: _Main) -> _Language:
        frequency = np.bincount(main.indices, minlength=len(main.vocabulary))
        return cls(language, main, frequency, passages=len(main.rows), total_length=float(main.lengths.sum()))

    def has(self, key: str) -> bool:
        return key in self.delta or (key in self.main.rows and key not in self.removed)

    def changed(self, added: dict[str, Counter[str]], removed: set[str]) -> _Language:
        delta, dead, change = dict(self.delta), set(self.removed), Counter(self.frequency_change)
        passages, total = self.passages, self.total_length
        for key in removed:
            for counts in ([delta.pop(key)] if key in delta else []) + (
                    [self.main.row_counts(key)] if key in self.main.rows and key not in dead else []):
                change.subtract(counts.keys())
                passages, total = passages - 1, total - sum(counts.values())
            if key in self.main.rows:
                dead.add(key)
        for key, counts in added.items():
            if key not in delta and not (key in self.main.rows and key not in dead):
                delta[key] = counts
                change.update(counts.keys())
                passages, total = passages + 1, total + sum(counts.values())
        return replace(self, delta=delta, removed=frozenset(dead), frequency_change=dict(change),
                       passages=passages, total_length=total)

    def compacted(self) -> _Language:
        keep = [key for key in self.main.rows if key not in self.removed and key not in self.delta]
        return _Language.of(self.language, _Main.of(self.delta, self.main, keep))

    def _idf(self, term: str) -> float:
        column = self.main.vocabulary.get(term)
        frequency = (self.document_frequency[column] if column is not None else 0) + self.frequency_change.get(term, 0)
        return float(np.log(1 + (self.passages - frequency + 0.5) / (frequency + 0.5))) if frequency > 0 else 0.0

    def score(self, tokens: list[str], keys: list[str], out: np.ndarray) -> None:
        """Add the BM25 score of ``tokens`` to ``out`` at the positions of this language's ``keys``."""
        if not self.passages:
            return
        average = self.total_length / self.passages
        idf = np.array([self._idf(t) for t in tokens], dtype=np.float32)
        columns = np.array([self.main.vocabulary.get(t, -1) for t in tokens])
        for i, key in enumerate(keys):
            if key in self.main.rows and key not in self.removed and key not in self.delta:
                row_columns, row_counts = self.main.row(key)
                at = np.minimum(np.searchsorted(row_columns, columns), len(row_columns) - 1)
                tf = np.where(row_columns[at] == columns, row_counts[at], 0)[None, :]
                out[i] += _bm25(tf, self.main.lengths[[self.main.rows[key]]], average, idf)[0]
        for i, key in enumerate(keys):
            if key in self.delta:
                counts = self.delta[key]
                tf = np.array([[counts.get(t, 0) for t in tokens]], dtype=np.float32)
                out[i] += _bm25(tf, np.array([sum(counts.values())], np.float32), average, idf)[0]


def _bm25(tf: np.ndarray, lengths: np.ndarray, average: float, idf: np.ndarray) -> np.ndarray:
    """Lucene BM25 per row: Σ idf · tf / (tf + k1 (1 − b + b · length / average))."""
    norm = K1 * (1 - B + B * lengths / average)
    return (idf * tf / (tf + norm[:, None])).sum(axis=1)


class KeywordIndex:
    """BM25 scores of passages (by key) for a query; unknown words and empty corpora score 0.

    Immutable: :meth:`changed` and :meth:`compacted` return a new index, so a question being
    scored never sees half an update.
    """

    def __init__(self, languages: dict[str, _Language] | None = None) -> None:
        self._languages = languages or {}

    @classmethod
    def build(cls, passages: Iterable[tuple[str, str, str]]) -> KeywordIndex:
        """From (key, text, language) triples, all in main segments."""
        by_language: dict[str, dict[str, Counter[str]]] = {}
        for key, text, language in passages:
            by_language.setdefault(language, {})[key] = term_counts(text, language)
        return cls({lang: _Language.of(lang, _Main.of(counts)) for lang, counts in sorted(by_language.items())})

    def changed(self, added: Iterable[tuple[str, str, str]] = (), removed: Iterable[str] = ()) -> KeywordIndex:
        """This index with the ``added`` (key, text, language) passages and without the ``removed`` keys."""
        by_language: dict[str, dict[str, Counter[str]]] = {}
        for key, text, language in added:
            by_language.setdefault(language, {})[key] = term_counts(text, language)
        removed = set(removed)
        languages = dict(self._languages)
        for language in set(languages) | set(by_language):
            current = languages.get(language) or _Language.of(language, _Main.of({}))
            gone = {key for key in removed if current.has(key)}
            if gone or language in by_language:
                languages[language] = current.changed(by_language.get(language, {}), gone)
        return KeywordIndex(languages)

    @property
    def pending(self) -> int:
        """Passages in deltas plus main passages masked: what :meth:`compacted` would fold in."""
        return sum(len(lang.delta) + len(lang.removed) for lang in self._languages.values())

    @property
    def size(self) -> int:
        return sum(lang.passages for lang in self._languages.values())

    def compacted(self) -> KeywordIndex:
        return KeywordIndex({name: lang.compacted() for name, lang in self._languages.items()})

    def scores(self, query: str, keys: list[str]) -> np.ndarray:
        """The query's BM25 score for each of ``keys`` (0 for keys not in the index)."""
        scores = np.zeros(len(keys), dtype=np.float32)
        for language in self._languages.values():
            if tokens := analyze(query, language.language):
                language.score(tokens, keys, scores)
        return scores

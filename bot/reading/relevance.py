"""Is anything retrieved relevant enough to quote? Below the bar, the bot says it found nothing.

Two signals, both calibrated on XQuAD (research/fusion/README.md §5):
- the passage's cosine similarity with the question under the primary embedding model — model-
  specific (multilingual-e5 scores even unrelated text at 0.75–0.8), and lower across languages,
  so each model has thresholds per language pairing;
- the names in the question (Google, Utrecht, CEO, OpenAI…): when the passages mention every one,
  a lower similarity suffices; when one is missing, the passages are about something else — in
  the same language that is decisive, across languages (where "French" may be "Frans") it raises
  the bar to the same-language one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from langchain_core.documents import Document

from bot.question.intent import asked_identity, question_names
from bot.question.words import fold, folded_words, mentions
from index.embeddings import BUNDLED_E5

NEVER = math.inf


@dataclass(frozen=True)
class Thresholds:
    same_language: float
    cross_language: float
    same_language_names_found: float
    cross_language_names_found: float

    @classmethod
    def uniform(cls, value: float) -> Thresholds:
        return cls(value, value, value, value)


# Chosen for balanced accuracy on XQuAD (positives: question and its gold paragraph; negatives: the
# best paragraph of another article), then checked on held-out questions (bench/relevance.md).
CALIBRATED = {
    BUNDLED_E5: Thresholds(0.835, 0.795, 0.815, 0.765),
    "all-MiniLM-L6-v2": Thresholds(0.44, 0.34, 0.44, 0.34),
}
UNCALIBRATED = Thresholds.uniform(0.0)


def thresholds_for(model: str, override: float | None = None) -> Thresholds:
    """The model's calibrated thresholds, or the one the settings give (NEWSBOT_MIN_RELEVANCE)."""
    if override is not None:
        return Thresholds.uniform(override)
    return CALIBRATED.get(model) or CALIBRATED.get(Path(model).name, UNCALIBRATED)


def relevant_documents(question: str, language: str, documents: Sequence[Document],
                       thresholds: Thresholds, considered: int) -> list[Document]:
    """The top ``considered`` documents when the best of them clears its bar, else none.

    The bars were calibrated on the best passage per question, so that is what they judge; once
    something relevant is found, the answer may quote any of the leading passages.
    """
    top = list(documents[:considered])
    words = set().union(*(folded_words(doc.page_content) for doc in top))
    names = question_names(question, language)
    missing = any(not mentions(fold(name), words) for name in names)
    if names and not missing and asked_identity(question, language):
        return top  # "Who is Emmet Shear?": passages naming him are what answers it, however short the question

    def clears_bar(doc: Document) -> bool:
        same = doc.metadata.get("language") == language
        if missing:
            bar = NEVER if same else thresholds.same_language
        elif names:
            bar = thresholds.same_language_names_found if same else thresholds.cross_language_names_found
        else:
            bar = thresholds.same_language if same else thresholds.cross_language
        return doc.metadata.get("relevance", 0.0) >= bar

    return top if any(clears_bar(doc) for doc in top) else []

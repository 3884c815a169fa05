"""Relevance thresholds: below them, the bot says it found nothing instead of quoting noise.

Cosine similarities are model-specific (multilingual-e5 scores even unrelated text at 0.7–0.8),
so each model needs its own threshold, calibrated on data (see bench/fusion_study.md).
"""

from __future__ import annotations

from index.embeddings import BUNDLED_E5

CALIBRATED = {
    BUNDLED_E5: 0.80,  # placeholder until calibrated
}
UNCALIBRATED_DEFAULT = 0.0


def min_relevance_for(model: str, override: float | None = None) -> float:
    """The threshold for ``model``: the setting if given, else the calibrated value."""
    if override is not None:
        return override
    return CALIBRATED.get(model, UNCALIBRATED_DEFAULT)

"""The reader's learned weights: written by research/reader/train.py, do not edit by hand.

A logistic regression over the signals of bot/reading/reader.py (standardised by MEAN and SCALE), fitted
on XQuAD articles 0-23 (en→en, de→de, en→de) and the tuning half of the news questions (news
rows weigh 0.3 of the total, L2 1). For "found", the best sentence's probability must reach
ANSWER_THRESHOLD (in the question's language; CROSS_LANGUAGE_THRESHOLD in another), and at most
UNCOVERED_LIMIT of the question's words may be missing from the sentences in its language: chosen on
the tuning questions, with floors on the seed set and held-out XQuAD. Results: research/reader/README.md.
"""

import numpy as np

FEATURES = (
    "e5",
    "e5_gap",
    "use",
    "use_gap",
    "passage_gap",
    "passage_relevance",
    "overlap",
    "overlap_context",
    "expects_kind",
    "has_kind",
    "novel_kind",
    "novel_kind_nearby",
    "headline",
    "restates",
    "opening",
    "log_length",
    "same_language",
    "names_in_context",
    "names_in_sentence",
    "rare_overlap",
)
MEAN = np.array([0.772971, -0.093654, 0.159221, -0.297128, -6.30647, 0.796984, 0.0623387, 0.118066, 0.686598, 0.372605, 0.358885, 0.413296, 0.0163639, 0.0266196, 0.190487, 4.92274, 0.661336, 0.766042, 0.725477, 0.0423686], dtype=np.float32)
SCALE = np.array([0.0381798, 0.0413748, 0.116037, 0.144004, 3.59523, 0.0381857, 0.139395, 0.191894, 0.46381, 0.483446, 0.479748, 0.492464, 0.126889, 0.0642026, 0.392672, 0.516, 0.47329, 0.410262, 0.4381, 0.110785], dtype=np.float32)
WEIGHTS = np.array([-5.36958, 0.473036, 0.595434, 0.39655, -0.0254816, 0.691187, -0.00783233, -0.85035, 0.154039, -0.610916, -0.29548, 1.12499, -0.11212, -0.0261853, 0.0657786, 0.0583427, 0.196455, -0.485302, 0.0384201, -0.0356526, 0.841553], dtype=np.float32)  # bias first
ANSWER_THRESHOLD = 0.15
CROSS_LANGUAGE_THRESHOLD = 0.1
UNCOVERED_LIMIT = 0.5

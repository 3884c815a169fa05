"""The reader's learned weights: written by research/reader/train.py, do not edit by hand.

A logistic regression over the signals of bot/reading.py (standardised by MEAN and SCALE), fitted
on XQuAD articles 0-23 (en→en, de→de, en→de) and the tuning half of the news questions (news
rows weigh 0.5 of the total, L2 1). For "found", the best sentence's probability must reach
ANSWER_THRESHOLD and at most UNCOVERED_LIMIT of the question's words may be missing from the sentences
in its language: both chosen on the tuning questions. Results: research/reader/README.md.
"""

import numpy as np

FEATURES = (
    "e5",
    "e5_gap",
    "use",
    "use_gap",
    "e5_rank",
    "passage_gap",
    "passage_rank",
    "passage_relevance",
    "overlap",
    "overlap_context",
    "expects_kind",
    "has_kind",
    "novel_kind",
    "novel_kind_nearby",
    "is_question",
    "headline",
    "restates",
    "opening",
    "log_length",
    "same_language",
    "names_in_context",
    "names_in_sentence",
    "rare_overlap",
)
MEAN = np.array([0.772993, -0.0936726, 0.159224, -0.297181, 0.0951118, -6.30533, 0.295377, 0.797008, 0.0623418, 0.118054, 0.686292, 0.376002, 0.36133, 0.415729, 0.000373018, 0.0163506, 0.0266283, 0.190333, 4.92283, 0.66133, 0.764596, 0.724003, 0.0423783], dtype=np.float32)
SCALE = np.array([0.0381931, 0.0413594, 0.116062, 0.144028, 0.161, 3.59581, 0.26352, 0.0382012, 0.139382, 0.191884, 0.464091, 0.484401, 0.480327, 0.492841, 0.0193109, 0.126841, 0.0642134, 0.392515, 0.515999, 0.473292, 0.411159, 0.438905, 0.110787], dtype=np.float32)
WEIGHTS = np.array([-5.07616, 0.220688, 0.19894, 0.293982, 0.0617174, 0.381757, 0.642054, -0.0664934, 0.13712, -0.735749, 0.199952, -0.735086, -0.516956, 1.38738, -0.139384, -0.128775, 0.00716377, 0.0822444, 0.0705345, 0.11509, -0.464763, 0.0233322, 0.00924586, 0.629594], dtype=np.float32)  # bias first
ANSWER_THRESHOLD = 0.4837
UNCOVERED_LIMIT = 1

"""The reader's learned weights: written by research/reader/train.py, do not edit by hand.

A logistic regression over the signals of bot/reading.py (standardised by MEAN and SCALE), fitted
on XQuAD articles 0-23 (en→en, de→de, en→de) and the tuning half of the news questions (news
rows weigh 0.3 of the total, L2 1). For "found", the best sentence's probability must reach
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
MEAN = np.array([0.772788, -0.0940382, 0.161901, -0.292286, 0.0954592, -6.28005, 0.295487, 0.796566, 0.0533635, 0.10317, 0.693155, 0.398158, 0.384678, 0.440981, 0.000257583, 0.0139739, 0.0266948, 0.193123, 4.93454, 0.664499, 0.748436, 0.713063, 0.0350808], dtype=np.float32)
SCALE = np.array([0.0380252, 0.0410834, 0.114789, 0.141352, 0.161267, 3.46556, 0.264909, 0.0379813, 0.113976, 0.160115, 0.461164, 0.489519, 0.486585, 0.496473, 0.0160482, 0.117377, 0.0615257, 0.394671, 0.509299, 0.472104, 0.42316, 0.445466, 0.0875157], dtype=np.float32)
WEIGHTS = np.array([-5.10551, 0.320977, 0.074971, 0.198938, 0.0670994, 0.411377, 0.626214, 0.0480724, 0.0446164, -0.505794, 0.111124, -0.556398, -0.2968, 1.12243, -0.24027, -0.106848, 0.0372601, 0.0872457, -0.00308361, 0.119077, -0.432836, 0.151758, -0.161458, 0.498994], dtype=np.float32)  # bias first
ANSWER_THRESHOLD = 0.3169
UNCOVERED_LIMIT = 1

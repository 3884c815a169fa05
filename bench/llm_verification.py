#!/usr/bin/env python
"""How well code-side verification of LLM citations works: bad citations caught, good ones kept.

Run:  .venv/bin/python bench/llm_verification.py [--calibrate] [--questions N]
(the XQuAD indexes are kept in /tmp/newsbot_llm_verification; delete it to rebuild them)

No model and no server: scripted claims are fed straight to ``ClaimVerifier`` over the passages
the real retriever returns for each question.

  * seed gold set (seeds/*.gold.jsonl): the answerable questions, with hand-written answers in the
    question's language (English answers about a Dutch article: the cross-language case).
  * XQuAD (/work/shared/datasets/xquad; skipped when absent): 100 questions of articles 24-47, in
    three settings — en→en, de→de and German questions over English passages. The good answer is
    the question followed by its gold answer ("Which NFL team represented the AFC at Super Bowl 50:
    Denver Broncos."), citing the gold passage. ``--calibrate`` instead sweeps the similarity
    threshold on 200 questions of articles 0-23, which the reported numbers never use.

Bad answers per question: the good claim citing another retrieved passage (wrong passage); with a
number or name altered (altered fact); a claim about another paragraph of the same article,
citing the gold passage (unsupported); citing a passage number that was not sent (nonexistent).
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
os.environ.setdefault("OMP_NUM_THREADS", "2")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ["ANONYMIZED_TELEMETRY"] = "False"

import argparse
import json
import math
import re
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.answering.llm.parse import Claim  # noqa: E402
from bot.answering.llm.verify import ClaimVerifier, Evidence, Support, judge, support_model  # noqa: E402
from bot.evaluation.squad import read_squad, squad_passages  # noqa: E402
from bot.service import NewsbotService  # noqa: E402
from bot.settings import Settings  # noqa: E402

SEED = REPO / "seeds" / "000_92c02bc8168e32f9.txt"
GOLD = REPO / "seeds" / "000_92c02bc8168e32f9.gold.jsonl"
XQUAD = Path(os.environ.get("NEWSBOT_XQUAD_DIR", "/work/shared/datasets/xquad"))
CACHE = Path("/tmp/newsbot_llm_verification")  # the XQuAD indexes, kept between runs (incremental)
TOP_K = 5
KINDS = ("wrong passage", "altered fact", "unsupported", "nonexistent")

# Hand-written answers for the seed gold set, keyed by the expected passage text:
# (English answer, Dutch answer, altered English answer, altered Dutch answer).
SEED_ANSWERS = {
    "werd zij opgevolgd door Emmet Shear": (
        "Emmet Shear succeeded Mira Murati as interim CEO.",
        "Mira Murati werd als interim-CEO opgevolgd door Emmet Shear.",
        "Greg Brockman succeeded Mira Murati as interim CEO.",
        "Mira Murati werd als interim-CEO opgevolgd door Greg Brockman."),
    "49 procent": (
        "Microsoft owns 49 percent of OpenAI.", "Microsoft heeft 49 procent van OpenAI in handen.",
        "Microsoft owns 51 percent of OpenAI.", "Microsoft heeft 51 procent van OpenAI in handen."),
    "550 van de 700 medewerkers": (
        "The open letter was first signed by 550 of the 700 employees.",
        "De open brief werd eerst ondertekend door 550 van de 700 medewerkers.",
        "The open letter was first signed by 450 of the 700 employees.",
        "De open brief werd eerst ondertekend door 450 van de 700 medewerkers."),
    "onverwacht ontslagen door de raad van bestuur": (
        "Sam Altman, the CEO of OpenAI, was unexpectedly fired by the board.",
        "Sam Altman, CEO van OpenAI, werd onverwacht ontslagen door de raad van bestuur.",
        "Satya Nadella, the CEO of OpenAI, was unexpectedly fired by the board.",
        "Satya Nadella, CEO van OpenAI, werd onverwacht ontslagen door de raad van bestuur."),
    "de voormalige topman van Twitch": (
        "Emmet Shear used to be the head of Twitch.", "Emmet Shear was vroeger de topman van Twitch.",
        "Emmet Shear used to be the head of Quora.", "Emmet Shear was vroeger de topman van Quora."),
    "spijt te hebben van zijn beslissing": (
        "Ilya Sutskever regrets his decision to help remove Altman.",
        "Ilya Sutskever heeft spijt van zijn beslissing om Altman mee af te zetten.",
        "Adam D'Angelo regrets his decision to help remove Altman.",
        "Adam D'Angelo heeft spijt van zijn beslissing om Altman mee af te zetten."),
    "een nieuwe AI-afdeling te leiden": (
        "Altman and Brockman will lead a new AI division at Microsoft.",
        "Altman en Brockman gaan bij Microsoft een nieuwe AI-afdeling leiden.",
        "Altman and Brockman will lead a new AI division at Salesforce.",
        "Altman en Brockman gaan bij Salesforce een nieuwe AI-afdeling leiden."),
    "Marc Benioff": (
        "Salesforce CEO Marc Benioff wants to welcome unhappy AI researchers.",
        "Salesforce-topman Marc Benioff wil ontevreden AI-onderzoekers verwelkomen.",
        "Microsoft CEO Satya Nadella wants to welcome unhappy AI researchers.",
        "Microsoft-topman Satya Nadella wil ontevreden AI-onderzoekers verwelkomen."),
    "De raad bestond tot vorige week uit zes mensen": (
        "Until last week the board consisted of six people.", "De raad bestond tot vorige week uit zes mensen.",
        "Until last week the board consisted of nine people.", "De raad bestond tot vorige week uit negen mensen."),
    "Adam D’Angelo, CEO van Quora": (
        "Adam D'Angelo is the CEO of Quora.", "Adam D'Angelo is CEO van Quora.",
        "Adam D'Angelo is the CEO of GeoSim.", "Adam D'Angelo is CEO van GeoSim."),
    "650 van de 770": (
        "By Monday 650 of the 770 people had signed the letter.",
        "Maandag hadden 650 van de 770 mensen de brief ondertekend.",
        "By Monday 750 of the 770 people had signed the letter.",
        "Maandag hadden 750 van de 770 mensen de brief ondertekend."),
    "In een interview bij CNBC": (
        "Satya Nadella gave an interview to CNBC.", "Satya Nadella gaf een interview bij CNBC.",
        "Satya Nadella gave an interview to CNN.", "Satya Nadella gaf een interview bij CNN."),
}


@dataclass
class Case:
    """One scripted claim about one question's retrieved passages."""

    kind: str  # "good" or one of KINDS
    text: str
    cited: int  # passage number in the prompt
    documents: list
    language: str


def verify_cases(verifier: ClaimVerifier, cases: list[Case]) -> list[tuple[Case, Evidence]]:
    """Evidence per claim (thresholds are applied afterwards, by ``judge``); the claims about one
    question's passages are checked together, as one answer's would be."""
    groups: dict[int, list[Case]] = defaultdict(list)
    for case in cases:
        groups[id(case.documents)].append(case)
    out = []
    for group in groups.values():
        claims = []
        for case in group:
            ok = 1 <= case.cited <= len(case.documents)
            claims.append(Claim(case.text, (case.cited,) if ok else (), () if ok else (case.cited,), 0))
        out += zip(group, verifier.evidence(claims, group[0].documents, group[0].language))
    return out


def summarise(results: list[tuple[Case, Evidence]], support: Support | None) -> dict:
    """[hits, total] per kind: good claims kept, bad claims caught."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for case, evidence in results:
        supported = judge(evidence, support).supported
        counts[case.kind][0] += supported if case.kind == "good" else not supported
        counts[case.kind][1] += 1
    bad = [sum(counts[k][i] for k in KINDS) for i in (0, 1)]
    return {"good kept": counts["good"], **{k: counts[k] for k in KINDS}, "bad caught": bad}


def rate(pair) -> float:
    return pair[0] / pair[1] if pair[1] else 0.0


def fmt(pair) -> str:
    hit, total = pair
    return f"{hit / total:.3f} ({hit}/{total})" if total else "–"


def _add(cases: list[Case], kind: str, text: str, cited: int, *, documents: list, language: str) -> None:
    cases.append(Case(kind, text, cited, documents, language))


# ------------------------------------------------------------------------------ seed gold set
def seed_cases(service) -> tuple[list[Case], int]:
    items = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    items = [i for i in items if i["answerable"]]
    cases, misses = [], 0
    for item in items:
        documents = service.retriever.invoke(item["question"], k=TOP_K)
        english = item["language"] == "en"
        good, _, altered, _ = SEED_ANSWERS[item["passage"]] if english else (
            SEED_ANSWERS[item["passage"]][1], None, SEED_ANSWERS[item["passage"]][3], None)
        gold = next((n for n, d in enumerate(documents, 1) if item["passage"] in d.page_content), None)
        if gold is None:
            misses += 1
            continue
        add = partial(_add, cases, documents=documents, language=item["language"])
        add("good", good, gold)
        add("altered fact", altered, gold)
        add("nonexistent", good, len(documents) + 1)
        wrong = next((n for n, d in enumerate(documents, 1) if n != gold and item["passage"] not in d.page_content), None)
        if wrong:
            add("wrong passage", good, wrong)
        for passage, answers in SEED_ANSWERS.items():  # another fact of the article, not in this passage
            if passage not in documents[gold - 1].page_content:
                add("unsupported", answers[0 if english else 1], gold)
                break
    return cases, misses


# ------------------------------------------------------------------------------ XQuAD
_DIGITS = re.compile(r"\d+")


def alter(answer: str, other_names: list[str]) -> str | None:
    """The answer with its first number changed, or its first capitalised word swapped."""
    if _DIGITS.search(answer):
        return _DIGITS.sub(lambda m: str(int(m.group()) + (1 if int(m.group()) < 100 else 10)), answer, count=1)
    for word in re.findall(r"\b[A-ZÄÖÜ][\w-]+", answer):
        for other in other_names:
            if other.lower() != word.lower() and other.lower() not in answer.lower():
                return answer.replace(word, other, 1)
    return None


def good_claim(question: str, answer: str) -> str:
    return f"{question.strip().rstrip('?').strip()}: {answer.strip()}."


def xquad_questions(questions_file: Path, answers_file: Path, articles: range, every: int, limit: int):
    """[(article, paragraph, question, answer)] sampled every ``every``-th question."""
    questions = json.loads(questions_file.read_text(encoding="utf-8"))["data"]
    answers = json.loads(answers_file.read_text(encoding="utf-8"))["data"]
    found = []
    for a in articles:
        for p, paragraph in enumerate(questions[a]["paragraphs"]):
            for q, qa in enumerate(paragraph["qas"]):
                found.append((a, p, qa["question"], answers[a]["paragraphs"][p]["qas"][q]["answers"][0]["text"]))
    return found[::every][:limit]


def xquad_cases(service, items, claim_answers, language: str) -> tuple[list[Case], int]:
    """``items`` from the question file; ``claim_answers[(a, p, i)]`` the answer text for claims."""
    by_article = defaultdict(list)
    for a, p, question, answer in items:
        by_article[a].append((p, question, answer))
    names = [w for *_, answer in items for w in re.findall(r"\b[A-ZÄÖÜ][a-zäöüß]{3,}", answer)]
    cases, misses = [], 0
    for index, (a, p, question, answer) in enumerate(items):
        documents = service.retriever.invoke(question, k=TOP_K)
        gold_id = f"{a}-{p}"
        gold = next((n for n, d in enumerate(documents, 1) if d.metadata["article_id"] == gold_id), None)
        if gold is None:
            misses += 1
            continue
        passage_answer = claim_answers[index]
        good = good_claim(question, answer)
        add = partial(_add, cases, documents=documents, language=language)
        add("good", good, gold)
        add("nonexistent", good, len(documents) + 1)
        wrong = next((n for n, d in enumerate(documents, 1)
                      if n != gold and passage_answer.lower() not in d.page_content.lower()), None)
        if wrong:
            add("wrong passage", good, wrong)
        altered = alter(answer, names[index % max(len(names), 1):] + names)
        if altered:
            add("altered fact", good_claim(question, altered), gold)
        gold_text = documents[gold - 1].page_content.lower()
        other = next(((q, ans) for pp, q, ans in by_article[a] if pp != p and ans.lower() not in gold_text), None)
        if other:
            add("unsupported", good_claim(*other), gold)
    return cases, misses


def indexed_service(settings: Settings, embeddings, articles):
    service = NewsbotService(settings, embeddings=embeddings)
    indexer = service.indexer()
    indexer.apply(indexer.plan_articles(articles))
    return service


def xquad_runs(embeddings, articles: range, every: int, limit: int):
    """{setting: (cases, retrieval misses)} for en→en, de→de and German questions on English passages."""
    files = {lang: XQUAD / f"xquad.{lang}.json" for lang in ("en", "de")}
    runs = {}
    services = {}
    try:
        for lang in ("en", "de"):
            settings = Settings(_env_file=None, data_dir=CACHE / f"xquad-{lang}", top_k=TOP_K)
            services[lang] = indexed_service(settings, embeddings, squad_passages(read_squad(files[lang])))
        for name, passages, asked in (("en→en", "en", "en"), ("de→de", "de", "de"), ("de→en passages", "en", "de")):
            items = xquad_questions(files[asked], files[asked], articles, every, limit)
            in_passage_language = xquad_questions(files[passages], files[passages], articles, every, limit)
            runs[name] = xquad_cases(services[passages], items, [i[3] for i in in_passage_language], asked)
    finally:
        for service in services.values():
            service.close()
    return runs


# ------------------------------------------------------------------------------ report
def table(runs: dict, support: Support | None) -> list[str]:
    lines = ["| set | good kept | bad caught | wrong passage | altered fact | unsupported | nonexistent | retrieval misses |",
             "|---|---|---|---|---|---|---|---|"]
    for name, (results, misses) in runs.items():
        s = summarise(results, support)
        lines.append(f"| {name} | {fmt(s['good kept'])} | {fmt(s['bad caught'])} | "
                     + " | ".join(fmt(s[k]) for k in KINDS) + f" | {misses} |")
    return lines


def calibrate(runs: dict) -> list[str]:
    """Sweeps each threshold on the runs it governs; picks the best balanced accuracy (the mean
    of good kept and bad caught), the margin last, with the thresholds chosen."""
    same = [r for name, (r, _) in runs.items() if "de→en" not in name]
    cross = [r for name, (r, _) in runs.items() if "de→en" in name]

    def balanced(results_sets, support) -> tuple[float, str]:
        rates = [summarise(results, support) for results in results_sets]
        good = sum(s["good kept"][0] for s in rates), sum(s["good kept"][1] for s in rates)
        bad = sum(s["bad caught"][0] for s in rates), sum(s["bad caught"][1] for s in rates)
        return (rate(good) + rate(bad)) / 2, f"{fmt(good)} / {fmt(bad)}"

    lines = ["| threshold | same language: good kept / bad caught | across languages: good kept / bad caught |",
             "|---|---|---|"]
    grid = [round(0.78 + 0.005 * i, 3) for i in range(25)]
    best_same = best_cross = (0.0, None)
    for t in grid:
        same_score, same_cell = balanced(same, Support(t, t))
        cross_score, cross_cell = balanced(cross, Support(t, t))
        best_same, best_cross = max(best_same, (same_score, t)), max(best_cross, (cross_score, t))
        lines.append(f"| {t} | {same_cell} | {cross_cell} |")
    lines += ["", f"best balanced accuracy: same language {best_same[1]} ({best_same[0]:.3f}), "
              f"across languages {best_cross[1]} ({best_cross[0]:.3f})", "",
              "| margin | same language | across languages |", "|---|---|---|"]
    for margin in (math.inf, 0.06, 0.04, 0.03, 0.02, 0.01, 0.0):
        support = Support(best_same[1], best_cross[1], margin)
        lines.append(f"| {margin} | {balanced(same, support)[1]} | {balanced(cross, support)[1]} |")
    return lines


def similarity_spread(runs: dict) -> list[str]:
    """Percentiles of claim-to-sentence similarity per kind, over claims that pass the fact check."""
    import numpy as np

    lines = ["| set | kind | n | p10 | p25 | median | p75 | p90 |", "|---|---|---|---|---|---|---|---|"]
    for name, (results, _) in runs.items():
        for kind in ("good",) + KINDS[:3]:
            values = [judge(e, None).similarity for c, e in results if c.kind == kind and not e.problem]
            if values:
                q = np.percentile(values, [10, 25, 50, 75, 90])
                lines.append(f"| {name} | {kind} | {len(values)} | " + " | ".join(f"{x:.3f}" for x in q) + " |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calibrate", action="store_true", help="sweep thresholds on the calibration questions")
    parser.add_argument("--questions", type=int, default=100, help="XQuAD questions per setting")
    args = parser.parse_args()
    started = time.monotonic()
    embeddings = NewsbotService(Settings(_env_file=None)).embeddings  # the models a default install uses
    support = ClaimVerifier.for_embeddings(embeddings).support
    verifier = ClaimVerifier(support_model(embeddings), None)
    runs = {}
    with tempfile.TemporaryDirectory(prefix="newsbot-llm-bench-") as tmp:
        tmp = Path(tmp)
        if not args.calibrate:
            articles = tmp / "seeds"
            articles.mkdir()
            (articles / SEED.name).write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
            service = NewsbotService(Settings(_env_file=None, data_dir=tmp / "seed", top_k=TOP_K), embeddings=embeddings)
            try:
                indexer = service.indexer()
                indexer.apply(indexer.plan_paths([articles]))
                cases, misses = seed_cases(service)
                runs["seed gold set (nl article; en+nl answers)"] = (verify_cases(verifier, cases), misses)
            finally:
                service.close()
        if (XQUAD / "xquad.en.json").exists() and (XQUAD / "xquad.de.json").exists():
            split = range(0, 24) if args.calibrate else range(24, 48)
            count = 2 * args.questions if args.calibrate else args.questions
            every = max(1, 595 // count)  # ~595 questions per half of XQuAD
            for name, (cases, misses) in xquad_runs(embeddings, split, every, count).items():
                runs[f"XQuAD {name}"] = (verify_cases(verifier, cases), misses)
        else:
            print(f"XQuAD not found in {XQUAD}: skipped", file=sys.stderr)
    print(f"similarity thresholds in use: {support}\n")
    if args.calibrate:
        print("\n".join(similarity_spread(runs)), "\n")
        print("\n".join(calibrate(runs)))
    else:
        print("\n".join(table(runs, support)), "\n")
        print("Without the similarity check (facts and citations only):\n")
        print("\n".join(table(runs, None)), "\n")
        print("\n".join(similarity_spread(runs)))
    print(f"\n{time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()

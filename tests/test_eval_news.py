"""`newsbot eval --articles DIR --questions FILE.jsonl`: the contract, on a small dated corpus
written here (a port company changes directors; an agency sentence appears in two outlets)."""

from __future__ import annotations

import json

from tests.cli import assert_clean_failure, newsbot

ARTICLES = {
    "01-interim.txt": "date 2024-01-10\n\nHavenbedrijf Noordkaap benoemt Anne de Vries tot interim-directeur. "
                      "De vorige directeur, Piet Smit, vertrok na een conflict met de raad van commissarissen. "
                      "Het havenbedrijf telt 1.200 medewerkers en verwerkte vorig jaar 41 miljoen ton lading.",
    "02-vast.txt": "date 2024-03-05\n\nHavenbedrijf Noordkaap heeft Karim Haddad benoemd tot vaste directeur. "
                   "Hij volgt interim-directeur Anne de Vries op, die terugkeert naar haar oude functie als "
                   "hoofd financiën. Haddad werkte hiervoor twaalf jaar bij de haven van Antwerpen.",
    "03-agency-a.txt": "date 2024-03-06\n\nThe port company Noordkaap appointed Karim Haddad as its permanent "
                       "director on Tuesday, ending two months of interim leadership.",
    "04-agency-b.txt": "date 2024-03-06\n\nThe port company Noordkaap appointed Karim Haddad as its permanent "
                       "director on Tuesday, ending two months of interim leadership. Shares were unchanged.",
    "05-weather.txt": "date 2024-03-07\n\nHet KNMI verwacht morgen in het hele land zware windstoten tot 90 "
                      "kilometer per uur. Code oranje geldt voor de kustprovincies.",
}
QUESTIONS = [
    {"question": "Hoeveel medewerkers heeft havenbedrijf Noordkaap?", "language": "nl", "kind": "fact",
     "answers": ["1.200 medewerkers"]},
    {"question": "Who is the director of Noordkaap now?", "language": "en", "kind": "latest",
     "answers": ["Karim Haddad"]},
    {"question": "Hoe verliep de wisseling van directeur bij Noordkaap?", "language": "nl", "kind": "timeline",
     "answers": ["Anne de Vries", "Karim Haddad"]},
    {"question": "What is the capital of Peru?", "language": "en", "kind": "unanswerable", "answers": []},
]
METRIC_KEYS = {"fact", "latest", "timeline", "declined", "verbatim", "language",
               "short_answer_precision", "short_answer_coverage"}


def test_eval_articles_json_contract(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    questions = tmp_path / "questions.jsonl"
    questions.write_text("\n".join(json.dumps(q) for q in QUESTIONS) + "\n", encoding="utf-8")
    data = tmp_path / "user-index"
    result = newsbot("eval", "--articles", str(folder), "--questions", str(questions), "--json",
                     env={"NEWSBOT_DATA_DIR": str(data)})
    assert result.returncode == 0, result.stderr
    metrics = json.loads(result.stdout)
    assert set(metrics) == {"articles", "questions", "by_language"} | METRIC_KEYS
    assert (metrics["articles"], metrics["questions"]) == (5, 4)
    assert set(metrics["by_language"]) == {"en", "nl"}
    assert metrics["by_language"]["en"]["timeline"] is None  # no English timeline question: not a share
    for shares in [metrics, *metrics["by_language"].values()]:
        assert all(shares[key] is None or 0 <= shares[key] <= 1 for key in METRIC_KEYS)
    assert metrics["verbatim"] == 1 and metrics["language"] == 1
    assert metrics["declined"] == 1  # Peru is not in these articles
    # "1.200 medewerkers", "Karim Haddad" lead; a timeline has no short answer
    assert metrics["short_answer_precision"] == 1 and metrics["short_answer_coverage"] == round(2 / 3, 4)
    assert not data.exists()  # never the user's index


def test_eval_articles_rejects_bad_question_files(tmp_path):
    (tmp_path / "a.txt").write_text("Een artikel over niets in het bijzonder, met genoeg woorden erin.")
    bad = tmp_path / "q.jsonl"
    bad.write_text('{"question": "Wie?", "language": "nl", "kind": "gossip", "answers": []}\n')
    result = newsbot("eval", "--articles", str(tmp_path), "--questions", str(bad), "--json",
                     env={"NEWSBOT_DATA_DIR": str(tmp_path / "d")})
    assert_clean_failure(result, "kind must be one of")
    result = newsbot("eval", "--articles", str(tmp_path), env={"NEWSBOT_DATA_DIR": str(tmp_path / "d")})
    assert_clean_failure(result, "--questions")

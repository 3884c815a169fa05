"""Does the asked state still hold? The reports that say it ended (issue 19, "still / nog / noch").

"Is Bankman-Fried still the head of FTX?" is answered by the report that says he resigned, or calls
him its former chief — not by the many earlier reports in which he is its head, which similarity
ranks first. News says that a state ended in few words across languages (resigned, stepped back,
former, bankrupt, dropped their fight, renounced; opgestapt, voormalig, failliet; zurückgetreten,
ehemalig, insolvent), so a sentence that says one of them near the question's subject, and answers the question nearly as
well as the best sentence in its language, answers "no longer". Words that only describe someone
("former minister Plasterk", "outgoing prime minister") say nothing about the asked state: "Is
Plasterk still the favourite?" is not answered by his past job. The absence of such a sentence proves nothing, so it never answers "yes". Pure functions.
"""

from __future__ import annotations

import re

from bot.question.intent import capitalised_names
from bot.question.query import Query
from bot.question.words import fold, same_word, tokens
from bot.reading.reader import Reading, Scored, likely_in_language

ENDED = re.compile(r"\b(?:" + "|".join((
    # en
    r"resign(?:s|ed|ing|ation)?", r"step(?:s|ped|ping)? (?:down|aside|back)", r"no longer",
    r"ousted", r"fired", r"dismissed", r"replac(?:es|ed|ing)", r"succeeded by",
    r"renounc(?:es|ed|ing)", r"g(?:ave|ives?|iving) up", r"dropp(?:ed|ing) (?:\w+ ){0,3}(?:fight|bid|opposition|challenge)",
    r"abandon(?:s|ed)?", r"withdr(?:ew|awn|aws)", r"quit", r"bankrupt(?:cy)?", r"collapsed?", r"defunct",
    r"shut down", r"dissolved", r"lifted", r"called off", r"scrapped", r"cancell?ed", r"terminated", r"ended",
    r"resum(?:es|ed|ing)", r"cleared (?:\w+ ){0,2}to (?:fly|return|resume)", r"(?:will|would) not be", r"won't be", r"consent(?:s|ed) to",
    # nl
    r"tr(?:ad|eedt|eden) (?:\w+ ){0,2}af", r"afgetreden", r"aftreden", r"st(?:apt|apte|apten|appen) (?:\w+ ){0,2}op",
    r"opgestapt", r"(?:doet|deed|zet|zette) (?:\w+ ){0,2}(?:een )?stap terug", r"ontslag", r"ontslagen",
    r"niet langer", r"niet meer", r"vervangen", r"opgevolgd", r"failliet",
    r"faillissement", r"zi(?:et|ag|en) (?:\w+ ){0,3}af", r"afgezien", r"lie(?:t|ten) (?:\w+ ){0,4}vallen",
    r"opgeheven", r"afgeblazen", r"geschrapt", r"beëindigd", r"hervat", r"teruggetrokken",
    r"tr(?:ok|okken|ekt) (?:\w+ ){0,3}terug", r"stemde (?:\w+ ){0,2}in met", r"ondertekende",
    # de
    r"zurückgetreten", r"tr(?:itt|at|aten) (?:\w+ ){0,3}zurück", r"rücktritt",
    r"nicht mehr", r"kein\w* (?:\w+ ){0,3}mehr", r"abgelöst", r"ersetzt", r"entlassen", r"gefeuert", r"insolvent",
    r"insolvenz", r"pleite", r"konkurs", r"verzicht(?:et|ete)?", r"aufgegeben",
    r"zog (?:\w+ ){0,3}zurück", r"zurückgezogen", r"aufgehoben", r"abgesagt", r"beendet", r"wieder aufgenommen",
    # fr
    r"démission\w*", r"ne \w+ plus", r"remplacée?", r"faillite", r"renoncé", r"levée?", r"annulée?",
)) + r")\b", re.IGNORECASE)
# A sentence that may answer "no longer": this likely, relative to the best one in its language (a
# newer report in another language scores lower across languages), and at least ENDED_FLOOR.
ENDED_RATIO = 0.2
ENDED_FLOOR = 0.01
NEAR = 8  # words between the subject's name and the word saying its state ended


def subject(question: str, language: str) -> frozenset[str]:
    """The question's first run of names, folded: whose state it asks about ("Mark Rutte" in "Ist
    Mark Rutte noch Ministerpräsident der Niederlande?")."""
    names = capitalised_names(question, language)
    words = tokens(question)
    if not names:
        return frozenset()
    start = words.index(names[0])
    run = []
    for word in words[start:]:
        if word not in names:
            break
        run.append(fold(word))
    return frozenset(run)


def ended_distance(text: str, about: frozenset[str]) -> int | None:
    """How many words from a name in ``about`` ``text`` says that a state ended (None: not within
    NEAR): the closer, the likelier it is their state ("Bankman-Fried resigns" over "Bankman-Fried
    said he'd shut down his hedge fund")."""
    at = [i for i, w in enumerate(tokens(text)) if any(same_word(fold(w), name) for name in about)]
    distances = [abs(len(tokens(text[:match.start()])) - i) for match in ENDED.finditer(text) for i in at]
    return min((d for d in distances if d <= NEAR), default=None)


def ended_statements(query: Query, reading: Reading) -> list[Scored]:
    """The sentences that say the state of the question's subject ended, newest first (an undated
    report by its lower bound, one with neither last); of one date, the one saying it closest to the
    subject's name, then the likelier."""
    about = subject(query.resolved_text, query.language)
    if not about:
        return []
    found = [(s, d) for s in likely_in_language(reading, ENDED_RATIO, ENDED_FLOOR)
             if (d := ended_distance(s.text, about)) is not None]
    return [s for s, _ in sorted(found, key=lambda f: (f[0].when or "", -f[1], f[0].probability), reverse=True)]

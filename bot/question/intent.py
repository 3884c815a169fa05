"""What a question asks for: the kind of answer (a number, an amount, a person, a date, a reason…)
and whether it wants a fact, the latest state of a story, or how it unfolded.

Classic question analysis, in the four languages newsbot words answers in. Sentence embeddings
find text on the question's topic; they barely notice whether a sentence holds a number when the
question says "how many", so the reader (reading.py) uses this as a signal. Pure functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.question.vocabulary import CALENDAR, KIND_OF_NOUN, PARTICLES, TITLES
from bot.question.words import fold, tokens

FACT, LATEST, TIMELINE = "fact", "latest", "timeline"


def _words(*alternatives: str) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


# "what part of the immune system" asks which part, not how large a share
_PERCENT = _words(r"what (?:share|percentage|proportion|fraction)", r"how many percent", r"hoeveel procent",
                  r"welk(?:e)? (?:percentage|deel|aandeel)", r"wie ?viel prozent", r"welche[rn]? anteil",
                  r"quel(?:le)? (?:pourcentage|part|proportion)", r"combien de pour ?cent")
_MONEY = _words(r"cost|costs|costing|price|priced|worth|pay|paid|fine[ds]?|forfeit|salary|earn|earns|budget|value|money",
                r"kost|kostte|kosten|prijs|waard|betaal\w*|boete|salaris|verdien\w*|bedrag|geld",
                r"kostet|kostete|preis|wert|zahl\w*|strafe in höhe|gehalt|verdien\w*|geld|summe|betrag",
                r"coûte?|coûté|prix|vaut|valeur|payé|amende|salaire|argent")
_NUMBER = _words(r"how (?:many|much|big|large|long|old|far|often|high)", r"hoe ?(?:veel|groot|lang|oud|vaak|hoog|ver)",
                 r"wie ?viele?|wie (?:groß|lange?|alt|oft|hoch|weit)|wieviel", r"combien|quel âge|quelle taille")
_COUNT = _words(r"how many", r"wie ?viele", r"combien de (?!temps)")
_AGE = _words(r"how old", r"hoe oud", r"wie alt", r"quel âge")
_DURATION = _words(r"how long", r"hoe ?lang", r"wie lange?", r"combien de temps", r"pendant combien",
                   # "how many years": a counted stretch of time, answered by "25 years", not by any number
                   r"how many (?:years|months|weeks|days|hours|minutes)",
                   r"hoeveel (?:jaar|jaren|maanden|weken|dagen|uur|uren|minuten)",
                   r"wie ?viele (?:jahre|monate|wochen|tage|stunden|minuten)",
                   r"combien (?:d'années|d'ans|de mois|de semaines|de jours|d'heures|de minutes)")
_TIME = _words(r"when|what (?:year|date|day|month|time)|since when|by when|until when",
               r"wanneer|welk(?:e)? (?:jaar|datum|dag|maand)|sinds wanneer|tot wanneer",
               r"wann|seit wann|bis wann|an welchem tag|in welchem jahr|welche[ms]? datum", r"quand|quelle (?:date|année)")
_PLACE = _words(r"where|which (?:city|country|state|town|place|prison|court)|in what (?:city|country|state)",
                r"waar|waarheen|welk(?:e)? (?:stad|land|plaats|staat|gevangenis|rechtbank|provincie)",
                r"wo|wohin|woher|welche[mrn]? (?:stadt|land|ort|staat|gefängnis|gericht)", r"où|quelle ville|quel pays")
_REASON = _words(r"why|for what reason|what (?:was|is) the reason|how come", r"waarom|om welke reden|wat was de reden",
                 r"warum|wieso|weshalb|aus welchem grund", r"pourquoi|pour quelle raison")
_WHICH = _words(r"which|what (?:\w+ )?(?:company|show|programme|program|party|title|name|role|job|position)",
                r"welk(?:e)?|hoe heet", r"welche[rnms]?|wie heißt", r"quel(?:le)?s?")
_PERSON = {"en": _words(r"who|whom|whose"), "nl": _words(r"wie|door wie|van wie|met wie"),
           "de": _words(r"wer|wem|wen|wessen|von wem|mit wem"), "fr": _words(r"qui")}
# "Who is Mira Murati?": asks what someone is (their role), not for another person.
_IDENTITY = re.compile(r"^\W*(?:who|wie|wer|qui)\s+(?:is|was|are|were|ist|war|waren|est|était)\s+(?P<rest>[^?]+)\?*\s*$",
                       re.IGNORECASE)
# "Is he still CEO?", "Bestaat het nog?", "Ist er noch Chef?": does a state hold on.
_STILL = _words(  # "is hij nog CEO?": still; "nog niet", "nog meer": not
    r"still|any ?longer|anymore|any more", r"nog steeds|nog altijd|nog(?! (?:niet|geen|meer|een|eens|nooit)\b)",
                r"immer noch|noch immer|noch(?! (?:nicht|kein\w*|mehr|einmal|nie)\b)", r"toujours|encore")
_LATEST = _words(
    _STILL.pattern,
    r"now|currently|current|today|at the moment|at present|latest|as of now|these days|nowadays|so far|"
    r"in the end|eventually|ultimately|final|finally|most recent|recently",
    r"nu|inmiddels|momenteel|tegenwoordig|huidige?|laatste|actuele?|uiteindelijk|intussen|"
    r"ondertussen|thans|op dit moment|definitief|meest recente|recentste",
    r"jetzt|derzeit|aktuell|aktuelle[nmrs]?|mittlerweile|inzwischen|nun|schließlich|"
    r"zuletzt|jüngste[nmrs]?|neueste[nmrs]?|"
    r"endgültig|letztlich|momentan|heute",
    r"maintenant|actuellement|désormais|finalement|aujourd'hui")
_TIMELINE = _words(
    r"how did (?:.+ )?(?:unfold|play out|develop|evolve|go|end up|come about|happen)|what happened|timeline|"
    r"chronolog\w*|sequence of events|step by step|from .+ to .+",
    r"hoe (?:verliep|is .+ verlopen|ging|is het gegaan|ontwikkelde)|wat (?:gebeurde|is er gebeurd)|tijdlijn|"
    r"chronologie|van .+ tot .+",
    r"wie (?:lief|verlief|ist .+ (?:abgelaufen|verlaufen)|kam es|entwickelte)|was (?:geschah|ist passiert|passierte)|"
    r"chronologie|zeitlich|von .+ bis .+",
    r"comment (?:s'est|se sont) (?:.+ )?(?:déroulée?s?|passée?s?)|que s'est-il passé|chronologie")


# "/timeline <words>": the question that asks how the story of <words> unfolded, in each language.
_TIMELINE_QUESTIONS = {"nl": "Hoe verliep {words}?", "en": "How did {words} unfold?", "de": "Wie lief {words} ab?",
                       "fr": "Comment s'est déroulé {words} ?"}
TIMELINE_COMMANDS = ("timeline", "tijdlijn", "zeitleiste", "chronologie")  # "/newsbot timeline <words>"


def timeline_question(words: str, language: str) -> str:
    """How did the story of ``words`` unfold, asked in ``language`` (English if newsbot has no wording
    for it): what the timeline commands ask the answer service."""
    return _TIMELINE_QUESTIONS.get(language, _TIMELINE_QUESTIONS["en"]).format(words=words.strip().rstrip("?"))


@dataclass(frozen=True)
class Intent:
    """``expects``: money, percent, number, age, duration, time, place, reason, person, name, or None;
    ``when``: fact, latest (the present state of a story) or timeline (how it unfolded)."""

    expects: str | None
    when: str = FACT
    still: bool = False  # "is he still…", "nog", "noch": whether a state holds, which a report may say ended


def expected_answer(question: str, language: str) -> str | None:
    """The kind of thing that answers ``question``: a percentage wherever it is asked for, else the
    kind of the first question word ("On which show did he explain why…" asks for a name). "Who is
    <name>?" wants no other person: it asks what they are, which no span kind holds."""
    if _PERCENT.search(question):
        return "percent"
    if asked_identity(question, language):
        return None
    patterns = {"number": _NUMBER, "time": _TIME, "reason": _REASON, "place": _PLACE, "name": _WHICH}
    if language in _PERSON:
        patterns["person"] = _PERSON[language]
    if language == "de":  # "womit", "wovon": pronominal adverbs, not "where"
        patterns["place"] = re.compile(_PLACE.pattern.replace(r"|wo|", "|wo(?![bmrvz])|"), re.IGNORECASE)
    first = {kind: match.start() for kind, pattern in patterns.items() if (match := pattern.search(question))}
    if not first:
        return None
    kind = min(first, key=first.get)
    if kind == "name":  # "which judge", "welke straf": the noun says what kind of thing answers
        asked_for = re.match(r"\W*(\w+)", question[_WHICH.search(question).end():])
        kind = KIND_OF_NOUN.get(asked_for.group(1).lower() if asked_for else "", "name")
    if kind == "number":
        if _AGE.search(question):
            return "age"
        if _DURATION.search(question):
            return "duration"
        if _MONEY.search(question) and not _COUNT.search(question):  # "wie viele … Preis": prizes, not price
            return "money"
    return kind


# "who became CEO after X", "wie volgde X op": the question asks for the successor.
_SUCCESSION = re.compile(r"\b(?:after|replac\w*|succe\w*|na|opvolg\w*|opgevolgd|volgde|vervang\w*|verving|"
                         r"nach|nachfolge\w*|ersetz\w*|löste|après|remplac\w*)\b", re.I)


def asks_succession(question: str) -> bool:
    """Does the question ask who came after someone (a successor takes their role, however said)?"""
    return bool(_SUCCESSION.search(question))


_COUNTED_NOUN = re.compile(r"\b(?:how many|hoeveel|wie ?viele|combien d(?:e |'))\s*(\w+)", re.IGNORECASE)


def asked_unit(question: str) -> str | None:
    """What a count question counts: "counts" for "On how many counts was he convicted?"."""
    match = _COUNTED_NOUN.search(question)
    return fold(match.group(1)) if match else None


def asked_identity(question: str, language: str) -> tuple[str, ...]:
    """The name a "who is" question is nothing but ("Who is Sam Altman?", "Wer ist Satya Nadella?"),
    or () for any other question."""
    match = _IDENTITY.match(question)
    if not match:
        return ()
    rest = [t for t in tokens(match.group("rest")) if len(t) > 1 or t.isalpha()]
    names = set(capitalised_names(question, language))
    if rest and not any(fold(t) in TITLES for t in rest) and all(t in names or fold(t) in PARTICLES for t in rest):
        return tuple(t for t in rest if t in names)
    return ()


def temporal_mode(question: str) -> str:
    if _TIMELINE.search(question):
        return TIMELINE
    return LATEST if _LATEST.search(question) else FACT


def analyse(question: str, language: str) -> Intent:
    return Intent(expected_answer(question, language), temporal_mode(question), bool(_STILL.search(question)))


def question_names(question: str, language: str) -> list[str]:
    """Names, acronyms and brands in a question: capitalised words not opening it or a clause
    ("Graag: Wie werd …?"; not in German, where every noun is capitalised), ALL-CAPS words and
    camel case like OpenAI. Months and weekdays are not names."""
    names = []
    clauses = re.split(r"(?<=[:;.!?])\s+", question)
    for position, token in ((i, t) for clause in clauses for i, t in enumerate(tokens(clause))):
        if len(token) < 2 or token.isdigit() or fold(token) in CALENDAR:
            continue
        acronym = token.isupper() and token.isalpha()
        camel = any(ch.isupper() for ch in token[1:]) and not token.isupper()
        capitalised = token[0].isupper() and position > 0 and language != "de"
        if acronym or camel or capitalised:
            names.append(token)
    return names


def capitalised_names(question: str, language: str) -> list[str]:
    """The question's names, capitalised words counted in German too ("Ist Mark Rutte noch …"): where
    a question's nouns do no harm, as when they are looked for beside a name or are the whole question."""
    return question_names(question, "en" if language == "de" else language)


_FILLERS = _words(r"actually|exactly|really|eigenlijk|precies|nou|eigentlich|genau|denn|eigentlich|vraiment|exactement")


def core(question: str) -> str:
    """The question without its time cues ("now", "inmiddels", "how did … unfold") and fillers
    ("eigenlijk"): the words an answer would share with it."""
    return _FILLERS.sub(" ", _LATEST.sub(" ", _TIMELINE.sub(" ", question)))

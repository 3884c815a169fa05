"""Candidate answers, not only candidate sentences: every span of the asked kind that the answering
sentences state, with its evidence across reports.

News repeats each fact across outlets and over time, so a span stated by several independent
reports is likelier right than the one span of the single best sentence. Each candidate collects the
sentences that state it, their reader probabilities, how many *independent* reports state it (agency
copy carried by several outlets counts once) and their dates. A span enters only when it fills the
asked slot: not the question's own names, not someone the question's role excludes ("Judge Kaplan"
for "who was his lawyer"), not the person being succeeded when the question asks who came after, not
a figure of another month or year than the one asked, nor one a sentence gives of another actor
("the judge gave 25 years" for what the lawyers asked), not a bare weekday for "when". Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.question.intent import asked_identity, asked_unit, asks_succession, capitalised_names, core, question_names
from bot.question.query import Query
from bot.question.vocabulary import MONTHS, NOT_UNITS, RELATIVE_DAYS, WEEKDAYS
from bot.question.words import content_stems, fold, folded_words, mentions, number_values
from bot.reading.reader import Reading, Scored, said_share
from bot.reading.sentences import same_copy
from bot.reading.spans import Span, roles, spans
from index.keyword import analyze

NUMERIC_KINDS = frozenset({"number", "money", "percent", "age", "duration"})
# A sentence this likely, relative to the best, may state a candidate.
EVIDENCE_RATIO = 0.25
CONTEXT_BEFORE = 200  # characters before a sentence in its passage that may name what it is about
_COUNTED = re.compile(r"\s+([^\W\d_A-Z][^\W\d_]{2,})")
_UNIT_AHEAD = re.compile(r"(?:\s+[^\W\d_][\w-]*){1,5}")  # the words after a number, up to a figure or a stop
_CORRECTED = re.compile(r"\b(?:niet|not|nicht|pas|geen|keine?n?|no longer)\s+$", re.I)
# Words that make a title longer, not an organisation's: "Prime Minister", "Vice President".
_TITLE_MODIFIERS = frozenset("prime vice deputy interim acting former first co ex chief senior executive general".split())
# A role and the organisation it belongs to, in the question: "CEO van OpenAI" (or "Binance-CEO").
_OF_ORGANISATION = re.compile(r"\b\w+\s+(?:of|van|von|der|de|du|bei|at|bij)\s+(?:het\s+|the\s+|de\s+)?[A-Z]\w*")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_WORD = re.compile(r"\w+")
# Words right before a person that make them the one replaced ("replacing Murati", "na Murati").
_PREDECESSOR_BEFORE = re.compile(r"\b(?:after|replac(?:es|ed|ing)|succeed(?:s|ed|ing)|ousted|fired|"
                                 r"na|vervangt|verving|opvolger van|ontslagen|nach|ersetzt|nachfolger von|"
                                 r"après|remplace)\s+(?:\w+\s+){0,2}$", re.I)
# Words right after a person that make them the one replaced ("Murati, who was replaced by").
_PREDECESSOR_AFTER = re.compile(r"^\W*(?:\w+\W+){0,3}(?:was |werd |wurde |is )?(?:replaced|succeeded|ousted|fired|"
                                r"opgevolgd|vervangen|ontslagen|abgelöst|ersetzt|remplacé)", re.I)


@dataclass
class AnswerCandidate:
    """One answer the reports state, and its evidence."""

    kind: str
    key: frozenset[str]  # what makes two spans the same answer: number values, or a surname
    statements: list[tuple[Scored, Span]] = field(default_factory=list)  # best first
    sources: int = 0  # independent reports: one per article, agency copy counted once
    support: float = 0.0  # 1 - Π(1 - p) over the independent reports' best probabilities
    said: float | None = None  # most of the question's words a statement in its language says
    unit: str | None = None  # what the question counts ("counts" in "on how many counts"), if it says
    near: float = 0.0  # how close its best-placed statement has it to the question's words (closeness)

    @property
    def best(self) -> tuple[Scored, Span]:
        return self.statements[0]

    @property
    def shown_by(self) -> tuple[Scored, Span]:
        """The statement whose wording is shown: the best one; for a role, the fullest ("Microsoft
        CEO" over "topman")."""
        if self.kind == "role":
            return max(self.statements, key=lambda statement: len(statement[1].text))
        return self.best

    @property
    def text(self) -> str:
        """The shown statement's span; a bare number takes the noun it counts ("37 zetels")."""
        scored, span = self.shown_by
        return shown(scored.text, span, self.unit)

    @property
    def dates(self) -> list[str]:
        return sorted({s.date for s, _ in self.statements if s.date})


def shown(sentence: str, span: Span, unit: str | None = None) -> str:
    """The span as the short answer: a bare number takes the noun it counts — the question's own
    when it follows within a few words ("seven fraud and conspiracy counts"), else the next word."""
    text = span.text.rstrip(".,;:")
    if span.kind != "number":
        return text
    if unit and (asked := _UNIT_AHEAD.match(sentence, span.end)):
        words = asked.group().split()
        at = next((i for i, w in enumerate(words) if fold(w)[:5] == unit[:5]), None)
        if at is not None:
            return text + " " + " ".join(words[:at + 1]).rstrip(".,;:")
    if (counted := _COUNTED.match(sentence, span.end)) and counted.group(1) not in NOT_UNITS:
        text += " " + counted.group(1)
    return text


def candidates(query: Query, reading: Reading, kinds: Sequence[str]) -> list[AnswerCandidate]:
    """The answers of the ``kinds`` asked for that the likely sentences of ``reading`` state, best
    supported first."""
    if not reading.sentences:
        return []
    question = query.search_text
    asked_names = [fold(n) for n in question_names(question, query.language)]
    best = reading.best.probability
    found: dict[tuple[str, frozenset[str]], AnswerCandidate] = {}
    for scored in reading.sentences:
        if not scored.fits or scored.probability < EVIDENCE_RATIO * best:
            continue
        if asked_names and not _about(scored, asked_names):
            continue
        for span in scored.answers:
            if span.kind not in kinds or not fills_slot(span, scored, query):
                continue
            key = _key(span)
            if not key:
                continue
            candidate = found.setdefault((span.kind, key), AnswerCandidate(span.kind, key, unit=asked_unit(question)))
            candidate.statements.append((scored, span))
            candidate.near = max(candidate.near, closeness(scored, span, query))
    for candidate in found.values():
        candidate.statements.sort(key=lambda statement: -statement[0].probability)
        _weigh(candidate, query)
    _last_figure_counts(found, query)
    # equal support: the same sentences state them, and the span beside the asked words answers
    return sorted((c for c in found.values() if c.statements), key=lambda c: (-c.support, -c.near))


def closeness(scored: Scored, span: Span, query: Query) -> float:
    """How near ``span`` stands to the words its sentence shares with the question: for each asked
    word the sentence has, 1 / (1 + the words between them), averaged over the asked words. Of two
    years in "signed in Rome in 1957 and in Maastricht in 1992", the one beside "Maastricht" answers
    when the Maastricht treaty was signed. Across languages only the question's names are compared
    (they are written alike)."""
    language = scored.candidate.document.metadata.get("language", "en")
    across = language != query.language
    asked = (frozenset(fold(n) for n in capitalised_names(query.resolved_text, query.language)) if across
             else content_stems(core(query.resolved_text), language))
    words = list(_WORD.finditer(scored.text))
    inside = [i for i, w in enumerate(words) if span.start <= w.start() < span.end]
    if not asked or not inside:
        return 0.0
    nearest: dict[str, int] = {}
    for i, word in enumerate(words):
        said = fold(word.group()) if across else (analyze(word.group(), language) or [None])[0]
        if i in inside or said not in asked:
            continue
        gap = min(abs(i - j) for j in inside) - 1
        nearest[said] = min(nearest.get(said, gap), gap)
    return sum(1 / (1 + gap) for gap in nearest.values()) / len(asked)


def fills_slot(span: Span, scored: Scored, query: Query) -> bool:
    """Does ``span`` fill what the question asks, not another slot of the same sentence?"""
    question, sentence = query.search_text, scored.text
    if span.kind == "number" and any(other.kind != "number" and other.start <= span.start < other.end
                                     for other in scored.answers):
        return False  # the 98 of "98 procent" is a percentage, not a count
    if span.kind in NUMERIC_KINDS and _CORRECTED.search(sentence[max(0, span.start - 12):span.start]):
        return False  # "niet 35 zetels, maar 37 zetels"
    if span.kind == "time" and _only_relative_day(span.text):
        return False  # "maandag" says when only to someone who knows the article's date
    if span.kind in ("person", "name"):
        if _names_the_asked(span, question):
            return False  # "Mr Bankman-Fried" does not answer a question about Bankman-Fried
        if span.kind == "person" and any(other.kind == "place" and other.start == span.start
                                         for other in _all_spans(scored)):
            return False  # "New York" after "in" is a place, though two capitalised words
        before, after = sentence[max(0, span.start - 40):span.start], sentence[span.end:span.end + 50]
        succession = asks_succession(question)
        if succession and (_PREDECESSOR_BEFORE.search(before) or _PREDECESSOR_AFTER.search(after)):
            return False
        wanted = roles(question)
        if wanted and not succession:  # a successor takes the role of the one succeeded, however it is said
            near = roles(span.text) | roles(" ".join(before.split()[-2:])) | roles(" ".join(after.split()[:5]))
            if not near & wanted:
                return False  # "Judge Lewis Kaplan" does not answer "who was his lawyer", nor a name alone
        if _names_another_organisation(span, question, query.language):
            return False
    if span.kind in NUMERIC_KINDS and _other_period(sentence, question):
        return False
    if span.kind in NUMERIC_KINDS | {"place", "time"} and _another_actor(sentence, question):
        return False
    return True


def _another_actor(sentence: str, question: str) -> bool:
    """The question asks about what someone in a role did ("how many years did his lawyers ask
    for") and the sentence names only others in roles ("a judge … sentenced him to 25 years"): its
    figure is another actor's. A sentence naming no role at all may still be about the asked one."""
    wanted, named = roles(question), roles(sentence)
    return bool(wanted and named) and not wanted & named


def _names_the_asked(span: Span, question: str) -> bool:
    asked = folded_words(question)
    words = [w for w in re.split(r"[\s-]+", span.text) if w[:1].isupper() and not roles(w)]
    return any(mentions(w, asked) for w in folded_words(" ".join(words)) if len(w) > 2)


def _all_spans(scored: Scored) -> tuple[Span, ...]:
    return spans(scored.text, scored.candidate.document.metadata.get("language", "en"))


def _only_relative_day(text: str) -> bool:
    words = folded_words(text)
    return bool(words) and words <= (WEEKDAYS | RELATIVE_DAYS | {"de", "the", "on", "op", "am", "le"})


def _names_another_organisation(span: Span, question: str, language: str) -> bool:
    """"SalesForce CEO Marc Benioff" for "who is the CEO of OpenAI": the title belongs to a company
    the question does not name. Only when the question names whose role it asks about ("CEO van
    OpenAI", "Binance-CEO"): "which chief executive wants…" asks for anyone's."""
    if not _OF_ORGANISATION.search(question) and not any(
            "-" in w and w[:1].isupper() and roles(w.split("-")[-1]) for w in question.split()):
        return False
    words = span.text.split()
    for i, word in enumerate(words[:-1]):
        if roles(word) and i > 0:
            prefix = " ".join(w for w in words[:i] if fold(w) not in _TITLE_MODIFIERS).split("-")[0]
            asked = folded_words(question)
            return not all(mentions(w, asked) for w in folded_words(prefix))
        if "-" in word and roles(word.split("-")[-1]):
            asked = folded_words(question)
            return not all(mentions(w, asked) for w in folded_words(word.split("-")[0]))
    return False


def _periods(text: str) -> set[str]:
    folded = folded_words(text)
    return {m for m in MONTHS if m in folded} | set(_YEAR.findall(text))


def _other_period(sentence: str, question: str) -> bool:
    """The question asks about a month or a year ("in October", "in 2023") and the sentence speaks
    of others only: its figure is another period's."""
    asked = _periods(question)
    if not asked:
        return False
    said = _periods(sentence)
    return bool(said) and not said & asked


def _about(scored: Scored, asked_names: list[str]) -> bool:
    """The sentence, or its passage just before it, names what the question is about."""
    document = scored.candidate.document
    offset = document.metadata.get("start", 0)
    start = max(0, scored.candidate.start - offset - CONTEXT_BEFORE)
    context = document.page_content[start:max(start, scored.candidate.start - offset)] + " " + scored.text
    words = folded_words(context)
    return any(mentions(name, words) for name in asked_names)


def _key(span: Span) -> frozenset[str]:
    if span.kind in NUMERIC_KINDS:
        return frozenset(number_values(span.text)) or frozenset({fold(span.text)})
    if span.kind in ("person", "name"):
        words = [w for w in span.text.replace("-", " ").split() if not roles(w) and w[:1].isupper()]
        return frozenset({fold(words[-1])}) if words else frozenset()
    return frozenset({fold(span.text).strip(" .,")})


def _weigh(candidate: AnswerCandidate, query: Query) -> None:
    """Independent reports and support: a report's best statement counts once; another outlet's
    statement that is the same agency sentence joins the report it copies."""
    reports: list[tuple[str, list[str], float]] = []  # (article, its stating sentences, best probability)
    for scored, _ in candidate.statements:
        article = scored.candidate.document.metadata["article_id"]
        home = next((r for r in reports if r[0] == article or any(same_copy(t, scored.text) for t in r[1])), None)
        if home is None:
            reports.append((article, [scored.text], scored.probability))
        else:
            home[1].append(scored.text)
    candidate.sources = len(reports)
    shares = [share for scored, _ in candidate.statements if (share := said_share(query, scored.candidate)) is not None]
    candidate.said = max(shares) if shares else None
    doubt = 1.0
    for _, _, probability in reports:
        doubt *= 1 - probability
    candidate.support = 1 - doubt


def _last_figure_counts(found: dict[tuple[str, frozenset[str]], AnswerCandidate], query: Query) -> None:
    """An article that updates its own figure ("500 … later 700") counts for its last value: its
    earlier statements of the same counted thing leave the candidate they supported."""
    by_article: dict[tuple[str, str], list[tuple[int, AnswerCandidate, Scored, Span]]] = {}
    for candidate in found.values():
        if candidate.kind != "number":
            continue
        for scored, span in candidate.statements:
            counted = shown(scored.text, span)[len(span.text.rstrip(".,;:")):].strip()
            if not counted:
                continue  # a bare number: what it counts is not known, so neither is what updates it
            article = scored.candidate.document.metadata["article_id"]
            position = scored.candidate.start + span.start
            by_article.setdefault((article, fold(counted)), []).append((position, candidate, scored, span))
    for statements in by_article.values():
        if len({id(c) for _, c, _, _ in statements}) < 2:
            continue
        last = max(statements, key=lambda s: s[0])[1]
        for _, candidate, scored, span in statements:
            if candidate is not last:
                candidate.statements = [(s, p) for s, p in candidate.statements if (s, p) != (scored, span)]
    for candidate in found.values():
        if candidate.kind == "number":
            _weigh(candidate, query)


# "Emmet Shear, de voormalige topman van Twitch, …": an appositive after the name, up to the clause's end.
_APPOSITIVE = re.compile(r"^,\s+([^,;:.()“”\"]{3,80}?)(?=[,;:.)]|\s+(?:en|and|und|et)\s|$)")
_TITLE_RUN = re.compile(r"(?:\b[\w-]+\s+){1,3}$")


def descriptions(query: Query, reading: Reading) -> list[AnswerCandidate]:
    """For "who is <name>": what the likely sentences say the person is — a title right before the
    name ("CTO Mira Murati") or an appositive naming a role right after it ("Emmet Shear, de
    voormalige topman van Twitch") — as candidates with their evidence, best supported first."""
    if not reading.sentences:
        return []
    asked = [fold(n) for n in asked_identity(query.search_text, query.language)]
    if not asked:
        return []
    best = reading.best.probability
    found: dict[frozenset[str], AnswerCandidate] = {}
    for scored in reading.sentences:
        if scored.probability < EVIDENCE_RATIO * best:
            continue
        for span in _describing(scored.text, asked):
            key = frozenset(roles(span.text))  # "CEO van OpenAI", "ex-CEO", "CEO": one role, one candidate
            candidate = found.setdefault(key, AnswerCandidate("role", key))
            candidate.statements.append((scored, span))
    for candidate in found.values():
        candidate.statements.sort(key=lambda statement: -statement[0].probability)
        _weigh(candidate, query)
    return sorted(found.values(), key=lambda c: -c.support)


def _describing(sentence: str, asked: list[str]) -> list[Span]:
    """The role phrases of ``sentence`` that describe the person whose name is ``asked``."""
    folded = fold(sentence)
    found = []
    for match in re.finditer(r"\b" + r"\W+".join(re.escape(w) for w in asked) + r"\b", folded):
        if len(folded) != len(sentence):
            break  # folding changed the offsets: leave this sentence rather than misquote it
        after = _APPOSITIVE.match(sentence[match.end():])
        if after and roles(after.group(1)):
            start = match.end() + after.start(1)
            found.append(Span(start, start + len(after.group(1)), after.group(1).strip(), "role"))
            continue
        before = _TITLE_RUN.search(sentence[:match.start()])
        if before:
            words = before.group().split()
            first = words.index(next((w for w in words if roles(w)), words[-1]))
            if first > 0 and words[first - 1][:1].isupper():
                first -= 1  # the organisation whose title it is: "Microsoft CEO"
            titled = words[first:]
            if roles(" ".join(titled)):
                text = " ".join(titled)
                start = match.start() - len(before.group()) + before.group().index(text)
                found.append(Span(start, start + len(text), text, "role"))
    return found

"""Extractive answers: the reader's best sentences, quoted verbatim with their offsets, arranged for
what the question wants.

- a fact: the short answer when the best sentence has one ("37 zetels"), then the sentences that
  answer, best first;
- the latest state ("who leads it now?"): the most recent dated sentence that answers first, then,
  when an earlier report said something else, that one with its date; "is he still…?" leads with
  the newest report that says the state ended ("no longer"), when one does;
- how it unfolded: one answering sentence per report, in date order.

The same sentence from several outlets (agency copy) is quoted once, citing all of them.
Grounded by construction; when the reader found no answering sentence, it says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.answer import Answer, Citation
from bot.answering.claims import claim
from bot.answering.wording import format_date, phrase, wording_language
from bot.question.intent import LATEST, TIMELINE
from bot.question.query import Query
from bot.question.words import fold
from bot.reading.ended import ended_statements
from bot.reading.reader import Reading, Scored, likely_in_language
from bot.reading.sentences import Candidate, same_copy
from bot.reading.spans import spans

# Which sentences count as answering, relative to the best one (tuned on the news tuning half).
QUOTE_RATIO = 0.6  # a fact answer also quotes sentences at least this likely, relative to the best
STATE_RATIO = 0.2  # a sentence this likely may state the latest or an earlier state
STATE_FLOOR = 0.05
TIMELINE_RATIO = 0.05
TIMELINE_ENTRIES = 5


@dataclass
class Quote:
    """One sentence as shown, and every report that has it (near-duplicates from other outlets)."""

    members: list[Scored]

    @property
    def lead(self) -> Scored:
        return self.members[0]

    @property
    def date(self) -> str | None:
        """The latest date any of its reports carries (what the answer shows)."""
        return max((m.date for m in self.members if m.date), default=None)

    @property
    def when(self) -> str:
        """What it is ordered by: its date, or an undated report's estimate ("" when none)."""
        return max((m.when or "" for m in self.members), default="")

    def holds(self, scored: Scored) -> bool:
        return any(m.candidate == scored.candidate for m in self.members)


def citation(n: int, candidate: Candidate) -> Citation:
    meta = candidate.document.metadata
    return Citation(
        n=n, article_id=meta["article_id"], title=meta["title"], date=meta.get("date"),
        source=meta["source"], quote=candidate.text, start=candidate.start, end=candidate.end,
        url=meta.get("url"),
    )


def group(sentences: Sequence[Scored]) -> list[Quote]:
    """Sentences merged into quotes, best first; a near-duplicate joins the quote it repeats."""
    quotes: list[Quote] = []
    for scored in sentences:
        home = next((q for q in quotes if same_copy(q.lead.text, scored.text)), None)
        if home is None:
            quotes.append(Quote([scored]))
        elif all(m.candidate.document.metadata["article_id"] != scored.candidate.document.metadata["article_id"]
                 for m in home.members):
            home.members.append(scored)
    return quotes


def _answering(reading: Reading, ratio: float, kind: str | None = None) -> list[Scored]:
    """Sentences at least ``ratio`` as likely as the best; of those, the ones holding exactly the kind
    of thing the question asks for (a full name for "who"), else any that answers it (a name), else all."""
    best = reading.best.probability
    likely = [s for s in reading.sentences if s.fits and s.probability >= ratio * best]
    return ([s for s in likely if s.answers and s.answers[0].kind == kind]
            or [s for s in likely if s.answers] or likely)


def fact_quotes(reading: Reading, max_quotes: int, kind: str | None = None) -> list[Quote]:
    return group(_answering(reading, QUOTE_RATIO, kind))[:max_quotes]


def _stating(reading: Reading, kind: str | None) -> list[Scored]:
    """Sentences that may state a state: at least STATE_RATIO as likely as the best one *in their
    language* and at least STATE_FLOOR; of those, the ones holding the asked kind of thing, else any
    that answers, else all."""
    likely = likely_in_language(reading, STATE_RATIO, STATE_FLOOR)
    return ([s for s in likely if any(a.kind == kind for a in s.answers)]
            or [s for s in likely if s.answers] or likely)


def state_quotes(reading: Reading, kind: str | None = None) -> list[Quote]:
    """The latest answering quote, and the best earlier one that says something else."""
    quotes = group(_stating(reading, kind))
    # Dates compare as text: a day ("2024-03-29") is later than its month alone ("2024-03"); on the
    # same date a report that carries it beats one whose date is estimated, and max keeps the
    # best-scored among the rest.
    latest = max(quotes, key=lambda q: (q.when, q.date is not None))
    earlier = [q for q in quotes if q.when and q.when[:7] < latest.when[:7] and _differs(q, latest)]
    return [latest, *earlier[:1]]


def _differs(quote: Quote, latest: Quote) -> bool:
    """An earlier report states another answer (a name, a number) than the latest one."""
    theirs = {fold(s.text) for s in quote.lead.answers}
    ours = {fold(s.text) for s in latest.lead.answers}
    return bool(theirs) and not theirs <= ours if ours else not same_copy(quote.lead.text, latest.lead.text)


def timeline_quotes(reading: Reading) -> list[Quote]:
    """The best answering sentence of each of the most likely reports on the same story as the best
    one (they name someone or something in common), at most one per month while other months have
    one — a story unfolds over time, and the many reports of its busiest week would fill the
    timeline — in date order."""
    story = _names_of(reading.best.candidate.document)
    per_article: dict[str, Scored] = {}
    for scored in _answering(reading, TIMELINE_RATIO):
        if story & _names_of(scored.candidate.document):
            per_article.setdefault(scored.candidate.document.metadata["article_id"], scored)
    quotes = group(list(per_article.values()))
    months: set[str] = set()
    spread = []
    for quote in quotes:
        month = (quote.date or "")[:7]
        if not month or month not in months:
            months.add(month)
            spread.append(quote)
    chosen = (spread + [q for q in quotes if q not in spread])[:TIMELINE_ENTRIES]
    return sorted(chosen, key=lambda q: (not q.when, q.when))  # reports with no date at all go last


def _names_of(document) -> frozenset[str]:
    """The names a passage mentions, folded: what tells one story from another."""
    language = document.metadata.get("language", "en")
    return frozenset(fold(s.text) for s in spans(document.page_content, language) if s.kind == "name")


def not_found(query: Query, key: str = "not_found") -> Answer:
    language = wording_language(query.language)
    return Answer(query.text, phrase(key, language), "extractive", language, False)


def compose(query: Query, reading: Reading, max_quotes: int = 3) -> Answer:
    """The extractive answer to ``query`` from ``reading``."""
    if not reading.found:
        return not_found(query)
    language = wording_language(query.language)
    mode = query.intent.when
    ended = ended_statements(query, reading) if mode == LATEST and query.intent.still else []
    if ended and query.intent.expects is None:  # a yes-no "still" question a report answers "no longer"
        quotes = _ended_quotes(ended, state_quotes(reading))
        labels = ["no_longer", "dated"]
    elif mode == LATEST:
        quotes = state_quotes(reading, query.intent.expects)
        labels = ["latest", "earlier"]
    elif mode == TIMELINE:
        quotes = timeline_quotes(reading)
        labels = ["dated"] * len(quotes)
    else:
        quotes = fact_quotes(reading, max_quotes, query.intent.expects)
        labels = ["plain"] * len(quotes)
    lead = None
    if mode != TIMELINE and not ended:
        lead = claim(query, reading, language, must_state=quotes[0].lead if mode == LATEST else None)
    if lead and mode != LATEST:
        quotes = _leading_with(quotes, lead.statement)[:max_quotes]
        labels = ["plain"] * len(quotes)
    lines = [phrase("short", language).format(answer=lead.text) if lead
             else phrase("timeline" if mode == TIMELINE else "intro", language)]
    citations: list[Citation] = []
    for quote, label in zip(quotes, labels):
        numbers = []
        for member in quote.members:
            citations.append(citation(len(citations) + 1, member.candidate))
            numbers.append(citations[-1].n)
        shown = f"“{quote.lead.text}” " + "".join(f"[{n}]" for n in numbers)
        when = format_date(quote.date, language) if quote.date else phrase("undated", language)
        prefix = {"plain": "", "dated": f"{when}: ", "latest": phrase("latest", language).format(date=when) + " ",
                  "earlier": phrase("earlier", language).format(date=when) + " ",
                  "no_longer": phrase("no_longer", language).format(date=when) + " "}[label]
        lines.append(prefix + shown)
    return Answer(query.text, "\n".join(lines), "extractive", language, True, tuple(citations),
                  short=lead.text if lead else None)


def _ended_quotes(ended: list[Scored], states: list[Quote]) -> list[Quote]:
    """The newest report that says the state ended, then the latest one stating it otherwise."""
    said_ended = group(ended)[0]
    other = next((q for q in states if not q.holds(said_ended.lead)), None)
    return [said_ended, *([other] if other else [])]


def _leading_with(quotes: list[Quote], statement: Scored) -> list[Quote]:
    """The quotes, the one that states the short answer first (it is added when not among them)."""
    home = next((q for q in quotes if q.holds(statement)), None)
    if home is None:
        home = next((q for q in group([statement])), None)
    return [home, *(q for q in quotes if q is not home)]

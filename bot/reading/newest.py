"""The story in time: a question about the present reads its story's newest reports (issue 19).

Similarity ranks a story's many early reports above the few later ones, so the report that states
the present is often not among the retrieved passages; nor, for how a story unfolded, the reports of
its quieter months. The leading passages say which story the
question is about (index/stories.py); its newest reports' best passages join the reading (for a
timeline, one report of each month it misses). Each
passage also carries its report's date as the catalogue knows it — or, undated, the earliest date
of an outlet carrying the same agency copy, else its lower bound — so that the reader orders
reports by what is known, never by a guess.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from langchain_core.documents import Document

from index.catalogue import Catalogue

LEADING = 5  # the passages whose reports vote for the story the question is about
NEWEST_REPORTS = 4
PASSAGES_PER_REPORT = 2
SPREAD_REPORTS = 6  # a timeline's reports of months the retrieved passages miss


def leading_story(catalogue: Catalogue, documents: Sequence[Document]) -> str | None:
    """The story most of the leading passages belong to, the first ones weighing most."""
    ids = [d.metadata["article_id"] for d in documents[:LEADING]]
    stories = catalogue.stories_of(sorted(set(ids)))
    votes: Counter[str] = Counter()
    for rank, article_id in enumerate(ids):
        if story := stories.get(article_id):
            votes[story] += 1 / (rank + 1)
    return votes.most_common(1)[0][0] if votes else None


def newest_missing(catalogue: Catalogue, documents: Sequence[Document]) -> list[str]:
    """The newest reports of the leading story that none of ``documents`` comes from."""
    story = leading_story(catalogue, documents)
    if story is None:
        return []
    have = {d.metadata["article_id"] for d in documents}
    return [a for a in catalogue.newest_in_story(story, NEWEST_REPORTS) if a not in have]


def over_time_missing(catalogue: Catalogue, documents: Sequence[Document], count: int = SPREAD_REPORTS) -> list[str]:
    """Up to ``count`` reports of the leading story that none of ``documents`` comes from, one from
    each month the passages have no report of, earliest first: how a story unfolded spans its
    months, while similarity fills the reading with its busiest week."""
    story = leading_story(catalogue, documents)
    if story is None:
        return []
    members = catalogue.story_members(story)
    datings = catalogue.datings(members)
    month = {a: (date or not_before or "")[:7] for a, (date, not_before) in datings.items()}
    have = {d.metadata["article_id"] for d in documents}
    covered = {month.get(a, "") for a in have}
    by_month: dict[str, str] = {}
    for article_id in sorted(members, key=lambda a: month.get(a, "")):
        when = month.get(article_id, "")
        if when and when not in covered and article_id not in have:
            by_month.setdefault(when, article_id)
    return list(by_month.values())[:count]


def with_dates(catalogue: Catalogue, documents: Sequence[Document]) -> list[Document]:
    """The passages with ``known_date`` (their report's date as known, or its agency copy's) and
    ``not_before`` (an undated report's lower bound) in their metadata."""
    datings = catalogue.datings(sorted({d.metadata["article_id"] for d in documents}))
    agency = {a: catalogue.agency_date(a) for a, (date, _) in datings.items() if date is None}
    dated = []
    for document in documents:
        article_id = document.metadata["article_id"]
        date, not_before = datings.get(article_id, (None, None))
        date = date or agency.get(article_id)
        dated.append(Document(page_content=document.page_content, metadata={
            **document.metadata, "known_date": date, "not_before": None if date else not_before}))
    return dated

"""👍/👎 on answers: recorded durably with what was asked and answered, and the answer's run id (its
LangSmith trace, where tracing is on); ``newsbot feedback`` lists them."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from rich.console import Console
from rich.table import Table
from rich.text import Text

from bot.adapters.slack.answer_log import answer_record
from bot.adapters.slack.storage import STATE_FILE, SlackState
from bot.answer import Answer

VOTES = {"up": "👍", "down": "👎"}

_TABLES = sa.MetaData()
sa.Table("feedback", _TABLES,
         sa.Column("answer_id", sa.Text, primary_key=True), sa.Column("user", sa.Text, primary_key=True),
         sa.Column("vote", sa.Text, sa.CheckConstraint("vote IN ('up', 'down')"), nullable=False),
         sa.Column("recorded_at", sa.Float, nullable=False), sa.Column("channel", sa.Text, nullable=False),
         sa.Column("answer_json", sa.Text, nullable=False))


class FeedbackLog:
    """One vote per person per answer; voting again replaces the earlier vote."""

    def __init__(self, state: SlackState) -> None:
        self._state = state
        state.ensure(_TABLES)

    def record(self, answer_id: str, answer: Answer, user: str, vote: str, channel: str) -> None:
        if vote not in VOTES:
            raise ValueError(f"unknown vote {vote!r}")
        with self._state.connect() as db:
            db.execute(
                sa.text('INSERT INTO feedback (answer_id, "user", vote, recorded_at, channel, answer_json) '
                     "VALUES (:answer_id, :user, :vote, :at, :channel, :answer) "
                     'ON CONFLICT (answer_id, "user") DO UPDATE SET vote = excluded.vote, recorded_at = excluded.recorded_at'),
                {"answer_id": answer_id, "user": user, "vote": vote, "at": time.time(), "channel": channel,
                 "answer": answer_record(answer)},
            )

    def entries(self) -> list[dict]:
        """Every vote, oldest first: when, who, where, the vote, and the question/answer/citations."""
        with self._state.connect() as db:
            rows = db.execute(sa.text('SELECT * FROM feedback ORDER BY recorded_at, answer_id, "user"')).mappings().all()
        return [
            {
                "recorded_at": datetime.fromtimestamp(row["recorded_at"], UTC).isoformat(timespec="seconds"),
                "vote": row["vote"], "user": row["user"], "channel": row["channel"],
                "answer_id": row["answer_id"], **json.loads(row["answer_json"]),
            }
            for row in rows
        ]


def print_feedback(settings, console: Console, as_json: bool) -> None:
    """``newsbot feedback``: a table, or one JSON object per line."""
    location = settings.database(STATE_FILE)
    exists = not isinstance(location, Path) or location.exists()  # listing creates no file
    entries = FeedbackLog(SlackState(location)).entries() if exists else []
    if as_json:
        for entry in entries:
            console.print(json.dumps(entry, ensure_ascii=False), markup=False, highlight=False, soft_wrap=True)
        return
    if not entries:
        console.print("No feedback yet.")
        return
    table = Table(title=f"Feedback on newsbot's answers ({len(entries)})")
    for column in ("when (UTC)", "vote", "user", "question", "answer", "sources"):
        table.add_column(column, overflow="fold")
    for entry in entries:
        sources = ", ".join(dict.fromkeys(c["title"] for c in entry["citations"]))
        cells = (entry["recorded_at"].replace("+00:00", ""), VOTES[entry["vote"]], entry["user"],
                 entry["question"], entry["answer"], sources)
        table.add_row(*(Text(cell) for cell in cells))  # Text: "[1]" in an answer is not markup
    console.print(table)

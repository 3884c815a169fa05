"""Answers given in Slack, kept so a button click days later (share, 👍/👎) knows what it is about."""

from __future__ import annotations

import json
import time
import uuid

from sqlalchemy import Column, Float, MetaData, Table, Text, text

from bot.adapters.slack.storage import SlackState
from bot.answer import Answer, Citation

_TABLES = MetaData()
Table("answers", _TABLES,
      Column("answer_id", Text, primary_key=True), Column("answered_at", Float, nullable=False),
      Column("channel", Text, nullable=False), Column("user", Text, nullable=False),
      Column("answer_json", Text, nullable=False))


def answer_from_json(payload: dict) -> Answer:
    """The inverse of ``Answer.to_json``."""
    return Answer(
        question=payload["question"], text=payload["answer"], mode=payload["mode"],
        language=payload["language"], found=payload["found"],
        citations=tuple(Citation(**c) for c in payload["citations"]), notice=payload.get("notice"),
        run_id=payload.get("run_id"),
    )


def answer_record(answer: Answer) -> str:
    """What is stored of an answer: its ``ask --json`` object, and its run id when it has one."""
    return json.dumps({**answer.to_json(), **({"run_id": answer.run_id} if answer.run_id else {})},
                      ensure_ascii=False)


class AnswerLog:
    def __init__(self, state: SlackState) -> None:
        self._state = state
        state.ensure(_TABLES)

    def record(self, answer: Answer, channel: str, user: str) -> str:
        """Keep ``answer``; its id goes into the message's buttons."""
        answer_id = uuid.uuid4().hex
        with self._state.connect() as db:
            db.execute(
                text('INSERT INTO answers (answer_id, answered_at, channel, "user", answer_json) '
                     "VALUES (:answer_id, :at, :channel, :user, :answer)"),
                {"answer_id": answer_id, "at": time.time(), "channel": channel, "user": user,
                 "answer": answer_record(answer)},
            )
        return answer_id

    def get(self, answer_id: str) -> Answer | None:
        with self._state.connect() as db:
            row = db.execute(text("SELECT answer_json FROM answers WHERE answer_id = :id"), {"id": answer_id}).first()
        return answer_from_json(json.loads(row.answer_json)) if row else None

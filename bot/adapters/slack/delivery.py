"""From a question to messages in Slack: ask the service, render, post — or say plainly why not."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from contextlib import contextmanager

from langchain_core.messages import BaseMessage

from bot.adapters.slack.answer_log import AnswerLog
from bot.adapters.slack.blocks import answer_messages, notice_message
from bot.adapters.slack.posting import Place, PrivatePlace
from bot.adapters.slack.streaming import StreamingReply, UpdateThrottle
from bot.answer import Answer
from bot.answering.wording import phrase
from bot.question.conversation import conversation_language
from index.errors import NewsbotError

log = logging.getLogger(__name__)


@contextmanager
def told_on_failure(tell: Callable[[dict], object], language: str, what: str, where: str, failures=None):
    """Anything that goes wrong inside is logged, counted (``failures``, a metric) and told to the
    asker (``tell``): never silence."""
    try:
        yield
    except Exception:
        log.exception("%s in %s failed", what, where)
        if failures is not None:
            failures.inc()
        try:
            tell(notice_message(phrase("failed", language)))
        except Exception:
            log.exception("could not tell the asker in %s that %s failed", where, what)


class AnswerDelivery:
    """Asks the answer service and posts what comes back: the answer with its sources and buttons."""

    def __init__(self, service, answers: AnswerLog, metrics, stream_interval: float = 1.0) -> None:
        self.service = service
        self.answers = answers
        self.metrics = metrics
        self.stream_interval = stream_interval

    def in_conversation(self, place: Place, question: str, history: Sequence[BaseMessage], *,
                        user: str, question_ts: str) -> None:
        """A mention or a DM: a reaction while working, a preview while an LLM streams, then the answer.
        A failure notice is worded in the language the answer would have been (decided the same way)."""
        language = conversation_language(question, history)
        stream = StreamingReply(place, language, UpdateThrottle(self.stream_interval))
        place.mark_working(question_ts)
        try:
            with told_on_failure(lambda notice: stream.finish([notice]), language, "answering", place.channel,
                                 self.metrics.slack_failed):
                self._deliver(stream.finish, question, history, place.channel, user, stream.on_token, share=False)
        finally:
            place.unmark_working(question_ts)

    def privately(self, place: PrivatePlace, question: str, user: str) -> None:
        """A /newsbot answer, seen by the asker only, with a button to share it."""
        language = conversation_language(question, ())
        with told_on_failure(place.post, language, "answering privately", place.channel, self.metrics.slack_failed):
            self._deliver(lambda messages: [place.post(m) for m in messages], question, (), place.channel,
                          user, on_token=None, share=True)

    def _deliver(self, send: Callable[[list[dict]], object], question: str, history: Sequence[BaseMessage],
                 channel: str, user: str, on_token, share: bool) -> None:
        started = time.monotonic()
        try:
            answer: Answer = self.service.answer(question, history, on_token=on_token)
        except NewsbotError as error:  # the asker's to fix: tell them, in one line
            log.info("question in %s refused: %s", channel, error)
            send([notice_message(str(error))])
            return
        answer_id = self.answers.record(answer, channel, user)
        posting = time.monotonic()
        send(answer_messages(answer, answer_id, share=share))
        posted = time.monotonic()
        self.metrics.steps.labels("post").observe(posted - posting)
        log.info("posted answer %s in %s: %d earlier message(s), post %d ms, %.2f s in all", answer_id, channel,
                 len(history), round((posted - posting) * 1000), posted - started)

"""The Bolt listeners: acknowledge at once, then do the work in a lazy listener (Bolt runs it in a thread).

Each listener reads what it needs from the event and hands over to ``AnswerDelivery``, the stores,
and the templates in ``blocks``.
"""

from __future__ import annotations

import logging
import re

from slack_bolt import App, BoltResponse
from slack_sdk.errors import SlackApiError

from bot.adapters.slack.adding import ArticleAdder, add_request
from bot.adapters.slack.answer_log import AnswerLog
from bot.adapters.slack.blocks import FEEDBACK_DOWN, FEEDBACK_UP, SHARE, answer_messages, notice_message
from bot.adapters.slack.dedupe import EventLog, event_keys
from bot.adapters.slack.delivery import AnswerDelivery, told_on_failure
from bot.adapters.slack.feedback import FeedbackLog
from bot.adapters.slack.posting import Place, PrivatePlace, api_error
from bot.adapters.slack.threads import earlier_conversation, plain_text, sent_by_a_person
from bot.answering.wording import phrase
from bot.question.conversation import conversation_language
from bot.question.intent import TIMELINE_COMMANDS, timeline_question

log = logging.getLogger(__name__)

COMMAND = "/newsbot"


def is_direct(event: dict) -> bool:
    """A one-to-one DM with the bot (DM channel ids start with D)."""
    return event.get("channel_type") == "im" or str(event.get("channel", "")).startswith("D")


def from_a_person(event: dict) -> bool:
    """Bolt matcher: not a bot, not an edit or other message subtype."""
    return sent_by_a_person(event)


def acknowledge(ack) -> None:
    ack()


class Listeners:
    def __init__(self, delivery: AnswerDelivery, events: EventLog, answers: AnswerLog, feedback: FeedbackLog,
                 allowed_channels: list[str], adder: ArticleAdder, metrics, tracing=None) -> None:
        self.delivery = delivery
        self.metrics = metrics
        self.tracing = tracing  # bot.ops.tracing.Tracing: votes go to the traced run too
        self.adder = adder
        self.events = events
        self.answers = answers
        self.feedback = feedback
        self.allowed_channels = set(allowed_channels)

    def register(self, app: App) -> None:
        app.use(self.count_received)
        once = [self.accept_once]
        app.event("app_mention", matchers=[from_a_person], middleware=once)(ack=acknowledge, lazy=[self.answer_message])
        app.event("message", matchers=[is_direct, from_a_person], middleware=once)(
            ack=acknowledge, lazy=[self.answer_message])
        app.event("app_mention")(acknowledge)  # from bots: acknowledged, not answered
        app.event("message")(acknowledge)  # edits, deletions, bots, channel messages: not for us
        app.command(COMMAND)(ack=self.acknowledge_command, lazy=[self.answer_command])
        app.action(SHARE)(ack=acknowledge, lazy=[self.share_answer])
        app.action(re.compile(f"^({FEEDBACK_UP}|{FEEDBACK_DOWN})$"))(ack=acknowledge, lazy=[self.record_feedback])

    # -- events -----------------------------------------------------------------------------
    def count_received(self, body: dict, next) -> None:
        """Global middleware: every signed request Slack sends, by kind."""
        kind = (body.get("event") or {}).get("type") or ("command" if body.get("command") else body.get("type"))
        self.metrics.slack_received.labels(kind or "other").inc()
        next()

    def accept_once(self, body: dict, request, next) -> BoltResponse | None:
        """Listener middleware: a delivery seen before (a retry) is acknowledged and dropped.

        Runs before the ack, in the request: the record exists before any answer is posted.
        """
        retry = request.headers.get("x-slack-retry-num", [None])[0]
        if not self.events.claim(event_keys(body)):
            log.info("event %s already taken on (retry %s): acknowledged, not answered again",
                     body.get("event_id"), retry or "-")
            self.metrics.slack_deduplicated.inc()
            return BoltResponse(status=200, body="")
        if retry:
            log.info("event %s arrived as retry %s (%s); not seen before, so answering it", body.get("event_id"),
                     retry, request.headers.get("x-slack-retry-reason", ["?"])[0])
        next()
        return None

    def allowed(self, channel: str, direct: bool) -> bool:
        """DMs always; channels when no allow-list is set, or when they are on it."""
        return direct or not self.allowed_channels or channel in self.allowed_channels

    def answer_message(self, event: dict, client, context) -> None:
        """A mention (answered in its thread) or a DM (answered in the DM, or in its thread there)."""
        direct = is_direct(event)
        place = Place(client, event["channel"], event.get("thread_ts") or (None if direct else event["ts"]))
        question = plain_text(event.get("text", ""), context.bot_user_id)
        language = conversation_language(question, ())
        with told_on_failure(place.post, language, "answering a message", place.channel, self.metrics.slack_failed):
            if not self.allowed(event["channel"], direct):
                log.info("refused a question in %s: not on NEWSBOT_SLACK_CHANNELS", event["channel"])
                place.post(notice_message(phrase("channel_refused", language)))
                return
            if request := add_request(event.get("text", "")):
                url, verb_language = request
                self.adder.add(place, url, event["user"], verb_language)
                return
            self.delivery.in_conversation(place, question, self.history(client, event, context, direct),
                                          user=event["user"], question_ts=event["ts"])

    def history(self, client, event: dict, context, direct: bool):
        """The conversation so far; if Slack will not give it, answer without (logged)."""
        try:
            return earlier_conversation(client, event, context.bot_user_id, context.bot_id, direct)
        except Exception as error:
            log.warning("no conversation history for %s: %s", event["channel"], api_error(error))
            return []

    # -- /newsbot ---------------------------------------------------------------------------
    def command_question(self, command: dict) -> tuple[str, str, str | None]:
        """The question, its language, and why it will not be answered (a phrase key), if so."""
        question = plain_text(command.get("text", ""))
        first, _, rest = question.partition(" ")
        if first.casefold() in TIMELINE_COMMANDS:  # "/newsbot timeline <words>": how the story unfolded
            question = timeline_question(rest, conversation_language(rest, ())) if rest.strip() else ""
        language = conversation_language(question, ())
        direct = command.get("channel_name") == "directmessage" or command.get("channel_id", "").startswith("D")
        if not question:
            return question, language, "usage"
        if not self.allowed(command.get("channel_id", ""), direct):
            return question, language, "channel_refused"
        return question, language, None

    def acknowledge_command(self, ack, command: dict) -> None:
        """Within 3 s: say we are on it (or why not) — only the asker sees it."""
        _, language, refusal = self.command_question(command)
        ack(response_type="ephemeral", text=phrase(refusal or "searching", language))

    def answer_command(self, command: dict, client, respond) -> None:
        question, _, refusal = self.command_question(command)
        if refusal:
            return  # the acknowledgement said why
        place = PrivatePlace(client, command["channel_id"], command["user_id"], respond)
        self.delivery.privately(place, question, command["user_id"])

    # -- buttons ----------------------------------------------------------------------------
    def clicked(self, body: dict, action: dict, client, respond, thread_ts: str | None = None):
        """What a button click is about: its answer (None once forgotten), the language to reply in,
        and the clicker's private place to reply."""
        answer = self.answers.get(action["value"])
        private = PrivatePlace(client, body["channel"]["id"], body["user"]["id"], respond, thread_ts=thread_ts)
        return answer, answer.language if answer else "en", private

    def share_answer(self, body: dict, action: dict, client, respond) -> None:
        """Post a private answer in the channel, once, and remove the private copy."""
        answer_id, user, channel = action["value"], body["user"]["id"], body["channel"]["id"]
        answer, language, private = self.clicked(body, action, client, respond)
        with told_on_failure(private.post, language, "sharing an answer", channel, self.metrics.slack_failed):
            if answer is None:
                private.post(notice_message(phrase("answer_gone", language)))
                return
            if not self.events.claim([f"share:{answer_id}"]):
                log.info("answer %s was shared already", answer_id)
                return
            try:
                for message in answer_messages(answer, answer_id, asked_by=user):
                    Place(client, channel).post(message)
            except SlackApiError as error:
                self.events.release([f"share:{answer_id}"])
                log.warning("could not share answer %s in %s: %s", answer_id, channel, api_error(error))
                private.post(notice_message(phrase("share_failed", language)))
                return
            self.remove_private_copy(respond)

    @staticmethod
    def remove_private_copy(respond) -> None:
        """Best effort: the shared copy is what matters; a stale private one is harmless."""
        try:
            respond(delete_original=True)
        except Exception as error:
            log.info("could not remove the private copy of a shared answer: %s", error)

    def record_feedback(self, body: dict, action: dict, client, respond) -> None:
        """Keep the vote with the question, answer and citations; thank the voter privately."""
        answer_id, user, channel = action["value"], body["user"]["id"], body["channel"]["id"]
        answer, language, private = self.clicked(body, action, client, respond,
                                                 thread_ts=(body.get("message") or {}).get("thread_ts"))
        with told_on_failure(private.post, language, "recording feedback", channel, self.metrics.slack_failed):
            if answer is None:
                private.post(notice_message(phrase("answer_gone", language)))
                return
            vote = "up" if action["action_id"] == FEEDBACK_UP else "down"
            self.feedback.record(answer_id, answer, user, vote, channel)
            log.info("feedback %s on answer %s (run %s)", vote, answer_id, answer.run_id or "-")
            if self.tracing is not None:
                self.tracing.feedback(answer.run_id, vote)
            private.post(notice_message(phrase("feedback_thanks", language)))

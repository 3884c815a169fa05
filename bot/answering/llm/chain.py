"""The LLM answer mode as LangChain runnables: the reader's passages → prompt → model (streamed) →
parse → verify → Answer, falling back to the extractive answer when the model fails or its answer
cannot be verified.

It takes the service's :class:`~bot.state.Turn` after reading: the question (its language decided
once), the reader's relevant passages and verdict, and ``on_token``. A question the reader found no
answer to gets the same "not found" as in extractive mode, without asking the model.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from langchain_core.runnables import Runnable, RunnableConfig, RunnableLambda

from bot.answer import Answer
from bot.answering.extractive import compose, not_found
from bot.answering.llm.compose import compose_llm_answer
from bot.answering.llm.generate import Generator, ModelUnavailable, NoAnswer
from bot.answering.llm.limits import Limits
from bot.answering.llm.model import ChatModels
from bot.answering.llm.parse import MalformedReply, Reply, parse_reply
from bot.answering.llm.prompt import ANSWER_PROMPT, answer_inputs, within_budget
from bot.answering.llm.rewrite import question_rewrite_step
from bot.answering.llm.verify import ClaimVerifier, Unverified
from bot.answering.wording import phrase
from bot.question.query import Query
from bot.reading.reader import STRICT_KINDS
from bot.reading.spans import answers
from bot.settings import Settings
from bot.state import Turn
from index.language import SUPPORTED, detect_language

log = logging.getLogger("newsbot.llm")


def llm_steps(settings: Settings, service) -> tuple[Runnable, Runnable]:
    """(before retrieval: rewrite a follow-up; after reading: the LLM answer), sharing one model."""
    models = ChatModels(settings)
    return question_rewrite_step(models), llm_answer_step(settings, service, models)


def check_language(reply: Reply, language: str) -> None:
    """An answer in another language than the asker's is not shown (detectable languages only)."""
    if language not in SUPPORTED:
        return
    written = detect_language(" ".join(claim.text for claim in reply.claims), default=language)
    if written != language:
        raise Unverified(f"the answer is in {written}, the question in {language}")


def check_gives_asked_figure(query: Query, sentences: list[str]) -> None:
    """Asked how many, how much or which share, an answer that states no such figure is true but no
    answer ("Microsoft is a large shareholder" for "which share does Microsoft own?"): the quotes,
    which hold it, answer better."""
    kind = query.intent.expects
    if kind in STRICT_KINDS and not any(answers(s, query.language, kind, query.search_text) for s in sentences):
        raise Unverified(f"the answer gives no {kind}, which the question asks for")


@dataclass(frozen=True)
class Draft:
    """A turn with the passages sent (numbered from 1), the model's reply, and that reply as claims."""

    turn: Turn
    passages: tuple = ()
    reply: str = ""
    parsed: Reply | None = None


def failure_counter(service):
    """``reason → None`` counting into the service's newsbot_llm_failures_total, if it has metrics."""
    metrics = getattr(service, "metrics", None)
    return (lambda reason: metrics.llm_failures.labels(reason).inc()) if metrics else (lambda reason: None)


def llm_answer_step(settings: Settings, service, models: ChatModels | None = None) -> Runnable:
    """Turn (after reading) → a verified Answer; ``service`` gives the embeddings and the extractive answer."""
    models = models or ChatModels(settings)
    generate = Generator(ANSWER_PROMPT, models, Limits.of(settings), on_failure=failure_counter(service))
    verifier = ClaimVerifier.for_embeddings(service.embeddings)

    def reply(turn: Turn, config: RunnableConfig) -> Draft:
        if turn.model_unavailable:  # the rewrite step already waited for it in vain
            raise ModelUnavailable(turn.model_unavailable)
        query = turn.query
        passages = within_budget(turn.reading.passages, settings.llm_max_passages, settings.llm_max_prompt_chars)
        prompt_inputs = answer_inputs(query.text, query.language, passages, query.history)
        return Draft(turn, passages, generate(prompt_inputs, turn.on_token, config))

    def parse(draft: Draft) -> Draft:
        return replace(draft, parsed=parse_reply(draft.reply, len(draft.passages), draft.turn.query.language))

    def verify(draft: Draft) -> Answer:
        query, parsed = draft.turn.query, draft.parsed
        if parsed.not_found:
            return replace(not_found(query), mode="llm")
        check_language(parsed, query.language)
        verdicts = verifier.verify(parsed.claims, draft.passages, query.language)
        supported = sum(v.supported for v in verdicts)
        for verdict in verdicts:
            if not verdict.supported:
                log.info("dropped %r: %s", verdict.claim.text, verdict.reason)
        if supported == 0 or supported < len(verdicts) - supported:
            reasons = "; ".join(sorted({v.reason for v in verdicts if v.reason}))
            raise Unverified(f"{len(verdicts) - supported} of {len(verdicts)} sentences unsupported ({reasons})")
        check_gives_asked_figure(query, [v.claim.text for v in verdicts if v.supported])
        notice = phrase("llm_partial", query.language) if supported < len(verdicts) else None
        return compose_llm_answer(query.text, query.language, verdicts, notice)

    def extractive_fallback(turn: Turn, error: BaseException) -> Answer:
        if isinstance(error, NoAnswer):  # the server's fault: what came back is in the message
            log.warning("the model server sent no usable answer, answering extractively: %s", error)
        elif isinstance(error, ModelUnavailable):
            log.warning("model unavailable, answering extractively: %s", error)
        elif isinstance(error, (Unverified, MalformedReply)):
            log.info("LLM answer not verified, answering extractively: %s", error)
        else:  # a bug or an unexpected model error: still an answer for the user, but loudly logged
            log.error("LLM answer failed, answering extractively", exc_info=error)
        answer = service.answer_extractively(turn)
        key = ("llm_no_answer" if isinstance(error, NoAnswer) else
               "llm_unavailable" if isinstance(error, ModelUnavailable) else "fallback")
        return replace(answer, notice=phrase(key, answer.language))

    model_answer = (RunnableLambda(reply, name="generate") | RunnableLambda(parse, name="parse")
                    | RunnableLambda(verify, name="verify"))

    def answer(turn: Turn, config: RunnableConfig) -> Answer:
        if not turn.reading.found:
            return compose(turn.query, turn.reading)
        try:
            return model_answer.invoke(turn, config=config)
        except Exception as error:
            return extractive_fallback(turn, error)

    return RunnableLambda(answer, name="llm_answer")

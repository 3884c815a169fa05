"""The LLM answer mode as LangChain runnables: relevant passages → prompt → model (streamed) →
parse → verify → Answer, falling back to the extractive answer when the model fails or its
answer cannot be verified.

Input (from the service's chain): ``question``, ``history``, ``language``, ``documents`` (the
retrieved passages), ``on_token``, and from the rewrite step ``standalone_question`` and
possibly ``model_unavailable``.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from langchain_core.runnables import Runnable, RunnableBranch, RunnableConfig, RunnableLambda, RunnablePassthrough

from bot.answer import Answer
from bot.extractive import ExtractiveAnswerer
from bot.llm.compose import compose_llm_answer
from bot.llm.generate import Generator, ModelUnavailable
from bot.llm.model import ChatModels
from bot.llm.parse import MalformedReply, Reply, parse_reply
from bot.llm.prompt import ANSWER_PROMPT, answer_inputs
from bot.llm.rewrite import question_rewrite_step
from bot.llm.verify import ClaimVerifier, Unverified
from bot.settings import Settings
from bot.wording import phrase, wording_language
from index.language import SUPPORTED, detect_language

log = logging.getLogger("newsbot.llm")


def llm_steps(settings: Settings, answerer: ExtractiveAnswerer) -> tuple[Runnable, Runnable]:
    """(before retrieval: rewrite a follow-up; after retrieval: the LLM answer), sharing one model."""
    models = ChatModels(settings)
    return question_rewrite_step(models), llm_answer_step(settings, answerer, models)


def check_language(reply: Reply, language: str) -> None:
    """An answer in another language than the asker's is not shown (detectable languages only)."""
    if language not in SUPPORTED:
        return
    written = detect_language(" ".join(claim.text for claim in reply.claims), default=language)
    if written != language:
        raise Unverified(f"the answer is in {written}, the question in {language}")


def llm_answer_step(settings: Settings, answerer: ExtractiveAnswerer, models: ChatModels | None = None) -> Runnable:
    """``{question, history, language, documents, on_token, …}`` → a verified Answer."""
    models = models or ChatModels(settings)
    generate = Generator(ANSWER_PROMPT, models, settings.llm_timeout)
    verifier = ClaimVerifier.for_embeddings(answerer.embeddings)

    def relevant_passages(inputs: dict) -> list:
        """The passages the extractive answerer would consider relevant: the same "found" line."""
        return answerer.relevant(inputs)

    def reply(inputs: dict, config: RunnableConfig) -> str:
        if inputs.get("model_unavailable"):  # the rewrite step already waited for it in vain
            raise ModelUnavailable(inputs["model_unavailable"])
        prompt_inputs = answer_inputs(inputs["question"], inputs["language"], inputs["passages"],
                                      inputs.get("history") or ())
        return generate(prompt_inputs, inputs.get("on_token"), config)

    def parse(inputs: dict) -> Reply:
        return parse_reply(inputs["reply"], len(inputs["passages"]), inputs["language"])

    def verify(inputs: dict) -> Answer:
        question, language, parsed = inputs["question"], inputs["language"], inputs["parsed"]
        if parsed.not_found:
            wording = wording_language(language)
            return Answer(question, phrase("not_found", wording), "llm", wording, False)
        check_language(parsed, language)
        verdicts = verifier.verify(parsed.claims, inputs["passages"], language)
        supported = sum(v.supported for v in verdicts)
        for verdict in verdicts:
            if not verdict.supported:
                log.info("dropped %r: %s", verdict.claim.text, verdict.reason)
        if supported == 0 or supported < len(verdicts) - supported:
            reasons = "; ".join(sorted({v.reason for v in verdicts if v.reason}))
            raise Unverified(f"{len(verdicts) - supported} of {len(verdicts)} sentences unsupported ({reasons})")
        notice = phrase("llm_partial", language) if supported < len(verdicts) else None
        return compose_llm_answer(question, language, verdicts, notice)

    def fallback(inputs: dict) -> Answer:
        error = inputs["error"]
        if isinstance(error, ModelUnavailable):
            log.warning("model unavailable, answering extractively: %s", error)
        elif isinstance(error, (Unverified, MalformedReply)):
            log.info("LLM answer not verified, answering extractively: %s", error)
        else:  # a bug or an unexpected model error: still an answer for the user, but loudly logged
            log.error("LLM answer failed, answering extractively", exc_info=error)
        answer = answerer(inputs)
        key = "llm_unavailable" if isinstance(error, ModelUnavailable) else "fallback"
        return replace(answer, notice=phrase(key, answer.language))

    llm_answer = (
        RunnablePassthrough.assign(reply=RunnableLambda(reply, name="generate"))
        | RunnablePassthrough.assign(parsed=RunnableLambda(parse, name="parse"))
        | RunnableLambda(verify, name="verify")
    ).with_fallbacks([RunnableLambda(fallback, name="extractive_fallback")], exception_key="error")
    return (
        RunnablePassthrough.assign(passages=RunnableLambda(relevant_passages, name="relevant_passages"))
        | RunnableBranch(
            (lambda inputs: not inputs["passages"], RunnableLambda(answerer, name="extractive_answer")),
            llm_answer,
        )
    ).with_config(run_name="llm_answer")

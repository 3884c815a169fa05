"""Issue 21: LLM mode against the servers met in practice, each played by the loopback stand-in —
one that ignores ``stream: true`` and sends plain JSON, one that answers 200 with empty content,
one slow to its first token, one that stalls mid-reply — and the prompt budget.

The real service and index, LangChain's real OpenAI client; the test sets what the server does next.
"""

from __future__ import annotations

import logging
import time

import pytest

from bot.answering.wording import phrase
from tests.conftest import make_settings
from tests.llm.script import cite, last_user_message, passages
from tests.llm.stand_in import Reply

QUESTIONS = {"en": "Who became interim CEO after Mira Murati?", "nl": "Wie werd interim-CEO na Mira Murati?",
             "de": "Wer wurde nach Mira Murati Interims-CEO?"}
LIMITS = {"llm_first_token_timeout": 1.0, "llm_token_timeout": 0.5, "llm_timeout": 4.0}


def shear(request: dict) -> str:
    return f"Emmet Shear, the former head of Twitch, became interim CEO after Mira Murati [{cite(request, 'Emmet Shear')}]."


class Stage:
    """What the stand-in does with the next answer requests: ``stage.play(request → Reply)``."""

    def __init__(self) -> None:
        self.behaviour = lambda request: Reply(shear(request))

    def play(self, behaviour) -> None:
        self.behaviour = behaviour

    def __call__(self, request: dict, server) -> Reply:
        if "<passages>" not in last_user_message(request):
            return Reply(last_user_message(request).split(":", 1)[-1].strip())
        return self.behaviour(request)


@pytest.fixture(scope="module")
def stage():
    return Stage()


@pytest.fixture
def make_service(embeddings, llm_data_dir, server):
    """A fresh LLM-mode service on the shared index; making one closes the one before (the store is
    locked per folder)."""
    from bot.service import NewsbotService

    made = []

    def make(**settings):
        while made:
            made.pop().close()
        values = {"llm": "openai:stand-in", "llm_base_url": server.base_url, "llm_api_key": "test-key",
                  **LIMITS, **settings}
        made.append(NewsbotService(make_settings(llm_data_dir, **values), embeddings=embeddings))
        return made[-1]

    yield make
    for service in made:
        service.close()


def failures(service, reason: str) -> float:
    return service.metrics.registry.get_sample_value("newsbot_llm_failures_total", {"reason": reason}) or 0.0


def hung_up_after(server, asked: float) -> float | None:
    """Seconds from the request's arrival until the server saw the client leave (it polls the
    connection every 50 ms), or None when it did not within two seconds (bounds allow for a busy machine)."""
    for _ in range(40):
        later = [t - asked for t in server.hangups if t >= asked]
        if later:
            return later[0]
        time.sleep(0.05)
    return None


def answer_requests(server, since: int) -> list[dict]:
    return [r for r in server.requests[since:] if "<passages>" in last_user_message(r)]


def test_a_server_that_does_not_stream_is_asked_again_without_streaming(make_service, server, stage, caplog):
    service = make_service()
    stage.play(lambda request: Reply(shear(request), streams=False))
    before = len(server.requests)
    tokens: list[str] = []
    with caplog.at_level(logging.WARNING, logger="newsbot.llm"):
        answer = service.answer(QUESTIONS["en"], on_token=tokens.append)
    assert (answer.mode, answer.found, answer.notice) == ("llm", True, None)
    assert answer.text.startswith("Emmet Shear") and tokens and tokens[-1].startswith("Emmet Shear")
    assert [r.get("stream", False) for r in answer_requests(server, before)] == [True, False]
    warning = next(r.getMessage() for r in caplog.records if "without streaming" in r.getMessage())
    assert "HTTP 200, application/json, first bytes '{\"id\"" in warning
    assert failures(service, "not_streaming") == 1
    # from now on it is asked without streaming: one request per answer
    before = len(server.requests)
    assert service.answer(QUESTIONS["en"]).mode == "llm"
    assert [r.get("stream", False) for r in answer_requests(server, before)] == [False]
    assert failures(service, "not_streaming") == 1


def test_a_non_streaming_server_that_answers_empty_is_a_server_fault(make_service, stage, caplog):
    """cyllama's bundled server, from its second request on: plain JSON, 200, empty content."""
    service = make_service()
    stage.play(lambda request: Reply("", streams=False))
    with caplog.at_level(logging.WARNING, logger="newsbot.llm"):
        answer = service.answer(QUESTIONS["en"])
    assert (answer.mode, answer.found, answer.notice) == ("extractive", True, phrase("llm_no_answer", "en"))
    assert answer.citations
    assert any("empty reply (HTTP 200, application/json" in r.getMessage() for r in caplog.records
               if r.levelno == logging.WARNING)
    assert (failures(service, "not_streaming"), failures(service, "empty")) == (1, 1)


def test_an_empty_streamed_reply_is_told_in_the_askers_language(make_service, stage, caplog):
    service = make_service()
    stage.play(lambda request: Reply(""))
    for language, question in QUESTIONS.items():
        with caplog.at_level(logging.WARNING, logger="newsbot.llm"):
            answer = service.answer(question)
        assert (answer.mode, answer.language, answer.notice) == (
            "extractive", language, phrase("llm_no_answer", language)), question
        assert answer.notice != phrase("fallback", language)
    assert failures(service, "empty") == 3
    assert all("text/event-stream" in r.getMessage() for r in caplog.records if "empty reply" in r.getMessage())


def test_a_first_token_later_than_its_limit_cancels_the_request(make_service, server, stage):
    service = make_service()
    stage.play(lambda request: Reply(shear(request), pauses={1: 10.0}))  # headers at once, then silence
    started = time.monotonic()
    answer = service.answer(QUESTIONS["en"])
    asked = server.arrivals[-1]
    assert (answer.mode, answer.notice) == ("extractive", phrase("llm_unavailable", "en"))
    assert 0.9 <= (hung_up_after(server, asked) or -1) < 3.0  # the server saw the client leave
    # long before the stalled reply would have gone on (10 s), with room for a busy machine's fallback
    assert time.monotonic() - started < 8.0
    assert failures(service, "first_token_timeout") == 1


def test_a_server_silent_before_its_headers_is_given_up_at_the_first_token_limit(make_service, server, stage):
    service = make_service()
    stage.play(lambda request: Reply(shear(request), delay=10.0))  # not even headers
    answer = service.answer(QUESTIONS["en"])
    asked = server.arrivals[-1]
    assert (answer.mode, answer.notice) == ("extractive", phrase("llm_unavailable", "en"))
    assert 0.9 <= (hung_up_after(server, asked) or -1) < 3.0
    assert failures(service, "first_token_timeout") + failures(service, "timeout") == 1


def test_a_slow_first_token_within_its_limit_is_waited_for(make_service, stage):
    """A local model reads the prompt for a long time, then writes steadily: the first-token limit
    is what allows for that, not a longer limit between tokens."""
    service = make_service(llm_first_token_timeout=3.0)
    stage.play(lambda request: Reply(shear(request), pauses={1: 1.5}, chunk_delay=0.05))
    answer = service.answer(QUESTIONS["en"])
    assert (answer.mode, answer.notice) == ("llm", None)
    assert failures(service, "first_token_timeout") == 0


def test_a_reply_that_stalls_between_tokens_is_cancelled(make_service, server, stage):
    service = make_service(llm_first_token_timeout=3.0)
    stage.play(lambda request: Reply(shear(request), pauses={4: 10.0}))  # three pieces, then silence
    tokens: list[str] = []
    answer = service.answer(QUESTIONS["en"], on_token=tokens.append)
    assert (answer.mode, answer.notice) == ("extractive", phrase("llm_unavailable", "en"))
    assert tokens and tokens[-1].startswith("Emmet Shear") and "[" not in tokens[-1]  # cut off mid-reply
    assert 0 < (hung_up_after(server, server.arrivals[-1]) or -1) < 3.0
    assert failures(service, "between_tokens_timeout") == 1


def test_the_prompt_budget_sends_the_few_best_passages(make_service, server, stage):
    stage.play(lambda request: Reply(shear(request)))
    full = make_service()
    before = len(server.requests)
    assert full.answer(QUESTIONS["en"]).mode == "llm"
    sent_all = passages(answer_requests(server, before)[-1])
    assert len(sent_all) >= 3

    budget = make_service(llm_max_passages=2)
    before = len(server.requests)
    answer = budget.answer(QUESTIONS["en"])
    sent = passages(answer_requests(server, before)[-1])
    assert answer.mode == "llm" and list(sent.values()) == list(sent_all.values())[:2]

    chars = make_service(llm_max_prompt_chars=200)  # less than any passage: the best one still goes, whole
    before = len(server.requests)
    chars.answer(QUESTIONS["en"])
    assert list(passages(answer_requests(server, before)[-1]).values()) == list(sent_all.values())[:1]


def test_a_citation_in_a_sentence_of_its_own_is_verified_end_to_end(make_service, stage):
    """What small local models write: the claim, then where it stands."""
    service = make_service()
    stage.play(lambda request: Reply("Emmet Shear, de voormalige topman van Twitch, volgde Mira Murati op als "
                                     f"interim-CEO. Dit staat in passage [{cite(request, 'Emmet Shear')}]."))
    answer = service.answer(QUESTIONS["nl"])
    assert (answer.mode, answer.notice) == ("llm", None)
    assert answer.text.startswith("Emmet Shear") and "Dit staat" not in answer.text and "[1]" in answer.text

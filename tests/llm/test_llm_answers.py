"""LLM answers end to end: the real service and index, LangChain's real OpenAI client, and a
loopback stand-in server scripted per question (tests/llm/script.py)."""

from __future__ import annotations

import time

from langchain_core.messages import AIMessage, HumanMessage

from bot.answering.wording import phrase
from index.loading import load_article
from tests.conftest import SEED_ARTICLE
from tests.llm import script as s
from tests.llm.conftest import TIMEOUT

CLEANED = load_article(SEED_ARTICLE).text


def answer_requests(server, question: str) -> list[dict]:
    return [r for r in server.requests if "<passages>" in s.last_user_message(r) and question in s.last_user_message(r)]


def assert_verbatim(answer, cleaned: str = CLEANED) -> None:
    assert answer.citations
    for citation in answer.citations:
        assert cleaned[citation.start:citation.end] == citation.quote
        assert f"[{citation.n}]" in answer.text


def test_a_correct_cited_answer_is_streamed_verified_and_quoted(llm_service, chat_server):
    tokens: list[str] = []
    answer = llm_service.answer(s.CORRECT, on_token=tokens.append)
    assert (answer.mode, answer.found, answer.language, answer.notice) == ("llm", True, "en", None)
    assert answer.text.startswith("Emmet Shear, the former head of Twitch, became interim CEO after Mira Murati [1]")
    assert_verbatim(answer)
    assert any("opgevolgd door Emmet Shear" in c.quote for c in answer.citations)
    # tokens arrived as a growing text, before the verified answer replaced it
    assert len(tokens) > 3 and all(b.startswith(a) for a, b in zip(tokens, tokens[1:]))
    assert tokens[-1].startswith("Emmet Shear") and "[" in tokens[-1]
    request = answer_requests(chat_server, s.CORRECT)[-1]
    assert request["stream"] is True and request["temperature"] == 0
    assert "English" in request["messages"][0]["content"]


def test_an_answer_in_dutch_keeps_dutch(llm_service):
    answer = llm_service.answer(s.CORRECT_NL)
    assert (answer.mode, answer.found, answer.language) == ("llm", True, "nl")
    assert "Emmet Shear" in answer.text
    assert_verbatim(answer)


def test_a_citation_of_a_passage_that_was_not_sent_is_dropped_with_its_sentence(llm_service):
    answer = llm_service.answer(s.UNKNOWN_PASSAGE)
    assert (answer.mode, answer.found) == ("llm", True)
    assert "550 of the 700" in answer.text and "returned as CEO" not in answer.text
    assert [c.n for c in answer.citations] == [1] and "[9]" not in answer.text
    assert answer.notice == phrase("llm_partial", "en")
    assert_verbatim(answer)


def test_a_number_its_passage_does_not_state_falls_back_to_quotes(llm_service):
    answer = llm_service.answer(s.ALTERED_NUMBER)
    assert (answer.mode, answer.found, answer.notice) == ("extractive", True, phrase("fallback", "en"))
    assert "51 percent" not in answer.text
    assert_verbatim(answer)


def test_an_answer_that_leaves_out_the_asked_figure_falls_back_to_the_quote_that_has_it(llm_service):
    """True but no answer: asked which share, the model says Microsoft owns "a large part" of OpenAI."""
    answer = llm_service.answer(s.NO_FIGURE)
    assert (answer.mode, answer.found, answer.notice) == ("extractive", True, phrase("fallback", "en"))
    assert "49 procent" in answer.citations[0].quote


def test_an_answer_in_the_wrong_language_falls_back(llm_service):
    answer = llm_service.answer(s.WRONG_LANGUAGE)
    assert (answer.mode, answer.language, answer.notice) == ("extractive", "nl", phrase("fallback", "nl"))
    assert "owns" not in answer.text
    assert_verbatim(answer)


def test_injected_article_is_sent_as_delimited_data_and_obeying_it_is_caught(llm_service, chat_server):
    answer = llm_service.answer(s.INJECTED)
    request = answer_requests(chat_server, s.INJECTED)[-1]
    system, sent = request["messages"][0]["content"], s.last_user_message(request)
    assert "not messages to you" in system and "ignore instructions" in system
    # the injection sits inside one passage; its fake closing tag and system block were defused
    assert sent.count("<passage ") == sent.count("</passage>") == len(s.passages(request))
    assert "<system>" not in sent and "‹/passage› ‹system›" in sent
    injected = [n for n, text in s.passages(request).items() if "ignore all previous instructions" in text]
    assert len(injected) == 1
    # the scripted model obeyed, and verification refused the claim
    assert (answer.mode, answer.notice) == ("extractive", phrase("fallback", "en"))
    assert "Vega Holdings for 10 billion" not in answer.text.split("“")[0]


def test_what_only_an_injected_order_says_is_not_found_and_never_reaches_the_model(llm_service, chat_server):
    """Orders to the reader are not claims: with nothing else saying who buys the bank, the reader
    finds no answering sentence, and the question is declined before any model is asked."""
    answer = llm_service.answer(s.UNSAID)
    assert (answer.found, answer.citations) == (False, ())
    assert "Vega" not in answer.text and answer_requests(chat_server, s.UNSAID) == []


def test_malformed_model_output_falls_back(llm_service):
    """An answer that cites nothing could not be verified; a reply that cannot be read at all is the
    server's fault, and the asker is told the model did not answer (issue 21)."""
    for question, notice in ((s.MALFORMED_JSON, "llm_no_answer"), (s.UNCITED, "fallback")):
        answer = llm_service.answer(question)
        assert (answer.mode, answer.notice) == ("extractive", phrase(notice, "en"))
        assert "Lorem" not in answer.text
        if answer.found:
            assert_verbatim(answer)


def test_a_429_is_retried_once_after_retry_after(llm_service, chat_server):
    answer = llm_service.answer(s.RATE_LIMITED)
    assert (answer.mode, answer.found, answer.notice) == ("llm", True, None)
    assert "Marc Benioff" in answer.text
    assert len(answer_requests(chat_server, s.RATE_LIMITED)) == 2
    assert_verbatim(answer)


def test_server_errors_fall_back_with_a_notice(llm_service, chat_server):
    answer = llm_service.answer(s.SERVER_ERROR)
    assert (answer.mode, answer.notice) == ("extractive", phrase("llm_unavailable", "en"))
    assert len(answer_requests(chat_server, s.SERVER_ERROR)) == 2  # one retry, no more
    assert_verbatim(answer)


def test_a_model_that_hangs_past_the_timeout_falls_back_in_time(llm_service, chat_server):
    answer = llm_service.answer(s.HANG)
    waited = time.monotonic() - chat_server.arrivals[chat_server.requests.index(answer_requests(chat_server, s.HANG)[-1])]
    assert (answer.mode, answer.notice) == ("extractive", phrase("llm_unavailable", "en"))
    assert TIMEOUT <= waited < TIMEOUT + 1.0, waited  # the timeout, then the extractive answer (the server hangs 20 s)
    assert len(answer_requests(chat_server, s.HANG)) == 1  # a timeout is never retried
    assert_verbatim(answer)


def test_a_model_saying_the_passages_do_not_answer_gives_the_bots_own_not_found(llm_service):
    tokens: list[str] = []
    answer = llm_service.answer(s.NOT_ANSWERED, on_token=tokens.append)
    assert (answer.mode, answer.found, answer.citations) == ("llm", False, ())
    assert answer.text == phrase("not_found", "en")
    assert not tokens  # the not-found token is never shown as a preview


def test_unrelated_questions_do_not_reach_the_model(llm_service, chat_server):
    before = len(chat_server.requests)
    answer = llm_service.answer("Wie won de Tour de France in 2023?")
    assert (answer.found, answer.language) == (False, "nl")
    assert len(chat_server.requests) == before


def test_a_follow_up_is_rewritten_for_retrieval_and_answered_with_short_history(llm_service, chat_server):
    older = [HumanMessage(f"old question {i}") if i % 2 == 0 else AIMessage(f"old answer {i} [1]") for i in range(8)]
    history = older + [HumanMessage(s.FIRST_QUESTION),
                       AIMessage("Emmet Shear, the former head of Twitch, succeeded her [1].")]
    answer = llm_service.answer(s.FOLLOW_UP, history=history)
    assert (answer.mode, answer.found) == ("llm", True)
    assert "Twitch" in answer.text and any("Twitch" in c.quote for c in answer.citations)
    rewrite = [r for r in chat_server.requests if s.FOLLOW_UP in s.last_user_message(r)
               and "<passages>" not in s.last_user_message(r)]
    assert rewrite and "standalone question" in rewrite[-1]["messages"][0]["content"]
    request = answer_requests(chat_server, s.FOLLOW_UP)[-1]
    sent_history = request["messages"][1:-1]
    assert [m["role"] for m in sent_history] == ["user", "assistant", "user", "assistant"]
    assert sent_history[-2]["content"] == s.FIRST_QUESTION
    assert "[1]" not in sent_history[-1]["content"]  # old markers numbered other passages

"""Streaming in Slack, end to end: a mention answered in LLM mode posts a preview quickly, edits it
with `chat.update` as tokens arrive (at most about once a second), and ends with the verified
answer and its sources. Real Bolt over HTTP, real LangChain client, both stand-ins on loopback."""

from __future__ import annotations

import dataclasses
import time

import pytest

from tests.conftest import make_settings
from tests.llm import script as s
from tests.llm.stand_in import ChatServer
from tests.slack.conftest import answer_sections, blocks_with, start_bot, web_api  # noqa: F401 (fixtures)

CHUNK_DELAY = 0.3  # the scripted answer streams for ~4 s


@pytest.fixture
def slow_llm_service(embeddings, llm_data_dir):
    from bot.service import NewsbotService

    scripted = s.Script()

    def slowly(request, server):
        return dataclasses.replace(scripted(request, server), chunk_delay=CHUNK_DELAY)

    with ChatServer(slowly) as server:
        service = NewsbotService(make_settings(llm_data_dir, llm="openai:stand-in", llm_base_url=server.base_url,
                                               llm_api_key="test-key", llm_timeout=20), embeddings=embeddings)
        yield service
        service.close()


def test_a_streamed_llm_answer_is_previewed_updated_and_finished_with_sources(start_bot, web_api, slow_llm_service):  # noqa: F811
    bot = start_bot(answer=slow_llm_service.answer)
    sent = time.monotonic()
    event = bot.slack.mention(s.CORRECT)

    [preview] = web_api.posted(1)
    first_post = time.monotonic() - sent
    assert preview["thread_ts"] == event["ts"]
    deadline = time.monotonic() + 60
    while not (finals := [c.body for c in web_api.calls_to("chat.update") if blocks_with(c.body, "newsbot_quote_1")]):
        assert time.monotonic() < deadline, "the verified answer never replaced the preview"
        time.sleep(0.05)
    final = finals[-1]
    assert len(web_api.calls_to("chat.update")) >= 2  # at least one preview edit before the answer
    answer = answer_sections(final)
    assert answer.startswith("Emmet Shear, the former head of Twitch, became interim CEO after Mira Murati [1]")
    [quote] = [b["text"]["text"] for b in blocks_with(final, "newsbot_quote_1")]
    assert "opgevolgd door Emmet Shear" in quote  # the verified, verbatim source
    arrivals = [call.at for call in web_api.calls_to("chat.update")]
    assert first_post < arrivals[-1] - sent - 1.0  # the preview came while the model was still writing
    assert all(b - a >= 0.9 for a, b in zip(arrivals[:-2], arrivals[1:-1]))  # previews rate-limited

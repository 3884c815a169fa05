"""LLM answers stream into one message, edited at most once a second, ending with the final blocks."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from bot.adapters.slack.streaming import StreamingReply, UpdateThrottle
from bot.answering.wording import phrase

WRITING = phrase("writing", "en")


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class RecordingPlace:
    channel = "CNEWSDESK"

    def __init__(self, fail_updates: bool = False) -> None:
        self.calls: list[tuple] = []
        self.fail_updates = fail_updates

    def post(self, message: dict) -> str:
        self.calls.append(("post", message))
        return f"ts{len(self.calls)}"

    def update(self, ts: str, message: dict) -> None:
        if self.fail_updates and WRITING in str(message):
            raise SlackApiError("ratelimited", SlackResponse(client=None, http_verb="POST", api_url="", req_args={},
                                                             data={"ok": False, "error": "ratelimited"},
                                                             headers={}, status_code=429))
        self.calls.append(("update", ts, message))


def test_the_throttle_lets_the_first_through_then_one_per_interval():
    clock = FakeClock()
    throttle = UpdateThrottle(1.0, clock)
    seen = []
    for step in range(25):  # 2.5 seconds in steps of 0.1
        clock.now = 100 + step / 10
        seen.append(throttle.ready())
    assert [i for i, ok in enumerate(seen) if ok] == [0, 10, 20]


def test_tokens_post_one_message_then_update_it_at_most_once_a_second_and_the_answer_replaces_it():
    clock = FakeClock()
    place = RecordingPlace()
    reply = StreamingReply(place, "en", UpdateThrottle(1.0, clock))
    text = ""
    for step, word in enumerate(("Emmet", " Shear", " succeeded", " her", " [1]", ".")):
        clock.now = 100 + step * 0.4  # a token every 0.4 s
        text += word
        reply.on_token(text)

    posted = reply.finish([{"text": "final", "blocks": []}, {"text": "more", "blocks": []}])

    kinds = [c[0] for c in place.calls]
    assert kinds == ["post", "update", "update", "post"]  # preview at 0 s, one edit at 1.2 s, final, the rest
    assert place.calls[0][1]["blocks"][0]["text"]["text"] == "Emmet"
    assert place.calls[1][2]["blocks"][0]["text"]["text"] == "Emmet Shear succeeded her"
    assert place.calls[-2] == ("update", "ts1", {"text": "final", "blocks": []})
    assert posted == ["ts1", "ts4"]


def test_extractive_answers_never_stream_and_post_once():
    place = RecordingPlace()
    reply = StreamingReply(place, "nl", UpdateThrottle(1.0, FakeClock()))
    assert reply.finish([{"text": "answer"}]) == ["ts1"]
    assert place.calls == [("post", {"text": "answer"})]


def test_a_failed_preview_edit_is_not_fatal():
    clock = FakeClock()
    place = RecordingPlace(fail_updates=True)
    reply = StreamingReply(place, "en", UpdateThrottle(1.0, clock))
    reply.on_token("first")
    clock.now += 2
    reply.on_token("first second")  # the edit fails (rate limited): logged, the stream goes on
    reply.finish([{"text": "final"}])
    assert [c[0] for c in place.calls] == ["post", "update"]


def test_a_streamed_answer_is_posted_early_and_replaced_by_the_final_answer_in_the_thread(start_bot, web_api):
    from bot.answer import Answer
    from tests.slack.conftest import answer_sections

    def streaming(question, on_token=None, **_):
        for text in ("Emmet", "Emmet Shear", "Emmet Shear succeeded her [1]."):
            on_token(text)
        return Answer(question, "Emmet Shear succeeded her [1].", "llm", "en", False)

    bot = start_bot(answer=streaming)
    event = bot.slack.mention("Who succeeded Mira Murati?")

    [final] = web_api.wait_for("chat.update")
    [preview] = web_api.calls_to("chat.postMessage")
    assert preview.body["thread_ts"] == event["ts"] and answer_sections(preview.body) == "Emmet"
    assert preview.body["blocks"][-1]["elements"][0]["text"] == WRITING
    assert final.body["ts"] == web_api.messages["CNEWSDESK"][-1]["ts"]
    assert answer_sections(final.body) == "Emmet Shear succeeded her [1]." and WRITING not in str(final.body)
    bot.finish()
    assert len(web_api.calls_to("chat.postMessage")) == 1 and len(web_api.calls_to("chat.update")) == 1

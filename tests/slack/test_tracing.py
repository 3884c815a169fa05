"""LangSmith tracing from settings (as `.env` gives them): each answer is traced under its run id,
and a 👍/👎 in Slack is sent to that run. LangSmith is a loopback stand-in recording what it gets."""

from __future__ import annotations

import json
import shutil
import threading
import time

import zstandard

from bot.adapters.slack.app import create_app, stop_app
from bot.adapters.slack.feedback import FeedbackLog
from bot.adapters.slack.server import http_server
from bot.adapters.slack.storage import SlackState, state_path
from bot.service import NewsbotService
from tests.conftest import SEED_ARTICLE
from tests.loopback import LoopbackServer, QuietHandler
from tests.slack.conftest import SIGNING_SECRET, blocks_with, slack_settings
from tests.slack.slack_side import SlackSide
from tests.slack.test_mentions import DUTCH

API_KEY = "lsv2_pt_test_tracing_key"


class LangSmithStandIn(LoopbackServer):
    """Answers every call with an empty JSON object; ``received`` keeps (method, path, headers, body)."""

    def __init__(self) -> None:
        self.received: list[tuple[str, str, dict, bytes]] = []
        stand_in = self

        class Handler(QuietHandler):
            def answer(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.headers.get("Content-Encoding") == "zstd":
                    body = zstandard.ZstdDecompressor().decompressobj().decompress(body)
                stand_in.received.append((self.command, self.path, dict(self.headers), body))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.write_body(b"{}")

            do_GET = do_POST = do_PATCH = answer

        super().__init__(Handler)

    def bodies(self, path: str) -> list[bytes]:
        return [body for _, p, _, body in self.received if p.startswith(path)]


def wait_for(predicate, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_answers_are_traced_and_votes_reach_their_run(embeddings, web_api, tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(SEED_ARTICLE, articles)
    with LangSmithStandIn() as langsmith:
        settings = slack_settings(web_api, tmp_path / "data", langsmith_tracing=True, langsmith_api_key=API_KEY,
                                  langsmith_endpoint=langsmith.url, langsmith_project="newsbot-test")
        service = NewsbotService(settings, embeddings=embeddings)
        indexer = service.indexer()
        indexer.apply(indexer.plan(paths=[articles]))
        app = create_app(service)
        server = http_server(app, port=0, host="127.0.0.1", signing_secret=SIGNING_SECRET)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        slack = SlackSide(f"http://127.0.0.1:{server.server_port}/slack/events", SIGNING_SECRET, web_api)
        try:
            slack.mention(DUTCH)
            [answer] = web_api.posted(1)
            [up, _] = blocks_with(answer, "newsbot_actions")[0]["elements"]
            slack.click(up["action_id"], up["value"])
            web_api.wait_for("chat.postEphemeral")
            [vote] = FeedbackLog(SlackState(state_path(tmp_path / "data"))).entries()
            run_id = vote["run_id"]

            wait_for(lambda: langsmith.bodies("/feedback"))
            [feedback] = [json.loads(body) for body in langsmith.bodies("/feedback")]
            assert (feedback["run_id"], feedback["key"], feedback["score"]) == (run_id, "user_score", 1.0)
            service.tracing.flush()
            wait_for(lambda: any(run_id.encode() in body for body in langsmith.bodies("/runs")))
        finally:
            server.shutdown()
            server.server_close()
            stop_app(app)
            slack.close()
            service.close()
    traced = b"".join(langsmith.bodies("/runs"))
    assert b"newsbot-test" in traced and b'"retrieve"' in traced  # the project, and the chain's steps
    assert all(headers.get("x-api-key") == API_KEY for _, _, headers, _ in langsmith.received
               if "x-api-key" in headers)

"""Replicas on several hosts (issue 11 §4): two `newsbot slack --http` processes and one `newsbot watch`,
each with a data directory of its own — nothing shared on disk — and one Chroma server and one
PostgreSQL database between them, as a load balancer in front of two hosts would see them."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import time

from tests.chroma_server import chroma_server
from tests.cli import NEWSBOT, newsbot
from tests.conftest import SEED_ARTICLE
from tests.slack.conftest import BOT_TOKEN, SIGNING_SECRET, answer_sections, blocks_with
from tests.slack.slack_side import SlackSide
from tests.slack.test_mentions import DUTCH, SHEAR_SENTENCE
from tests.slack.test_server import free_port, wait_until_listening
from tests.test_metrics import scrape
from tests.test_watch import wait_for

BRIDGE = "date 2024-04-02\nDe nieuwe brug over de Schelde bij Temse opent op 1 mei voor fietsers en voetgangers."
BRIDGE_QUESTION = "Wanneer opent de nieuwe brug over de Schelde?"


class Process:
    """A newsbot command in the background, its stderr collected line by line."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.lines: list[str] = []
        self.popen = subprocess.Popen([NEWSBOT, *args], env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.PIPE, text=True)
        threading.Thread(target=lambda: self.lines.extend(iter(self.popen.stderr.readline, "")), daemon=True).start()

    def logged(self, *words: str) -> bool:
        return any(all(word in line for word in words) for line in list(self.lines))

    def stop(self) -> int:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM if self.popen.args[1] == "slack" else signal.SIGINT)
        return self.popen.wait(timeout=30)


def test_two_replicas_and_a_watcher_share_one_database_and_one_chroma_server(tmp_path, web_api, postgres_database):
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(SEED_ARTICLE, folder)
    with chroma_server(tmp_path / "chroma-db") as chroma_port:
        shared = {"NEWSBOT_DATABASE_URL": postgres_database, "CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(chroma_port),
                  "NEWSBOT_SECOND_EMBEDDING": "none",  # e5 alone: three processes load a model on two cores
                  "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                  "SLACK_API_URL": web_api.url, "PYTHONUNBUFFERED": "1"}
        ports = [free_port(), free_port()]
        watcher = Process(["watch", str(folder)], {**shared, "NEWSBOT_DATA_DIR": str(tmp_path / "watcher")})
        replicas = [Process(["slack", "--http", "--host", "127.0.0.1", "--port", str(port)],
                            {**shared, "NEWSBOT_DATA_DIR": str(tmp_path / f"replica{n}")})
                    for n, port in enumerate(ports)]
        try:
            wait_for(lambda: watcher.logged("watching"), timeout=120)  # the seed is indexed
            for replica, port in zip(replicas, ports):
                wait_until_listening(port, replica.popen)
            a, b = (SlackSide(f"http://127.0.0.1:{port}/slack/events", SIGNING_SECRET, web_api) for port in ports)

            # A mention answered by A, retried by Slack to B (same event_id): answered once.
            event = a.mention(DUTCH, event_id="EvREPLICA1")
            [answer] = web_api.posted(1)
            assert SHEAR_SENTENCE in answer_sections(answer)
            assert b.send_event(event, event_id="EvREPLICA1", retry_num=1).status_code == 200
            assert scrape(f"http://127.0.0.1:{ports[1]}/metrics")[("newsbot_slack_events_deduplicated_total", ())] == 1

            # An article dropped into the watched folder is answered by both replicas within seconds.
            dropped = time.monotonic()
            (folder / "brug.txt").write_text(BRIDGE, encoding="utf-8")
            wait_for(lambda: watcher.logged("brug.txt changed", "added=1"), timeout=60)
            indexed = time.monotonic() - dropped
            for side in (a, b):
                side.mention(BRIDGE_QUESTION)
            bridge_answers = web_api.posted(3)[1:]
            answered = time.monotonic() - dropped
            assert all("1 mei" in answer_sections(message) for message in bridge_answers)
            assert answered < 60

            # Stopping A loses nothing: its answer's buttons work on B, its events stay taken on.
            [up, _] = blocks_with(answer, "newsbot_actions")[0]["elements"]
            assert replicas[0].stop() == 0
            b.click(up["action_id"], up["value"])
            web_api.wait_for("chat.postEphemeral")
            assert b.send_event(event, event_id="EvREPLICA1", retry_num=2).status_code == 200
            b.mention(DUTCH)
            web_api.posted(4)
            a.close()
            b.close()
        finally:
            for process in (*replicas, watcher):
                process.stop()
        answers = web_api.calls_to("chat.postMessage", ok_only=True)
        assert len(answers) == 4  # the first question, the bridge twice, the last question: no retry answered
        listed = newsbot("feedback", "--json", env={"NEWSBOT_DATABASE_URL": postgres_database}, timeout=60)
        assert '"vote": "up"' in listed.stdout and DUTCH in listed.stdout
        for process in (*replicas, watcher):
            assert not process.logged("Traceback"), "".join(process.lines)
    print(f"replicas: new article indexed by the watcher in {indexed:.1f} s, answered by both in {answered:.1f} s")

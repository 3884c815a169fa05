"""Slack without Slack: a loopback stand-in for the Web API, and one for Socket Mode's websocket.

As in bolt-python's own tests: a threaded HTTP server on 127.0.0.1 port 0 that records every call
(method, parsed form/JSON body, headers) and answers the way Slack does, with scriptable failures.
It keeps the messages it is sent, so ``conversations.replies`` returns what the bot posted before.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

BOT_USER_ID = "UNEWSBOT"
BOT_ID = "BNEWSBOT"
TEAM_ID = "T0NEWSROOM"


@dataclass
class Call:
    method: str  # "chat.postMessage", or "response_url:<name>" for a response URL
    body: dict
    headers: dict[str, str]
    ok: bool = True  # what the stand-in answered
    at: float = field(default_factory=time.monotonic)


@dataclass
class Failure:
    status: int
    error: str
    headers: dict[str, str]


class _Ts:
    """Slack-style message timestamps, increasing."""

    def __init__(self) -> None:
        self._counter = itertools.count(1)

    def __call__(self) -> str:
        return f"1700000000.{next(self._counter):06d}"


class WebApiStandIn:
    """The Web API at ``url``; ``calls`` is everything it was asked, in order."""

    def __init__(self, bot_token: str, app_token: str | None = None) -> None:
        self.bot_token = bot_token
        self.app_token = app_token
        self.socket_url: str | None = None  # what apps.connections.open hands out
        self.calls: list[Call] = []
        self.messages: dict[str, list[dict]] = defaultdict(list)  # channel → messages, as Slack keeps them
        self._failures: dict[str, deque[Failure]] = defaultdict(deque)
        self._changed = threading.Condition()
        self.next_ts = _Ts()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="web-api-stand-in", daemon=True)

    # -- lifecycle --------------------------------------------------------------------------
    def __enter__(self) -> WebApiStandIn:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    @property
    def url(self) -> str:
        return f"{self.base}/api/"

    def response_url(self, name: str) -> str:
        return f"{self.base}/response/{name}"

    # -- scripting and inspection -----------------------------------------------------------
    def fail(self, method: str, status: int = 200, error: str = "internal_error", times: int = 1,
             headers: dict[str, str] | None = None) -> None:
        """The next ``times`` calls to ``method`` fail (e.g. 429 with Retry-After, or ok:false)."""
        for _ in range(times):
            self._failures[method].append(Failure(status, error, headers or {}))

    def add_message(self, channel: str, message: dict) -> dict:
        """A message someone wrote (so history calls find it)."""
        with self._changed:
            self.messages[channel].append(message)
        return message

    def calls_to(self, method: str, ok_only: bool = False) -> list[Call]:
        with self._changed:
            return [c for c in self.calls if c.method == method and (c.ok or not ok_only)]

    def wait_for(self, method: str, count: int = 1, timeout: float = 20.0, ok_only: bool = False) -> list[Call]:
        """Block until ``method`` has been called ``count`` times (waiting on a condition, no fixed sleep)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(found := [c for c in self.calls if c.method == method and (c.ok or not ok_only)]) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"{method} called {len(found)} time(s), expected {count}; "
                                         f"calls: {[c.method for c in self.calls]}")
                self._changed.wait(remaining)
            return found

    def wait_for_reply_in(self, thread_ts: str, timeout: float = 60.0) -> Call:
        """The first message posted in the thread of ``thread_ts`` (waiting for it)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not (found := [c for c in self.calls if c.method == "chat.postMessage"
                                 and c.body.get("thread_ts") == thread_ts]):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"nothing posted in thread {thread_ts}")
                self._changed.wait(remaining)
            return found[0]

    def posted(self, count: int = 1) -> list[dict]:
        """The bodies of the first ``count`` successful chat.postMessage calls (waiting for them)."""
        return [c.body for c in self.wait_for("chat.postMessage", count, ok_only=True)][:count]

    # -- answering ----------------------------------------------------------------------------
    def _record(self, call: Call) -> None:
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    def _answer(self, method: str, body: dict, headers: dict[str, str]) -> tuple[int, dict, dict]:
        with self._changed:
            failures = self._failures.get(method)
            failure = failures.popleft() if failures else None
        if failure:
            return failure.status, {"ok": False, "error": failure.error}, failure.headers
        token = headers.get("authorization", "").removeprefix("Bearer ")
        expected = self.app_token if method == "apps.connections.open" else self.bot_token
        if token != expected:
            return 200, {"ok": False, "error": "invalid_auth"}, {}
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        if handler is None:
            return 200, {"ok": False, "error": "unknown_method"}, {}
        return 200, {"ok": True, **handler(body)}, {}

    def _auth_test(self, body: dict) -> dict:
        return {"url": "https://newsroom.slack.com/", "team": "Newsroom", "user": "newsbot", "team_id": TEAM_ID,
                "user_id": BOT_USER_ID, "bot_id": BOT_ID, "is_enterprise_install": False}

    def _chat_postMessage(self, body: dict) -> dict:
        message = {"type": "message", "ts": self.next_ts(), "user": BOT_USER_ID, "bot_id": BOT_ID,
                   "text": body.get("text", ""), "blocks": body.get("blocks", [])}
        if body.get("thread_ts"):
            message["thread_ts"] = body["thread_ts"]
        self.add_message(body["channel"], message)
        return {"channel": body["channel"], "ts": message["ts"], "message": message}

    def _chat_update(self, body: dict) -> dict:
        with self._changed:
            for message in self.messages[body["channel"]]:
                if message["ts"] == body["ts"]:
                    message.update(text=body.get("text", ""), blocks=body.get("blocks", []))
        return {"channel": body["channel"], "ts": body["ts"], "text": body.get("text", "")}

    def _chat_postEphemeral(self, body: dict) -> dict:
        return {"message_ts": self.next_ts()}

    def _reactions_add(self, body: dict) -> dict:
        return {}

    def _reactions_remove(self, body: dict) -> dict:
        return {}

    def _conversations_replies(self, body: dict) -> dict:
        with self._changed:
            thread = [dict(m) for m in self.messages[body["channel"]]
                      if body["ts"] in (m["ts"], m.get("thread_ts"))]
        return {"messages": sorted(thread, key=lambda m: float(m["ts"])), "has_more": False}

    def _conversations_history(self, body: dict) -> dict:
        latest, oldest = float(body.get("latest", "inf")), float(body.get("oldest", 0))
        with self._changed:
            found = [dict(m) for m in self.messages[body["channel"]] if oldest <= float(m["ts"]) < latest]
        return {"messages": sorted(found, key=lambda m: -float(m["ts"])), "has_more": False}

    def _apps_connections_open(self, body: dict) -> dict:
        return {"url": self.socket_url}

    def _handler_class(self):
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format, *args) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
                headers = {k.lower(): v for k, v in self.headers.items()}
                body = parse_body(raw, headers.get("content-type", ""))
                if self.path.startswith("/response/"):
                    stand_in._record(Call("response_url:" + self.path.removeprefix("/response/"), body, headers))
                    self._send(200, b"ok", {"Content-Type": "text/plain"})
                    return
                method = self.path.removeprefix("/api/")
                status, payload, extra = stand_in._answer(method, body, headers)
                stand_in._record(Call(method, body, headers, ok=payload["ok"]))
                self._send(status, json.dumps(payload).encode(), {"Content-Type": "application/json", **extra})

            def _send(self, status: int, data: bytes, headers: dict[str, str]) -> None:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler


def parse_body(raw: str, content_type: str) -> dict:
    """A Web API body as a dict: JSON, or a form whose ``blocks`` (a JSON string) is decoded too."""
    if "json" in content_type:
        return json.loads(raw or "{}")
    body = dict(parse_qsl(raw, keep_blank_values=True))
    if isinstance(body.get("blocks"), str):
        body["blocks"] = json.loads(body["blocks"])
    return body


class SocketModeStandIn:
    """Slack's Socket Mode websocket on loopback: sends envelopes, collects the acknowledgements."""

    def __init__(self) -> None:
        from websockets.sync.server import serve

        self.received: list[dict] = []
        self._connections: list = []
        self._changed = threading.Condition()
        self._server = serve(self._handle, "127.0.0.1", 0)
        self._thread = threading.Thread(target=self._server.serve_forever, name="socket-mode-stand-in", daemon=True)

    def __enter__(self) -> SocketModeStandIn:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self._server.socket.getsockname()[1]}/link"

    def _handle(self, connection) -> None:
        with self._changed:
            self._connections.append(connection)
            self._changed.notify_all()
        for message in connection:
            with self._changed:
                self.received.append(json.loads(message))
                self._changed.notify_all()

    def _wait(self, predicate, timeout: float, what: str):
        deadline = time.monotonic() + timeout
        with self._changed:
            while not (result := predicate()):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"timed out waiting for {what}")
                self._changed.wait(remaining)
            return result

    def send(self, envelope: dict, timeout: float = 20.0) -> None:
        """Send an envelope to the connected client (waiting for it to connect)."""
        connection = self._wait(lambda: self._connections[-1] if self._connections else None, timeout, "a client")
        connection.send(json.dumps(envelope))

    def wait_for_ack(self, envelope_id: str, timeout: float = 20.0) -> dict:
        return self._wait(lambda: next((m for m in self.received if m.get("envelope_id") == envelope_id), None),
                          timeout, f"the ack of {envelope_id}")

"""A loopback OpenAI-compatible chat server: real HTTP, scripted replies, every request recorded.

``POST /v1/chat/completions`` answers as JSON, or as server-sent events when the request says
``"stream": true`` — what llama.cpp's server, vLLM or a proxy would send. ``script(request, server)``
returns the :class:`Reply` for each request, so one server can serve every scenario of a test module.

It also plays the servers met in practice (issue 21): one that ignores ``stream`` and sends plain
JSON (``Reply(streams=False)``), one that answers 200 with empty content (``Reply("")``), one that
is slow to its first token or stalls mid-reply (``pauses``). While it waits it watches the
connection, so ``server.hangups`` records each client that left (a request cancelled).
"""

from __future__ import annotations

import json
import select
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.loopback import LoopbackServer, QuietHandler


@dataclass
class Reply:
    content: str = ""
    status: int = 200
    delay: float = 0.0  # seconds before anything is sent (a hang)
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None  # sent as the body instead of a well-formed completion (malformed output)
    chunk_delay: float = 0.0  # seconds between streamed chunks (a model that takes its time)
    streams: bool = True  # False: plain JSON even when the request asks for a stream
    pauses: dict[int, float] = field(default_factory=dict)  # SSE event number → seconds before it (1: first token)


def completion(content: str, model: str) -> dict:
    return {
        "id": "chatcmpl-stand-in", "object": "chat.completion", "created": int(time.time()), "model": model,
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def stream_events(content: str, model: str) -> list[bytes]:
    """The reply as SSE chunks of a few characters each, the role first and ``[DONE]`` last."""
    def event(delta: dict, finish: str | None = None) -> bytes:
        chunk = {"id": "chatcmpl-stand-in", "object": "chat.completion.chunk", "created": int(time.time()),
                 "model": model, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
        return f"data: {json.dumps(chunk)}\n\n".encode()

    pieces = [content[i:i + 12] for i in range(0, len(content), 12)]
    return ([event({"role": "assistant", "content": ""})] + [event({"content": p}) for p in pieces]
            + [event({}, "stop"), b"data: [DONE]\n\n"])


class ChatServer(LoopbackServer):
    """Use as a context manager; ``requests`` holds every request body received, in order."""

    def __init__(self, script: Callable[[dict, ChatServer], Reply]) -> None:
        self.script = script
        self.requests: list[dict] = []
        self.arrivals: list[float] = []  # time.monotonic() of each request, in order
        self.errors: list[str] = []  # exceptions raised by the script
        self.hangups: list[float] = []  # time.monotonic() when a client closed its connection mid-reply
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        server = self

        class Handler(QuietHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.path.rstrip("/") != "/v1/chat/completions":
                    return self._send(404, b'{"error": {"message": "not found"}}')
                request = json.loads(body)
                with server._lock:
                    server.requests.append(request)
                    server.arrivals.append(time.monotonic())
                try:
                    reply = server.script(request, server)
                except Exception as error:  # a scripting mistake: answer 500 and let the test see it
                    server.errors.append(f"{type(error).__name__}: {error}")
                    reply = Reply(status=500)
                if reply.delay and not self._wait(reply.delay):
                    return
                if reply.status != 200:
                    error = {"error": {"message": f"scripted {reply.status}", "type": "stand_in"}}
                    return self._send(reply.status, json.dumps(error).encode(), reply.headers)
                model = request.get("model", "stand-in")
                if reply.raw is not None:
                    kind = "text/event-stream" if request.get("stream") else "application/json"
                    return self._send(200, reply.raw, {"Content-Type": kind})
                if not request.get("stream") or not reply.streams:
                    return self._send(200, json.dumps(completion(reply.content, model)).encode())
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.send_header("Connection", "close")
                self.end_headers()
                try:
                    for number, chunk in enumerate(stream_events(reply.content, model)):
                        if number in reply.pauses and not self._wait(reply.pauses[number]):
                            break
                        self.wfile.write(chunk)
                        self.wfile.flush()
                        time.sleep(reply.chunk_delay)
                except (BrokenPipeError, ConnectionResetError):
                    server.hangups.append(time.monotonic())
                self.close_connection = True

            def _wait(self, seconds: float) -> bool:
                """Sleep, unless the client hangs up (recorded) or the server stops: False then."""
                until = time.monotonic() + seconds
                while (left := until - time.monotonic()) > 0:
                    if server.stopping.is_set():
                        return False
                    readable, _, _ = select.select([self.connection], [], [], min(left, 0.05))
                    if readable:
                        try:
                            gone = self.connection.recv(1, socket.MSG_PEEK) == b""
                        except OSError:
                            gone = True
                        if gone:
                            server.hangups.append(time.monotonic())
                            self.close_connection = True
                            return False
                return not server.stopping.is_set()

            def _send(self, status: int, body: bytes, headers: dict | None = None) -> None:
                self.send_response(status)
                headers = {"Content-Type": "application/json", **(headers or {})}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.write_body(body)

        super().__init__(Handler)
        self.base_url = f"{self.url}/v1"

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        super().__exit__(*exc)

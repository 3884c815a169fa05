"""What the model server sent for the call in progress, and a way to hang up on it.

LangChain turns a server that speaks another protocol into "No generation chunks were returned" or
an empty string; the operator needs what actually came back (HTTP status, content type, first bytes)
to fix it. And a time limit must close the connection, not merely stop reading, or the server goes on
computing for a client that left. Both need the HTTP response itself, so for OpenAI-compatible
servers the chat model gets an HTTP client whose response hook records it here, per thread.
"""

from __future__ import annotations

import importlib
import logging
import socket
import threading
from dataclasses import dataclass, field

log = logging.getLogger("newsbot.llm")
HEAD_BYTES = 160  # enough of a body to tell JSON from server-sent events, or an error page
_local = threading.local()


@dataclass
class Exchange:
    """One model call's HTTP response as far as it was seen; empty when no hook recorded it."""

    status: int | None = None
    content_type: str = ""
    head: bytearray = field(default_factory=bytearray)
    sock: socket.socket | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    hung_up: bool = False

    def describe(self) -> str:
        """``HTTP 200, application/json, first bytes '{"id": …'`` — or that nothing was recorded."""
        if self.status is None:
            return "no HTTP response recorded"
        head = bytes(self.head).decode("utf-8", "replace").replace("\n", "\\n")
        return f"HTTP {self.status}, {self.content_type or 'no content type'}, first bytes {head!r}"

    def hang_up(self) -> bool:
        """Close the connection from any thread; a blocked read returns at once and the server sees
        the client leave. False when there is no socket to close (another provider's client)."""
        with self.lock:
            if self.sock is None:
                return False
            self.hung_up = True
            try:
                self.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return True


def begin() -> Exchange:
    """A fresh record for this thread's next model call."""
    _local.exchange = Exchange()
    return _local.exchange


def current() -> Exchange | None:
    return getattr(_local, "exchange", None)


def _head_stream(byte_stream: type) -> type:
    """A response body class of the SDK's own httpx package (httpx or its fork httpx2), which
    insists on its own base class, keeping the first bytes read in the exchange."""

    class Head(byte_stream):
        def __init__(self, stream, exchange: Exchange) -> None:
            self.stream, self.exchange = stream, exchange

        def __iter__(self):
            for chunk in self.stream:
                missing = HEAD_BYTES - len(self.exchange.head)
                if missing > 0:
                    self.exchange.head += chunk[:missing]
                yield chunk

        def close(self) -> None:
            self.stream.close()

    return Head


def _record(response, head: type) -> None:
    exchange = current()
    if exchange is None:
        return
    exchange.status = response.status_code
    exchange.content_type = response.headers.get("content-type", "")
    network = response.extensions.get("network_stream")
    with exchange.lock:
        exchange.sock = network.get_extra_info("socket") if network is not None else None
        if exchange.hung_up and exchange.sock is not None:  # the limit passed while headers were on the way
            exchange.sock.shutdown(socket.SHUT_RDWR)
    response.stream = head(response.stream, exchange)


def http_client():
    """The OpenAI SDK's own default HTTP client (its pool limits and redirects), with the hook."""
    from openai import DefaultHttpxClient

    package = next(c.__module__.split(".")[0] for c in DefaultHttpxClient.__mro__ if c.__name__ == "Client")
    head = _head_stream(importlib.import_module(package).SyncByteStream)
    return DefaultHttpxClient(event_hooks={"response": [lambda response: _record(response, head)]})

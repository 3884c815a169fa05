"""What reaches Bolt over HTTP: a body of bounded size, read in time, that parses, signed by Slack.

Bolt parses a request before it checks the signature, so anyone could make it fail on malformed
JSON, a non-UTF-8 body or a JSON array (500s with tracebacks), and it logs the whole body of a
badly signed request. This WSGI layer sits in front of it on ``/slack/events``: 413 for a body
over the cap (before reading it), 408 when the body does not arrive in time, 400 for one that
does not parse as Bolt will parse it, 401 for a bad or stale signature (logged by size, never by
content). Slack's own requests pass all four untouched.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterable
from urllib.parse import parse_qsl

from slack_sdk.signature import SignatureVerifier

MAX_BODY_BYTES = 1_000_000  # Slack's payloads are a few kB; a long message with blocks stays far below
log = logging.getLogger(__name__)

_STATUS = {400: "400 Bad Request", 401: "401 Unauthorized", 408: "408 Request Timeout",
           413: "413 Content Too Large"}


def parses_like_bolt(body: bytes, content_type: str) -> bool:
    """Does ``body`` parse the way Bolt will parse it (JSON object, form, or form with a JSON payload)?"""
    try:
        text = body.decode("utf-8")
        if not text:
            return True
        if content_type == "application/json" or text.startswith("{"):
            return isinstance(json.loads(text), dict)
        form = dict(parse_qsl(text, keep_blank_values=True))
        return "payload" not in form or isinstance(json.loads(form["payload"]), dict)
    except (ValueError, RecursionError):
        return False


def guarded(app: Callable, signing_secret: str, path: str, max_body: int = MAX_BODY_BYTES) -> Callable:
    """``app`` (a WSGI app) behind the checks above for POSTs to ``path``; other requests pass through."""
    verifier = SignatureVerifier(signing_secret)

    def refuse(start_response, status: int, reason: str) -> Iterable[bytes]:
        body = f"{reason}\n".encode()
        start_response(_STATUS[status], [("Content-Type", "text/plain; charset=utf-8"),
                                         ("Content-Length", str(len(body)))])
        return [body]

    def guard(environ: dict, start_response) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") != "POST" or environ.get("PATH_INFO") != path:
            return app(environ, start_response)
        client = environ.get("REMOTE_ADDR", "?")
        declared = environ.get("CONTENT_LENGTH") or "0"
        if not declared.isdigit():
            return refuse(start_response, 400, "bad Content-Length")
        if int(declared) > max_body:
            log.info("refused a %s-byte request from %s: over the %d-byte cap", declared, client, max_body)
            return refuse(start_response, 413, "request body too large")
        try:
            body = environ["wsgi.input"].read(int(declared))
        except OSError:  # the read timeout: a client that announced a body and stalled
            log.info("a request from %s did not send its body in time", client)
            return refuse(start_response, 408, "request body not received in time")
        content_type = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
        if len(body) < int(declared) or not parses_like_bolt(body, content_type):
            log.info("refused a malformed %d-byte request from %s", len(body), client)
            return refuse(start_response, 400, "malformed request body")
        try:
            signed = verifier.is_valid(body, environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP"),
                                       environ.get("HTTP_X_SLACK_SIGNATURE"))
        except ValueError:  # a timestamp that is not a number
            signed = False
        if not signed:
            log.info("refused a %d-byte request from %s: bad or stale signature", len(body), client)
            return refuse(start_response, 401, "invalid request")
        environ["wsgi.input"] = io.BytesIO(body)
        return app(environ, start_response)

    return guard

"""Running the Slack app: Bolt's HTTP endpoint (``/slack/events``) or Socket Mode.

The HTTP server is the standard library's WSGI server with a thread per request (Bolt's own
development server handles one request at a time) and Bolt's WSGI adapter: acknowledging takes
milliseconds, answering happens in Bolt's lazy-listener threads.
"""

from __future__ import annotations

import logging
import signal
import threading
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.adapters.slack.app import create_app, required_secret, stop_app
from bot.adapters.slack.http_guard import guarded
from bot.ops import progress
from bot.ops.health import Health, service_checks
from index.errors import NewsbotError

EVENTS_PATH = "/slack/events"
READ_TIMEOUT = 10  # seconds a client may stall mid-request before its connection is closed
log = logging.getLogger(__name__)


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True  # a stuck client never keeps the process alive
    request_queue_size = 64


class QuietRequestHandler(WSGIRequestHandler):
    """Access log lines go to the logger at debug level, not to stderr one per request; a client
    that stalls for :data:`READ_TIMEOUT` is dropped (its thread freed)."""

    timeout = READ_TIMEOUT

    def log_message(self, format: str, *args) -> None:
        log.debug("%s %s", self.address_string(), format % args)


def http_server(app: App, port: int, host: str, signing_secret: str) -> WSGIServer:
    """A threaded HTTP server for ``app`` at ``EVENTS_PATH`` (``port`` 0: any free port), behind
    the checks of :mod:`bot.adapters.slack.http_guard`."""
    wsgi = guarded(SlackRequestHandler(app, path=EVENTS_PATH), signing_secret, EVENTS_PATH)
    return make_server(host, port, wsgi, server_class=ThreadingWSGIServer, handler_class=QuietRequestHandler)


def warm_up(service) -> None:
    """Load the models and open the index before listening (bot.ops.progress.warm_up), unless done already.
    A misconfiguration (NewsbotError) stops the start; any other failure is only logged: the first
    question meets it again and tells the asker."""
    if "chain" in vars(service):  # warmed up already (newsbot run)
        return
    try:
        progress.warm_up(service)
    except NewsbotError:
        raise
    except Exception as error:
        log.warning("warming up the answer service failed: %s", error)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _stop_on_sigterm() -> None:
    """SIGTERM (docker stop, systemd) ends the process like Ctrl-C does: answers in progress finish."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)


def ready_app(service, secret, secret_name: str) -> App:
    """What both modes do before listening: check the mode's secret, build the app (Bolt calls
    auth.test), load the models, and stop cleanly on SIGTERM. (Logging, secrets redacted, is set up
    for every command by the CLI: bot.ops.logs.)"""
    required_secret(secret, secret_name)
    app = create_app(service)
    warm_up(service)
    _stop_on_sigterm()
    return app


def serve_http(service, port: int, host: str = "0.0.0.0") -> None:
    """``newsbot slack --http``: Bolt's HTTP endpoint on ``host``:``port`` at ``/slack/events``."""
    settings = service.settings
    app = ready_app(service, settings.slack_signing_secret, "SLACK_SIGNING_SECRET")
    try:
        server = http_server(app, port, host, settings.slack_signing_secret.get_secret_value())
    except OSError as error:
        stop_app(app)
        raise NewsbotError(f"cannot listen on {host}:{port} ({error.strerror or error})") from None
    server.set_app(Health(service.metrics, service_checks(service, slack=lambda: True)).around(server.get_app()))
    log.info("newsbot answers Slack at http://%s:%d%s (Web API: %s)", host, server.server_port, EVENTS_PATH,
             settings.slack_api_base)
    log.info("health and metrics at /healthz, /readyz and /metrics on the same port")
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        log.info("stopping")
    finally:
        server.server_close()
        stop_app(app)


def socket_mode_handler(app: App, settings) -> SocketModeHandler:
    """A Socket Mode connection for ``app``; ``apps.connections.open`` goes through the app's client."""
    return SocketModeHandler(app, app_token=required_secret(settings.slack_app_token, "SLACK_APP_TOKEN"))


def health_server(health: Health, port: int, host: str = "0.0.0.0") -> WSGIServer:
    """Socket Mode's health port (``NEWSBOT_HEALTH_PORT``), started in a thread of its own."""
    server = make_server(host, port, health, server_class=ThreadingWSGIServer, handler_class=QuietRequestHandler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, name="newsbot-health",
                     daemon=True).start()
    log.info("health and metrics at http://%s:%d/healthz, /readyz and /metrics", host, server.server_port)
    return server


def serve_socket_mode(service, *, until: threading.Event | None = None) -> None:
    """``newsbot slack``: connect out to Slack over a websocket (no public URL needed).

    With ``NEWSBOT_HEALTH_PORT`` set, the health port answers from the start: alive at once, ready
    once the models are loaded and the websocket is connected. Runs until Ctrl-C / SIGTERM, or until
    ``until`` is set (tests).
    """
    settings = service.settings
    connected = {"handler": None}
    health = Health(service.metrics, service_checks(
        service, slack=lambda: connected["handler"] is not None and connected["handler"].client.is_connected()))
    probes = health_server(health, settings.health_port) if settings.health_port is not None else None
    try:
        app = ready_app(service, settings.slack_app_token, "SLACK_APP_TOKEN")
        handler = connected["handler"] = socket_mode_handler(app, settings)
        handler.connect()
        log.info("newsbot answers Slack over Socket Mode (Web API: %s)", settings.slack_api_base)
        try:
            (until or threading.Event()).wait()
        except KeyboardInterrupt:
            log.info("stopping")
        finally:
            handler.close()
            stop_app(app)
    finally:
        if probes is not None:
            probes.shutdown()
            probes.server_close()

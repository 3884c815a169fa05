"""Liveness, readiness and metrics as a tiny WSGI app: ``/healthz``, ``/readyz``, ``/metrics``.

In HTTP mode it sits in front of Bolt's ``/slack/events``; in Socket Mode it has a port of its
own (``NEWSBOT_HEALTH_PORT``), as bolt-python's Socket Mode health-check example does, reporting
the websocket's ``is_connected()``. Readiness is checked live at every request.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from prometheus_client import make_wsgi_app

log = logging.getLogger(__name__)
ROUTES = ("/healthz", "/readyz", "/metrics")


def service_checks(service, slack: Callable[[], bool]) -> dict[str, Callable[[], bool]]:
    """What /readyz checks: the index is open (and its catalogue answers), the models are loaded
    (the answer chain is built), and Slack is connected (``slack``)."""

    def index() -> bool:
        service.catalogue.chunk_count()
        return "collection" in vars(service)

    return {"index": index, "models": lambda: "chain" in vars(service), "slack": slack}


class Health:
    def __init__(self, metrics, checks: dict[str, Callable[[], bool]]) -> None:
        self.checks = checks
        self._metrics = make_wsgi_app(metrics.registry)

    def readiness(self) -> dict[str, bool]:
        results = {}
        for name, check in self.checks.items():
            try:
                results[name] = bool(check())
            except Exception as error:  # a check that fails to run is a failed check
                log.warning("readiness check %s failed: %s", name, error)
                results[name] = False
        return results

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == "/metrics":
            return self._metrics(environ, start_response)
        if path == "/healthz":
            return _json(start_response, "200 OK", {"alive": True})
        if path == "/readyz":
            checks = self.readiness()
            ready = all(checks.values())
            return _json(start_response, "200 OK" if ready else "503 Service Unavailable",
                         {"ready": ready, "checks": checks})
        return _json(start_response, "404 Not Found", {"error": "not found"})

    def around(self, app):
        """A WSGI app serving these routes and handing every other path to ``app``."""

        def dispatch(environ, start_response):
            if environ.get("PATH_INFO", "") in ROUTES:
                return self(environ, start_response)
            return app(environ, start_response)

        return dispatch


def _json(start_response, status: str, payload: dict):
    body = json.dumps(payload).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body))),
                            ("Cache-Control", "no-store")])
    return [body]

"""Tokens and the signing secret never reach a log line, whatever logs them (defence in depth:
nothing in newsbot, Bolt or slack_sdk is known to log them; the tests check that separately)."""

from __future__ import annotations

import logging

REDACTED = "[redacted]"


class RedactSecrets(logging.Filter):
    """Replaces each secret in a record's message and traceback with ``[redacted]``."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = self.redact(record.getMessage()), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        return True


def settings_secrets(settings) -> list[str]:
    values = (settings.slack_bot_token, settings.slack_app_token, settings.slack_signing_secret)
    return [value.get_secret_value() for value in values if value is not None]


def log_without_secrets(settings, level: int = logging.INFO) -> None:
    """Log to stderr (unless logging is set up already) through a filter that removes the Slack secrets."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    redact = RedactSecrets(settings_secrets(settings))
    for handler in root.handlers:
        handler.addFilter(redact)

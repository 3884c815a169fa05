"""One logging setup for every command: ``NEWSBOT_LOG_LEVEL``, ``NEWSBOT_LOG_FORMAT=text|json``, and
every secret setting redacted from every line, whoever logs it.

newsbot's own loggers (``newsbot.*``, ``bot.*``, ``index.*``) log at the chosen level; libraries stay
at WARNING unless the level is DEBUG (httpx alone would log every request at INFO).
"""

from __future__ import annotations

import json
import logging
import sys
import time
from urllib.parse import urlsplit

from pydantic import SecretStr
from rich.console import Console
from rich.logging import RichHandler

REDACTED = "[redacted]"
OUR_LOGGERS = ("newsbot", "bot", "index")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Attributes every LogRecord has; anything else on a record came as ``extra=`` and goes into JSON.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}


def secret_values(settings) -> list[str]:
    """The value of every secret setting (each ``SecretStr`` field), whatever its name, and the password
    of one that is a URL (``NEWSBOT_DATABASE_URL``): a driver's message may quote it alone."""
    values = (getattr(settings, name) for name in type(settings).model_fields)
    secrets = [v.get_secret_value() for v in values if isinstance(v, SecretStr) and v.get_secret_value()]
    return secrets + [password for secret in secrets if (password := urlsplit(secret).password)]


class RedactSecrets(logging.Filter):
    """Replaces each secret in a record's message, extra fields and traceback with ``[redacted]``."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = self.redact(record.getMessage()), None
        for key, value in vars(record).items():
            if key not in _STANDARD and isinstance(value, str):
                setattr(record, key, self.redact(value))
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, the record's extra
    fields (e.g. an answer's ``steps_ms``), and the traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname, "logger": record.name, "message": record.getMessage(),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")})
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["traceback"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False, default=str)


def setup_logging(settings, stream=None) -> None:
    """Log to stderr (or ``stream``) in the configured format and level, secrets redacted.

    Text on a terminal is Rich's (compact, coloured levels). Idempotent; handlers installed by others
    (pytest's capture) are kept, and get the redaction too.
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "newsbot", False)]:
        root.removeHandler(handler)
    level = logging.getLevelName(settings.log_level)
    stream = stream or sys.stderr
    if settings.log_format == "json":
        handler = logging.StreamHandler(stream)
        handler.setFormatter(JsonFormatter())
    elif stream.isatty():
        handler = RichHandler(console=Console(file=stream), show_path=False, markup=False, log_time_format="%X")
    else:
        handler = logging.StreamHandler(stream)
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    handler.newsbot = True  # ours: replaced when set up again
    handler.setLevel(level)  # also for libraries that set their own loggers' levels low
    root.addHandler(handler)
    root.setLevel(level if level == logging.DEBUG else max(level, logging.WARNING))
    for name in OUR_LOGGERS:
        logging.getLogger(name).setLevel(level)
    redact = RedactSecrets(secret_values(settings))
    for handler in root.handlers:
        for old in [f for f in handler.filters if isinstance(f, RedactSecrets)]:
            handler.removeFilter(old)
        handler.addFilter(redact)


def routine_logs_off(settings, verbose: bool = False) -> None:
    """The REPL's screen is for answers: routine lines ("answered: extractive, nl, …") stay off it
    unless asked for (``--verbose``, or NEWSBOT_LOG_LEVEL set); warnings and errors still show."""
    if not verbose and "log_level" not in settings.model_fields_set:
        setup_logging(settings.model_copy(update={"log_level": "WARNING"}))

"""Logs as one JSON object per line, with any secret this process knows scrubbed out of every line."""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Iterable

REDACTED = "[redacted]"
# Attributes every LogRecord has; anything else on a record came in through ``extra=`` and is logged as a field.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName"}
# A library that retries in a loop (huey's consumer polling an unreachable Redis) logs each message at most this often.
REPEAT_SECONDS = 30.0
# Lines of a PEM key shorter than this (the BEGIN/END armour, padding) are not secret on their own.
_MIN_SECRET_PART = 16


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message", ...extra fields, "error"}`` on one line, secrets replaced."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        whole = {secret for secret in secrets if secret}
        # A multi-line key may be logged a line at a time (or JSON-escaped), so its long lines count on their own.
        lines = {
            line.strip() for secret in whole for line in secret.splitlines() if len(line.strip()) >= _MIN_SECRET_PART
        }
        self._secrets = sorted(whole | lines, key=len, reverse=True)

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": self._scrub(record.getMessage()),
        }
        for name, value in vars(record).items():
            if name not in _STANDARD and not name.startswith("_"):
                entry[name] = self._scrub(value) if isinstance(value, str) else value
        if record.exc_info:
            entry["error"] = self._scrub(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)

    def _scrub(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text


class OncePerInterval(logging.Filter):
    """Let a message from loggers under ``prefix`` through once per ``seconds``, with the number held back,
    and its error as one ``error`` field (the type and message, no traceback: these are a library's retries)."""

    def __init__(self, prefix: str, seconds: float = REPEAT_SECONDS) -> None:
        super().__init__()
        self._prefix = prefix
        self._seconds = seconds
        self._last: dict[tuple[str, object], tuple[float, int]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith(self._prefix):
            return True
        key = (record.name, record.msg)
        last, held = self._last.get(key, (float("-inf"), 0))
        if record.created - last < self._seconds:
            self._last[key] = (last, held + 1)
            return False
        self._last[key] = (record.created, 0)
        if held:
            record.repeated = held  # logged as a field: how many like it were held back since the last one
        if record.exc_info and record.exc_info[1] is not None:
            record.reason = f"{type(record.exc_info[1]).__name__}: {record.exc_info[1]}"
            record.exc_info, record.exc_text = None, None
        return True


def configure(level: str, secrets: Iterable[str] = ()) -> None:
    """Send every log record to stderr as JSON lines at ``level``; huey's chatter only from WARNING up, and
    each of its messages at most once per REPEAT_SECONDS (it logs every poll while Redis is away)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(secrets))
    handler.addFilter(OncePerInterval("huey"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("huey").setLevel(logging.WARNING)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)

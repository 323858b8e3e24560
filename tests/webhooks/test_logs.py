"""Log lines are single JSON objects with the delivery's fields, and no secret survives in them."""

from __future__ import annotations

import json
import logging

from bot.logs import REDACTED, JsonFormatter

TOKEN = "ghs_0123456789abcdefghijklmnopqrstuv"
PEM_BODY = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun"
PEM = f"-----BEGIN RSA PRIVATE KEY-----\n{PEM_BODY}\n-----END RSA PRIVATE KEY-----\n"


def record(message: str, *args: object, exc_info: object = None, **extra: object) -> logging.LogRecord:
    entry = logging.LogRecord("bot.jobs", logging.WARNING, __file__, 1, message, args, exc_info)
    entry.__dict__.update(extra)
    return entry


def test_one_json_object_per_line_with_the_extra_fields() -> None:
    line = JsonFormatter().format(record("job %s", "done", delivery="d-1", event="pull_request", action="opened",
                                         repository="o/r", outcome="done", duration_ms=12.5))
    assert "\n" not in line
    entry = json.loads(line)
    assert entry.pop("time").endswith("Z")
    assert entry == {"level": "warning", "logger": "bot.jobs", "message": "job done", "delivery": "d-1",
                     "event": "pull_request", "action": "opened", "repository": "o/r", "outcome": "done",
                     "duration_ms": 12.5}


def test_secrets_are_scrubbed_from_messages_fields_and_tracebacks() -> None:
    formatter = JsonFormatter([TOKEN, PEM, "hook-secret"])
    try:
        raise RuntimeError(f"Authorization: token {TOKEN}")
    except RuntimeError as error:
        failure = (type(error), error, error.__traceback__)
    line = formatter.format(record("key line %s and %s", PEM_BODY, "hook-secret", exc_info=failure, header=TOKEN))
    for secret in (TOKEN, PEM_BODY, "hook-secret"):
        assert secret not in line
    entry = json.loads(line)
    assert entry["message"] == f"key line {REDACTED} and {REDACTED}"
    assert entry["header"] == REDACTED
    assert f"Authorization: token {REDACTED}" in entry["error"]

"""Log lines are single JSON objects with the delivery's fields, and no secret survives in them."""

from __future__ import annotations

import json
import logging

from bot.logs import REDACTED, JsonFormatter, OncePerInterval

TOKEN = "ghs_0123456789abcdefghijklmnopqrstuv"
PEM_BODY = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun"
PEM = f"-----BEGIN RSA PRIVATE KEY-----\n{PEM_BODY}\n-----END RSA PRIVATE KEY-----\n"


def record(message: str, *args: object, exc_info: object = None, **extra: object) -> logging.LogRecord:
    entry = logging.LogRecord("bot.jobs", logging.WARNING, __file__, 1, message, args, exc_info)
    entry.__dict__.update(extra)
    return entry


def test_one_json_object_per_line_with_the_extra_fields() -> None:
    line = JsonFormatter().format(
        record(
            "job %s",
            "done",
            delivery="d-1",
            event="pull_request",
            action="opened",
            repository="o/r",
            outcome="done",
            duration_ms=12.5,
        )
    )
    assert "\n" not in line
    entry = json.loads(line)
    assert entry.pop("time").endswith("Z")
    assert entry == {
        "level": "warning",
        "logger": "bot.jobs",
        "message": "job done",
        "delivery": "d-1",
        "event": "pull_request",
        "action": "opened",
        "repository": "o/r",
        "outcome": "done",
        "duration_ms": 12.5,
    }


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


def test_a_library_retrying_in_a_loop_is_logged_once_an_interval_without_tracebacks() -> None:
    throttle = OncePerInterval("huey", seconds=10)
    error = ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    polls = []
    for tenth in range(200):  # 20 s of polls every 0.1 s, as huey's consumer does while Redis is away
        entry = logging.LogRecord(
            "huey.consumer.Worker",
            logging.ERROR,
            __file__,
            1,
            "Error reading from queue",
            (),
            (ConnectionError, error, None),
        )
        entry.created = 1000.0 + tenth / 10
        polls.append(entry)
    passed = [entry for entry in polls if throttle.filter(entry)]
    assert [(entry.created, getattr(entry, "repeated", 0)) for entry in passed] == [(1000.0, 0), (1010.0, 99)]
    line = json.loads(JsonFormatter().format(passed[1]))
    assert "error" not in line and line["reason"] == f"ConnectionError: {error}"
    own = record("job failed")
    assert all(throttle.filter(own) for _ in range(3))  # the app's own lines are never held back

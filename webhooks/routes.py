"""``POST /webhook`` (verify, deduplicate, queue, answer at once) and ``GET /healthz``."""

from __future__ import annotations

import json
import logging
import time

from flask import Blueprint, Response, current_app, g, jsonify, request
from werkzeug.exceptions import HTTPException

from bot.events import Event, MalformedPayload
from bot.jobs import Queue
from webhooks.signature import InvalidSignature, verify_signature

log = logging.getLogger(__name__)

NOT_JSON = "the body is not a JSON object: set the webhook's content type to application/json"
NOT_A_DELIVERY = "the body is not a GitHub delivery ({problem})"
MISSING_HEADERS = "X-GitHub-Event and X-GitHub-Delivery headers are required"
TOO_LARGE = "the body is over 25 MB"
QUEUE_DOWN = "the queue cannot be reached; GitHub shows this delivery as failed, redeliver it later"
OUTCOME_STATUS = {
    "queued": 202,
    "duplicate": 200,
    "pong": 200,
    "ignored-bot": 200,
    "ignored-unhandled": 200,
    "rejected-signature": 401,
    "rejected-headers": 400,
    "rejected-body": 400,
    "too-large": 413,
    "queue-unavailable": 503,
}


def blueprint(*, secret: bytes, queue: Queue) -> Blueprint:
    """The routes, bound to the webhook secret and the queue (whose handlers say which events matter)."""
    routes = Blueprint("webhooks", __name__)

    @routes.post("/webhook")
    def webhook() -> Response:
        _start_fields()
        body = request.get_data(cache=False)  # werkzeug answers 413 here when Content-Length is over the limit
        try:
            payload = _verified_payload(body, secret)
            if g.fields["event"] == "ping":
                return _answer("pong", payload.get("zen", "pong"))
            event = _event(payload)
            return _queued(event, body, queue)
        except _Refused as refusal:
            return _answer(refusal.outcome, refusal.message, level=refusal.level)

    @routes.get("/healthz")
    def healthz() -> tuple[Response, int]:
        problem = queue.problem()
        if problem is not None:
            return jsonify(status="unhealthy", reason=problem), 503
        return jsonify(status="ok"), 200

    @routes.app_errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        if error.code == 413 and request.path == "/webhook":
            _start_fields()
            return _answer("too-large", TOO_LARGE, level=logging.WARNING)
        return _json_error(error.code or 500, error.name)

    @routes.app_errorhandler(Exception)
    def unexpected(error: Exception) -> Response:
        # No detail leaves the server: the traceback (scrubbed of secrets) goes to the log only.
        _start_fields()
        log.exception("unexpected error", extra=g.fields)
        return _json_error(500, "Internal Server Error")

    return routes


class _Refused(Exception):
    """A delivery answered without queueing it: why, and how loudly to log it."""

    def __init__(self, outcome: str, message: str, level: int = logging.WARNING) -> None:
        super().__init__(message)
        self.outcome, self.message, self.level = outcome, message, level


def _verified_payload(body: bytes, secret: bytes) -> dict:
    """The delivery's JSON object, once its size, signature and headers are right."""
    if len(body) >= current_app.config["MAX_CONTENT_LENGTH"]:  # a chunked body, cut at the limit
        raise _Refused("too-large", TOO_LARGE)
    try:
        verify_signature(body, request.headers.get("X-Hub-Signature-256"), secret)
    except InvalidSignature as error:
        raise _Refused("rejected-signature", str(error)) from None
    if not g.fields["delivery"] or not g.fields["event"]:
        raise _Refused("rejected-headers", MISSING_HEADERS)
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested deeper than Python recurses
        payload = None
    if not isinstance(payload, dict):
        raise _Refused("rejected-body", NOT_JSON)
    return payload


def _event(payload: dict) -> Event:
    try:
        event = Event.from_delivery(g.fields["event"], g.fields["delivery"], payload)
    except MalformedPayload as error:
        raise _Refused("rejected-body", NOT_A_DELIVERY.format(problem=error)) from None
    g.fields.update(action=event.action, repository=event.repository)
    return event


def _queued(event: Event, body: bytes, queue: Queue) -> Response:
    """Queue the event for its handlers, unless none wants it or it was queued before."""
    if not queue.handlers.handlers_for(event):  # the router drops bots' events
        if event.from_bot:
            return _answer("ignored-bot", f"sent by {event.sender_login}, a bot")
        return _answer("ignored-unhandled", f"nothing to do for {event.name}.{event.action}")
    try:
        queued = queue.submit(event, body)
    except Exception:  # Redis or the disk is down: GitHub must see a failure, so it can be redelivered
        log.exception("could not queue the delivery", extra=g.fields)
        return _answer("queue-unavailable", QUEUE_DOWN, level=logging.ERROR)
    if not queued:
        return _answer("duplicate", "this delivery was received before; not run again")
    return _answer("queued", "queued")


def _start_fields() -> None:
    """Start the clock and the log fields of this delivery (once: an error handler may come after the view)."""
    if "fields" not in g:
        g.started = time.monotonic()
        g.fields = {
            "delivery": request.headers.get("X-GitHub-Delivery", ""),
            "event": request.headers.get("X-GitHub-Event", ""),
        }


def _answer(outcome: str, message: str, *, level: int = logging.INFO) -> Response:
    """Answer GitHub and write the one log line for this delivery."""
    status = OUTCOME_STATUS[outcome]
    duration = round((time.monotonic() - g.started) * 1000, 2)
    log.log(level, message, extra={**g.fields, "outcome": outcome, "status": status, "duration_ms": duration})
    response = jsonify(outcome=outcome, message=message, delivery=g.fields["delivery"] or None)
    response.status_code = status
    return response


def _json_error(status: int, name: str) -> Response:
    response = jsonify(outcome="error", message=name)
    response.status_code = status
    return response

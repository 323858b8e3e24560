"""Every answer ``POST /webhook`` and ``GET /healthz`` give, in one process with a real SQLite queue."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from bot.app_settings import SettingsError, load_settings
from bot.jobs import Queue
from bot.router import Router
from tests.webhooks import processes
from webhooks.app import MAX_BODY_BYTES, create_app
from webhooks.signature import MISMATCH, MISSING, sign

SECRET = processes.SECRET
OPENED = processes.fixture_body("pull_request.opened")
BY_A_BOT = processes.fixture_body("issue_comment.created.issue.app-2023")  # sender gagbo-test-app[bot]


@pytest.fixture
def queue(tmp_path: Path) -> Queue:
    router = Router()
    router.register("pull_request", "opened", "synchronize")(lambda event, gh, documents: None)
    router.register("issue_comment", "created")(lambda event, gh, documents: None)
    settings = load_settings(github_token="t", github_webhook_secret=SECRET, data_dir=tmp_path)
    return Queue(settings, handlers=router)


@pytest.fixture
def client(queue: Queue) -> FlaskClient:
    app = create_app(queue.settings, queue=queue, configure_logging=False)
    return app.test_client()


def post(
    client: FlaskClient, event: str, body: bytes, delivery: str = "d-1", signature: str | None = "sign", **headers: str
):
    all_headers = {
        "X-GitHub-Event": event,
        "X-GitHub-Delivery": delivery,
        "Content-Type": "application/json",
        **headers,
    }
    if signature == "sign":
        all_headers["X-Hub-Signature-256"] = sign(body, SECRET.encode())
    elif signature is not None:
        all_headers["X-Hub-Signature-256"] = signature
    return client.post("/webhook", data=body, headers=all_headers)


def outcomes(caplog: pytest.LogCaptureFixture) -> list[tuple[str, int]]:
    return [(record.outcome, record.status) for record in caplog.records if hasattr(record, "status")]


def test_a_handled_event_is_queued_once(client: FlaskClient, queue: Queue, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    first = post(client, "pull_request", OPENED)
    assert (first.status_code, first.json) == (202, {"outcome": "queued", "message": "queued", "delivery": "d-1"})
    again = post(client, "pull_request", OPENED)
    assert (again.status_code, again.json["outcome"]) == (200, "duplicate")
    assert queue.store.unfinished() == [("d-1", "pending")]
    assert queue.huey.pending_count() == 1
    assert outcomes(caplog) == [("queued", 202), ("duplicate", 200)]
    line = next(record for record in caplog.records if getattr(record, "outcome", "") == "queued")
    assert (line.delivery, line.event, line.action, line.repository) == (
        "d-1",
        "pull_request",
        "opened",
        "Codertocat/Hello-World",
    )
    assert line.duration_ms >= 0


@pytest.mark.parametrize(("signature", "reason"), [(None, MISSING), (sign(OPENED, b"wrong secret"), MISMATCH)])
def test_a_bad_signature_is_refused_and_nothing_is_queued(
    client: FlaskClient, queue: Queue, signature: str | None, reason: str, caplog: pytest.LogCaptureFixture
) -> None:
    response = post(client, "pull_request", OPENED, signature=signature)
    assert (response.status_code, response.json["outcome"], response.json["message"]) == (
        401,
        "rejected-signature",
        reason,
    )
    assert queue.store.unfinished() == [] and queue.huey.pending_count() == 0
    assert [record.getMessage() for record in caplog.records] == [reason]


def test_ping_is_answered(client: FlaskClient, queue: Queue) -> None:
    body = processes.fixture_body("ping.app-hook")
    response = post(client, "ping", body)
    assert (response.status_code, response.json["outcome"]) == (200, "pong")
    assert response.json["message"] == json.loads(body)["zen"]
    assert queue.store.unfinished() == []


@pytest.mark.parametrize(
    ("event", "body", "outcome"),
    [
        ("issue_comment", BY_A_BOT, "ignored-bot"),
        ("installation", processes.fixture_body("installation.created"), "ignored-unhandled"),
        ("pull_request", processes.fixture_body("pull_request.edited"), "ignored-unhandled"),
    ],
)
def test_events_that_need_no_work_are_acknowledged_and_ignored(
    client: FlaskClient, queue: Queue, event: str, body: bytes, outcome: str
) -> None:
    response = post(client, event, body)
    assert (response.status_code, response.json["outcome"]) == (200, outcome)
    assert queue.store.unfinished() == []


@pytest.mark.parametrize(
    ("body", "headers", "status", "outcome"),
    [
        (b"payload=%7B%7D", {"Content-Type": "application/x-www-form-urlencoded"}, 400, "rejected-body"),
        (b"[1, 2]", {}, 400, "rejected-body"),
        (b'{"sender": "octocat"}', {}, 400, "rejected-body"),
        (b'{"installation": {"id": "not a number"}}', {}, 400, "rejected-body"),
        (OPENED, {"X-GitHub-Delivery": ""}, 400, "rejected-headers"),
        (OPENED, {"X-GitHub-Event": ""}, 400, "rejected-headers"),
    ],
)
def test_malformed_deliveries_are_refused(
    client: FlaskClient, queue: Queue, body: bytes, headers: dict[str, str], status: int, outcome: str
) -> None:
    response = post(client, headers.pop("X-GitHub-Event", "pull_request"), body, **headers)
    assert (response.status_code, response.json["outcome"]) == (status, outcome)
    assert queue.store.unfinished() == []


def test_a_body_over_25_mb_is_refused(client: FlaskClient, queue: Queue) -> None:
    body = b"{" + b" " * MAX_BODY_BYTES + b"}"
    response = post(client, "pull_request", body)
    assert (response.status_code, response.json["outcome"]) == (413, "too-large")
    assert queue.store.unfinished() == []


def test_healthz_reports_the_queue(client: FlaskClient, tmp_path: Path) -> None:
    assert (client.get("/healthz").status_code, client.get("/healthz").json) == (200, {"status": "ok"})
    dead = load_settings(
        github_token="t", github_webhook_secret=SECRET, redis_url=f"redis://127.0.0.1:{processes.free_port()}/0"
    )
    down = create_app(dead, queue=Queue(dead, handlers=Router()), configure_logging=False).test_client()
    response = down.get("/healthz")
    assert (response.status_code, response.json) == (
        503,
        {"status": "unhealthy", "reason": "queue unreachable: ConnectionError"},
    )


def test_a_queue_that_is_down_fails_the_delivery_without_detail(tmp_path: Path) -> None:
    url = f"redis://127.0.0.1:{processes.free_port()}/0"
    settings = load_settings(github_token="t", github_webhook_secret=SECRET, redis_url=url)
    router = Router()
    router.register("pull_request", "opened")(lambda event, gh, documents: None)
    app = create_app(settings, queue=Queue(settings, handlers=router), configure_logging=False)
    response = post(app.test_client(), "pull_request", OPENED)
    assert (response.status_code, response.json["outcome"]) == (503, "queue-unavailable")
    assert "127.0.0.1" not in response.get_data(as_text=True) and "Error" not in response.get_data(as_text=True)


def test_the_server_refuses_to_start_without_a_webhook_secret() -> None:
    with pytest.raises(SettingsError, match="^GITHUB_WEBHOOK_SECRET is not set"):
        create_app(load_settings(github_token="t"), configure_logging=False)


def test_other_paths_and_methods_get_json_errors(client: FlaskClient) -> None:
    assert (client.get("/webhook").status_code, client.get("/webhook").json["outcome"]) == (405, "error")
    assert client.get("/nothing").status_code == 404

"""Hostile and broken bodies over real HTTP, against the web server exactly as the Procfile runs it: each is
answered 400 or 413 with a reason, never 500, 503 or a misleading 401."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import requests

from tests.webhooks import processes
from webhooks.app import MAX_BODY_BYTES
from webhooks.signature import sign

UNUSED_API = "http://127.0.0.1:9/api/v3"  # these tests never reach GitHub
OPENED = json.loads(processes.fixture_body("pull_request.opened"))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, processes.Process]]:
    data_dir = tmp_path_factory.mktemp("edge")
    with processes.gunicorn(processes.app_env(data_dir, UNUSED_API), data_dir) as running:
        yield running


def with_field(**fields: object) -> bytes:
    return json.dumps({**OPENED, **fields}).encode()


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (b"[" * 5000 + b"]" * 5000, "nested 5,000 deep"),
        (b'{"a": ' * 1200 + b"1" + b"}" * 1200, "objects nested 1,200 deep"),
        (with_field(pull_request="oops"), "a pull request that is a string"),
        (with_field(repository={"full_name": ["a", "b"]}), "a repository name that is a list"),
        (with_field(installation={"id": "seventy-seven"}), "an installation id that is text"),
        (with_field(pull_request={**OPENED["pull_request"], "head": None}), "a pull request without its head"),
        (with_field(sender=7), "a sender that is a number"),
        (
            json.dumps({key: value for key, value in OPENED.items() if key != "pull_request"}).encode(),
            "a pull_request delivery without its pull request",
        ),
        (b"\xff\xfe not utf-8", "bytes that are not UTF-8"),
    ],
)
def test_a_signed_body_the_bot_cannot_read_is_a_400(
    server: tuple[str, processes.Process], body: bytes, why: str
) -> None:
    url, process = server
    tracebacks = process.raw_log().count("Traceback")
    answer = processes.deliver(url, "pull_request", body)
    assert (answer.status_code, answer.json()["outcome"]) == (400, "rejected-body"), why
    assert process.raw_log().count("Traceback") == tracebacks


def test_a_chunked_body_over_the_limit_is_a_413_not_a_cut_body(server: tuple[str, processes.Process]) -> None:
    url, _ = server
    chunk = b" " * (1024 * 1024)
    body_size = MAX_BODY_BYTES + len(chunk)

    def chunks() -> Iterator[bytes]:  # no Content-Length: the server learns the size only by reading
        for _ in range(body_size // len(chunk)):
            yield chunk

    headers = {
        "Content-Type": "application/json",
        "X-GitHub-Event": "pull_request",
        "X-GitHub-Delivery": "big-1",
        "X-Hub-Signature-256": sign(b" " * body_size, processes.SECRET.encode()),
    }
    try:
        answer = requests.post(f"{url}/webhook", data=chunks(), headers=headers, timeout=30)
    except requests.ConnectionError:  # the server may close the connection as soon as it answered
        pytest.fail("the server closed the connection without answering 413")
    assert (answer.status_code, answer.json()["outcome"]) == (413, "too-large")


def test_a_chunked_body_under_the_limit_is_read_whole(server: tuple[str, processes.Process]) -> None:
    url, _ = server
    body = processes.fixture_body("pull_request.opened")
    headers = {
        "Content-Type": "application/json",
        "X-GitHub-Event": "pull_request",
        "X-GitHub-Delivery": "chunked-1",
        "X-Hub-Signature-256": sign(body, processes.SECRET.encode()),
    }
    answer = requests.post(f"{url}/webhook", data=iter([body[:100], body[100:]]), headers=headers, timeout=10)
    assert (answer.status_code, answer.json()["outcome"]) == (202, "queued")

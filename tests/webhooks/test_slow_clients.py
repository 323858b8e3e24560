"""Slow clients against the web server exactly as the Procfile runs it: connections that send their request a
byte at a time (anyone can open them: the body is read before the signature can be checked) must not keep
GitHub's deliveries from being acknowledged within its 10-second deadline."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from tests.webhooks import processes

UNUSED_API = "http://127.0.0.1:9/api/v3"  # these tests never reach GitHub
SLOW_CONNECTIONS = 100
GITHUB_DEADLINE_SECONDS = 10.0


@contextmanager
def slow_connections(url: str, count: int) -> Iterator[list[socket.socket]]:
    """``count`` connections that sent headers promising a body, and one byte of it: they wait for more."""
    host, port = url.removeprefix("http://").split(":")
    with ExitStack() as stack:
        sockets = []
        for _ in range(count):
            connection = stack.enter_context(socket.create_connection((host, int(port)), timeout=5))
            connection.sendall(
                b"POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"X-GitHub-Event: pull_request\r\nContent-Length: 100000\r\n\r\n{"
            )
            sockets.append(connection)
        yield sockets


def test_a_hundred_slow_connections_do_not_hold_up_acknowledgements(tmp_path: Path) -> None:
    env = processes.app_env(tmp_path, UNUSED_API)
    body = processes.fixture_body("pull_request.opened")
    with processes.gunicorn(env, tmp_path) as (url, _), slow_connections(url, SLOW_CONNECTIONS):
        answers = [
            processes.deliver(url, "pull_request", body, delivery=f"d-{index}", timeout=GITHUB_DEADLINE_SECONDS)
            for index in range(5)
        ]
        health = processes.requests.get(f"{url}/healthz", timeout=GITHUB_DEADLINE_SECONDS)
    assert [answer.status_code for answer in answers] == [202] * 5
    assert health.status_code == 200

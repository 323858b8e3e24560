"""The real server as a subprocess on 127.0.0.1: start-up checks, answers over HTTP, logs, gunicorn as deployed."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.webhooks import processes
from webhooks.signature import MISMATCH

UNUSED_API = "http://127.0.0.1:9/api/v3"  # these tests never reach GitHub


def delivery_states(data_dir: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(data_dir / "deliveries.db") as connection:
        return connection.execute("select id, state from delivery order by id").fetchall()


def run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "paper_triage", *args],
        env=env,
        cwd=processes.ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("unset", "setting", "message"),
    [
        ("GITHUB_WEBHOOK_SECRET", {}, "paper-triage: GITHUB_WEBHOOK_SECRET is not set"),
        ("GITHUB_TOKEN", {}, "paper-triage: set GITHUB_APP_ID with GITHUB_PRIVATE_KEY or GITHUB_PRIVATE_KEY_PATH"),
        ("", {"PORT": "eighty"}, "paper-triage: PORT: Input should be a valid integer"),
        (
            "GITHUB_TOKEN",
            {"GITHUB_APP_ID": "1", "GITHUB_PRIVATE_KEY": "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END"},
            "paper-triage: GITHUB_PRIVATE_KEY: this private key cannot sign the App's tokens (",
        ),
    ],
)
def test_serve_refuses_to_start_with_bad_settings(
    tmp_path: Path, unset: str, setting: dict[str, str], message: str
) -> None:
    env = processes.app_env(tmp_path, UNUSED_API, **setting)
    env.pop(unset, None)
    result = run_cli(env, "serve", "--host", "127.0.0.1", "--port", str(processes.free_port()))
    assert result.returncode == 2
    assert result.stderr.startswith(message)
    assert "Traceback" not in result.stderr


def test_serve_answers_over_http_and_logs_json_without_secrets(tmp_path: Path) -> None:
    env = processes.app_env(tmp_path, UNUSED_API)
    with processes.serve(env, tmp_path) as (url, server):
        ping = processes.deliver(url, "ping", processes.fixture_body("ping"), delivery="ping-1")
        forged = processes.deliver(
            url, "issues", processes.fixture_body("installation.created"), delivery="forged-1", secret="not the secret"
        )
        unsigned = processes.deliver(url, "issues", b"{}", delivery="unsigned-1", signature=None)
        ignored = processes.deliver(
            url, "installation", processes.fixture_body("installation.created"), delivery="install-1"
        )
        processes.wait_until(lambda: len([line for line in server.log_lines() if "status" in line]) == 4, "4 log lines")
    assert [(r.status_code, r.json()["outcome"]) for r in (ping, forged, unsigned, ignored)] == [
        (200, "pong"),
        (401, "rejected-signature"),
        (401, "rejected-signature"),
        (200, "ignored-unhandled"),
    ]
    lines = [line for line in server.log_lines() if "status" in line]
    assert [(line["delivery"], line["outcome"], line["status"]) for line in lines] == [
        ("ping-1", "pong", 200),
        ("forged-1", "rejected-signature", 401),
        ("unsigned-1", "rejected-signature", 401),
        ("install-1", "ignored-unhandled", 200),
    ]
    assert lines[1]["message"] == MISMATCH and lines[1]["level"] == "warning"
    assert (lines[3]["event"], lines[3]["action"], lines[3]["repository"]) == ("installation", "created", None)
    assert all(isinstance(line["duration_ms"], float) for line in lines)
    log = server.raw_log()
    assert processes.SECRET not in log and env["GITHUB_TOKEN"] not in log
    assert delivery_states(tmp_path) == []


def test_gunicorn_as_deployed_queues_a_delivery(tmp_path: Path) -> None:
    env = processes.app_env(tmp_path, UNUSED_API)
    body = processes.fixture_body("pull_request.opened")
    with processes.gunicorn(env, tmp_path) as (url, _):
        first = processes.deliver(url, "pull_request", body, delivery="pr-1")
        again = processes.deliver(url, "pull_request", body, delivery="pr-1")
        health = processes.requests.get(f"{url}/healthz", timeout=5)
    assert (first.status_code, again.status_code, again.json()["outcome"]) == (202, 200, "duplicate")
    assert health.json() == {"status": "ok"}
    assert delivery_states(tmp_path) == [("pr-1", "pending")]


def health(url: str) -> int | None:
    try:
        return processes.requests.get(f"{url}/healthz", timeout=5).status_code
    except processes.requests.ConnectionError:
        return None


def test_serve_and_worker_wait_for_a_redis_that_is_not_there_yet(tmp_path: Path) -> None:
    redis_port, port = processes.free_port(), processes.free_port()
    env = processes.app_env(tmp_path, UNUSED_API, REDIS_URL=f"redis://127.0.0.1:{redis_port}/0")
    server = processes.Process(processes.serve_command(port), env, tmp_path / "serve.log")
    worker = processes.start_worker(env, tmp_path)
    url = f"http://127.0.0.1:{port}"
    try:
        processes.wait_until(lambda: health(url) == 503, "/healthz to answer 503 while Redis is away")
        processes.wait_until(
            lambda: min(len(unreachable(worker)), len(unreachable(server))) >= 3, "three tries of each"
        )
        with processes.redis_server(tmp_path / "redis", port=redis_port):
            processes.wait_until(lambda: health(url) == 200, "/healthz to answer 200 once Redis is there", 60)
            processes.wait_until(lambda: started(server) and started(worker), "both workers to start", 60)
            assert server.popen.poll() is None and worker.popen.poll() is None
            server.stop()
            worker.stop()
    finally:
        server.stop()
        worker.stop()
    for process in (server, worker):
        assert "Traceback" not in process.raw_log()
        tries = unreachable(process)
        assert tries[0]["message"] == "queue unreachable: ConnectionError; trying again in 1 s"
        waits = [line["message"].rsplit(" ", 2)[-2] for line in tries]
        assert waits[:3] == ["1", "2", "4"]  # one line a try, backing off


def unreachable(process: processes.Process) -> list[dict]:
    return [line for line in process.log_lines() if line.get("outcome") == "queue-unreachable"]


def started(process: processes.Process) -> bool:
    return any(line.get("outcome") == "started" for line in process.log_lines())

"""Real processes for the tests, on 127.0.0.1 only: Redis, the app (serve, gunicorn, worker), signed deliveries."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest
import requests

from webhooks.signature import sign

ROOT = Path(__file__).resolve().parents[2]
WEBHOOKS = ROOT / "tests" / "fixtures" / "github" / "webhooks"
SECRET = "test-webhook-secret-0123456789"
STOP_SECONDS = 10.0
START_SECONDS = 20.0
NO_REDIS = "redis-server is not installed (apt-get install redis-server); Redis mode is not tested"

T = TypeVar("T")


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check: Callable[[], T], what: str, seconds: float = START_SECONDS) -> T:
    """Poll ``check`` until it returns something truthy; fail the test after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds:.0f} s waiting for {what}")
        time.sleep(0.05)


class Process:
    """A child process whose output goes to a log file; ``stop`` ends it for sure."""

    def __init__(self, command: list[str], env: dict[str, str], log_path: Path) -> None:
        self.log_path = log_path
        self._log = log_path.open("ab")
        # start_new_session: a SIGKILL aimed at the group also ends anything the child started (gunicorn workers).
        self.popen = subprocess.Popen(
            command,
            env=env,
            cwd=ROOT,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        return self.popen.pid

    def kill(self) -> None:
        """SIGKILL the whole process group, as a crash or an out-of-memory kill would."""
        try:
            os.killpg(self.popen.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.popen.wait(STOP_SECONDS)
        self._log.close()

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it has not ended within STOP_SECONDS."""
        if self.popen.poll() is None:
            try:
                os.killpg(self.popen.pid, signal.SIGTERM)
                self.popen.wait(STOP_SECONDS)
            except subprocess.TimeoutExpired:
                pass
            except ProcessLookupError:
                pass
        self.kill()

    def log_lines(self) -> list[dict]:
        """The JSON log lines the process wrote so far (other lines skipped)."""
        lines = []
        for raw in self.log_path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                entry = json.loads(raw)
            except ValueError:
                continue
            if isinstance(entry, dict):
                lines.append(entry)
        return lines

    def raw_log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def app_env(data_dir: Path, api_url: str, *, redis_url: str | None = None, **extra: str) -> dict[str, str]:
    """A clean environment for the app: only what it needs, never the test runner's own variables."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "GITHUB_TOKEN": "ghp_test_token_not_real_0123456789",
        "GITHUB_WEBHOOK_SECRET": SECRET,
        "GITHUB_API_URL": api_url,
        "DATA_DIR": str(data_dir),
        "LOG_LEVEL": "INFO",
        "WORKER_THREADS": "2",
        "PAPER_TRIAGE_METADATA": "0",  # no lookups in arXiv, Crossref, …: tests and benches stay on 127.0.0.1
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update(extra)
    if "REDIS_URL" not in env:
        # The tests' web and worker processes run on this one machine and share DATA_DIR: say so, or
        # they refuse to start on a queue other machines could not see.
        env["PAPER_TRIAGE_SINGLE_MACHINE"] = "1"
    return env


def wait_healthy(base_url: str, process: Process) -> None:
    def healthy() -> bool:
        if process.popen.poll() is not None:
            raise AssertionError(f"the server exited with {process.popen.returncode}:\n{process.raw_log()[-3000:]}")
        try:
            return requests.get(f"{base_url}/healthz", timeout=5).status_code == 200
        except (requests.ConnectionError, requests.Timeout):
            return False

    wait_until(healthy, f"{base_url}/healthz")


def serve_command(port: int) -> list[str]:
    return [sys.executable, "-m", "paper_triage", "serve", "--host", "127.0.0.1", "--port", str(port)]


@contextmanager
def serve(env: dict[str, str], log_dir: Path, name: str = "serve") -> Iterator[tuple[str, Process]]:
    """``paper-triage serve`` on a free port: (base URL, process)."""
    port = free_port()
    with _web_server(serve_command(port), env, port, log_dir / f"{name}.log") as running:
        yield running


def procfile_command(kind: str, port: int) -> list[str]:
    """The Procfile's command for ``kind`` (``web``, ``worker``), bound to 127.0.0.1:``port``, with its program
    taken from this interpreter's environment (the project's .venv)."""
    for line in (ROOT / "Procfile").read_text(encoding="utf-8").splitlines():
        if line.startswith(f"{kind}:"):
            command = line.split(":", 1)[1].replace("$PORT", str(port)).replace("0.0.0.0", "127.0.0.1")
            words = shlex.split(command)
            program = Path(sys.executable).parent / words[0]
            return [str(program) if program.exists() else words[0], *words[1:]]
    raise AssertionError(f"no {kind}: line in the Procfile")


@contextmanager
def gunicorn(env: dict[str, str], log_dir: Path) -> Iterator[tuple[str, Process]]:
    """The web server exactly as the Procfile runs it (on 127.0.0.1), without a worker."""
    port = free_port()
    command = procfile_command("web", port)
    with _web_server(command, {**env, "PORT": str(port)}, port, log_dir / "gunicorn.log") as running:
        yield running


@contextmanager
def _web_server(command: list[str], env: dict[str, str], port: int, log_path: Path) -> Iterator[tuple[str, Process]]:
    process = Process(command, env, log_path)
    try:
        base_url = f"http://127.0.0.1:{port}"
        wait_healthy(base_url, process)
        yield base_url, process
    finally:
        process.stop()


def start_worker(env: dict[str, str], log_dir: Path, name: str = "worker") -> Process:
    """``paper-triage worker``; the caller stops it."""
    return Process([sys.executable, "-m", "paper_triage", "worker"], env, log_dir / f"{name}.log")


@contextmanager
def redis_server(data_dir: Path, port: int | None = None) -> Iterator[str]:
    """A throwaway redis-server on ``port`` or a free loopback port (append-only file on, as a deployment
    should run it)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip(NO_REDIS)
    port = port or free_port()
    data_dir.mkdir(parents=True, exist_ok=True)
    process = Process(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(data_dir),
            "--appendonly",
            "yes",
            "--save",
            "",
        ],
        {"PATH": os.environ.get("PATH", "")},
        data_dir / "redis.log",
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        wait_until(lambda: _redis_answers(port), "redis-server to answer")
        yield url
    finally:
        process.stop()


def _redis_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def fixture_body(name: str) -> bytes:
    """The raw bytes of a recorded delivery, e.g. ``pull_request.opened``."""
    return (WEBHOOKS / f"{name}.json").read_bytes()


def deliver(
    base_url: str,
    event: str,
    body: bytes,
    *,
    delivery: str | None = None,
    signature: str | None = "sign",
    secret: str = SECRET,
    timeout: float = 10,
) -> requests.Response:
    """POST a delivery as GitHub does: event and delivery headers, signed with ``secret`` unless told otherwise."""
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "GitHub-Hookshot/test",
        "X-GitHub-Event": event,
        "X-GitHub-Delivery": delivery or str(uuid.uuid4()),
        "X-GitHub-Hook-Installation-Target-Type": "integration",
    }
    if signature == "sign":
        headers["X-Hub-Signature-256"] = sign(body, secret.encode())
    elif signature is not None:
        headers["X-Hub-Signature-256"] = signature
    return requests.post(f"{base_url}/webhook", data=body, headers=headers, timeout=timeout)

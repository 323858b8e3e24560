"""Web and worker started as separate processes must share a queue: without REDIS_URL they refuse to
start and say what to set, unless PAPER_TRIAGE_SINGLE_MACHINE says one machine runs them all; ``serve``
(both in one process) keeps the SQLite default."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.app_settings import SettingsError, load_settings
from tests.webhooks import processes
from webhooks.app import create_app

UNUSED_API = "http://127.0.0.1:9/api/v3"  # these tests never reach GitHub


def split_env(tmp_path: Path) -> dict[str, str]:
    """A deployment's environment without REDIS_URL and without the single-machine opt-in."""
    env = processes.app_env(tmp_path, UNUSED_API)
    del env["PAPER_TRIAGE_SINGLE_MACHINE"]
    return env


def test_a_worker_alone_without_redis_fails_fast_saying_what_to_set(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "paper_triage", "worker"],
        env=split_env(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("paper-triage: REDIS_URL is not set: the worker runs as a process of its own")
    assert "PAPER_TRIAGE_SINGLE_MACHINE=1" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "queue.db").exists()  # refused before creating the queue


def test_the_procfile_web_process_without_redis_refuses_to_boot(tmp_path: Path) -> None:
    port = processes.free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "webhooks.app:create_app()",
    ]
    done = subprocess.run(
        command,
        env={**split_env(tmp_path), "PORT": str(port)},
        cwd=processes.ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "REDIS_URL is not set: the web server runs as a process of its own" in done.stderr


def test_the_factory_accepts_redis_or_the_single_machine_opt_in(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name, value in split_env(tmp_path).items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SettingsError, match="^REDIS_URL is not set"):
        create_app(configure_logging=False)
    monkeypatch.setenv("PAPER_TRIAGE_SINGLE_MACHINE", "1")
    assert create_app(configure_logging=False).url_map is not None
    assert load_settings(github_token="t", redis_url="redis://127.0.0.1:1/0").require_shared_queue("worker") is None


def test_serve_runs_without_redis_and_without_the_opt_in(tmp_path: Path) -> None:
    with processes.serve(split_env(tmp_path), tmp_path) as (url, _):
        assert processes.requests.get(f"{url}/healthz", timeout=5).json() == {"status": "ok"}

"""``paper-triage register`` against the fake GitHub, with a scripted browser: the local page posts the
manifest, GitHub's redirect brings the code back, the code is exchanged, ``.env`` is written for its owner
only — and ``paper-triage serve`` starts with that ``.env`` alone and accepts deliveries signed with it."""

from __future__ import annotations

import html
import json
import os
import re
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import jwt
import requests
from dotenv import dotenv_values

from bot.app_settings import load_settings
from tests.fakegithub import FakeGitHub
from tests.webhooks import processes

PACKAGED = json.loads(
    (processes.ROOT / "paper_triage" / "data" / "github-app-manifest.json").read_text(encoding="utf-8")
)


@contextmanager
def started(args: list[str], cwd: Path, env: dict[str, str]) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "paper_triage", *args],
        cwd=cwd,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=processes.STOP_SECONDS)
        if process.stdout:
            process.stdout.close()


def base_env(**extra: str) -> dict[str, str]:
    """No GitHub credentials: whatever the commands know comes from their arguments and .env."""
    return {"PATH": os.environ["PATH"], "LANG": "C.UTF-8", **extra}


def browse(page_url: str) -> requests.Response:
    """What the browser does: load the page, submit its form to GitHub, follow GitHub's redirect back."""
    page = requests.get(page_url, timeout=10).text
    action = html.unescape(re.search(r'action="([^"]+)"', page).group(1))
    manifest = html.unescape(re.search(r'name="manifest" value="([^"]*)"', page).group(1))
    return requests.post(action, data={"manifest": manifest}, timeout=30)


def register(fake_github: FakeGitHub, cwd: Path, *args: str) -> tuple[str, requests.Response]:
    env = base_env(GITHUB_URL=fake_github.root, GITHUB_API_URL=fake_github.url)
    with started(["register", *args], cwd, env) as process:
        first = process.stdout.readline()
        page_url = re.search(r"http://127\.0\.0\.1:\d+/", first).group(0)
        answer = browse(page_url)
        rest = process.stdout.read()
        assert process.wait(timeout=30) == 0, first + rest
    return first + rest, answer


def healthy(url: str, server: subprocess.Popen[str]) -> bool:
    assert server.poll() is None, f"serve exited: {server.stdout.read() if server.stdout else ''}"
    try:
        return requests.get(f"{url}/healthz", timeout=5).status_code == 200
    except requests.ConnectionError:
        return False


def test_register_writes_an_owner_only_env_that_serve_starts_with(fake_github: FakeGitHub, tmp_path: Path) -> None:
    out, answer = register(fake_github, tmp_path, "--org", "lab-papers", "--url", "https://triage.example.org/")
    assert answer.status_code == 200 and "You can close this page" in answer.text
    posted = fake_github.requests_to("POST", "/organizations/lab-papers/settings/apps/new")
    assert len(posted) == 1 and posted[0].query["state"]
    app = fake_github.created_apps[0]
    assert (app["permissions"], app["events"]) == (PACKAGED["default_permissions"], PACKAGED["default_events"])
    assert app["external_url"] == "https://triage.example.org"
    assert fake_github.requests_to("POST", r"/app-manifests/[0-9a-f]+/conversions")[0].status == 201

    env_file = tmp_path / ".env"
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    values = dotenv_values(env_file)
    # One line per variable (the key's new lines as \n), as `docker run --env-file` and xargs read it too.
    assert env_file.read_text().splitlines()[1:] == [f"{name}={value}" for name, value in values.items()]
    assert values == {
        "GITHUB_APP_ID": str(app["id"]),
        "GITHUB_WEBHOOK_SECRET": app["webhook_secret"],
        "GITHUB_PRIVATE_KEY": app["pem"].strip().replace("\n", "\\n"),
        "GITHUB_API_URL": fake_github.url,
    }
    settings = load_settings(env_file=env_file)  # the key as the app reads it signs in as the new App
    token = jwt.encode(
        {"iat": int(time.time()) - 60, "exp": int(time.time()) + 540, "iss": str(settings.github_app_id)},
        settings.private_key,
        algorithm="RS256",
    )
    assert (
        requests.get(f"{fake_github.url}/app", headers={"Authorization": f"Bearer {token}"}, timeout=10).json()["id"]
        == app["id"]
    )
    assert f"Install it on your list repositories: {app['html_url']}/installations/new" in out
    assert app["pem"] not in out and app["webhook_secret"] not in out

    port = processes.free_port()
    serve_env = base_env(DATA_DIR=str(tmp_path / "data"), PORT=str(port))
    with started(["serve", "--host", "127.0.0.1"], tmp_path, serve_env) as server:
        url = f"http://127.0.0.1:{port}"
        processes.wait_until(lambda: healthy(url, server), f"{url}/healthz")
        ping = processes.deliver(url, "ping", processes.fixture_body("ping"), secret=values["GITHUB_WEBHOOK_SECRET"])
        forged = processes.deliver(url, "ping", processes.fixture_body("ping"), secret="not the secret")
    assert (ping.status_code, forged.status_code) == (200, 401)


def test_without_a_public_url_the_webhook_is_left_off_and_a_secret_is_made(
    fake_github: FakeGitHub, tmp_path: Path
) -> None:
    out, _ = register(fake_github, tmp_path)
    assert fake_github.requests_to("POST", "/settings/apps/new")
    assert fake_github.created_apps[0]["webhook_secret"] is None
    assert "created with its webhook off" in out
    assert len(dotenv_values(tmp_path / ".env")["GITHUB_WEBHOOK_SECRET"]) == 64


def test_an_existing_env_file_is_kept_and_a_bad_answer_is_refused(fake_github: FakeGitHub, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("KEEP=1\n")
    refused = subprocess.run(
        [sys.executable, "-m", "paper_triage", "register"],
        cwd=tmp_path,
        env=base_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (refused.returncode, refused.stderr) == (
        2,
        "paper-triage: .env exists; move it away or run again with --force to overwrite it\n",
    )
    env = base_env(GITHUB_URL=fake_github.root, GITHUB_API_URL=fake_github.url)
    with started(["register", "--force"], tmp_path, env) as process:
        page_url = re.search(r"http://127\.0\.0\.1:\d+/", process.stdout.readline()).group(0)
        forged = requests.get(f"{page_url}callback?code=abc&state=guessed", timeout=10)
        assert process.wait(timeout=30) == 2
        assert "its state differs" in process.stdout.read()
    assert forged.status_code == 400
    assert (tmp_path / ".env").read_text() == "KEEP=1\n"

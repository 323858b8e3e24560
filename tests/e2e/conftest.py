"""End-to-end set-up: the fake GitHub with an App installed on a list repository, and deliveries for its PRs."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import LIST_DIR
from tests.fakegithub import FakeGitHub, generate_private_key, payloads
from tests.fakegithub.state import Pull, Repo
from tests.webhooks import processes

APP_ID, INSTALLATION = 4321, 77
REPO = "papers-org/awesome-vad"
README = (LIST_DIR / "README.md").read_text(encoding="utf-8")
FIRST_2025_ROW = 64  # README line of the first 2025 paper of the main table
BROKEN_ROW = "| [Masked Motion Priors for Video Anomaly Detection](https://arxiv.org/abs/2501.01234) | 2025 | arxiv |"


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with processes.redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture
def repo(fake_github: FakeGitHub) -> Repo:
    fake_github.register_app(APP_ID, generate_private_key())
    fake_github.add_installation(INSTALLATION)
    repo = fake_github.add_repo(REPO)
    repo.commit("main", {"README.md": README})
    return repo


def app_env(fake_github: FakeGitHub, data_dir: Path, **extra: str) -> dict[str, str]:
    """The app's environment as a GitHub App installation on the fake GitHub (key generated at test time)."""
    env = processes.app_env(
        data_dir, fake_github.url, GITHUB_APP_ID=str(APP_ID), GITHUB_PRIVATE_KEY=generate_private_key(), **extra
    )
    del env["GITHUB_TOKEN"]
    return env


def broken_pull(repo: Repo, branch: str, title: str = "Masked Motion Priors") -> Pull:
    """A pull request adding one row with three cells and a lower-case venue: it gets a review with comments."""
    row = BROKEN_ROW.replace("Masked Motion Priors", title)
    lines = README.splitlines(True)
    head = "".join(lines[: FIRST_2025_ROW - 1] + [row + "\n"] + lines[FIRST_2025_ROW - 1 :])
    repo.commit(branch, {"README.md": head})
    return repo.open_pull(branch, author="contributor")


def delivery_body(repo: Repo, pull: Pull, action: str = "opened") -> bytes:
    """The recorded ``pull_request`` delivery, re-pointed at ``pull`` on the fake, as GitHub would send it."""
    return json.dumps(payloads.pull_request_delivery(action, repo, pull, INSTALLATION)).encode()


class Hold:
    """Keeps the first request to a route open (no answer) until released, as a slow GitHub would; with
    ``applied``, GitHub has carried the request out before it goes quiet."""

    def __init__(self, fake: FakeGitHub, method: str, path_pattern: str, *, applied: bool = False) -> None:
        self.entered = threading.Event()
        self.released = threading.Event()
        self._taken = False
        answer = fake.handle

        def handle(request_method: str, raw_path: str, headers: dict[str, str], raw_body: bytes) -> Any:
            if not self._taken and request_method == method and re.search(path_pattern, raw_path):
                self._taken = True
                if applied:
                    answer(request_method, raw_path, headers, raw_body)
                self.entered.set()
                self.released.wait(60)
                return None  # the connection is dropped: its client is gone by now
            return answer(request_method, raw_path, headers, raw_body)

        fake.handle = handle  # type: ignore[method-assign]

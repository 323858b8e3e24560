"""/add-paper through the real webhook server (a ``paper-triage serve`` subprocess) to the fake GitHub.

Signed deliveries over HTTP, the queue, the worker, PyGithub and the fake: the whole path a request takes.
Every process runs on 127.0.0.1 and is stopped by the test.
"""

from __future__ import annotations

import json
from pathlib import Path

from bot import preview
from tests.conftest import LIST_DIR
from tests.fakegithub import FakeGitHub, generate_private_key
from tests.fakegithub.state import Issue, Repo
from tests.webhooks import processes

APP_ID, INSTALLATION = 6262, 66
REPO = "papers-org/awesome-vad"
SECONDS = 60.0
README = (LIST_DIR / "README.md").read_text(encoding="utf-8")
DATA = {
    f"scripts/{path.name}": path.read_text(encoding="utf-8")
    for path in sorted((LIST_DIR / "scripts").glob("data*.json"))
}
TITLE = "Temporal Prototype Memory for Unsupervised Video Anomaly Detection"
REQUEST = f"""\
/add-paper
title: {TITLE}
url: https://openaccess.thecvf.com/content/CVPR2024/papers/Doe_Temporal_Prototype_Memory_CVPR_2024_paper.pdf
year: 2024
venue: C-CVPR
"""


def delivery(repo: Repo, issue: Issue, sender: str, fixture: str, comment: str | None = None) -> bytes:
    """A recorded delivery re-pointed at the fake repository and issue, as GitHub would send it."""
    body = json.loads(processes.fixture_body(fixture))
    body["repository"].update(full_name=repo.full_name, name=repo.full_name.split("/")[1], default_branch="main")
    body["installation"] = {"id": INSTALLATION, "node_id": "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNjY="}
    body["sender"].update(login=sender, type="User")
    body["issue"].update(number=issue.number, title=issue.title, body=issue.body)
    body["issue"]["user"]["login"] = issue.author.login
    if comment is not None:
        made = repo.add_comment(issue.number, comment, author=sender)
        body["comment"].update(id=made.id, body=comment)
        body["comment"]["user"].update(login=sender, type="User")
    return json.dumps(body).encode()


def test_a_contributors_issue_gets_a_preview_and_a_maintainers_comment_the_pull_request(
    fake_github: FakeGitHub, tmp_path: Path
) -> None:
    key = generate_private_key()
    fake_github.register_app(APP_ID, key)
    fake_github.add_installation(INSTALLATION)
    repo = fake_github.add_repo(REPO)
    repo.commit("main", {"README.md": README, **DATA})
    repo.permissions["maintainer"] = "write"
    issue = repo.open_issue("Add TPM", REQUEST, author="alice")
    env = processes.app_env(tmp_path, fake_github.url, GITHUB_APP_ID=str(APP_ID), GITHUB_PRIVATE_KEY=key)
    del env["GITHUB_TOKEN"]

    def previews() -> list[str]:
        return [c.body for c in repo.issue_comments.values() if c.user == fake_github.bot and preview.MARKER in c.body]

    with processes.serve(env, tmp_path) as (url, _):
        opened = processes.deliver(url, "issues", delivery(repo, issue, "alice", "issues.opened.app-2023"))
        forged = processes.deliver(
            url,
            "issue_comment",
            delivery(repo, issue, "maintainer", "issue_comment.created.issue", comment="/add-paper"),
            secret="guessed",
        )
        processes.wait_until(previews, "the preview comment", SECONDS)
        assert "A maintainer can comment `/add-paper`" in previews()[0] and not repo.pulls

        asked = processes.deliver(
            url,
            "issue_comment",
            delivery(repo, issue, "maintainer", "issue_comment.created.issue", comment="/add-paper"),
        )
        processes.wait_until(lambda: repo.pulls and "Pull request #" in previews()[0], "the pull request", SECONDS)

    assert (opened.status_code, forged.status_code, asked.status_code) == (202, 401, 202)
    [pull] = repo.pulls.values()
    assert (pull.title, pull.head_ref) == (f"Add paper: {TITLE}", f"paper-triage/add-paper-{issue.number}")
    assert [f["filename"] for f in pull.files()] == ["scripts/data.json"]
    assert len(previews()) == 1

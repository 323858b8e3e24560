"""The fake GitHub itself: diffs as GitHub writes them, pagination, auth, validations and faults (plain HTTP)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest
import unidiff

from tests.fakegithub import FakeGitHub, state
from tests.fakegithub.server import DIFF_LINE_ERROR


def call(fake: FakeGitHub, method: str, path: str, body: Any = None, token: str = "t0k") -> tuple[int, Any, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        fake.url + path, data=data, method=method, headers={"Authorization": f"token {token}"}
    )
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read() or b"null"), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null"), dict(error.headers)


@pytest.fixture
def repo(fake_github: FakeGitHub) -> state.Repo:
    fake_github.add_token("t0k", "maintainer")
    return fake_github.add_repo("octo/papers")


def test_patch_is_githubs_format_and_parses_as_a_unified_diff() -> None:
    patch = state.unified_patch("a\nb\nc\n", "a\nb\nc\nd")
    assert patch == "@@ -1,3 +1,4 @@\n a\n b\n c\n+d\n\\ No newline at end of file"
    hunk = unidiff.PatchSet("--- a/f\n+++ b/f\n" + patch + "\n")[0][0]
    assert [(line.target_line_no, line.value) for line in hunk if line.is_added] == [(4, "d\n")]


def test_pull_files_pair_renames_and_skip_patches_for_binary_and_patchless(repo: state.Repo) -> None:
    repo.commit("main", {"old.md": "x\n" * 10, "gone.md": "bye\n", "big.md": "1\n", "img.png": b"\x89PNG\xff"})
    repo.commit(
        "pr", {"old.md": None, "new.md": "x\n" * 10, "gone.md": None, "big.md": "2\n", "img.png": b"\x89PNG\xfe"}
    )
    pull = repo.open_pull("pr")
    pull.patchless.add("big.md")
    files = {f["filename"]: f for f in pull.files()}
    assert {name: (f["status"], f.get("previous_filename"), "patch" in f) for name, f in files.items()} == {
        "new.md": ("renamed", "old.md", False),
        "gone.md": ("removed", None, True),
        "big.md": ("modified", None, False),
        "img.png": ("modified", None, False),
    }


def test_lists_are_paginated_with_absolute_link_headers(fake_github: FakeGitHub, repo: state.Repo) -> None:
    repo.commit("pr", {f"f{i:02}.md": "x\n" for i in range(45)})
    pull = repo.open_pull("pr")
    status, first, headers = call(fake_github, "GET", f"/repos/octo/papers/pulls/{pull.number}/files?per_page=20")
    assert status == 200 and len(first) == 20
    assert headers["Link"] == (
        f'<{fake_github.url}/repos/octo/papers/pulls/1/files?per_page=20&page=2>; rel="next", '
        f'<{fake_github.url}/repos/octo/papers/pulls/1/files?per_page=20&page=3>; rel="last"'
    )
    _, last, _ = call(fake_github, "GET", "/repos/octo/papers/pulls/1/files?per_page=20&page=3")
    assert [f["filename"] for f in last] == [f"f{i:02}.md" for i in range(40, 45)]


def test_unknown_tokens_get_401(fake_github: FakeGitHub, repo: state.Repo) -> None:
    assert call(fake_github, "GET", "/repos/octo/papers", token="nope")[:2] == (
        401,
        {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"},
    )


def test_review_comments_outside_the_diff_fail_the_whole_review(fake_github: FakeGitHub, repo: state.Repo) -> None:
    repo.commit("main", {"README.md": "".join(f"line {i}\n" for i in range(1, 21))})
    repo.commit("pr", {"README.md": "".join(f"line {i}\n" for i in range(1, 21)) + "added\n"})
    pull = repo.open_pull("pr")
    review = {
        "event": "COMMENT",
        "body": "b",
        "comments": [{"path": "README.md", "line": 21, "body": "ok"}, {"path": "README.md", "line": 2, "body": "no"}],
    }
    status, body, _ = call(fake_github, "POST", f"/repos/octo/papers/pulls/{pull.number}/reviews", review)
    assert (status, body["errors"]) == (422, [DIFF_LINE_ERROR])
    assert repo.reviews == {} and repo.review_comments == {}
    review["comments"] = review["comments"][:1]
    assert call(fake_github, "POST", f"/repos/octo/papers/pulls/{pull.number}/reviews", review)[0] == 200
    assert [(c.path, c.line, c.user.login) for c in repo.review_comments.values()] == [("README.md", 21, "maintainer")]


def test_faults_answer_the_next_matching_requests_then_stop(fake_github: FakeGitHub, repo: state.Repo) -> None:
    fake_github.fail("GET", r"/repos/octo/papers", status=503, times=2)
    statuses = [call(fake_github, "GET", "/repos/octo/papers")[0] for _ in range(3)]
    assert statuses == [503, 503, 200]
    assert [r.status for r in fake_github.requests_to("GET", r"/repos/octo/papers")] == [503, 503, 200]


def test_contents_put_needs_the_current_sha(fake_github: FakeGitHub, repo: state.Repo) -> None:
    repo.commit("main", {"a.md": "one\n"})
    put = {"message": "m", "content": "dHdvCg==", "branch": "main"}
    assert call(fake_github, "PUT", "/repos/octo/papers/contents/a.md", put)[0] == 422
    assert call(fake_github, "PUT", "/repos/octo/papers/contents/a.md", {**put, "sha": "0" * 40})[0] == 409
    status, body, _ = call(
        fake_github, "PUT", "/repos/octo/papers/contents/a.md", {**put, "sha": state.blob_sha(b"one\n")}
    )
    assert (status, body["content"]["path"], repo.text("a.md")) == (200, "a.md", "two\n")

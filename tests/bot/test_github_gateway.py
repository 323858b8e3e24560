"""The PyGithub gateway over real HTTP against the fake GitHub: auth, paging, reads, writes, errors, request counts."""

from __future__ import annotations

import base64
import time
from datetime import timedelta

import pytest

from bot import gateway as gh
from bot.app_settings import Settings
from bot.errors import TransientGitHubError
from bot.posts import Annotation, AnnotationLevel, CheckRun, Conclusion, InlineComment, WriteMark
from tests.fakegithub import FakeGitHub, generate_private_key
from tests.fakegithub.state import Repo

APP_ID, INSTALLATION = 1234, 99
REPO = "octo/papers"
MARKER = "<!-- paper-triage:summary -->"
LIST = "| [Paper A](https://arxiv.org/abs/2401.00001) | 2024 |\n"


@pytest.fixture
def repo(fake_github: FakeGitHub) -> Repo:
    fake_github.register_app(APP_ID, generate_private_key())
    fake_github.add_installation(INSTALLATION)
    fake_github.add_token("t0k", "maintainer")
    return fake_github.add_repo(REPO)


@pytest.fixture
def factory(fake_github: FakeGitHub, repo: Repo) -> gh.GatewayFactory:
    return gh.PyGithubGatewayFactory(api_url=fake_github.url, app_id=APP_ID, private_key=generate_private_key())


@pytest.fixture
def gateway(factory: gh.GatewayFactory) -> gh.PyGithubGateway:
    return factory(INSTALLATION)


def pull_with(repo: Repo, files: dict[str, str | bytes | None], base: dict[str, str] | None = None) -> int:
    if base:
        repo.commit("main", base)
    repo.commit("contrib", files)
    return repo.open_pull("contrib", author="alice").number


# --- authentication ------------------------------------------------------------------------------------------


def test_the_gateway_implements_the_protocol(gateway: gh.PyGithubGateway) -> None:
    assert isinstance(gateway, gh.GitHub)


def test_app_auth_fetches_one_installation_token_and_reuses_it_across_jobs(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    number = pull_with(repo, {"README.md": LIST})
    factory(INSTALLATION).pull_request(REPO, number)
    factory(INSTALLATION).pull_request(REPO, number)
    token_requests = fake_github.requests_to("POST", rf"/app/installations/{INSTALLATION}/access_tokens")
    assert len(token_requests) == 1
    assert token_requests[0].headers["authorization"].startswith("Bearer ")
    pulls = fake_github.requests_to("GET", rf"/repos/{REPO}/pulls/{number}")
    issued = {header for header in (r.headers["authorization"] for r in pulls)}
    assert len(pulls) == 2 and len(issued) == 1 and issued.pop().startswith("token ghs_")


def test_a_token_about_to_expire_is_renewed(fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory) -> None:
    fake_github.token_lifetime = timedelta(seconds=10)  # inside PyGithub's 20 s renewal margin
    number = pull_with(repo, {"README.md": LIST})
    gateway = factory(INSTALLATION)
    gateway.pull_request(REPO, number)
    gateway.pull_request(REPO, number)
    assert len(fake_github.requests_to("POST", r"/app/installations/\d+/access_tokens")) == 2


def test_each_installation_gets_its_own_token(fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory) -> None:
    fake_github.add_installation(100)
    number = pull_with(repo, {"README.md": LIST})
    factory(INSTALLATION).pull_request(REPO, number)
    factory(100).pull_request(REPO, number)
    assert [r.path for r in fake_github.requests_to("POST", r"/app/installations/\d+/access_tokens")] == [
        f"/app/installations/{INSTALLATION}/access_tokens",
        "/app/installations/100/access_tokens",
    ]


def test_an_app_needs_the_installation_id(factory: gh.GatewayFactory) -> None:
    with pytest.raises(ValueError, match="installation id"):
        factory(None)


def test_no_credentials_is_refused() -> None:
    with pytest.raises(ValueError, match="token"):
        gh.PyGithubGatewayFactory(app_id=1)


def test_the_app_knows_its_login_from_get_app_once(fake_github: FakeGitHub, factory: gh.GatewayFactory) -> None:
    assert factory.my_login() == factory.my_login() == "paper-triage[bot]"
    assert [r.line for r in fake_github.requests] == ["GET /app"]


def test_token_mode_from_settings_uses_the_token_and_asks_user_once(
    fake_github: FakeGitHub, repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("GITHUB_APP_ID", "GITHUB_PRIVATE_KEY", "GITHUB_PRIVATE_KEY_PATH"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings(github_token="t0k", github_api_url=fake_github.url)
    number = pull_with(repo, {"README.md": LIST})
    gh.gateway_for_installation(settings, None).upsert_comment(REPO, number, MARKER, MARKER + " one")
    gh.gateway_for_installation(settings, None).upsert_comment(REPO, number, MARKER, MARKER + " two")
    assert fake_github.request_lines(exclude_auth=False) == [
        "GET /user",
        f"GET /repos/{REPO}/issues/{number}/comments",
        f"POST /repos/{REPO}/issues/{number}/comments",
        f"GET /repos/{REPO}/issues/{number}/comments",
        f"PATCH /repos/{REPO}/issues/comments/{next(iter(repo.issue_comments))}",
    ]
    assert {r.headers["authorization"] for r in fake_github.requests} == {"token t0k"}
    assert [(c.user.login, c.body) for c in repo.issue_comments.values()] == [("maintainer", MARKER + " two")]


# --- reads ---------------------------------------------------------------------------------------------------


def test_pull_request_reads_the_fields_with_one_request(
    fake_github: FakeGitHub, repo: Repo, gateway: gh.PyGithubGateway
) -> None:
    number = pull_with(repo, {"README.md": LIST})
    pull = repo.pulls[number]
    fake_github.clear_requests()
    assert gateway.pull_request(REPO, number) == gh.PullRequest(
        number=number,
        head_sha=pull.head_sha,
        head_ref="contrib",
        head_repo=REPO,
        base_ref="main",
        base_sha=pull.base_sha,
        author="alice",
        draft=False,
        state="open",
        repo_url=f"{fake_github.root}/{REPO}",
    )
    assert fake_github.request_lines() == [f"GET /repos/{REPO}/pulls/{number}"]


def test_a_pull_request_from_a_deleted_fork_has_no_head_repo(repo: Repo, gateway: gh.PyGithubGateway) -> None:
    number = pull_with(repo, {"README.md": LIST})
    repo.pulls[number].head_repo = None
    assert gateway.pull_request(REPO, number).head_repo == ""


def test_pull_request_files_read_every_page(fake_github: FakeGitHub, repo: Repo, gateway: gh.PyGithubGateway) -> None:
    base = {f"lists/{i:03}.md": f"row {i}\n" for i in range(250)}
    head = {path: text + "new row\n" for path, text in base.items()}
    number = pull_with(repo, head, base)
    fake_github.clear_requests()
    files = gateway.pull_request_files(REPO, number)
    assert [f.path for f in files] == sorted(base)
    assert files[7] == gh.PullFile("lists/007.md", "modified", None, "@@ -1 +1,2 @@\n row 7\n+new row")
    assert fake_github.request_lines() == [f"GET /repos/{REPO}/pulls/{number}/files"] * 3
    assert [r.query for r in fake_github.api_requests] == [
        {"per_page": "100"},
        {"per_page": "100", "page": "2"},
        {"per_page": "100", "page": "3"},
    ]


def test_pull_request_files_carry_renames_removals_and_missing_patches(repo: Repo, gateway: gh.PyGithubGateway) -> None:
    number = pull_with(
        repo,
        {"old.md": None, "new.md": LIST * 5, "gone.md": None, "logo.png": b"\x89PNG\xff"},
        {"old.md": LIST * 5, "gone.md": LIST},
    )
    assert gateway.pull_request_files(REPO, number) == [
        gh.PullFile("gone.md", "removed", None, "@@ -1 +0,0 @@\n-" + LIST.rstrip("\n")),
        gh.PullFile("logo.png", "added", None, None),
        gh.PullFile("new.md", "renamed", "old.md", None),
    ]


def test_read_file_returns_text_or_none(fake_github: FakeGitHub, repo: Repo, gateway: gh.PyGithubGateway) -> None:
    sha = repo.commit("main", {"README.md": "ünïcode\n", "docs/a.md": "a\n"})
    assert gateway.read_file(REPO, "README.md", sha) == "ünïcode\n"
    assert gateway.read_file(REPO, "missing.md", sha) is None
    assert gateway.read_file(REPO, "docs", sha) is None
    assert gateway.read_file(REPO, "README.md", "0" * 40) is None


def test_read_file_over_one_mebibyte_goes_through_the_blob(
    fake_github: FakeGitHub, repo: Repo, gateway: gh.PyGithubGateway
) -> None:
    big = LIST * (2 * 1024 * 1024 // len(LIST))
    sha = repo.commit("main", {"README.md": big})
    fake_github.clear_requests()
    assert gateway.read_file(REPO, "README.md", sha) == big
    assert [line.rsplit("/", 1)[0] for line in fake_github.request_lines()] == [
        f"GET /repos/{REPO}/contents",
        f"GET /repos/{REPO}/git/blobs",
    ]


def test_read_file_refuses_bytes_that_are_not_utf8(repo: Repo, gateway: gh.PyGithubGateway) -> None:
    sha = repo.commit("main", {"README.md": b"caf\xe9\n"})
    with pytest.raises(gh.FileNotText, match="`README.md` is not UTF-8 text"):
        gateway.read_file(REPO, "README.md", sha)


def test_list_paths_is_one_request_for_the_whole_tree(
    fake_github: FakeGitHub, repo: Repo, gateway: gh.PyGithubGateway
) -> None:
    sha = repo.commit("main", {"README.md": LIST, "scripts/data.json": "[]", "scripts/deep/x.json": "[]"})
    fake_github.clear_requests()
    assert gateway.list_paths(REPO, sha) == ["README.md", "scripts/data.json", "scripts/deep/x.json"]
    assert fake_github.request_lines() == [f"GET /repos/{REPO}/git/trees/{sha}"]


def test_permission_reports_the_role_not_the_legacy_level(repo: Repo, gateway: gh.PyGithubGateway) -> None:
    repo.permissions.update(mia="maintain", tom="triage", ada="admin")
    assert [gateway.permission(REPO, login) for login in ("mia", "tom", "ada", "stranger")] == [
        "maintain",
        "triage",
        "admin",
        "read",
    ]


# --- comments ------------------------------------------------------------------------------------------------


def test_upsert_creates_then_edits_only_our_own_comment(
    fake_github: FakeGitHub, repo: Repo, gateway: gh.PyGithubGateway
) -> None:
    number = pull_with(repo, {"README.md": LIST})
    copied = repo.add_comment(number, f"quoting the bot: {MARKER} hi", author="mallory")
    first = gateway.upsert_comment(REPO, number, MARKER, f"{MARKER}\nfirst")
    second = gateway.upsert_comment(REPO, number, MARKER, f"{MARKER}\nsecond")
    assert first.id == second.id != copied.id
    assert second == gh.Comment(first.id, f"{MARKER}\nsecond", "paper-triage[bot]", True)
    assert repo.issue_comments[copied.id].body == f"quoting the bot: {MARKER} hi"
    assert [c.body for c in repo.issue_comments.values()] == [f"quoting the bot: {MARKER} hi", f"{MARKER}\nsecond"]
    assert [r.body for r in fake_github.requests_to("PATCH", r".*")] == [{"body": f"{MARKER}\nsecond"}]


def test_upsert_with_an_unchanged_body_writes_nothing(
    fake_github: FakeGitHub, repo: Repo, gateway: gh.PyGithubGateway
) -> None:
    number = pull_with(repo, {"README.md": LIST})
    gateway.upsert_comment(REPO, number, MARKER, f"{MARKER}\nsame")
    fake_github.clear_requests()
    gateway.upsert_comment(REPO, number, MARKER, f"{MARKER}\nsame")
    assert fake_github.request_lines() == [f"GET /repos/{REPO}/issues/{number}/comments"]


def test_comments_say_which_are_ours(repo: Repo, gateway: gh.PyGithubGateway) -> None:
    number = pull_with(repo, {"README.md": LIST})
    theirs = repo.add_comment(number, "looks good", author="paper-triage")  # a user named like the app
    ours = gateway.upsert_comment(REPO, number, MARKER, MARKER)
    assert gateway.issue_comments(REPO, number) == [
        gh.Comment(theirs.id, "looks good", "paper-triage", False),
        gh.Comment(ours.id, MARKER, "paper-triage[bot]", True),
    ]


def test_review_is_one_post_with_right_side_comments(
    fake_github: FakeGitHub, repo: Repo, gateway: gh.PyGithubGateway
) -> None:
    number = pull_with(repo, {"README.md": "intro\n" + LIST * 3})
    head_sha = repo.pulls[number].head_sha
    fake_github.clear_requests()
    comments = [InlineComment("README.md", 2, "one line"), InlineComment("README.md", 4, "rows 3-4", start_line=3)]
    gateway.create_review(REPO, number, head_sha, "review body", "REQUEST_CHANGES", comments)
    assert fake_github.request_lines() == [f"POST /repos/{REPO}/pulls/{number}/reviews"]
    assert fake_github.api_requests[0].body == {
        "commit_id": head_sha,
        "body": "review body",
        "event": "REQUEST_CHANGES",
        "comments": [
            {"path": "README.md", "line": 2, "side": "RIGHT", "body": "one line"},
            {
                "path": "README.md",
                "line": 4,
                "side": "RIGHT",
                "body": "rows 3-4",
                "start_line": 3,
                "start_side": "RIGHT",
            },
        ],
    }
    assert [(c.line, c.start_line) for c in repo.review_comments.values()] == [(2, None), (4, 3)]
    assert [c.by_me for c in gateway.review_comments(REPO, number)] == [True, True]


def test_a_check_run_is_one_request_carrying_the_jobs_mark(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    sha = repo.commit("main", {"README.md": LIST})
    annotations = tuple(Annotation("README.md", i, i, AnnotationLevel.WARNING, f"problem {i}") for i in range(1, 51))
    run = CheckRun("paper-triage", Conclusion.FAILURE, "120 problems", "summary", annotations, "70 more")
    fake_github.clear_requests()
    factory(INSTALLATION, WriteMark("job-1")).create_check_run(REPO, sha, run)
    [posted] = fake_github.api_requests
    assert (posted.method, posted.body["conclusion"], posted.body["external_id"]) == ("POST", "failure", "job-1")
    stored = next(iter(repo.check_runs.values()))
    assert (stored.status, len(stored.annotations), stored.output["text"]) == ("completed", 50, "70 more")
    assert stored.annotations[0] == {
        "path": "README.md",
        "start_line": 1,
        "end_line": 1,
        "annotation_level": "warning",
        "message": "problem 1",
    }


def test_a_check_run_stored_but_answered_502_is_not_posted_again_by_the_next_attempt(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    sha = repo.commit("main", {"README.md": LIST})
    other = CheckRun("paper-triage", Conclusion.SUCCESS, "ok", "an earlier push's job")
    factory(INSTALLATION, WriteMark("job-0")).create_check_run(REPO, sha, other)
    run = CheckRun("paper-triage", Conclusion.FAILURE, "1 error", "summary")
    fake_github.fail("POST", rf"/repos/{REPO}/check-runs", status=502, applied=True)
    with pytest.raises(TransientGitHubError):
        factory(INSTALLATION, WriteMark("job-1")).create_check_run(REPO, sha, run)
    fake_github.clear_requests()
    factory(INSTALLATION, WriteMark("job-1", resumed=True)).create_check_run(REPO, sha, run)
    assert fake_github.request_lines() == [f"GET /repos/{REPO}/commits/{sha}/check-runs"]
    assert fake_github.api_requests[0].query["filter"] == "all"
    assert sorted(r.external_id for r in repo.check_runs.values()) == ["job-0", "job-1"]


def test_a_resumed_job_posts_the_check_run_an_earlier_attempt_did_not(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    sha = repo.commit("main", {"README.md": LIST})
    run = CheckRun("paper-triage", Conclusion.FAILURE, "1 error", "summary")
    factory(INSTALLATION, WriteMark("job-0")).create_check_run(REPO, sha, run)
    factory(INSTALLATION, WriteMark("job-1", resumed=True)).create_check_run(REPO, sha, run)
    assert sorted(r.external_id for r in repo.check_runs.values()) == ["job-0", "job-1"]


def test_a_review_answered_after_the_time_out_is_found_by_the_next_attempt(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    number = pull_with(repo, {"README.md": LIST})
    sha = repo.branches["contrib"]
    comment = InlineComment("README.md", 1, "problem")
    fake_github.fail("POST", rf"/repos/{REPO}/pulls/{number}/reviews", drop=True, applied=True)
    with pytest.raises(TransientGitHubError):
        factory(INSTALLATION, WriteMark("job-1")).create_review(REPO, number, sha, "1 error", "COMMENT", [comment])
    fake_github.clear_requests()
    factory(INSTALLATION, WriteMark("job-1", resumed=True)).create_review(
        REPO, number, sha, "1 error", "COMMENT", [comment]
    )
    assert fake_github.request_lines() == [f"GET /repos/{REPO}/pulls/{number}/reviews"]
    [review] = repo.reviews.values()
    assert review.body.startswith("1 error") and "job-1" in review.body
    factory(INSTALLATION, WriteMark("job-2", resumed=True)).create_review(
        REPO, number, sha, "1 error", "COMMENT", [comment]
    )
    assert len(repo.reviews) == 2  # another job's review is another review


def test_a_check_run_without_annotations_is_one_request(
    fake_github: FakeGitHub, repo: Repo, gateway: gh.PyGithubGateway
) -> None:
    sha = repo.commit("main", {"README.md": LIST})
    fake_github.clear_requests()
    gateway.create_check_run(REPO, sha, CheckRun("paper-triage", Conclusion.SUCCESS, "No list files changed", "ok"))
    assert fake_github.request_lines() == [f"POST /repos/{REPO}/check-runs"]


def test_reactions_on_an_issue_and_on_a_comment(repo: Repo, gateway: gh.PyGithubGateway) -> None:
    issue = repo.open_issue("Add a paper")
    comment = repo.add_comment(issue.number, "/add-paper", author="alice")
    gateway.add_reaction(REPO, None, issue.number, "eyes")
    gateway.add_reaction(REPO, comment.id, issue.number, "+1")
    assert [(r.content, r.comment_id, r.number, r.user.login) for r in repo.reactions] == [
        ("eyes", None, issue.number, "paper-triage[bot]"),
        ("+1", comment.id, None, "paper-triage[bot]"),
    ]


# --- writes for /add-paper -----------------------------------------------------------------------------------


def test_branch_sha_reads_the_tip(fake_github: FakeGitHub, repo: Repo, gateway: gh.PyGithubGateway) -> None:
    sha = repo.commit("main", {"README.md": LIST})
    fake_github.clear_requests()
    assert gateway.branch_sha(REPO, "main") == sha
    assert fake_github.request_lines() == [f"GET /repos/{REPO}/git/ref/heads/main"]


def test_ensure_branch_twice_is_harmless(repo: Repo, gateway: gh.PyGithubGateway) -> None:
    sha = repo.commit("main", {"README.md": LIST})
    gateway.ensure_branch(REPO, "add-paper/1", sha)
    gateway.ensure_branch(REPO, "add-paper/1", sha)
    assert repo.branches["add-paper/1"] == sha


def test_write_file_creates_updates_and_skips_identical_content(
    fake_github: FakeGitHub, repo: Repo, gateway: gh.PyGithubGateway
) -> None:
    repo.commit("main", {"README.md": LIST})
    repo.commit("add-paper/1", {})
    gateway.write_file(REPO, "new.md", "add-paper/1", "new\n", "Create new.md")
    gateway.write_file(REPO, "README.md", "add-paper/1", LIST + LIST, "Add a paper")
    commits = len(repo.commits)
    gateway.write_file(REPO, "README.md", "add-paper/1", LIST + LIST, "Add a paper")
    assert len(repo.commits) == commits
    assert (repo.text("new.md", "add-paper/1"), repo.text("README.md", "add-paper/1")) == ("new\n", LIST + LIST)
    puts = fake_github.requests_to("PUT", r".*")
    assert [(r.path, r.body.get("sha"), base64.b64decode(r.body["content"]).decode()) for r in puts] == [
        (f"/repos/{REPO}/contents/new.md", None, "new\n"),
        (f"/repos/{REPO}/contents/README.md", gh._git_blob_sha(LIST.encode()), LIST + LIST),
    ]


def test_open_pull_request_reuses_the_open_one_for_the_same_head(repo: Repo, gateway: gh.PyGithubGateway) -> None:
    repo.commit("main", {"README.md": LIST})
    repo.commit("add-paper/1", {"README.md": LIST * 2})
    first = gateway.open_pull_request(REPO, "add-paper/1", "main", "Add Paper A", "body one")
    second = gateway.open_pull_request(REPO, "add-paper/1", "main", "Add Paper A", "body two")
    assert first == second
    assert [(p.number, p.body, p.author.login) for p in repo.pulls.values()] == [
        (first, "body two", "paper-triage[bot]")
    ]


# --- errors --------------------------------------------------------------------------------------------------


def test_a_read_answered_502_once_is_retried(fake_github: FakeGitHub, repo: Repo, gateway: gh.PyGithubGateway) -> None:
    number = pull_with(repo, {"README.md": LIST})
    fake_github.fail("GET", rf"/repos/{REPO}/pulls/{number}", status=502)
    assert gateway.pull_request(REPO, number).number == number
    assert [r.status for r in fake_github.requests_to("GET", rf"/repos/{REPO}/pulls/{number}")] == [502, 200]


def test_a_read_failing_three_times_is_transient(
    fake_github: FakeGitHub, repo: Repo, gateway: gh.PyGithubGateway
) -> None:
    number = pull_with(repo, {"README.md": LIST})
    fake_github.fail("GET", rf"/repos/{REPO}/pulls/{number}/files", status=503, times=3)
    with pytest.raises(TransientGitHubError) as caught:
        gateway.pull_request_files(REPO, number)
    assert caught.value.retry_after is None
    assert len(fake_github.requests_to("GET", rf"/repos/{REPO}/pulls/{number}/files")) == 3


@pytest.mark.parametrize("drop", [False, True], ids=["502", "dropped connection"])
def test_a_failed_write_is_transient_and_sent_once(
    fake_github: FakeGitHub, repo: Repo, gateway: gh.PyGithubGateway, drop: bool
) -> None:
    number = pull_with(repo, {"README.md": LIST})
    fake_github.fail("POST", rf"/repos/{REPO}/issues/{number}/comments", status=502, drop=drop)
    with pytest.raises(TransientGitHubError):
        gateway.upsert_comment(REPO, number, MARKER, MARKER)
    assert len(fake_github.requests_to("POST", rf"/repos/{REPO}/issues/{number}/comments")) == 1


def test_a_secondary_rate_limit_asks_to_wait_as_told(
    fake_github: FakeGitHub, repo: Repo, gateway: gh.PyGithubGateway
) -> None:
    sha = repo.commit("main", {"README.md": LIST})
    fake_github.fail_with_secondary_rate_limit("POST", rf"/repos/{REPO}/check-runs", retry_after=30)
    with pytest.raises(TransientGitHubError) as caught:
        gateway.create_check_run(REPO, sha, CheckRun("paper-triage", Conclusion.SUCCESS, "t", "s"))
    assert caught.value.retry_after == 30


def test_an_abuse_limit_without_retry_after_waits_a_minute(
    fake_github: FakeGitHub, repo: Repo, gateway: gh.PyGithubGateway
) -> None:
    sha = repo.commit("main", {"README.md": LIST})
    fake_github.fail(
        "GET",
        rf"/repos/{REPO}/git/trees/{sha}",
        status=403,
        body=fake_github.shapes.error("errors.403.abuse_detection"),
    )
    with pytest.raises(TransientGitHubError) as caught:
        gateway.list_paths(REPO, sha)
    assert caught.value.retry_after == gh.SECONDARY_RATE_LIMIT_WAIT


def test_a_primary_rate_limit_waits_until_the_reset(
    fake_github: FakeGitHub, repo: Repo, gateway: gh.PyGithubGateway
) -> None:
    sha = repo.commit("main", {"README.md": LIST})
    reset_at = int(time.time()) + 600
    fake_github.fail_with_primary_rate_limit("GET", rf"/repos/{REPO}/git/trees/{sha}", reset_at)
    with pytest.raises(TransientGitHubError) as caught:
        gateway.list_paths(REPO, sha)
    assert caught.value.retry_after is not None and 590 <= caught.value.retry_after <= 600


def test_429_is_transient(fake_github: FakeGitHub, repo: Repo, gateway: gh.PyGithubGateway) -> None:
    sha = repo.commit("main", {"README.md": LIST})
    fake_github.fail("GET", rf"/repos/{REPO}/git/trees/{sha}", status=429, headers={"Retry-After": "5"})
    with pytest.raises(TransientGitHubError) as caught:
        gateway.list_paths(REPO, sha)
    assert caught.value.retry_after == 5


def test_a_token_that_cannot_be_fetched_is_transient(
    fake_github: FakeGitHub, repo: Repo, gateway: gh.PyGithubGateway
) -> None:
    fake_github.fail("POST", r"/app/installations/\d+/access_tokens", status=500)
    with pytest.raises(TransientGitHubError):
        gateway.list_paths(REPO, "main")


def test_other_refusals_are_request_errors_not_pygithub_exceptions(repo: Repo, gateway: gh.PyGithubGateway) -> None:
    with pytest.raises(gh.GitHubRequestError) as caught:
        gateway.pull_request(REPO, 404)
    assert caught.value.status == 404


# --- dismissing my requests for changes ----------------------------------------------------------------------


def test_only_my_requests_for_changes_are_dismissed_and_a_lost_race_is_no_error(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    number = pull_with(repo, {"README.md": LIST})
    sha = repo.branches["contrib"]
    maintainer = gh.PyGithubGatewayFactory(api_url=fake_github.url, token="t0k")(None)
    mine = factory(INSTALLATION)
    for event in ("REQUEST_CHANGES", "COMMENT", "REQUEST_CHANGES"):
        mine.create_review(REPO, number, sha, "1 error", event, [])
    maintainer.create_review(REPO, number, sha, "Please wait", "REQUEST_CHANGES", [])
    # Another job dismisses my first request between this job's read and its own request.
    fake_github.fail(
        "PUT",
        rf"/repos/{REPO}/pulls/{number}/reviews/\d+/dismissals",
        status=422,
        body={"message": "Unprocessable Entity", "errors": ["Can not dismiss a dismissed pull request review"]},
    )
    assert mine.dismiss_my_change_requests(REPO, number, "Fixed.") == 1
    states = [(review.user.login, review.state) for review in repo.reviews.values()]
    assert states == [
        (fake_github.bot.login, "CHANGES_REQUESTED"),  # the fake was told to refuse: as if dismissed elsewhere
        (fake_github.bot.login, "COMMENTED"),
        (fake_github.bot.login, "DISMISSED"),
        ("maintainer", "CHANGES_REQUESTED"),
    ]
    assert mine.dismiss_my_change_requests(REPO, number, "Fixed.") == 1  # the refused one, now
    assert mine.dismiss_my_change_requests(REPO, number, "Fixed.") == 0


def test_a_dismissal_github_refuses_for_another_reason_is_raised(
    fake_github: FakeGitHub, repo: Repo, gateway: gh.PyGithubGateway
) -> None:
    number = pull_with(repo, {"README.md": LIST})
    gateway.create_review(REPO, number, repo.branches["contrib"], "1 error", "REQUEST_CHANGES", [])
    fake_github.fail("PUT", rf"/repos/{REPO}/pulls/{number}/reviews/\d+/dismissals", status=403)
    with pytest.raises(gh.GitHubRequestError):
        gateway.dismiss_my_change_requests(REPO, number, "Fixed.")

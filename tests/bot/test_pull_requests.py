"""The pull-request handler end to end: real webhook payloads, through PyGithub, against the fake GitHub.

Each test sets up a repository on the fake server (often the bundled real list, or one of its real commits
replayed as a pull request), dispatches a delivery through ``bot.handlers.ROUTER`` and asserts what was
posted — and how many requests it cost.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from bot import gateway as gh
from bot.errors import TransientGitHubError
from bot.events import Event
from bot.handlers import ROUTER
from bot.review import SUMMARY_MARKER
from bot.router import HandlerFailed
from tests.conftest import LIST_DIR
from tests.fakegithub import FakeGitHub, generate_private_key, payloads
from tests.fakegithub.state import Pull, Repo, Review, User, next_id, user_id

APP_ID, INSTALLATION = 4321, 77
REPO = "papers-org/awesome-vad"
HISTORY = LIST_DIR / "history"
README = (LIST_DIR / "README.md").read_text(encoding="utf-8")
DATA_FILES = {
    f"scripts/{path.name}": path.read_text(encoding="utf-8")
    for path in sorted((LIST_DIR / "scripts").glob("data*.json"))
}
FIRST_2025_ROW = 64  # README line of the first 2025 paper of the main table (rows are sorted by year)
CLEAN_ROW = (
    "| [Temporal Prototype Memory for Unsupervised Video Anomaly Detection]"
    "(https://openaccess.thecvf.com/content/CVPR2025/papers/Doe_Temporal_Prototype_Memory_CVPR_2025_paper.pdf)"
    " | 2025 | C-CVPR | ![](./assets/video.svg) | [![](./assets/code.svg)](https://github.com/jdoe/tpm-vad) | - |"
)
BROKEN_ROW = "| [Masked Motion Priors for Video Anomaly Detection](https://arxiv.org/abs/2501.01234) | 2025 | arxiv |"
CONFIG = ".github/paper-triage.yml"
# A changed page, without a config: with one more, for the tree that shows the data files it may be generated from.
MAX_REQUESTS_PER_REVIEW = 9


# --- set-up --------------------------------------------------------------------------------------------------


@pytest.fixture
def repo(fake_github: FakeGitHub) -> Repo:
    fake_github.register_app(APP_ID, generate_private_key())
    fake_github.add_installation(INSTALLATION)
    return fake_github.add_repo(REPO)


@pytest.fixture
def factory(fake_github: FakeGitHub, repo: Repo) -> gh.GatewayFactory:
    factory = gh.PyGithubGatewayFactory(api_url=fake_github.url, app_id=APP_ID, private_key=generate_private_key())
    factory.my_login()  # who we are is asked once per process, not per review: keep it out of the counts
    return factory


def insert_rows(text: str, line: int, rows: str) -> str:
    lines = text.splitlines(True)
    return "".join(lines[: line - 1] + [rows + "\n"] + lines[line - 1 :])


def replay(repo: Repo, case: str) -> Pull:
    """A real commit of the bundled list as a pull request: its base and context on main, its head on a branch."""
    folder = next(HISTORY.glob(f"{case}-*"))
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    base = {
        str(p.relative_to(side)): p.read_text(encoding="utf-8")
        for side in (folder / "context", folder / "base")
        if side.exists()
        for p in side.rglob("*")
        if p.is_file()
    }
    repo.commit("main", base, message=f"base of {meta['short_sha']}")
    head = {f["path"]: _read(folder / "head" / f["path"]) for f in meta["files"]}
    repo.commit("contrib", head, message=meta["message"])
    return repo.open_pull("contrib", author="contributor")


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.exists() else None


def pull_with(repo: Repo, base: dict[str, str], head: dict[str, str | None]) -> Pull:
    repo.commit("main", base)
    repo.commit("contrib", head)
    return repo.open_pull("contrib", author="contributor")


def pull_request_event(
    action: str,
    repo: Repo,
    pull: Pull,
    sender: str = "contributor",
    sender_type: str = "User",
    fixture: str | None = None,
) -> Event:
    """A real ``pull_request`` delivery, re-pointed at the fake repository and pull request."""
    body = payloads.pull_request_delivery(action, repo, pull, INSTALLATION, sender, sender_type, fixture)
    return Event.from_delivery("pull_request", f"delivery-{action}-{pull.head_sha[:7]}", body)


def dispatch(factory: gh.GatewayFactory, event: Event) -> int:
    return ROUTER.dispatch(event, factory(event.installation_id))


def review_event(factory: gh.GatewayFactory, action: str, repo: Repo, pull: Pull) -> None:
    assert dispatch(factory, pull_request_event(action, repo, pull)) == 1


def summaries(fake: FakeGitHub, repo: Repo) -> list[str]:
    return [c.body for c in repo.issue_comments.values() if c.user == fake.bot and SUMMARY_MARKER in c.body]


def only_check(repo: Repo) -> Any:
    [run] = repo.check_runs.values()
    return run


def inline(repo: Repo) -> list[tuple[str, int | None, int | None]]:
    return [(c.path, c.start_line, c.line) for c in repo.review_comments.values()]


# --- what is posted ------------------------------------------------------------------------------------------


def test_a_clean_addition_is_quiet_and_passes(fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory) -> None:
    pull = pull_with(repo, {"README.md": README}, {"README.md": insert_rows(README, FIRST_2025_ROW, CLEAN_ROW)})
    fake_github.clear_requests()
    review_event(factory, "opened", repo, pull)
    number = pull.number
    assert fake_github.request_lines() == [
        f"GET /repos/{REPO}/contents/{CONFIG}",
        f"GET /repos/{REPO}/pulls/{number}/files",
        f"GET /repos/{REPO}/contents/README.md",
        f"GET /repos/{REPO}/pulls/{number}/comments",
        f"GET /repos/{REPO}/git/trees/{pull.head_sha}",  # data files the page may be generated from: none
        f"GET /repos/{REPO}/issues/{number}/comments",
        f"POST /repos/{REPO}/issues/{number}/comments",
        f"POST /repos/{REPO}/check-runs",
    ]
    assert [r.query.get("ref") for r in fake_github.requests_to("GET", r".*/contents/.*")] == ["main", pull.head_sha]
    assert repo.reviews == {}
    [summary] = summaries(fake_github, repo)
    assert "No problems" in summary
    run = only_check(repo)
    assert (run.name, run.head_sha, run.conclusion, run.annotations) == ("paper-triage", pull.head_sha, "success", [])


def test_a_duplicate_of_an_existing_paper_is_commented_on_the_copy(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    pull = replay(repo, "066")  # a real commit pasting the ReSOD paper (line 614) again at line 662
    review_event(factory, "opened", repo, pull)
    [review] = repo.reviews.values()
    assert (review.state, review.commit_id) == ("COMMENTED", pull.head_sha)
    [copy_comment] = [c for c in repo.review_comments.values() if (c.start_line, c.line) == (662, 673)]
    assert copy_comment.path == "scripts/data.json"
    assert (
        "<sub>`duplicate/exact`</sub>" in copy_comment.body
        and "already listed at line 614 in this file" in copy_comment.body
    )
    assert only_check(repo).conclusion == "failure"
    assert {
        "path": "scripts/data.json",
        "start_line": 662,
        "end_line": 673,
        "annotation_level": "failure",
        "title": "duplicate/exact",
    }.items() <= next(a for a in only_check(repo).annotations if a["title"] == "duplicate/exact").items()


def test_a_wrong_venue_gets_a_one_line_suggestion(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    pull = replay(repo, "049")  # a real commit writing `arxiv` for a preprint
    review_event(factory, "opened", repo, pull)
    [comment] = [c for c in repo.review_comments.values() if c.line == 78]
    assert (comment.path, comment.start_line) == ("scripts/data.json", None)
    assert '```suggestion\n    "Venue": "arXiv",\n```' in comment.body
    assert 1 < len(repo.review_comments) <= 30  # one review, within GitHub's polite maximum


def test_broken_rows_are_commented_line_by_line(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    pull = replay(repo, "018")  # a new five-cell row; its neighbours changed only by trailing whitespace
    review_event(factory, "opened", repo, pull)
    assert inline(repo) == [("README.md", None, 7)]
    assert all("This row has 5 cells but the table header has 6." in c.body for c in repo.review_comments.values())
    assert only_check(repo).conclusion == "failure"


@pytest.mark.parametrize("config", ["generated:\n  README.md: ['scripts/data*.json']\n", None])
def test_an_edit_to_the_generated_readme_is_sent_to_the_data_file(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory, config: str | None
) -> None:
    # Without a config the page's data files are read too, and the page is known generated by its rows.
    base = {"README.md": README, **({CONFIG: config} if config else {}), **DATA_FILES}
    pull = pull_with(repo, base, {"README.md": insert_rows(README, FIRST_2025_ROW, CLEAN_ROW)})
    fake_github.clear_requests()
    review_event(factory, "opened", repo, pull)
    [comment] = repo.review_comments.values()
    assert (comment.path, comment.line) == ("README.md", FIRST_2025_ROW)
    assert "Add this paper to `scripts/data.json` instead." in comment.body
    assert '"Title": "Temporal Prototype Memory for Unsupervised Video Anomaly Detection",' in comment.body
    # The data files are read once each at the head, after one request for the tree.
    reads = [(r.path.split("/contents/")[1], r.query["ref"]) for r in fake_github.requests_to("GET", r".*/contents/.*")]
    assert reads == [(CONFIG, "main"), ("README.md", pull.head_sha)] + [(path, pull.head_sha) for path in DATA_FILES]
    assert len(fake_github.requests_to("GET", rf"/repos/{REPO}/git/trees/{pull.head_sha}")) == 1


def test_a_second_push_edits_the_summary_and_repeats_no_comment(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    second_broken = BROKEN_ROW.replace("Masked Motion", "Sparse Motion").replace("2501.01234", "2501.04321")
    head = insert_rows(README, FIRST_2025_ROW, f"{BROKEN_ROW}\n{second_broken}")
    pull = pull_with(repo, {"README.md": README}, {"README.md": head})
    review_event(factory, "opened", repo, pull)
    first_comments = inline(repo)
    [first_summary] = summaries(fake_github, repo)
    summary_id = next(iter(repo.issue_comments))
    assert len(first_comments) == 2

    # The contributor adds a clean paper above the broken rows: they move down a line but are unchanged.
    repo.commit("contrib", {"README.md": insert_rows(head, FIRST_2025_ROW, CLEAN_ROW)})
    fake_github.clear_requests()
    review_event(factory, "synchronize", repo, pull)
    assert inline(repo) == first_comments and len(repo.reviews) == 1  # nothing new to say inline
    [second_summary] = summaries(fake_github, repo)
    assert second_summary != first_summary
    assert [r.path for r in fake_github.requests_to("PATCH", r".*")] == [f"/repos/{REPO}/issues/comments/{summary_id}"]
    assert [run.conclusion for run in repo.check_runs.values()] == ["failure", "failure"]
    assert len(fake_github.api_requests) <= MAX_REQUESTS_PER_REVIEW


def test_a_pull_request_touching_no_list_is_silent_and_passes(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    pull = pull_with(repo, {"README.md": README}, {"scripts/generate.py": "print('hi')\n", ".github/CODEOWNERS": "*\n"})
    fake_github.clear_requests()
    review_event(factory, "opened", repo, pull)
    assert fake_github.request_lines() == [
        f"GET /repos/{REPO}/contents/{CONFIG}",
        f"GET /repos/{REPO}/pulls/{pull.number}/files",
        f"GET /repos/{REPO}/issues/{pull.number}/comments",
        f"POST /repos/{REPO}/check-runs",
    ]
    assert (repo.issue_comments, repo.reviews) == ({}, {})
    assert (only_check(repo).conclusion, only_check(repo).output["title"]) == ("success", "No list files changed")


def test_a_push_that_drops_the_list_change_updates_the_old_summary(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    pull = pull_with(repo, {"README.md": README}, {"README.md": insert_rows(README, FIRST_2025_ROW, BROKEN_ROW)})
    review_event(factory, "opened", repo, pull)
    repo.commit("contrib", {"README.md": README, "notes.txt": "later\n"})
    review_event(factory, "synchronize", repo, pull)
    [summary] = summaries(fake_github, repo)
    assert "changes no paper list" in summary
    assert [run.conclusion for run in repo.check_runs.values()] == ["failure", "success"]


def test_removed_and_renamed_files(fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory) -> None:
    old_list = "| Title | Year |\n| --- | --- |\n| [A](https://a.org/1) | 2024 |\n"
    gone_list = old_list.replace("[A](https://a.org/1)", "[B](https://b.org/2)")
    pull = pull_with(
        repo,
        {"README.md": README, "lists/old.md": old_list, "lists/gone.md": gone_list},
        {"lists/old.md": None, "lists/renamed.md": old_list, "lists/gone.md": None},
    )
    fake_github.clear_requests()
    review_event(factory, "opened", repo, pull)
    reads = [(r.path.split("/contents/")[1], r.query["ref"]) for r in fake_github.requests_to("GET", r".*/contents/.*")]
    # The removed file is not read (its patch holds it); the pure rename (no patch) is read at both ends.
    assert reads == [(CONFIG, "main"), ("lists/renamed.md", pull.head_sha), ("lists/old.md", pull.base_sha)]
    assert repo.reviews == {}
    # Deleting a list fails the check, called out at the top of the summary; the rename is no deletion.
    [summary] = summaries(fake_github, repo)
    assert "> [!CAUTION]\n>\n> ❌ This pull request deletes `lists/gone.md`, a paper list of 1 entry." in summary
    assert "lists/old.md" not in summary and "lists/renamed.md" not in summary
    assert only_check(repo).conclusion == "failure"


def test_a_file_without_a_patch_is_read_at_both_ends_and_reviewed_in_the_summary(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    pull = pull_with(repo, {"README.md": README}, {"README.md": insert_rows(README, FIRST_2025_ROW, BROKEN_ROW)})
    pull.patchless.add("README.md")  # as GitHub does for diffs too large to show
    fake_github.clear_requests()
    review_event(factory, "opened", repo, pull)
    reads = [r.query["ref"] for r in fake_github.requests_to("GET", rf"/repos/{REPO}/contents/README.md")]
    assert reads == [pull.head_sha, pull.base_sha]
    assert repo.reviews == {}  # GitHub refuses comments on a file it shows no diff for
    [summary] = summaries(fake_github, repo)
    assert "GitHub sent no diff for `README.md`" in summary
    assert only_check(repo).conclusion == "failure"


def test_a_list_file_made_not_utf8_fails_the_check(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    pull = pull_with(repo, {"README.md": README}, {"README.md": README.encode("utf-8") + b"\xff\xfe"})
    fake_github.clear_requests()
    review_event(factory, "opened", repo, pull)
    assert len(fake_github.request_lines()) <= MAX_REQUESTS_PER_REVIEW  # the base is read: the patch needs the head
    assert repo.reviews == {} and only_check(repo).conclusion == "failure"
    [summary] = summaries(fake_github, repo)
    assert "`README.md` can no longer be read: at the head of this pull request it is not UTF-8 text" in summary
    assert "It held 151 entries." in summary and "No problems" not in summary


def test_a_list_github_answers_404_for_fails_the_check(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    pull = pull_with(repo, {"README.md": README}, {"README.md": insert_rows(README, FIRST_2025_ROW, CLEAN_ROW)})
    fake_github.fail("GET", rf"/repos/{REPO}/contents/README\.md", status=404, body={"message": "Not Found"})
    review_event(factory, "opened", repo, pull)
    [summary] = summaries(fake_github, repo)
    assert (
        "> ❌ `README.md` can no longer be read: at the head of this pull request it is not UTF-8 text, or GitHub "
        "could not serve it. It held 151 entries." in summary
    )
    assert only_check(repo).conclusion == "failure"


def test_a_blanked_list_is_called_out_and_neutral_within_the_request_budget(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    pull = pull_with(repo, {"README.md": README}, {"README.md": ""})
    fake_github.clear_requests()
    review_event(factory, "opened", repo, pull)
    assert len(fake_github.request_lines()) <= MAX_REQUESTS_PER_REVIEW
    [summary] = summaries(fake_github, repo)
    assert "> ⚠️ This pull request empties `README.md`: it held 151 entries, and no entry is left." in summary
    assert only_check(repo).conclusion == "neutral"


def test_a_changed_file_that_looks_like_a_list_is_reviewed_and_ci_files_are_never_read(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    papers = "".join(f"- title: Paper {n}\n  url: https://arxiv.org/abs/2401.0000{n}\n" for n in range(7))
    workflow = "on: push\njobs: {test: {runs-on: ubuntu-latest, steps: [{uses: 'https://x.org/a'}]}}\n"
    pull = pull_with(
        repo,
        {"README.md": README, "data/papers.yml": papers},
        {
            "data/papers.yml": papers + "- title: Paper 8\n  url: https://arxiv.org/abs/2401.00008\n",
            ".github/workflows/ci.yml": workflow,
        },
    )
    fake_github.clear_requests()
    review_event(factory, "opened", repo, pull)
    reads = [r.path.split("/contents/")[1] for r in fake_github.requests_to("GET", r".*/contents/.*")]
    assert reads == [CONFIG, "data/papers.yml"]
    [summary] = summaries(fake_github, repo)
    assert "changes no paper list" not in summary
    assert (
        "| `data/papers.yml` |" in only_check(repo).output["summary"]
    )  # reviewed as a list: read, or said to be unread


# --- configuration -------------------------------------------------------------------------------------------


def test_a_broken_config_is_explained_by_field_with_a_neutral_check(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    pull = pull_with(
        repo,
        {"README.md": README, CONFIG: "review:\n  mode: shout\n"},
        {"README.md": insert_rows(README, FIRST_2025_ROW, BROKEN_ROW)},
    )
    review_event(factory, "opened", repo, pull)
    [summary] = summaries(fake_github, repo)
    assert "`review.mode`" in summary and "`.github/paper-triage.yml`" in summary
    run = only_check(repo)
    assert (run.conclusion, run.output["title"]) == ("neutral", "The paper-triage configuration cannot be used")
    assert repo.reviews == {}


def test_the_config_comes_from_the_default_branch_not_the_pull_request(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    strict, lenient = "review:\n  mode: request-changes\n", "review:\n  mode: comment\n"
    head = insert_rows(README, FIRST_2025_ROW, BROKEN_ROW)
    pull = pull_with(repo, {"README.md": README, CONFIG: strict}, {"README.md": head, CONFIG: lenient})
    review_event(factory, "opened", repo, pull)
    [review] = repo.reviews.values()
    assert review.state == "CHANGES_REQUESTED"


def test_a_config_that_is_not_text_is_a_config_error(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    pull = pull_with(repo, {"README.md": README, CONFIG: b"lists: [\xff]\n"}, {"README.md": README + "\n"})
    review_event(factory, "opened", repo, pull)
    [summary] = summaries(fake_github, repo)
    assert "is not UTF-8 text" in summary and only_check(repo).conclusion == "neutral"


# --- triggers ------------------------------------------------------------------------------------------------


def test_events_from_bots_do_nothing(fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory) -> None:
    pull = pull_with(repo, {"README.md": README}, {"README.md": insert_rows(README, FIRST_2025_ROW, BROKEN_ROW)})
    fake_github.clear_requests()
    dispatch(factory, pull_request_event("synchronize", repo, pull, sender="dependabot[bot]", sender_type="Bot"))
    assert fake_github.requests == []


def test_an_edit_reviews_only_when_the_base_changed(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    pull = pull_with(repo, {"README.md": README}, {"README.md": insert_rows(README, FIRST_2025_ROW, BROKEN_ROW)})
    title_edit = pull_request_event("edited", repo, pull)
    assert title_edit.payload["changes"] == {"body": {"from": ""}}  # the real delivery: a body edit
    fake_github.clear_requests()
    dispatch(factory, title_edit)
    assert fake_github.requests == []
    base_edit = pull_request_event("edited", repo, pull)
    base_edit.payload["changes"] = {"base": {"ref": {"from": "develop"}, "sha": {"from": "0" * 40}}}
    dispatch(factory, base_edit)
    assert len(repo.check_runs) == 1


@pytest.mark.parametrize("action", ["reopened", "ready_for_review"])
def test_reopening_or_marking_ready_reviews(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory, action: str
) -> None:
    pull = pull_with(repo, {"README.md": README}, {"README.md": insert_rows(README, FIRST_2025_ROW, BROKEN_ROW)})
    dispatch(factory, pull_request_event(action, repo, pull, fixture="pull_request.reopened"))
    assert len(repo.reviews) == 1 and only_check(repo).conclusion == "failure"


def test_a_closed_pull_request_is_not_reviewed(fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory) -> None:
    pull = pull_with(repo, {"README.md": README}, {"README.md": insert_rows(README, FIRST_2025_ROW, BROKEN_ROW)})
    pull.state = "closed"
    fake_github.clear_requests()
    dispatch(factory, pull_request_event("reopened", repo, pull))
    assert fake_github.requests == []


def test_rerunning_our_check_reviews_again(fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory) -> None:
    pull = pull_with(repo, {"README.md": README}, {"README.md": insert_rows(README, FIRST_2025_ROW, BROKEN_ROW)})
    body = payloads.point_at(payloads.webhook("check_run.rerequested"), repo, INSTALLATION, "maintainer")
    body["check_run"].update(
        name="paper-triage",
        head_sha=pull.head_sha,
        pull_requests=[{"number": pull.number, "head": {"sha": pull.head_sha}}],
    )
    fake_github.clear_requests()
    assert dispatch(factory, Event.from_delivery("check_run", "delivery-rerun", body)) == 1
    assert fake_github.request_lines()[:2] == [
        f"GET /repos/{REPO}/pulls/{pull.number}",
        f"GET /repos/{REPO}/contents/{CONFIG}",
    ]
    assert only_check(repo).conclusion == "failure"
    other_app = copy.deepcopy(body)
    other_app["check_run"]["name"] = "randscape"  # the real delivery's check belongs to another app
    fake_github.clear_requests()
    dispatch(factory, Event.from_delivery("check_run", "delivery-other", other_app))
    assert fake_github.requests == []


@pytest.mark.parametrize("with_pull", [True, False], ids=["same repository", "fork: no pull request named"])
def test_rerunning_all_checks_reviews_again(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory, with_pull: bool
) -> None:
    pull = pull_with(repo, {"README.md": README}, {"README.md": insert_rows(README, FIRST_2025_ROW, BROKEN_ROW)})
    body = payloads.point_at(payloads.webhook("check_suite.rerequested"), repo, INSTALLATION, "maintainer")
    suite = body["check_suite"]
    suite["pull_requests"][0].update(number=pull.number)
    if not with_pull:
        suite["pull_requests"] = []
    fake_github.clear_requests()
    dispatch(factory, Event.from_delivery("check_suite", "delivery-suite", body))
    assert len(repo.check_runs) == (1 if with_pull else 0)
    assert fake_github.request_lines()[:1] == ([f"GET /repos/{REPO}/pulls/{pull.number}"] if with_pull else [])


def recheck_event(repo: Repo, number: int, body: str, on_pull_request: bool = True) -> Event:
    """A real comment delivery for a comment the fake repository holds."""
    comment = repo.add_comment(number, body, author="contributor")
    event = payloads.point_at(payloads.webhook("issue_comment.created.pr"), repo, INSTALLATION)
    event["issue"]["number"] = number
    if not on_pull_request:
        del event["issue"]["pull_request"]
    event["comment"].update(id=comment.id, body=body)
    return Event.from_delivery("issue_comment", "delivery-comment", event)


def test_a_recheck_comment_is_acknowledged_and_reviews_again(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    pull = pull_with(repo, {"README.md": README}, {"README.md": insert_rows(README, FIRST_2025_ROW, BROKEN_ROW)})
    event = recheck_event(repo, pull.number, "Fixed the venue.\n\n/recheck")
    comment_id = event.payload["comment"]["id"]
    fake_github.clear_requests()
    dispatch(factory, event)
    assert fake_github.request_lines()[:2] == [
        f"POST /repos/{REPO}/issues/comments/{comment_id}/reactions",
        f"GET /repos/{REPO}/pulls/{pull.number}",
    ]
    reactions = [(r.content, r.comment_id, r.user.login) for r in repo.reactions]
    assert reactions == [("eyes", comment_id, "paper-triage[bot]")]
    assert only_check(repo).conclusion == "failure"


@pytest.mark.parametrize(
    ("body", "on_pull_request"),
    [
        ("please `/recheck` this", True),  # not a command where a reader sees one
        ("> /recheck", True),  # quoted
        ("/recheck", False),  # a plain issue
    ],
)
def test_other_comments_do_nothing(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory, body: str, on_pull_request: bool
) -> None:
    pull = pull_with(repo, {"README.md": README}, {"README.md": README + "\n"})
    fake_github.clear_requests()
    dispatch(factory, recheck_event(repo, pull.number, body, on_pull_request))
    assert fake_github.requests == []


# --- cost and failures ---------------------------------------------------------------------------------------


# 018 changes only the README, which is generated from data.json: without a config the tree is read to find
# the data files a changed page may be generated from, and so is data.json. 049 changes data files only.
@pytest.mark.parametrize(("case", "data_reads"), [("018", 2), ("049", 0)])
def test_one_list_file_costs_at_most_nine_requests_and_its_data_files_their_reads(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory, case: str, data_reads: int
) -> None:
    pull = replay(repo, case)
    fake_github.clear_requests()
    review_event(factory, "opened", repo, pull)
    opened = len(fake_github.api_requests)
    repo.commit("contrib", {"unrelated.txt": "x\n"})
    fake_github.clear_requests()
    review_event(factory, "synchronize", repo, pull)
    synchronized = len(fake_github.api_requests)
    # The second push has nothing new to say inline: no review.
    assert (opened, synchronized) == (8 + data_reads, 7 + data_reads)
    assert max(opened, synchronized) <= MAX_REQUESTS_PER_REVIEW + data_reads - 1


def test_a_transient_failure_is_raised_for_the_queue_to_retry(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    pull = pull_with(repo, {"README.md": README}, {"README.md": insert_rows(README, FIRST_2025_ROW, BROKEN_ROW)})
    # GitHub stores the review, then answers 502: the queue will run the same "opened" job again.
    fake_github.fail("POST", rf"/repos/{REPO}/pulls/\d+/reviews", status=502, applied=True)
    with pytest.raises(HandlerFailed) as caught:
        dispatch(factory, pull_request_event("opened", repo, pull))
    assert isinstance(caught.value.__cause__, TransientGitHubError)
    assert len(fake_github.requests_to("POST", rf"/repos/{REPO}/pulls/\d+/reviews")) == 1
    assert (len(repo.reviews), repo.check_runs) == (1, {})
    dispatch(factory, pull_request_event("opened", repo, pull))
    assert len(repo.reviews) == 1  # the retry saw its own comments and said nothing twice
    assert len(summaries(fake_github, repo)) == 1 and only_check(repo).conclusion == "failure"


def test_a_review_github_refuses_still_leaves_the_summary_and_the_check(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    pull = pull_with(repo, {"README.md": README}, {"README.md": insert_rows(README, FIRST_2025_ROW, BROKEN_ROW)})
    fake_github.fail(
        "POST",
        rf"/repos/{REPO}/pulls/\d+/reviews",
        status=422,
        body={"message": "Unprocessable Entity", "errors": ["Line could not be resolved"]},
    )
    review_event(factory, "opened", repo, pull)
    assert repo.reviews == {}
    assert len(summaries(fake_github, repo)) == 1 and only_check(repo).conclusion == "failure"


def test_beyond_the_cap_one_review_is_posted_and_later_pushes_add_none(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    pull = replay(repo, "072")  # a regenerated README: far more than 30 commentable problems
    review_event(factory, "opened", repo, pull)
    [review] = repo.reviews.values()
    assert len(review.comments) == 30
    for text in ("x\n", "y\n"):  # pushes that touch only an unrelated file
        repo.commit("contrib", {"unrelated.txt": text})
        review_event(factory, "synchronize", repo, repo.pulls[pull.number])
    assert len(repo.reviews) == 1
    [summary] = summaries(fake_github, repo)
    assert len(summary) <= 65_536 and "cut to fit" not in summary


@pytest.mark.parametrize(
    ("config", "changed", "other_reads"),
    [
        # A changed file that is no list: no other file read, not even our earlier comments.
        ('generated:\n  README.md: ["scripts/data*.json"]\n', "docs/notes.md", []),
        # Plain paths in the config: the files are read by name, no tree request.
        ("lists: [README.md, docs/more.md]\n", "README.md", ["docs/more.md"]),
    ],
)
def test_other_lists_are_read_only_when_a_list_changed_and_the_tree_only_for_globs(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory, config: str, changed: str, other_reads: list[str]
) -> None:
    base = {"README.md": README, "docs/notes.md": "# Notes\n", "docs/more.md": "# More\n", CONFIG: config}
    head = {
        changed: insert_rows(README, FIRST_2025_ROW, CLEAN_ROW)
        if changed == "README.md"
        else "# Notes\n\nmore at https://example.org\n"
    }
    pull = pull_with(repo, base, head)
    fake_github.clear_requests()
    review_event(factory, "opened", repo, pull)
    lines = fake_github.request_lines()
    assert not any("/git/trees/" in line for line in lines)
    reads = [line.split("/contents/")[1] for line in lines if "/contents/" in line]
    assert reads == [CONFIG, changed, *other_reads]
    assert any("/pulls/1/comments" in line for line in lines) == (changed == "README.md")


def test_a_huge_pull_request_costs_the_same_few_requests_and_is_remembered(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    rows = "\n".join(
        BROKEN_ROW.replace("Masked Motion Priors", f"Paper {index} of Masked Priors").replace(
            "2501.01234", f"2501.{index:05d}"
        )
        for index in range(1000)
    )
    pull = pull_with(repo, {"README.md": README}, {"README.md": insert_rows(README, FIRST_2025_ROW, rows)})
    fake_github.clear_requests()
    review_event(factory, "opened", repo, pull)
    assert len(fake_github.api_requests) <= MAX_REQUESTS_PER_REVIEW
    run = only_check(repo)
    assert len(run.annotations) == 50 and run.updates == 0
    assert "the 50 most severe of the 1000 problems" in run.output["text"]
    [summary] = summaries(fake_github, repo)
    assert "the 50 most severe of the 1000 problems" in summary and summary.endswith(" -->")
    # The 970 problems that did not fit the review are remembered: a later push posts none of them.
    repo.commit("contrib", {"unrelated.txt": "x\n"})
    review_event(factory, "synchronize", repo, repo.pulls[pull.number])
    assert len(repo.reviews) == 1 and len(repo.review_comments) == 30


# --- a request for changes that is fixed ---------------------------------------------------------------------

STRICT = "review:\n  mode: request-changes\n"
DISMISSALS = rf"/repos/{REPO}/pulls/\d+/reviews/\d+/dismissals"


def blocked_pull(repo: Repo, factory: gh.GatewayFactory) -> Pull:
    """A pull request adding a broken row under ``mode: request-changes``: the bot requested changes."""
    pull = pull_with(
        repo, {"README.md": README, CONFIG: STRICT}, {"README.md": insert_rows(README, FIRST_2025_ROW, BROKEN_ROW)}
    )
    review_event(factory, "opened", repo, pull)
    assert [review.state for review in repo.reviews.values()] == ["CHANGES_REQUESTED"]
    return pull


def push_fix(repo: Repo) -> None:
    repo.commit("contrib", {"README.md": insert_rows(README, FIRST_2025_ROW, CLEAN_ROW)})


def test_a_push_that_fixes_the_errors_dismisses_my_request_for_changes_and_no_one_elses(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    pull = blocked_pull(repo, factory)
    [mine] = repo.reviews.values()
    theirs = Review(
        next_id(),
        pull.number,
        User("maintainer", user_id("maintainer")),
        "Why this one?",
        "CHANGES_REQUESTED",
        pull.head_sha,
        [],
    )
    repo.reviews[theirs.id] = theirs

    # A push that leaves the broken row in place: still blocked, nothing dismissed.
    repo.commit("contrib", {"README.md": insert_rows(README, FIRST_2025_ROW, f"{CLEAN_ROW}\n{BROKEN_ROW}")})
    review_event(factory, "synchronize", repo, pull)
    assert fake_github.requests_to("PUT", DISMISSALS) == [] and mine.state == "CHANGES_REQUESTED"

    push_fix(repo)
    review_event(factory, "synchronize", repo, pull)
    assert (mine.state, mine.dismissal) == (
        "DISMISSED",
        f"The problems I asked to change are fixed in {pull.head_sha}.",
    )
    assert (theirs.state, theirs.dismissal) == ("CHANGES_REQUESTED", None)
    assert len(fake_github.requests_to("PUT", DISMISSALS)) == 1
    assert [run.conclusion for run in repo.check_runs.values()] == ["failure", "failure", "success"]


def test_a_retried_job_dismisses_nothing_twice(fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory) -> None:
    pull = blocked_pull(repo, factory)
    push_fix(repo)
    # GitHub dismisses the review, then answers 502: the queue runs the same job again.
    fake_github.fail("PUT", DISMISSALS, status=502, applied=True)
    with pytest.raises(HandlerFailed):
        dispatch(factory, pull_request_event("synchronize", repo, pull))
    dispatch(factory, pull_request_event("synchronize", repo, pull))
    assert [review.state for review in repo.reviews.values()] == ["DISMISSED"]
    assert len(fake_github.requests_to("PUT", DISMISSALS)) == 1
    # A later push (or a /recheck) finds nothing left to dismiss.
    review_event(factory, "synchronize", repo, pull)
    assert len(fake_github.requests_to("PUT", DISMISSALS)) == 1


def test_comment_mode_never_dismisses(fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory) -> None:
    pull = blocked_pull(repo, factory)
    repo.commit("main", {CONFIG: "review:\n  mode: comment\n"})  # the maintainers relax the bot
    push_fix(repo)
    fake_github.clear_requests()
    review_event(factory, "synchronize", repo, pull)
    assert [review.state for review in repo.reviews.values()] == ["CHANGES_REQUESTED"]
    assert not [line for line in fake_github.request_lines() if "/reviews" in line]


def test_a_dismissal_github_refuses_leaves_the_review_and_the_check(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    pull = blocked_pull(repo, factory)
    push_fix(repo)
    fake_github.fail("PUT", DISMISSALS, status=403, body={"message": "Resource not accessible by integration"})
    review_event(factory, "synchronize", repo, pull)
    assert [review.state for review in repo.reviews.values()] == ["CHANGES_REQUESTED"]
    assert [run.conclusion for run in repo.check_runs.values()] == ["failure", "success"]


def test_a_pull_request_that_never_touched_a_list_asks_for_no_reviews_to_dismiss(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    pull = pull_with(repo, {"README.md": README, CONFIG: STRICT}, {"scripts/generate.py": "print('hi')\n"})
    fake_github.clear_requests()
    review_event(factory, "opened", repo, pull)
    assert not [line for line in fake_github.request_lines() if "/reviews" in line]
    assert only_check(repo).conclusion == "success"


def test_a_push_that_drops_the_broken_list_change_dismisses_my_request(
    fake_github: FakeGitHub, repo: Repo, factory: gh.GatewayFactory
) -> None:
    pull = blocked_pull(repo, factory)
    repo.commit("contrib", {"README.md": README, "notes.txt": "later\n"})
    review_event(factory, "synchronize", repo, pull)
    assert [review.state for review in repo.reviews.values()] == ["DISMISSED"]

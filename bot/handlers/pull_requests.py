"""Review pull requests that change paper lists: fetch what the planner needs, plan, post.

Triggers: ``pull_request`` opened, synchronize, reopened, ready_for_review and edited (when the base
changed); our ``check_run`` or ``check_suite`` rerequested; a ``/recheck`` comment on the pull
request. Events sent by bots
(this app included) never trigger a review.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from bot import commands, repository
from bot.errors import ConfigError
from bot.events import Event
from bot.gateway import GitHub, GitHubRequestError, PullFile, PullRequest
from bot.posts import CheckRun, Conclusion
from bot.records import records_for
from bot.repo_config import CONFIG_PATH, RepoConfig, ReviewMode
from bot.review import (
    SUMMARY_MARKER,
    FileChange,
    Remembered,
    ReviewPlan,
    fingerprints_in,
    list_candidates,
    other_list_paths,
    plan_review,
    summarised_in,
)
from bot.review.changes import is_data_file, literal_globs, worth_reading
from bot.review.entries import is_list_change
from bot.review.placement import MAX_INLINE_COMMENTS
from bot.review.render import CHECK_NAME
from bot.router import Router
from rules.parse import DocumentCache
from rules.sections import default_list_paths

log = logging.getLogger(__name__)
router = Router()

CONFIG_BROKEN = (
    "{marker}\n\n### paper-triage\n\n"
    "I could not review this pull request: {error}\n\n"
    "A maintainer can fix `{path}` on the default branch, then comment `/recheck` here."
)
CONFIG_BROKEN_TITLE = "The paper-triage configuration cannot be used"
RECHECK_REACTION = "eyes"
FIXED_IN = "The problems I asked to change are fixed in {sha}."
# A patchless file's base must be read (a deleted list is judged by what it held); "added" files have none.
BASE_STATUSES = ("modified", "renamed", "changed", "removed")


@dataclass(frozen=True)
class Fetched:
    """What the planner needs from GitHub for one push."""

    changes: list[FileChange]
    head_list: dict[str, str]
    posted: set[str]
    summarised: Remembered


# --- triggers ------------------------------------------------------------------------------------------------


@router.register("pull_request", "opened", "synchronize", "reopened", "ready_for_review", "edited")
def pull_request_changed(event: Event, gh: GitHub, documents: DocumentCache | None = None) -> None:
    """A push, a (re)opening, a draft made ready, or a new base branch: review the head."""
    if event.action == "edited" and "base" not in (event.payload.get("changes") or {}):
        return
    pull = PullRequest.from_json(event.payload["pull_request"])
    review_pull_request(gh, _repo(event), _default_branch(event), pull, documents)


@router.register("check_run", "rerequested")
def check_run_rerequested(event: Event, gh: GitHub, documents: DocumentCache | None = None) -> None:
    """Someone pressed "Re-run" on our check: review the pull request again."""
    run = event.payload.get("check_run") or {}
    if run.get("name") == CHECK_NAME:
        _review_again(event, gh, run, documents)


@router.register("check_suite", "rerequested")
def check_suite_rerequested(event: Event, gh: GitHub, documents: DocumentCache | None = None) -> None:
    """ "Re-run all checks": GitHub sends each app the rerequest of its own suite."""
    _review_again(event, gh, event.payload.get("check_suite") or {}, documents)


def _review_again(event: Event, gh: GitHub, checks: dict[str, Any], documents: DocumentCache | None) -> None:
    pulls = checks.get("pull_requests") or []
    if not pulls:  # GitHub leaves this empty for pull requests from forks
        log.info("%s %s names no pull request; nothing to re-run", event.name, checks.get("id"))
        return
    pull = gh.pull_request(_repo(event), pulls[0]["number"])
    review_pull_request(gh, _repo(event), _default_branch(event), pull, documents)


@router.register("issue_comment", "created")
def recheck_requested(event: Event, gh: GitHub, documents: DocumentCache | None = None) -> None:
    """``/recheck`` in a comment on a pull request: acknowledge it, then review again."""
    issue = event.payload.get("issue") or {}
    comment = event.payload.get("comment") or {}
    if "pull_request" not in issue:
        return
    if commands.first(commands.find_commands(comment.get("body")), commands.RECHECK) is None:
        return
    gh.add_reaction(_repo(event), comment.get("id"), issue["number"], RECHECK_REACTION)
    pull = gh.pull_request(_repo(event), issue["number"])
    review_pull_request(gh, _repo(event), _default_branch(event), pull, documents)


def _repo(event: Event) -> str:
    assert event.repository is not None, "repository events always name their repository"
    return event.repository


def _default_branch(event: Event) -> str:
    return event.payload["repository"]["default_branch"]


# --- the review: fetch → plan → act --------------------------------------------------------------------------


def review_pull_request(
    gh: GitHub, repo: str, default_branch: str, pull: PullRequest, documents: DocumentCache | None = None
) -> None:
    """Review the pull request's head, parsing through the worker's ``documents`` cache (None: this review's own)."""
    documents = documents if documents is not None else DocumentCache()
    if pull.state != "open":
        return
    try:
        config = repository.load_config(gh, repo, default_branch)
    except ConfigError as error:
        report_config_error(gh, repo, pull, error)
        return
    fetched = fetch(gh, repo, pull, config, documents)
    plan = plan_review(
        fetched.changes,
        fetched.head_list,
        config,
        fetched.posted,
        summarised=fetched.summarised,
        repo_url=pull.repo_url,
        head_sha=pull.head_sha,
        records=records_for(config.metadata),
        documents=documents,
    )
    act(gh, repo, pull, plan, config.review.mode)


def fetch(gh: GitHub, repo: str, pull: PullRequest, config: RepoConfig, documents: DocumentCache) -> Fetched:
    """The changed list files with both texts, the other list files when the config names them, and the
    fingerprints of what we already said on earlier pushes."""
    files = gh.pull_request_files(repo, pull.number)
    candidates = set(list_candidates([f.path for f in files], config))
    changes = [
        _file_change(gh, repo, pull, f)
        for f in files
        if f.path in candidates and worth_reading(f.path, f.patch, config)
    ]
    lists = any(is_list_change(change, config, documents) for change in changes)
    # Read even on "opened": a retried job whose review POST GitHub applied but answered 502 must not repeat it.
    mine = [comment.body for comment in gh.review_comments(repo, pull.number) if comment.by_me] if lists else []
    posted = {value for body in mine for value in fingerprints_in(body)}
    # Only a review that reached the cap leaves problems to the summary: read it only then.
    summarised = _summarised(gh, repo, pull) if len(mine) >= MAX_INLINE_COMMENTS else Remembered()
    return Fetched(changes, _other_lists(gh, repo, pull, config, changes) if lists else {}, posted, summarised)


def _file_change(gh: GitHub, repo: str, pull: PullRequest, file: PullFile) -> FileChange:
    """Both texts of a changed file, as few read as the patch allows: the planner rebuilds the base from
    the patch and the head (a deleted file's patch alone holds it); it is read only when GitHub sent no
    patch, or the head is unreadable (not UTF-8, or not found)."""
    removed = file.status == "removed"
    head_text = None if removed else repository.read_text(gh, repo, file.path, pull.head_sha)
    base_text = None
    if file.status in BASE_STATUSES and (file.patch is None or (head_text is None and not removed)):
        base_text = repository.read_text(gh, repo, file.previous_path or file.path, pull.base_sha)
    return FileChange(file.path, file.status, file.previous_path, base_text, head_text, file.patch)


def _other_lists(
    gh: GitHub, repo: str, pull: PullRequest, config: RepoConfig, changes: list[FileChange]
) -> dict[str, str]:
    """The list files the pull request did not change, to check its entries against: those the config
    names; without a config, when a page changed (and can be read), the data files it may be generated from."""
    fetched = {change.path for change in changes}
    if config.lists or config.generated:
        paths = literal_globs(config)
        if paths is None:  # globs: the tree says which files they match
            paths = other_list_paths(gh.list_paths(repo, pull.head_sha), config)
    elif any(change.head_text is not None and not is_data_file(change.path, config) for change in changes):
        # A generated page is told by its data (`rules.generated`): an edit made to it belongs there.
        paths = [path for path in default_list_paths(gh.list_paths(repo, pull.head_sha)) if is_data_file(path, config)]
    else:
        return {}
    others = [path for path in paths if path not in fetched]
    texts = {path: repository.read_text(gh, repo, path, pull.head_sha) for path in others}
    return {path: text for path, text in texts.items() if text is not None}


def _summarised(gh: GitHub, repo: str, pull: PullRequest) -> Remembered:
    """Problems our summary comment reports on its own: they did not fit an earlier review."""
    mine = (
        comment.body
        for comment in gh.issue_comments(repo, pull.number)
        if comment.by_me and SUMMARY_MARKER in comment.body
    )
    return next((found for body in mine if (found := summarised_in(body))), Remembered())


def act(gh: GitHub, repo: str, pull: PullRequest, plan: ReviewPlan, mode: ReviewMode) -> None:
    """Post the plan: the review (only with something new to say), the summary, the dismissal of my
    requests for changes once no error is left, the check run."""
    if plan.comments or plan.review_event:
        post_review(gh, repo, pull, plan)
    # A pull request that never touched a list has no summary of mine, and so no request for changes either.
    # (When an earlier push touched a list and this one no longer does, the old summary must not linger.)
    reviewed = plan.touched_lists or _has_summary(gh, repo, pull)
    if reviewed:
        gh.upsert_comment(repo, pull.number, SUMMARY_MARKER, plan.summary)
    if reviewed and mode is ReviewMode.REQUEST_CHANGES and plan.check.conclusion is not Conclusion.FAILURE:
        dismiss_fixed_requests(gh, repo, pull)
    gh.create_check_run(repo, pull.head_sha, plan.check)


def dismiss_fixed_requests(gh: GitHub, repo: str, pull: PullRequest) -> None:
    """Dismiss my earlier requests for changes: they would go on blocking the pull request after its fix.
    A refusal (a protected branch that lets only some people dismiss reviews) leaves the rest of the review."""
    try:
        gh.dismiss_my_change_requests(repo, pull.number, FIXED_IN.format(sha=pull.head_sha))
    except GitHubRequestError as error:
        log.warning(
            "GitHub refused to dismiss my request for changes on %s#%s (%s); a maintainer can dismiss it",
            repo,
            pull.number,
            error,
        )


def post_review(gh: GitHub, repo: str, pull: PullRequest, plan: ReviewPlan) -> None:
    """The review; if GitHub refuses it (422: a line it will not place), the summary still says everything."""
    try:
        gh.create_review(
            repo, pull.number, pull.head_sha, plan.review_body, plan.review_event or "COMMENT", plan.comments
        )
    except GitHubRequestError as error:
        if error.status != 422:
            raise
        log.warning(
            "GitHub refused the review of %s#%s (%s); posting the summary and check alone", repo, pull.number, error
        )


def _has_summary(gh: GitHub, repo: str, pull: PullRequest) -> bool:
    return any(c.by_me and SUMMARY_MARKER in c.body for c in gh.issue_comments(repo, pull.number))


def report_config_error(gh: GitHub, repo: str, pull: PullRequest, error: ConfigError) -> None:
    """Say what is wrong with the config where the summary goes, and leave a neutral check."""
    body = CONFIG_BROKEN.format(marker=SUMMARY_MARKER, error=error, path=CONFIG_PATH)
    gh.upsert_comment(repo, pull.number, SUMMARY_MARKER, body)
    check = CheckRun(CHECK_NAME, Conclusion.NEUTRAL, CONFIG_BROKEN_TITLE, str(error))
    gh.create_check_run(repo, pull.head_sha, check)

"""The one narrow gateway to GitHub: a Protocol of domain methods, and its PyGithub implementation.

PyGithub is imported here and nowhere else; nothing PyGithub returns leaves this module.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import logging
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar, runtime_checkable

import github
import requests
from github import Auth, GithubException, GithubIntegration, RateLimitExceededException
from urllib3.util.retry import Retry

from bot import safe_text
from bot.errors import BotError, TransientGitHubError
from bot.posts import Annotation, CheckRun, InlineComment, WriteMark

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.github.com"
USER_AGENT = "paper-triage"
TIMEOUT_SECONDS = 20
PER_PAGE = 100  # GitHub's maximum page size: fewer requests for long lists
CHECK_SUMMARY_LIMIT = 65_535
# GitHub asks clients to wait at least a minute after a secondary rate limit that names no time.
SECONDARY_RATE_LIMIT_WAIT = 60.0
PERMISSIONS = ("admin", "maintain", "write", "triage", "read", "none")
# Reads are retried twice at once on 5xx and dropped connections; writes never are (a POST answered 502 may
# have been applied). The queue retries the whole job later, idempotently.
READ_RETRY = Retry(
    total=2,
    connect=2,
    read=2,
    status=2,
    other=0,
    status_forcelist=(500, 502, 503, 504),
    allowed_methods=frozenset({"GET", "HEAD"}),
    backoff_factor=0.2,
    raise_on_status=False,
    respect_retry_after_header=False,
)

# The hidden tag a review carries, so a retried job can tell whether an earlier attempt posted it.
REVIEW_TAG = "<!-- paper-triage:write {value} -->"

CHANGES_REQUESTED = "CHANGES_REQUESTED"
# GitHub's 422 for dismissing a review twice: "Can not dismiss a dismissed pull request review".
ALREADY_DISMISSED = "dismiss a dismissed"

NOT_TEXT = "{path} is not UTF-8 text, so I cannot read it."
NO_CREDENTIALS = "give either a token, or a GitHub App id with its private key"


@dataclass(frozen=True, slots=True)
class PullRequest:
    """The fields of a pull request the bot reads."""

    number: int
    head_sha: str
    head_ref: str
    head_repo: str
    base_ref: str
    base_sha: str
    author: str
    draft: bool
    state: str
    repo_url: str = ""  # the base repository's web address (github.com or an Enterprise host), for links

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PullRequest:
        """From the REST API's pull request object, or the ``pull_request`` of a webhook payload (same shape)."""
        head, base = data["head"], data["base"]
        return cls(
            number=data["number"],
            head_sha=head["sha"],
            head_ref=head["ref"],
            head_repo=(head.get("repo") or {}).get("full_name", ""),  # null when the fork was deleted
            base_ref=base["ref"],
            base_sha=base["sha"],
            author=(data.get("user") or {}).get("login", ""),
            draft=bool(data.get("draft")),
            state=data["state"],
            repo_url=(base.get("repo") or {}).get("html_url", ""),
        )


@dataclass(frozen=True, slots=True)
class PullFile:
    """One changed file of a pull request; ``patch`` is None when GitHub leaves it out (large or binary)."""

    path: str
    status: str
    previous_path: str | None
    patch: str | None


@dataclass(frozen=True, slots=True)
class Comment:
    """An issue or review comment; ``by_me`` when this app (or the token's user) wrote it."""

    id: int
    body: str
    author: str
    by_me: bool


@runtime_checkable
class GitHub(Protocol):
    """Everything the handlers ask of GitHub, in domain terms."""

    def pull_request(self, repo: str, number: int) -> PullRequest:
        """The pull request ``number`` of ``repo`` ("owner/name")."""

    def pull_request_files(self, repo: str, number: int) -> list[PullFile]:
        """Every changed file of the pull request, all pages."""

    def read_file(self, repo: str, path: str, ref: str) -> str | None:
        """The file's text at ``ref``; None when it does not exist there. Works for files over 1 MiB."""

    def list_paths(self, repo: str, ref: str) -> list[str]:
        """Every file path in the tree at ``ref``, in one request."""

    def issue_comments(self, repo: str, number: int) -> list[Comment]:
        """The conversation comments of an issue or pull request, all pages."""

    def review_comments(self, repo: str, number: int) -> list[Comment]:
        """The inline review comments of a pull request, all pages."""

    def permission(self, repo: str, login: str) -> str:
        """``login``'s permission on ``repo``: admin, maintain, write, triage, read or none."""

    def upsert_comment(self, repo: str, number: int, marker: str, body: str) -> Comment:
        """Edit my comment containing ``marker``, or create one; never edits anyone else's."""

    def create_review(
        self, repo: str, number: int, commit_sha: str, body: str, event: str, comments: Sequence[InlineComment]
    ) -> None:
        """Post one review (``event``: COMMENT or REQUEST_CHANGES) with its inline comments."""

    def dismiss_my_change_requests(self, repo: str, number: int, message: str) -> int:
        """Dismiss my reviews of the pull request that still request changes, with ``message``; never anyone
        else's. How many were dismissed."""

    def create_check_run(self, repo: str, head_sha: str, run: CheckRun) -> None:
        """Create a completed check run on ``head_sha``, in one request (at most 50 annotations)."""

    def add_reaction(self, repo: str, comment_id: int | None, issue_number: int, content: str) -> None:
        """React to an issue comment, or to the issue itself when ``comment_id`` is None."""

    def branch_sha(self, repo: str, branch: str) -> str:
        """The sha of the commit at the tip of ``branch``."""

    def ensure_branch(self, repo: str, branch: str, from_sha: str) -> None:
        """Create ``branch`` at ``from_sha``; an existing branch is left as it is."""

    def write_file(self, repo: str, path: str, branch: str, text: str, message: str) -> None:
        """Create or update ``path`` on ``branch`` with ``text``, as one commit."""

    def open_pull_request(self, repo: str, head: str, base: str, title: str, body: str) -> int:
        """Open a pull request from ``head`` into ``base``; if one is open for ``head``, update it. Its number."""

    def open_pull_number(self, repo: str, head: str) -> int | None:
        """The number of the open pull request from branch ``head`` of ``repo``, or None."""


class GatewayFactory(Protocol):
    """Makes the gateway for one job: the installation it acts for, and the mark its writes carry.
    ``PyGithubGatewayFactory`` is the real one; tests may pass any callable of this shape."""

    def __call__(self, installation_id: int | None, mark: WriteMark | None = None) -> GitHub: ...


class GitHubRequestError(Exception):
    """GitHub refused a request for a reason retrying will not fix (4xx other than rate limits)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"GitHub answered {status}: {message}")
        self.status = status


class FileNotText(BotError):
    """A file the bot must read is binary or not UTF-8; the message names it and is safe to post."""


F = TypeVar("F", bound=Callable[..., Any])


def _retry_after(headers: Mapping[str, Any]) -> float | None:
    """Seconds GitHub asked us to wait: ``Retry-After``, else the primary limit's reset time, else None."""
    if "retry-after" in headers:
        try:
            return max(0.0, float(headers["retry-after"]))
        except ValueError:
            return None
    if str(headers.get("x-ratelimit-remaining")) == "0" and "x-ratelimit-reset" in headers:
        return max(0.0, float(headers["x-ratelimit-reset"]) - time.time())
    return None


def _translate(error: GithubException) -> Exception:
    """A PyGithub exception as ours: transient (5xx, rate limits) or a plain refusal."""
    headers = {key.lower(): value for key, value in (error.headers or {}).items()}
    message = error.data.get("message", "") if isinstance(error.data, dict) else str(error.data or "")
    status = error.status
    if status >= 500:
        return TransientGitHubError(f"GitHub answered {status}: {message}", _retry_after(headers))
    rate_limited = (
        status == 429
        or status == 403
        and (
            isinstance(error, RateLimitExceededException)
            or str(headers.get("x-ratelimit-remaining")) == "0"
            or "retry-after" in headers
        )
    )
    if rate_limited:
        wait = _retry_after(headers)
        wait = SECONDARY_RATE_LIMIT_WAIT if wait is None else wait
        return TransientGitHubError(f"GitHub rate limit: {message}", wait)
    return GitHubRequestError(status, message)


def _translated(method: F) -> F:
    """Let no PyGithub or requests exception out: map it to TransientGitHubError or GitHubRequestError."""

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except GithubException as error:
            raise _translate(error) from error
        except requests.RequestException as error:  # timeouts, refused or dropped connections
            raise TransientGitHubError(f"GitHub could not be reached: {error.__class__.__name__}") from error

    return wrapper  # type: ignore[return-value]


def _text(data: bytes, path: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise FileNotText(NOT_TEXT.format(path=safe_text.code(path))) from None


def _git_blob_sha(data: bytes) -> str:
    """The id git (and GitHub's ``sha`` fields) gives a file's content."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _next_link(header: str) -> str | None:
    """The ``rel="next"`` address of a ``Link`` header, or None on the last page."""
    for part in header.split(","):
        address, _, rel = part.partition(";")
        if 'rel="next"' in rel:
            return address.strip().strip("<>")
    return None


def _annotation_json(annotation: Annotation) -> dict[str, Any]:
    body: dict[str, Any] = {
        "path": annotation.path,
        "start_line": annotation.start_line,
        "end_line": annotation.end_line,
        "annotation_level": annotation.level.value,
        "message": annotation.message,
    }
    if annotation.title:
        body["title"] = annotation.title
    return body


def _review_comment_json(comment: InlineComment) -> dict[str, Any]:
    body: dict[str, Any] = {"path": comment.path, "line": comment.line, "side": "RIGHT", "body": comment.body}
    if comment.start_line is not None and comment.start_line < comment.line:
        body.update(start_line=comment.start_line, start_side="RIGHT")
    return body


class PyGithubGateway:
    """The GitHub Protocol over one PyGithub client. Build it with PyGithubGatewayFactory; one per job.

    With a ``mark``, the job's check run and review carry it; when ``mark.resumed`` (an earlier attempt of
    the job may have posted them, its answer lost to a 502, a time-out or a crash) each is looked for
    before it is posted, so it is posted once.
    """

    def __init__(self, client: github.Github, my_login: Callable[[], str], mark: WriteMark | None = None) -> None:
        self._client = client
        self._my_login = my_login
        self._mark = mark

    def _repo(self, full_name: str) -> Any:
        return self._client.get_repo(full_name)  # lazy client: no request until something is fetched

    def _raw(
        self, verb: str, url: str, *, parameters: Mapping[str, Any] | None = None, body: Mapping[str, Any] | None = None
    ) -> tuple[Mapping[str, Any], Any]:
        """A REST call PyGithub has no method for (a review with inline comments in one request, a check
        run's external id, any page of a list): its requester's ``requestJsonAndCheck``, no public API,
        used here only (tests/bot/test_private_apis.py fails when PyGithub changes it)."""
        return self._client.requester.requestJsonAndCheck(
            verb, url, parameters=dict(parameters) if parameters is not None else None, input=body
        )

    def _comment(self, comment: Any) -> Comment:
        author = comment.user.login if comment.user else ""
        return Comment(id=comment.id, body=comment.body or "", author=author, by_me=author == self._my_login())

    @_translated
    def pull_request(self, repo: str, number: int) -> PullRequest:
        pull = self._repo(repo).get_pull(number)
        _, data = self._raw("GET", pull.url)
        return PullRequest.from_json(data)

    @_translated
    def pull_request_files(self, repo: str, number: int) -> list[PullFile]:
        return [
            PullFile(path=f.filename, status=f.status, previous_path=f.previous_filename, patch=f.patch)
            for f in self._repo(repo).get_pull(number).get_files()
        ]

    @_translated
    def read_file(self, repo: str, path: str, ref: str) -> str | None:
        target = self._repo(repo)
        try:
            found = target.get_contents(path, ref=ref)
        except GithubException as error:
            if error.status == 404:
                return None
            raise
        if isinstance(found, list) or found.type != "file":
            return None  # a folder, symlink or submodule is not a list file
        if found.encoding == "base64":
            return _text(found.decoded_content, path)
        # Over 1 MiB the contents API leaves the content out (encoding "none"); the blob API has it.
        return _text(base64.b64decode(target.get_git_blob(found.sha).content), path)

    @_translated
    def list_paths(self, repo: str, ref: str) -> list[str]:
        tree = self._repo(repo).get_git_tree(ref, recursive=True)
        if tree.truncated:
            log.warning("the tree of %s at %s is truncated; cross-file checks see part of it", repo, ref)
        return [element.path for element in tree.tree if element.type == "blob"]

    @_translated
    def issue_comments(self, repo: str, number: int) -> list[Comment]:
        return [self._comment(c) for c in self._repo(repo).get_issue(number).get_comments()]

    @_translated
    def review_comments(self, repo: str, number: int) -> list[Comment]:
        return [self._comment(c) for c in self._repo(repo).get_pull(number).get_review_comments()]

    @_translated
    def permission(self, repo: str, login: str) -> str:
        url = f"{self._repo(repo).url}/collaborators/{urllib.parse.quote(login, safe='')}/permission"
        try:
            _, data = self._raw("GET", url)
        except GithubException as error:
            if error.status == 404:  # no such user
                return "none"
            raise
        # `permission` keeps GitHub's old four levels (maintain reads "write"); `role_name` has the real role.
        role = data.get("role_name")
        return role if role in PERMISSIONS else data.get("permission", "none")

    @_translated
    def upsert_comment(self, repo: str, number: int, marker: str, body: str) -> Comment:
        body = safe_text.clip(body)
        issue = self._repo(repo).get_issue(number)
        me = self._my_login()
        for comment in issue.get_comments():
            # Only our own comment: anyone can paste the marker into theirs.
            if comment.user and comment.user.login == me and marker in (comment.body or ""):
                if comment.body != body:
                    comment.edit(body)
                return self._comment(comment)
        return self._comment(issue.create_comment(body))

    @_translated
    def create_review(
        self, repo: str, number: int, commit_sha: str, body: str, event: str, comments: Sequence[InlineComment]
    ) -> None:
        # Raw requests: PyGithub's create_review wants a Commit object, which costs a GET to build.
        reviews = f"{self._repo(repo).url}/pulls/{number}/reviews"
        tag = REVIEW_TAG.format(value=self._mark.value) if self._mark else ""
        if self._mark is not None and tag and self._mark.resumed and self._review_posted(reviews, commit_sha, tag):
            log.info(
                "an earlier attempt posted the review of %s#%s; not posting it again",
                repo,
                number,
                extra={"outcome": "already-posted"},
            )
            return
        text = safe_text.clip(body, safe_text.GITHUB_BODY_LIMIT - len(tag) - 2) + (f"\n\n{tag}" if tag else "")
        payload = {
            "commit_id": commit_sha,
            "body": text,
            "event": event,
            "comments": [_review_comment_json(comment) for comment in comments],
        }
        self._raw("POST", reviews, body=payload)

    def _review_posted(self, reviews_url: str, commit_sha: str, tag: str) -> bool:
        """Whether one of my reviews on ``commit_sha`` carries ``tag``."""
        me = self._my_login()
        return any(
            (review.get("user") or {}).get("login") == me
            and review.get("commit_id") == commit_sha
            and tag in (review.get("body") or "")
            for review in self._pages(reviews_url)
        )

    @_translated
    def dismiss_my_change_requests(self, repo: str, number: int, message: str) -> int:
        # The review's own state is the write mark: a dismissed review no longer requests changes, so a
        # retried job (its dismissal applied but answered 502) finds nothing left to dismiss.
        reviews = f"{self._repo(repo).url}/pulls/{number}/reviews"
        me = self._my_login()
        blocking = [
            review["id"]
            for review in self._pages(reviews)
            if (review.get("user") or {}).get("login") == me and review.get("state") == CHANGES_REQUESTED
        ]
        return sum(self._dismiss(f"{reviews}/{review_id}/dismissals", message) for review_id in blocking)

    def _dismiss(self, url: str, message: str) -> bool:
        """Dismiss one review; False when another job dismissed it between our read and this request."""
        try:
            self._raw("PUT", url, body={"message": message, "event": "DISMISS"})
        except GithubException as error:
            if error.status == 422 and ALREADY_DISMISSED in str(error.data).lower():
                return False
            raise
        return True

    def _pages(
        self, url: str, parameters: dict[str, Any] | None = None, field: str | None = None
    ) -> Iterator[dict[str, Any]]:
        """The items of a paginated list (under ``field`` when the list is wrapped), page by page as asked."""
        query: dict[str, Any] | None = {"per_page": PER_PAGE, **(parameters or {})}
        next_url: str | None = url
        while next_url:
            headers, data = self._raw("GET", next_url, parameters=query)
            yield from (data.get(field) or []) if field else data
            next_url, query = _next_link(headers.get("link", "")), None

    @_translated
    def create_check_run(self, repo: str, head_sha: str, run: CheckRun) -> None:
        url = self._repo(repo).url
        mark = self._mark
        if mark and mark.resumed and self._check_run_posted(url, head_sha, run.name, mark.value):
            log.info(
                "an earlier attempt posted the %s check run on %s; not posting it again",
                run.name,
                head_sha,
                extra={"outcome": "already-posted"},
            )
            return
        output: dict[str, Any] = {
            "title": run.title,
            "summary": safe_text.clip(run.summary, CHECK_SUMMARY_LIMIT),
            "annotations": [_annotation_json(a) for a in run.annotations],
        }
        if run.text:
            output["text"] = safe_text.clip(run.text, CHECK_SUMMARY_LIMIT)
        payload: dict[str, Any] = {
            "name": run.name,
            "head_sha": head_sha,
            "conclusion": run.conclusion.value,
            "output": output,
        }
        if mark:
            payload["external_id"] = mark.value
        self._raw("POST", f"{url}/check-runs", body=payload)

    def _check_run_posted(self, repo_url: str, head_sha: str, name: str, external_id: str) -> bool:
        """Whether a check run ``name`` with ``external_id`` is on ``head_sha`` (every run, not just the newest)."""
        url = f"{repo_url}/commits/{urllib.parse.quote(head_sha, safe='')}/check-runs"
        runs = self._pages(url, {"check_name": name, "filter": "all"}, field="check_runs")
        return any(run.get("external_id") == external_id for run in runs)

    @_translated
    def add_reaction(self, repo: str, comment_id: int | None, issue_number: int, content: str) -> None:
        issue = self._repo(repo).get_issue(issue_number)
        target = issue if comment_id is None else issue.get_comment(comment_id)
        target.create_reaction(content)

    @_translated
    def branch_sha(self, repo: str, branch: str) -> str:
        return self._repo(repo).get_git_ref(f"heads/{branch}").object.sha

    @_translated
    def ensure_branch(self, repo: str, branch: str, from_sha: str) -> None:
        try:
            self._repo(repo).create_git_ref(f"refs/heads/{branch}", from_sha)
        except GithubException as error:
            if error.status == 422 and "already exists" in str(error.data).lower():
                return  # made by an earlier try of this job
            raise

    @_translated
    def write_file(self, repo: str, path: str, branch: str, text: str, message: str) -> None:
        target = self._repo(repo)
        try:
            current = target.get_contents(path, ref=branch)
        except GithubException as error:
            if error.status != 404:
                raise
            target.create_file(path, message, text, branch=branch)
            return
        if isinstance(current, list):
            raise GitHubRequestError(422, f"{path} is a folder")
        if current.sha == _git_blob_sha(text.encode("utf-8")):
            return  # already written (a retried job): no empty commit
        target.update_file(path, message, text, current.sha, branch=branch)

    @_translated
    def open_pull_request(self, repo: str, head: str, base: str, title: str, body: str) -> int:
        target = self._repo(repo)
        try:
            return target.create_pull(base=base, head=head, title=title, body=safe_text.clip(body)).number
        except GithubException as error:
            if error.status != 422 or "already exists" not in str(error.data).lower():
                raise
        owner = repo.split("/", 1)[0]
        for pull in target.get_pulls(state="open", head=f"{owner}:{head}"):
            pull.edit(title=title, body=safe_text.clip(body))
            return pull.number
        raise GitHubRequestError(422, f"a pull request for {head} exists but is not open")

    @_translated
    def open_pull_number(self, repo: str, head: str) -> int | None:
        owner = repo.split("/", 1)[0]
        return next((pull.number for pull in self._repo(repo).get_pulls(state="open", head=f"{owner}:{head}")), None)


class PyGithubGatewayFactory:
    """Makes a gateway per job (``factory(installation_id)``) and keeps what outlives a job.

    With a GitHub App (``app_id`` + ``private_key``) each installation's token is fetched once and reused
    until 20 s before it expires (PyGithub's AppInstallationAuth does the renewing; we keep one per
    installation). With ``token`` every gateway uses it. Who we are (for "is this comment mine?") is asked
    once: ``GET /app`` gives the App's slug, whose comments are by ``<slug>[bot]``; ``GET /user`` for a token.
    """

    def __init__(
        self,
        *,
        api_url: str = DEFAULT_API_URL,
        app_id: int | str | None = None,
        private_key: str | None = None,
        token: str | None = None,
        timeout: int = TIMEOUT_SECONDS,
    ) -> None:
        if not token and not (app_id and private_key):
            raise ValueError(NO_CREDENTIALS)
        self._options: dict[str, Any] = dict(
            base_url=api_url.rstrip("/"),
            timeout=timeout,
            user_agent=USER_AGENT,
            per_page=PER_PAGE,
            retry=READ_RETRY,
            seconds_between_requests=0,
            seconds_between_writes=0,  # the queue paces us
        )
        self._token = token
        self._app_auth = Auth.AppAuth(app_id, private_key) if not token and app_id and private_key else None
        self._installations: dict[int, Auth.AppInstallationAuth] = {}
        self._login: str | None = None
        self._lock = threading.Lock()

    def __call__(self, installation_id: int | None = None, mark: WriteMark | None = None) -> PyGithubGateway:
        return PyGithubGateway(
            github.Github(auth=self._auth(installation_id), lazy=True, **self._options), self.my_login, mark
        )

    def _auth(self, installation_id: int | None) -> Auth.Auth:
        if self._app_auth is None:
            assert self._token is not None
            return Auth.Token(self._token)
        if installation_id is None:
            raise ValueError("a GitHub App needs the event's installation id")
        with self._lock:
            if installation_id not in self._installations:
                self._installations[installation_id] = self._app_auth.get_installation_auth(installation_id)
            return self._installations[installation_id]

    @_translated
    def my_login(self) -> str:
        """The login our comments carry: ``<app-slug>[bot]`` for an App, the token's user otherwise."""
        with self._lock:
            if self._login is None:
                if self._app_auth is not None:
                    integration = GithubIntegration(auth=self._app_auth, lazy=True, **self._options)
                    self._login = f"{integration.get_app().slug}[bot]"
                else:
                    client = github.Github(auth=Auth.Token(self._token or ""), lazy=True, **self._options)
                    self._login = client.get_user().login
            return self._login


def key_problem(private_key: str) -> str | None:
    """Why ``private_key`` cannot sign the App's tokens (not a PEM RSA key, damaged), or None when it can."""
    try:
        Auth.AppAuth(1, private_key).create_jwt()
    except Exception as error:  # PyJWT and cryptography raise several types for a bad key: all mean unusable
        return str(error) or type(error).__name__
    return None


_factories: dict[tuple[Any, ...], PyGithubGatewayFactory] = {}
_factories_lock = threading.Lock()


def gateway_for_installation(settings: Any, installation_id: int | None, mark: WriteMark | None = None) -> GitHub:
    """A gateway for one job, from the app's settings (``bot.app_settings.Settings`` or anything shaped like it).

    Factories are kept per set of credentials, so installation tokens and our login survive between jobs.
    """
    token = settings.github_token.get_secret_value() if settings.github_token is not None else None
    key = (settings.github_api_url, settings.github_app_id, settings.private_key, token)
    with _factories_lock:
        if key not in _factories:
            _factories[key] = PyGithubGatewayFactory(
                api_url=settings.github_api_url,
                app_id=settings.github_app_id,
                private_key=settings.private_key,
                token=token,
            )
        factory = _factories[key]
    return factory(installation_id, mark)

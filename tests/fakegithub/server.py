"""A fake GitHub REST API on 127.0.0.1: a real threaded HTTP server over the state in ``state.py``.

It authenticates like GitHub (App JWT → installation token, or a plain token), answers in GitHub's shapes,
records every request, and can be told to fail the next requests to a route.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import sys
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization

from tests.fakegithub import state
from tests.fakegithub.keys import generate_private_key
from tests.fakegithub.shapes import Shapes

PREFIX = "/api/v3"  # served under a GitHub Enterprise-style prefix, so clients must honour their base URL
LARGE_FILE = 1024 * 1024  # the contents API leaves out files over 1 MiB
MAX_PER_PAGE = 100
MAX_ANNOTATIONS = 50
MAX_BODY = 65_536
DIFF_LINE_ERROR = (
    "Pull request review thread line must be part of the diff and Pull request review thread start line "
    "must be part of the same hunk as the line."
)
DISMISSABLE = ("CHANGES_REQUESTED", "APPROVED")  # GitHub refuses to dismiss a comment, a pending or a dismissed review
SECONDARY_RATE_LIMIT = "errors.403.secondary_rate_limit"
PRIMARY_RATE_LIMIT_MESSAGE = "API rate limit exceeded for installation ID {installation}."


@dataclass(frozen=True)
class Request:
    """One request as the server saw it. ``path`` is relative to the API base, without the query."""

    method: str
    path: str
    query: dict[str, str]
    body: Any
    headers: dict[str, str]
    status: int = 0

    @property
    def line(self) -> str:
        """``"GET /repos/o/r/pulls/1"``: handy for comparing whole request sequences."""
        return f"{self.method} {self.path}"


@dataclass
class Fault:
    method: str
    pattern: re.Pattern[str]
    status: int
    times: int
    body: Any
    headers: dict[str, str]
    drop: bool
    applied: bool


@dataclass
class Reply:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


class GitHubError(Exception):
    """Raised by a route to answer with an error status."""

    def __init__(self, status: int, message: str, errors: list[Any] | None = None) -> None:
        super().__init__(message)
        self.reply = Reply(
            status,
            {
                "message": message,
                "documentation_url": "https://docs.github.com/rest",
                **({"errors": errors} if errors else {}),
            },
        )


def not_found() -> GitHubError:
    return GitHubError(404, "Not Found")


def unprocessable(message: str, errors: list[Any] | None = None) -> GitHubError:
    return GitHubError(422, message, errors)


Route = Callable[..., Reply]


class FakeGitHub:
    """The fake server and its state. Start it (or use it as a context manager), then point clients at ``url``."""

    def __init__(self) -> None:
        self.repos: dict[str, state.Repo] = {}
        self.requests: list[Request] = []
        self.token_lifetime = timedelta(hours=1)
        self.app_id: int | None = None
        self.app_slug = "paper-triage"
        self._public_key: Any = None
        self._installations: set[int] = set()
        self._manifest_codes: dict[str, tuple[dict[str, Any], str | None]] = {}
        self.created_apps: list[dict[str, Any]] = []
        self._tokens: dict[str, tuple[state.User, datetime | None]] = {}
        self._faults: list[Fault] = []
        self._lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._routes: list[tuple[str, re.Pattern[str], Route]] = [
            (method, re.compile(pattern), getattr(self, name)) for method, pattern, name in ROUTES
        ]
        self.shapes = Shapes("http://127.0.0.1", "http://127.0.0.1")

    # --- lifecycle ---------------------------------------------------------------------------------------

    def start(self) -> FakeGitHub:
        self._server = _Server(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        host, port = self._server.server_address[:2]
        self.root = f"http://{host}:{port}"
        self.url = self.root + PREFIX
        self.shapes = Shapes(self.url, self.root)
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-github", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeGitHub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- set-up ------------------------------------------------------------------------------------------

    def add_repo(self, full_name: str, default_branch: str = "main") -> state.Repo:
        repo = state.Repo(full_name, state.user_id(full_name), default_branch)
        self.repos[full_name] = repo
        return repo

    def add_token(self, token: str, login: str, user_type: str = "User") -> None:
        """Accept ``Authorization: token <token>`` as ``login``."""
        self._tokens[token] = (state.User(login, state.user_id(login), user_type), None)

    def register_app(self, app_id: int, private_key_pem: str, slug: str = "paper-triage") -> None:
        """Accept JWTs signed with this key for ``app_id``; its installation tokens act as ``<slug>[bot]``."""
        self.app_id, self.app_slug = app_id, slug
        key = serialization.load_pem_private_key(private_key_pem.encode(), password=None)
        self._public_key = key.public_key()

    def add_installation(self, installation_id: int) -> None:
        self._installations.add(installation_id)

    @property
    def bot(self) -> state.User:
        """The user an installation token acts as."""
        login = f"{self.app_slug}[bot]"
        return state.User(login, state.user_id(login), "Bot")

    # --- faults and the request log ----------------------------------------------------------------------

    def fail(
        self,
        method: str,
        path: str,
        status: int = 502,
        times: int = 1,
        body: Any = None,
        headers: dict[str, str] | None = None,
        drop: bool = False,
        applied: bool = False,
    ) -> None:
        """Answer the next ``times`` requests whose path fully matches the regex ``path`` with ``status``.

        ``drop=True`` closes the connection without an answer instead (a network failure);
        ``applied=True`` carries the request out first, as GitHub sometimes does before a 502.
        """
        if body is None:
            body = {"message": "Server Error"} if status >= 500 else {"message": "Failed"}
        fault = Fault(method, re.compile(path), status, times, body, dict(headers or {}), drop, applied)
        self._faults.append(fault)

    def fail_with_secondary_rate_limit(self, method: str, path: str, retry_after: int | None = 60) -> None:
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        self.fail(method, path, 403, body=self.shapes.error(SECONDARY_RATE_LIMIT), headers=headers)

    def fail_with_primary_rate_limit(self, method: str, path: str, reset_at: int) -> None:
        """A 403 with ``X-RateLimit-Remaining: 0`` and ``X-RateLimit-Reset: reset_at`` (epoch seconds)."""
        body = {
            "message": PRIMARY_RATE_LIMIT_MESSAGE.format(installation=min(self._installations, default=1)),
            "documentation_url": "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting",
        }
        headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Limit": "5000", "X-RateLimit-Reset": str(reset_at)}
        self.fail(method, path, 403, body=body, headers=headers)

    def requests_to(self, method: str, path: str) -> list[Request]:
        """The recorded requests with this method whose path fully matches the regex ``path``."""
        pattern = re.compile(path)
        return [r for r in self.requests if r.method == method and pattern.fullmatch(r.path)]

    @property
    def api_requests(self) -> list[Request]:
        """The recorded requests without token and identity ones (``/app…``, ``/user``)."""
        return [r for r in self.requests if not _is_auth(r.path)]

    def request_lines(self, *, exclude_auth: bool = True) -> list[str]:
        """``"METHOD /path"`` for every recorded request; token and identity requests left out by default."""
        return [r.line for r in (self.api_requests if exclude_auth else self.requests)]

    def clear_requests(self) -> None:
        self.requests.clear()

    # --- request handling --------------------------------------------------------------------------------

    def handle(self, method: str, raw_path: str, headers: dict[str, str], raw_body: bytes) -> Reply | None:
        """Answer one request; None means drop the connection."""
        parsed = urllib.parse.urlsplit(raw_path)
        path = parsed.path.removeprefix(PREFIX) or "/"
        query = dict(urllib.parse.parse_qsl(parsed.query))
        try:
            body = json.loads(raw_body) if raw_body else None
        except ValueError:
            body = raw_body.decode("utf-8", "replace")
        with self._lock:
            reply = self._answer(method, path, query, headers, body)
            self.requests.append(Request(method, path, query, body, headers, reply.status if reply else 0))
        return reply

    def _answer(
        self, method: str, path: str, query: dict[str, str], headers: dict[str, str], body: Any
    ) -> Reply | None:
        fault = self._take_fault(method, path)
        if fault is not None and fault.applied:
            self._route(method, path, query, headers, body)
        if fault is not None:
            return None if fault.drop else Reply(fault.status, fault.body, fault.headers)
        return self._route(method, path, query, headers, body)

    def _route(self, method: str, path: str, query: dict[str, str], headers: dict[str, str], body: Any) -> Reply:
        try:
            for route_method, pattern, route in self._routes:
                match = pattern.fullmatch(path)
                if match and route_method == method:
                    actor = None if _is_public(path) else self._authenticate(headers.get("authorization", ""), path)
                    args = {k: urllib.parse.unquote(v) for k, v in match.groupdict().items()}
                    return route(actor=actor, query=query, body=body, request_path=path, **args)
            raise not_found()
        except GitHubError as error:
            return error.reply

    def _take_fault(self, method: str, path: str) -> Fault | None:
        for fault in self._faults:
            if fault.times > 0 and fault.method == method and fault.pattern.fullmatch(path):
                fault.times -= 1
                return fault
        return None

    def _authenticate(self, header: str, path: str) -> state.User | None:
        """The acting user, or None for the App itself (JWT); 401 like GitHub for anything else."""
        scheme, _, credential = header.partition(" ")
        if _is_app_only(path):
            if scheme.lower() != "bearer" or self._public_key is None:
                raise GitHubError(401, "A JSON web token could not be decoded")
            try:
                claims = jwt.decode(
                    credential, self._public_key, algorithms=["RS256"], options={"require": ["iat", "exp", "iss"]}
                )
            except jwt.PyJWTError as error:
                raise GitHubError(
                    401, f"'Expiration time' claim ('exp') is invalid or the JWT is bad: {error}"
                ) from error
            if str(claims["iss"]) != str(self.app_id):
                raise GitHubError(401, "Integration not found")
            return None
        if scheme.lower() not in ("token", "bearer") or credential not in self._tokens:
            raise GitHubError(401, "Bad credentials")
        user, expires_at = self._tokens[credential]
        if expires_at is not None and expires_at <= datetime.now(UTC):
            raise GitHubError(401, "Bad credentials")
        return user

    # --- routes: identity and tokens ---------------------------------------------------------------------

    def get_app(self, actor: None, **_: Any) -> Reply:
        assert self.app_id is not None
        return Reply(200, self.shapes.app(self.app_id, self.app_slug))

    def create_access_token(self, installation: str, **_: Any) -> Reply:
        if int(installation) not in self._installations:
            raise not_found()
        token = "ghs_" + secrets.token_urlsafe(27)
        expires_at = (datetime.now(UTC) + self.token_lifetime).replace(microsecond=0)
        self._tokens[token] = (self.bot, expires_at)
        return Reply(201, self.shapes.access_token(token, expires_at.strftime("%Y-%m-%dT%H:%M:%SZ")))

    def get_user(self, actor: state.User, **_: Any) -> Reply:
        return Reply(200, self.shapes.user(actor))

    def get_rate_limit(self, **_: Any) -> Reply:
        return Reply(200, self.shapes.error("rate_limit.get"))

    # --- routes: registering an App from a manifest -------------------------------------------------------

    def new_app_from_manifest(self, body: Any, query: dict[str, str], org: str | None = None, **_: Any) -> Reply:
        """The web page a manifest form posts to (``/settings/apps/new``, or an organization's): the person
        confirms at once, and the browser is sent to the manifest's ``redirect_url`` with a one-time code
        and the form's ``state``, as GitHub does."""
        form = dict(urllib.parse.parse_qsl(body)) if isinstance(body, str) else {}
        if "manifest" not in form:
            raise unprocessable("The manifest form needs a `manifest` field")
        manifest = json.loads(form["manifest"])
        code = secrets.token_hex(10)
        self._manifest_codes[code] = (manifest, org)
        location = (
            f"{manifest['redirect_url']}?{urllib.parse.urlencode({'code': code, 'state': query.get('state', '')})}"
        )
        return Reply(302, None, {"Location": location})

    def convert_manifest(self, code: str, **_: Any) -> Reply:
        """``POST /app-manifests/{code}/conversions``: the new App with its id, ``pem``, ``webhook_secret``,
        ``client_id`` and ``client_secret`` (GitHub's documented response, 201); the code works once.
        The App is registered here, so its key signs in at once."""
        if code not in self._manifest_codes:
            raise not_found()
        manifest, org = self._manifest_codes.pop(code)
        app_id = 100_000 + len(self.created_apps) + 1
        slug = re.sub(r"[^a-z0-9]+", "-", manifest.get("name", "app").lower()).strip("-")
        pem = generate_private_key()
        owner = state.User(org or "octocat", state.user_id(org or "octocat"), "Organization" if org else "User")
        body = self.shapes.app(app_id, slug)
        body.update(
            name=manifest.get("name", slug),
            description=manifest.get("description", ""),
            external_url=manifest.get("url", ""),
            owner=self.shapes.user(owner),
            permissions=manifest.get("default_permissions", {}),
            events=manifest.get("default_events", []),
            client_secret=secrets.token_hex(20),
            webhook_secret=secrets.token_hex(20) if manifest.get("hook_attributes") else None,
            pem=pem,
        )
        self.register_app(app_id, pem, slug)
        self.created_apps.append(body)
        return Reply(201, body)

    # --- routes: repositories and pulls ------------------------------------------------------------------

    def _repo(self, owner: str, name: str) -> state.Repo:
        repo = self.repos.get(f"{owner}/{name}")
        if repo is None:
            raise not_found()
        return repo

    def _pull(self, repo: state.Repo, number: str) -> state.Pull:
        pull = repo.pulls.get(int(number))
        if pull is None:
            raise not_found()
        return pull

    def get_repo(self, owner: str, name: str, **_: Any) -> Reply:
        repo = self._repo(owner, name)
        return Reply(200, self.shapes.repo(repo.full_name, repo.id, repo.default_branch))

    def get_pull(self, owner: str, name: str, number: str, **_: Any) -> Reply:
        repo = self._repo(owner, name)
        return Reply(200, self.shapes.pull(self._pull(repo, number)))

    def list_pulls(self, owner: str, name: str, query: dict[str, str], request_path: str, **_: Any) -> Reply:
        repo = self._repo(owner, name)
        wanted_state = query.get("state", "open")
        pulls = [
            p
            for p in repo.pulls.values()
            if wanted_state in ("all", p.state)
            and ("head" not in query or query["head"] == f"{(p.head_repo or '').split('/')[0]}:{p.head_ref}")
            and ("base" not in query or query["base"] == p.base_ref)
        ]
        return self._page(request_path, query, [self.shapes.pull(p) for p in pulls])

    def create_pull(self, owner: str, name: str, actor: state.User, body: dict[str, Any], **_: Any) -> Reply:
        repo = self._repo(owner, name)
        head = str(body.get("head", "")).split(":")[-1]
        base = str(body.get("base", ""))
        if head not in repo.branches or base not in repo.branches:
            raise unprocessable(
                "Validation Failed",
                [
                    {
                        "resource": "PullRequest",
                        "field": "head" if head not in repo.branches else "base",
                        "code": "invalid",
                    }
                ],
            )
        if repo.open_pull_for(head):
            error = self.shapes.error("errors.422.pull_request_already_exists")
            error["errors"][0]["message"] = f"A pull request already exists for {repo.owner}:{head}."
            return Reply(422, error)
        if repo.branches[head] == repo.branches[base]:
            raise unprocessable(
                "Validation Failed",
                [{"resource": "PullRequest", "code": "custom", "message": f"No commits between {base} and {head}"}],
            )
        pull = repo.open_pull(
            head, base, actor.login, body.get("title", ""), body.get("body") or "", bool(body.get("draft", False))
        )
        pull.author = actor
        location = f"{self.url}/repos/{repo.full_name}/pulls/{pull.number}"
        return Reply(201, self.shapes.pull(pull), {"Location": location})

    def update_pull(self, owner: str, name: str, number: str, body: dict[str, Any], **_: Any) -> Reply:
        pull = self._pull(self._repo(owner, name), number)
        pull.title = body.get("title", pull.title)
        pull.body = body.get("body", pull.body)
        pull.state = body.get("state", pull.state)
        return Reply(200, self.shapes.pull(pull))

    def list_pull_files(
        self, owner: str, name: str, number: str, query: dict[str, str], request_path: str, **_: Any
    ) -> Reply:
        repo = self._repo(owner, name)
        pull = self._pull(repo, number)
        files = [self.shapes.pull_file(repo, pull.head_sha, entry) for entry in pull.files()]
        return self._page(request_path, query, files)

    def list_review_comments(
        self, owner: str, name: str, number: str, query: dict[str, str], request_path: str, **_: Any
    ) -> Reply:
        repo = self._repo(owner, name)
        comments = [c for c in repo.review_comments.values() if c.number == int(number)]
        return self._page(request_path, query, [self.shapes.review_comment(repo, c) for c in comments])

    def list_reviews(
        self, owner: str, name: str, number: str, query: dict[str, str], request_path: str, **_: Any
    ) -> Reply:
        repo = self._repo(owner, name)
        reviews = [r for r in repo.reviews.values() if r.number == int(number)]
        return self._page(request_path, query, [self.shapes.review(repo, r) for r in reviews])

    def create_review(
        self, owner: str, name: str, number: str, actor: state.User, body: dict[str, Any], **_: Any
    ) -> Reply:
        repo = self._repo(owner, name)
        pull = self._pull(repo, number)
        commit_id = body.get("commit_id") or pull.head_sha
        if commit_id not in repo.commits:
            raise unprocessable("Unprocessable Entity", ["Commit could not be found"])
        patches = {
            f["filename"]: f.get("patch")
            for f in state.diff_files(repo.snapshot(pull.base_sha), repo.snapshot(commit_id), pull.patchless)
        }
        _check_body(body.get("body") or "")
        event = body.get("event")
        review_state = {
            "COMMENT": "COMMENTED",
            "REQUEST_CHANGES": "CHANGES_REQUESTED",
            "APPROVE": "APPROVED",
            None: "PENDING",
        }.get(event)
        if review_state is None:
            raise unprocessable("Unprocessable Entity", [f"Invalid event: {event}"])
        if event in ("COMMENT", "REQUEST_CHANGES") and not body.get("body") and not body.get("comments"):
            raise unprocessable("Unprocessable Entity", ["Review body is required for this event"])
        review = state.Review(state.next_id(), pull.number, actor, body.get("body") or "", review_state, commit_id, [])
        for item in body.get("comments") or []:
            review.comments.append(self._review_comment(pull, review, commit_id, patches, item))
        repo.reviews[review.id] = review
        for comment in review.comments:
            repo.review_comments[comment.id] = comment
        return Reply(200, self.shapes.review(repo, review))

    def dismiss_review(
        self, owner: str, name: str, number: str, review_id: str, body: dict[str, Any], **_: Any
    ) -> Reply:
        repo = self._repo(owner, name)
        review = repo.reviews.get(int(review_id))
        if review is None or review.number != self._pull(repo, number).number:
            raise not_found()
        if not body.get("message"):
            raise unprocessable("Invalid request.", ['"message" wasn\'t supplied.'])
        if review.state not in DISMISSABLE:  # GitHub's own words, e.g. for a second dismissal
            raise unprocessable(
                "Unprocessable Entity", [f"Can not dismiss a {review.state.lower()} pull request review"]
            )
        review.state, review.dismissal = "DISMISSED", body["message"]
        return Reply(200, self.shapes.dismissed_review(repo, review))

    def _review_comment(
        self,
        pull: state.Pull,
        review: state.Review,
        commit_id: str,
        patches: dict[str, str | None],
        item: dict[str, Any],
    ) -> state.Comment:
        path, line, start = item.get("path"), item.get("line"), item.get("start_line")
        side = item.get("side", "RIGHT")
        _check_body(item.get("body") or "")
        patch = patches.get(path)
        hunks = state.right_side_hunks(patch) if patch else []
        in_diff = side == "RIGHT" and any(
            line in hunk and (start is None or (start < line and start in hunk)) for hunk in hunks
        )
        if not in_diff:
            raise unprocessable("Unprocessable Entity", [DIFF_LINE_ERROR])
        return state.Comment(
            state.next_id(),
            pull.number,
            item.get("body") or "",
            review.user,
            path=path,
            line=line,
            start_line=start,
            side=side,
            commit_id=commit_id,
            review_id=review.id,
        )

    # --- routes: issue comments and reactions ------------------------------------------------------------

    def list_issue_comments(
        self, owner: str, name: str, number: str, query: dict[str, str], request_path: str, **_: Any
    ) -> Reply:
        repo = self._repo(owner, name)
        comments = [c for c in repo.issue_comments.values() if c.number == int(number)]
        return self._page(request_path, query, [self.shapes.issue_comment(repo, c) for c in comments])

    def create_issue_comment(
        self, owner: str, name: str, number: str, actor: state.User, body: dict[str, Any], **_: Any
    ) -> Reply:
        repo = self._repo(owner, name)
        if int(number) not in repo.pulls and int(number) not in repo.issues:
            raise not_found()
        text = str((body or {}).get("body", ""))
        _check_body(text)
        comment = state.Comment(state.next_id(), int(number), text, actor)
        repo.issue_comments[comment.id] = comment
        return Reply(201, self.shapes.issue_comment(repo, comment))

    def _issue_comment(self, repo: state.Repo, comment_id: str) -> state.Comment:
        comment = repo.issue_comments.get(int(comment_id))
        if comment is None:
            raise not_found()
        return comment

    def get_issue_comment(self, owner: str, name: str, comment_id: str, **_: Any) -> Reply:
        repo = self._repo(owner, name)
        return Reply(200, self.shapes.issue_comment(repo, self._issue_comment(repo, comment_id)))

    def update_issue_comment(self, owner: str, name: str, comment_id: str, body: dict[str, Any], **_: Any) -> Reply:
        # Like GitHub, an App with issues:write may edit anyone's comment: the client must pick the right one.
        repo = self._repo(owner, name)
        comment = self._issue_comment(repo, comment_id)
        text = str((body or {}).get("body", ""))
        _check_body(text)
        comment.body = text
        return Reply(200, self.shapes.issue_comment(repo, comment))

    def react_to_comment(
        self, owner: str, name: str, comment_id: str, actor: state.User, body: dict[str, Any], **_: Any
    ) -> Reply:
        repo = self._repo(owner, name)
        self._issue_comment(repo, comment_id)
        return self._react(repo, actor, body, int(comment_id), None)

    def react_to_issue(
        self, owner: str, name: str, number: str, actor: state.User, body: dict[str, Any], **_: Any
    ) -> Reply:
        repo = self._repo(owner, name)
        if int(number) not in repo.pulls and int(number) not in repo.issues:
            raise not_found()
        return self._react(repo, actor, body, None, int(number))

    def _react(
        self, repo: state.Repo, actor: state.User, body: dict[str, Any], comment_id: int | None, number: int | None
    ) -> Reply:
        content = (body or {}).get("content")
        if content not in state.REACTIONS:
            raise unprocessable("Validation Failed", [{"resource": "Reaction", "field": "content", "code": "invalid"}])
        for reaction in repo.reactions:
            if (reaction.content, reaction.user.login, reaction.comment_id, reaction.number) == (
                content,
                actor.login,
                comment_id,
                number,
            ):
                return Reply(200, self.shapes.reaction(reaction))
        reaction = state.Reaction(state.next_id(), content, actor, comment_id, number)
        repo.reactions.append(reaction)
        return Reply(201, self.shapes.reaction(reaction))

    # --- routes: contents, git data ----------------------------------------------------------------------

    def get_contents(self, owner: str, name: str, path: str, query: dict[str, str], **_: Any) -> Reply:
        repo = self._repo(owner, name)
        ref = query.get("ref") or repo.default_branch
        sha = repo.resolve(ref)
        if sha is None:
            raise GitHubError(404, f"No commit found for the ref {ref}")
        snapshot = repo.snapshot(sha)
        if path in snapshot:
            content = snapshot[path]
            return Reply(200, self.shapes.content_file(repo, path, ref, content, len(content) > LARGE_FILE))
        children = _children(snapshot, path)
        if not children:
            raise not_found()
        return Reply(200, self.shapes.directory(repo, path, ref, children))

    def put_contents(
        self, owner: str, name: str, path: str, actor: state.User, body: dict[str, Any], **_: Any
    ) -> Reply:
        repo = self._repo(owner, name)
        branch = body.get("branch") or repo.default_branch
        if branch not in repo.branches:
            raise GitHubError(404, f"Branch {branch} not found")
        existing = repo.snapshot(repo.branches[branch]).get(path)
        if existing is not None and "sha" not in body:
            raise unprocessable('Invalid request.\n\n"sha" wasn\'t supplied.')
        if existing is not None and body["sha"] != state.blob_sha(existing):
            raise GitHubError(409, f"{path} does not match {body['sha']}")
        content = base64.b64decode(body.get("content", ""))
        sha = repo.commit(branch, {path: content}, body.get("message", ""))
        reply = self.shapes.file_commit(repo, path, branch, content, sha, body.get("message", ""), actor)
        return Reply(201 if existing is None else 200, reply)

    def get_blob(self, owner: str, name: str, sha: str, **_: Any) -> Reply:
        repo = self._repo(owner, name)
        content = repo.blob(sha)
        if content is None:
            raise not_found()
        return Reply(200, self.shapes.blob(repo, content))

    def get_tree(self, owner: str, name: str, ref: str, query: dict[str, str], **_: Any) -> Reply:
        repo = self._repo(owner, name)
        sha = repo.resolve(ref)
        if sha is None:
            raise not_found()
        snapshot = repo.snapshot(sha)
        if query.get("recursive") in (None, "", "0", "false"):
            snapshot = {path: content for path, content in snapshot.items() if "/" not in path}
        return Reply(200, self.shapes.tree(repo, sha, snapshot))

    def get_ref(self, owner: str, name: str, branch: str, **_: Any) -> Reply:
        repo = self._repo(owner, name)
        if branch not in repo.branches:
            raise not_found()
        return Reply(200, self.shapes.ref(repo, branch, repo.branches[branch]))

    def create_ref(self, owner: str, name: str, body: dict[str, Any], **_: Any) -> Reply:
        repo = self._repo(owner, name)
        ref, sha = str(body.get("ref", "")), str(body.get("sha", ""))
        if not ref.startswith("refs/heads/"):
            raise unprocessable("Reference name must start with 'refs/'.")
        branch = ref.removeprefix("refs/heads/")
        if branch in repo.branches:
            return Reply(422, self.shapes.error("errors.422.reference_already_exists"))
        if sha not in repo.commits:
            raise unprocessable("Object does not exist")
        repo.branches[branch] = sha
        return Reply(201, self.shapes.ref(repo, branch, sha))

    # --- routes: check runs, permissions -----------------------------------------------------------------

    def create_check_run(self, owner: str, name: str, body: dict[str, Any], **_: Any) -> Reply:
        repo = self._repo(owner, name)
        if body.get("head_sha") not in repo.commits:
            raise unprocessable("No commit found for SHA: {}".format(body.get("head_sha")))
        conclusion = body.get("conclusion")
        run = state.CheckRun(
            state.next_id(),
            body["head_sha"],
            body["name"],
            "completed" if conclusion else body.get("status", "queued"),
            conclusion,
            {},
            external_id=body.get("external_id") or "",
        )
        self._apply_output(run, body.get("output"))
        repo.check_runs[run.id] = run
        return Reply(201, self.shapes.check_run(repo, run, self._app_body()))

    def list_check_runs(self, owner: str, name: str, ref: str, query: dict[str, str], **_: Any) -> Reply:
        """``GET /commits/{ref}/check-runs``: newest first; ``check_name`` filters; ``filter=latest`` (GitHub's
        default) keeps only the newest run of each name."""
        repo = self._repo(owner, name)
        sha = repo.branches.get(ref, ref)
        runs = sorted(
            (
                run
                for run in repo.check_runs.values()
                if run.head_sha == sha and query.get("check_name", run.name) == run.name
            ),
            key=lambda run: -run.id,
        )
        if query.get("filter", "latest") == "latest":
            runs = [run for index, run in enumerate(runs) if run.name not in {r.name for r in runs[:index]}]
        per_page = min(int(query.get("per_page", 30)), MAX_PER_PAGE)
        shown = runs[(int(query.get("page", 1)) - 1) * per_page :][:per_page]
        return Reply(
            200,
            {
                "total_count": len(runs),
                "check_runs": [self.shapes.check_run(repo, run, self._app_body()) for run in shown],
            },
        )

    def update_check_run(self, owner: str, name: str, run_id: str, body: dict[str, Any], **_: Any) -> Reply:
        repo = self._repo(owner, name)
        run = repo.check_runs.get(int(run_id))
        if run is None:
            raise not_found()
        if body.get("conclusion"):
            run.status, run.conclusion = "completed", body["conclusion"]
        self._apply_output(run, body.get("output"))
        run.updates += 1
        return Reply(200, self.shapes.check_run(repo, run, self._app_body()))

    def _apply_output(self, run: state.CheckRun, output: dict[str, Any] | None) -> None:
        if output is None:
            return
        if not output.get("title") or not output.get("summary"):
            raise unprocessable("Invalid request.\n\nFor 'properties/output', title and summary are required.")
        annotations = output.get("annotations") or []
        if len(annotations) > MAX_ANNOTATIONS:
            raise unprocessable("Invalid request.\n\nOnly 50 annotations are allowed per request.")
        for annotation in annotations:
            if not {"path", "start_line", "end_line", "annotation_level", "message"} <= set(annotation):
                raise unprocessable("Invalid request.\n\nAn annotation misses a required field.")
        run.output = {key: output.get(key) for key in ("title", "summary", "text")}
        run.annotations.extend(annotations)

    def _app_body(self) -> dict[str, Any] | None:
        return self.shapes.app(self.app_id, self.app_slug) if self.app_id is not None else None

    def get_permission(self, owner: str, name: str, login: str, **_: Any) -> Reply:
        repo = self._repo(owner, name)
        # A public repository grants everyone read; collaborators have what the test gave them.
        return Reply(200, self.shapes.permission(login, repo.permissions.get(login, "read")))

    # --- pagination --------------------------------------------------------------------------------------

    def _page(self, path: str, query: dict[str, str], items: list[Any]) -> Reply:
        per_page = min(int(query.get("per_page", 30)), MAX_PER_PAGE)
        page = int(query.get("page", 1))
        last = max(1, -(-len(items) // per_page))
        headers = {}
        links = []
        if page < last:
            links += [
                f'<{self._page_url(path, query, page + 1)}>; rel="next"',
                f'<{self._page_url(path, query, last)}>; rel="last"',
            ]
        if page > 1:
            links += [
                f'<{self._page_url(path, query, page - 1)}>; rel="prev"',
                f'<{self._page_url(path, query, 1)}>; rel="first"',
            ]
        if links:
            headers["Link"] = ", ".join(links)
        return Reply(200, items[(page - 1) * per_page : page * per_page], headers)

    def _page_url(self, path: str, query: dict[str, str], page: int) -> str:
        return f"{self.url}{path}?{urllib.parse.urlencode({**query, 'page': page})}"


def _check_body(text: str) -> None:
    if len(text) > MAX_BODY:
        raise unprocessable(
            "Validation Failed",
            [
                {
                    "resource": "IssueComment",
                    "code": "custom",
                    "field": "body",
                    "message": "body is too long (maximum is 65536 characters)",
                }
            ],
        )


def _children(snapshot: dict[str, bytes], folder: str) -> list[tuple[str, str]]:
    prefix = f"{folder}/" if folder else ""
    names: dict[str, str] = {}
    for path in snapshot:
        if path.startswith(prefix):
            rest = path[len(prefix) :]
            head, _, tail = rest.partition("/")
            names[head] = "dir" if tail else "file"
    return sorted(names.items())


def _is_app_only(path: str) -> bool:
    return path == "/app" or path.startswith("/app/")


def _is_public(path: str) -> bool:
    """Routes that take no credentials: the manifest flow's web page and its code exchange."""
    return path.startswith("/app-manifests/") or path.endswith("/settings/apps/new")


def _is_auth(path: str) -> bool:
    return _is_app_only(path) or path == "/user"


_REPO = r"/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)"
ROUTES: list[tuple[str, str, str]] = [
    ("GET", r"/app", "get_app"),
    ("POST", r"/app/installations/(?P<installation>\d+)/access_tokens", "create_access_token"),
    ("GET", r"/user", "get_user"),
    ("GET", r"/rate_limit", "get_rate_limit"),
    ("POST", r"/settings/apps/new", "new_app_from_manifest"),
    ("POST", r"/organizations/(?P<org>[^/]+)/settings/apps/new", "new_app_from_manifest"),
    ("POST", r"/app-manifests/(?P<code>[^/]+)/conversions", "convert_manifest"),
    ("GET", _REPO, "get_repo"),
    ("GET", _REPO + r"/pulls", "list_pulls"),
    ("POST", _REPO + r"/pulls", "create_pull"),
    ("GET", _REPO + r"/pulls/(?P<number>\d+)", "get_pull"),
    ("PATCH", _REPO + r"/pulls/(?P<number>\d+)", "update_pull"),
    ("GET", _REPO + r"/pulls/(?P<number>\d+)/files", "list_pull_files"),
    ("GET", _REPO + r"/pulls/(?P<number>\d+)/comments", "list_review_comments"),
    ("GET", _REPO + r"/pulls/(?P<number>\d+)/reviews", "list_reviews"),
    ("POST", _REPO + r"/pulls/(?P<number>\d+)/reviews", "create_review"),
    ("PUT", _REPO + r"/pulls/(?P<number>\d+)/reviews/(?P<review_id>\d+)/dismissals", "dismiss_review"),
    ("GET", _REPO + r"/issues/(?P<number>\d+)/comments", "list_issue_comments"),
    ("POST", _REPO + r"/issues/(?P<number>\d+)/comments", "create_issue_comment"),
    ("POST", _REPO + r"/issues/(?P<number>\d+)/reactions", "react_to_issue"),
    ("GET", _REPO + r"/issues/comments/(?P<comment_id>\d+)", "get_issue_comment"),
    ("PATCH", _REPO + r"/issues/comments/(?P<comment_id>\d+)", "update_issue_comment"),
    ("POST", _REPO + r"/issues/comments/(?P<comment_id>\d+)/reactions", "react_to_comment"),
    ("GET", _REPO + r"/contents/(?P<path>.*)", "get_contents"),
    ("PUT", _REPO + r"/contents/(?P<path>.+)", "put_contents"),
    ("GET", _REPO + r"/git/blobs/(?P<sha>[0-9a-f]{40})", "get_blob"),
    ("GET", _REPO + r"/git/trees/(?P<ref>.+)", "get_tree"),
    ("GET", _REPO + r"/git/ref/heads/(?P<branch>.+)", "get_ref"),
    ("POST", _REPO + r"/git/refs", "create_ref"),
    ("POST", _REPO + r"/check-runs", "create_check_run"),
    ("PATCH", _REPO + r"/check-runs/(?P<run_id>\d+)", "update_check_run"),
    ("GET", _REPO + r"/commits/(?P<ref>[^/]+)/check-runs", "list_check_runs"),
    ("GET", _REPO + r"/collaborators/(?P<login>[^/]+)/permission", "get_permission"),
]


def _handler_for(fake: FakeGitHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw_body = self.rfile.read(length) if length else b""
            headers = {key.lower(): value for key, value in self.headers.items()}
            reply = fake.handle(self.command, self.path, headers, raw_body)
            if reply is None:
                self.close_connection = True
                self.connection.shutdown(2)  # answer nothing: the client sees the connection drop
                return
            payload = b"" if reply.body is None else json.dumps(reply.body).encode("utf-8")
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            for key, value in _rate_headers().items():
                if key.lower() not in {k.lower() for k in reply.headers}:
                    self.send_header(key, value)
            for key, value in reply.headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
            pass

    return Handler


class _Server(ThreadingHTTPServer):
    """A client that went away mid-request (a killed worker) is no error of the fake's: no traceback."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _rate_headers() -> dict[str, str]:
    reset = int((datetime.now(UTC) + timedelta(hours=1)).timestamp())
    return {
        "X-RateLimit-Limit": "5000",
        "X-RateLimit-Remaining": "4999",
        "X-RateLimit-Reset": str(reset),
        "X-RateLimit-Used": "1",
        "X-RateLimit-Resource": "core",
        "X-GitHub-Media-Type": "github.v3",
    }

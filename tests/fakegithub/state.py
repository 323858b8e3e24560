"""What the fake GitHub knows: repositories with commits per branch, pull requests and what was posted on them."""

from __future__ import annotations

import difflib
import hashlib
import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

# GitHub compares a removed and an added file and calls the pair a rename at 50 % similarity, as git does.
RENAME_SIMILARITY = 0.5
CONTEXT_LINES = 3
REACTIONS = ("+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes")

_ids = itertools.count(1_000_001)


def next_id() -> int:
    """A fresh id, unique across everything the fake creates (comments, reviews, check runs, reactions)."""
    return next(_ids)


def blob_sha(content: bytes) -> str:
    """The git blob id of ``content``, as GitHub reports it in ``sha`` fields."""
    return hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()


def as_bytes(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


@dataclass
class User:
    login: str
    id: int
    type: str = "User"  # "Bot" for an App's installation token


@dataclass
class Comment:
    """An issue comment (conversation) or a review comment (inline, with path and lines)."""

    id: int
    number: int
    body: str
    user: User
    path: str | None = None
    line: int | None = None
    start_line: int | None = None
    side: str | None = None
    commit_id: str | None = None
    review_id: int | None = None


@dataclass
class Review:
    id: int
    number: int
    user: User
    body: str
    state: str
    commit_id: str
    comments: list[Comment]
    dismissal: str | None = None  # the message it was dismissed with


@dataclass
class CheckRun:
    id: int
    head_sha: str
    name: str
    status: str
    conclusion: str | None
    output: dict[str, Any]
    annotations: list[dict[str, Any]] = field(default_factory=list)
    updates: int = 0
    external_id: str = ""


@dataclass
class Reaction:
    id: int
    content: str
    user: User
    comment_id: int | None
    number: int | None


@dataclass
class Issue:
    number: int
    title: str
    body: str
    author: User
    state: str = "open"


@dataclass
class Pull:
    """A pull request from ``head_ref`` into ``base_ref``; its files are the diff base_sha..head tip."""

    repo: Repo
    number: int
    title: str
    body: str
    head_ref: str
    base_ref: str
    base_sha: str
    author: User
    draft: bool = False
    state: str = "open"
    head_repo: str | None = None
    patchless: set[str] = field(default_factory=set)  # paths GitHub sends without a patch (diff too large)

    @property
    def head_sha(self) -> str:
        return self.repo.branches[self.head_ref]

    @property
    def updated_at(self) -> str:
        """When the pull request last changed, as GitHub writes it: later for every commit to the repository."""
        moment = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=list(self.repo.commits).index(self.head_sha))
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")

    def files(self) -> list[dict[str, Any]]:
        """The changed files as GitHub lists them: filename, status, previous_filename, patch, counts."""
        return diff_files(self.repo.snapshot(self.base_sha), self.repo.snapshot(self.head_sha), self.patchless)


class Repo:
    """One repository: commits are whole snapshots (path → bytes), branches point at them."""

    def __init__(self, full_name: str, repo_id: int, default_branch: str = "main") -> None:
        self.full_name = full_name
        self.id = repo_id
        self.default_branch = default_branch
        self.commits: dict[str, dict[str, bytes]] = {}
        self.messages: dict[str, str] = {}
        self.branches: dict[str, str] = {}
        self.pulls: dict[int, Pull] = {}
        self.issues: dict[int, Issue] = {}
        self.issue_comments: dict[int, Comment] = {}
        self.review_comments: dict[int, Comment] = {}
        self.reviews: dict[int, Review] = {}
        self.check_runs: dict[int, CheckRun] = {}
        self.reactions: list[Reaction] = []
        self.permissions: dict[str, str] = {}
        self._numbers = itertools.count(1)
        self.commit(default_branch, {}, message="Initial commit")

    @property
    def owner(self) -> str:
        return self.full_name.split("/", 1)[0]

    # --- test set-up -------------------------------------------------------------------------------------

    def commit(self, branch: str, files: Mapping[str, str | bytes | None], message: str = "Update files") -> str:
        """Commit ``files`` (None deletes a path) on ``branch``, created from the default branch if new; its sha."""
        parent = self.branches.get(branch) or self.branches.get(self.default_branch)
        snapshot = dict(self.commits[parent]) if parent else {}
        for path, content in files.items():
            if content is None:
                snapshot.pop(path, None)
            else:
                snapshot[path] = as_bytes(content)
        digest = hashlib.sha1(repr((parent, sorted(snapshot.items()), message, len(self.commits))).encode())
        sha = digest.hexdigest()
        self.commits[sha] = snapshot
        self.messages[sha] = message
        self.branches[branch] = sha
        return sha

    def open_pull(
        self,
        head: str,
        base: str | None = None,
        author: str = "contributor",
        title: str = "Add papers",
        body: str = "",
        draft: bool = False,
        head_repo: str | None = None,
    ) -> Pull:
        """Open a pull request from branch ``head``; its base commit is the base branch's tip now."""
        base = base or self.default_branch
        number = self.next_number()
        pull = Pull(
            repo=self,
            number=number,
            title=title,
            body=body,
            head_ref=head,
            base_ref=base,
            base_sha=self.branches[base],
            author=User(author, user_id(author)),
            draft=draft,
            head_repo=head_repo or self.full_name,
        )
        self.pulls[number] = pull
        return pull

    def open_issue(self, title: str, body: str = "", author: str = "contributor") -> Issue:
        """Open an issue (numbers are shared with pull requests, as on GitHub)."""
        issue = Issue(self.next_number(), title, body, User(author, user_id(author)))
        self.issues[issue.number] = issue
        return issue

    def add_comment(self, number: int, body: str, author: str = "someone", user_type: str = "User") -> Comment:
        """Seed a conversation comment written by someone else."""
        comment = Comment(next_id(), number, body, User(author, user_id(author), user_type))
        self.issue_comments[comment.id] = comment
        return comment

    # --- reading -----------------------------------------------------------------------------------------

    def next_number(self) -> int:
        return next(self._numbers)

    def resolve(self, ref: str | None) -> str | None:
        """A branch name, ``heads/<branch>``, a commit sha or None (default branch) → a commit sha."""
        ref = ref or self.default_branch
        ref = ref.removeprefix("refs/").removeprefix("heads/")
        if ref in self.branches:
            return self.branches[ref]
        return ref if ref in self.commits else None

    def snapshot(self, sha: str) -> dict[str, bytes]:
        return self.commits[sha]

    def text(self, path: str, ref: str | None = None) -> str | None:
        """A file's text at ``ref`` (default branch when None), for assertions."""
        sha = self.resolve(ref)
        content = self.commits[sha].get(path) if sha else None
        return None if content is None else content.decode("utf-8")

    def blob(self, sha: str) -> bytes | None:
        for snapshot in self.commits.values():
            for content in snapshot.values():
                if blob_sha(content) == sha:
                    return content
        return None

    def open_pull_for(self, head: str) -> Pull | None:
        return next((p for p in self.pulls.values() if p.head_ref == head and p.state == "open"), None)


def user_id(login: str) -> int:
    """A stable numeric id for a login, so the same user always has the same id."""
    return int(hashlib.sha1(login.encode()).hexdigest()[:7], 16)


def _text(content: bytes) -> str | None:
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return None


def unified_patch(old: str, new: str) -> str:
    """GitHub's ``patch``: unified-diff hunks without file headers, ``\\ No newline`` markers included."""
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True), n=CONTEXT_LINES)
    out: list[str] = []
    for line in itertools.islice(lines, 2, None):  # skip the ---/+++ header lines
        if line.startswith("@@"):
            out.append(line.rstrip("\n") + "\n")
        elif line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out).removesuffix("\n")


def _entry(path: str, status: str, old: bytes | None, new: bytes | None, patchless: set[str]) -> dict[str, Any]:
    old_text = "" if old is None else _text(old)
    new_text = "" if new is None else _text(new)
    sha = blob_sha(new if new is not None else old or b"")
    entry: dict[str, Any] = {"filename": path, "status": status, "sha": sha}
    if old_text is None or new_text is None or path in patchless:
        entry.update(additions=0, deletions=0, changes=0)  # binary or too large: GitHub sends no patch
        return entry
    patch = unified_patch(old_text, new_text)
    added = sum(1 for line in patch.splitlines() if line.startswith("+"))
    removed = sum(1 for line in patch.splitlines() if line.startswith("-"))
    entry.update(additions=added, deletions=removed, changes=added + removed)
    if patch:
        entry["patch"] = patch
    return entry


def _similarity(old: bytes, new: bytes) -> float:
    old_text, new_text = _text(old), _text(new)
    if old_text is None or new_text is None:
        return float(old == new)
    return difflib.SequenceMatcher(None, old_text, new_text).ratio()


def diff_files(base: Mapping[str, bytes], head: Mapping[str, bytes], patchless: set[str]) -> list[dict[str, Any]]:
    """The files a pull request changes, in path order, each added file paired with the most similar removed one."""
    removed = {path for path in base if path not in head}
    added = {path for path in head if path not in base}
    renamed: dict[str, str] = {}
    for new_path in sorted(added):
        choices = sorted(removed - set(renamed.values()))
        scores = {p: _similarity(base[p], head[new_path]) for p in choices}
        best = max(choices, key=lambda p: scores[p], default=None)
        if best is not None and scores[best] >= RENAME_SIMILARITY:
            renamed[new_path] = best
    entries = []
    for path in sorted(set(base) | set(head)):
        if path in renamed.values():
            continue
        if path in renamed:
            entry = _entry(path, "renamed", base[renamed[path]], head[path], patchless)
            entry["previous_filename"] = renamed[path]
        elif path in added:
            entry = _entry(path, "added", None, head[path], patchless)
        elif path in removed:
            entry = _entry(path, "removed", base[path], None, patchless)
        elif base[path] != head[path]:
            entry = _entry(path, "modified", base[path], head[path], patchless)
        else:
            continue
        entries.append(entry)
    return entries


def right_side_hunks(patch: str) -> list[set[int]]:
    """For each hunk of a patch, the head-file line numbers it shows (added and context lines)."""
    hunks: list[set[int]] = []
    line = 0
    for text in patch.splitlines():
        if text.startswith("@@"):
            start = int(text.split("+", 1)[1].split(",", 1)[0].split(" ", 1)[0])
            line = start
            hunks.append(set())
        elif text.startswith("-") or text.startswith("\\"):
            continue
        elif hunks:
            hunks[-1].add(line)
            line += 1
    return hunks

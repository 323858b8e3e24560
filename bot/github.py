"""The one narrow gateway to GitHub: a Protocol of domain methods, and its PyGithub implementation.

PyGithub is imported here and nowhere else; nothing PyGithub returns leaves this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from bot.posts import CheckRun, InlineComment


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

    def create_check_run(self, repo: str, head_sha: str, run: CheckRun) -> None:
        """Create a completed check run on ``head_sha``; annotations are sent in batches of 50."""

    def add_reaction(self, repo: str, comment_id: int | None, issue_number: int, content: str) -> None:
        """React to an issue comment, or to the issue itself when ``comment_id`` is None."""

    def ensure_branch(self, repo: str, branch: str, from_sha: str) -> None:
        """Create ``branch`` at ``from_sha``; an existing branch is left as it is."""

    def write_file(self, repo: str, path: str, branch: str, text: str, message: str) -> None:
        """Create or update ``path`` on ``branch`` with ``text``, as one commit."""

    def open_pull_request(self, repo: str, head: str, base: str, title: str, body: str) -> int:
        """Open a pull request from ``head`` into ``base``; if one is open for ``head``, update it. Its number."""

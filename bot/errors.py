"""Errors the bot distinguishes: ones to tell the contributor, and ones worth retrying."""

from __future__ import annotations


class BotError(Exception):
    """A problem the user can fix; ``str(error)`` is written for them and safe to post."""


class ConfigError(BotError):
    """The repository's ``.github/paper-triage.yml`` cannot be used; the message names the field."""


class TransientGitHubError(Exception):
    """GitHub answered 5xx, timed out, or rate-limited us: the job should run again later.

    ``retry_after`` is how many seconds GitHub asked us to wait (None: use the queue's backoff).
    """

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after

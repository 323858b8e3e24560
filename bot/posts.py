"""What the bot posts to GitHub, as plain data: built by the pure planners, sent by the gateway."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum

MAX_ANNOTATIONS = 50  # GitHub takes 50 per request; a review sends one request, so the rest are only counted


class Conclusion(StrEnum):
    SUCCESS = "success"
    NEUTRAL = "neutral"
    FAILURE = "failure"


class AnnotationLevel(StrEnum):
    NOTICE = "notice"
    WARNING = "warning"
    FAILURE = "failure"


@dataclass(frozen=True, slots=True)
class InlineComment:
    """A review comment on added lines ``start_line..line`` (RIGHT side) of one file of the diff."""

    path: str
    line: int
    body: str
    start_line: int | None = None


@dataclass(frozen=True, slots=True)
class Annotation:
    """A check-run annotation (a check run carries at most MAX_ANNOTATIONS)."""

    path: str
    start_line: int
    end_line: int
    level: AnnotationLevel
    message: str
    title: str = ""


@dataclass(frozen=True, slots=True)
class CheckRun:
    """A completed check run: conclusion, a title, summary and details (``text``) in markdown, and annotations."""

    name: str
    conclusion: Conclusion
    title: str
    summary: str
    annotations: tuple[Annotation, ...] = field(default=())
    text: str = ""


@dataclass(frozen=True, slots=True)
class WriteMark:
    """The idempotency mark of one job's writes: a check run's ``external_id``, a hidden tag in a review.

    ``resumed`` when an earlier attempt of the same job may have written already (it failed or was killed
    after sending): the gateway then looks for the write before making it again.
    """

    value: str
    resumed: bool = False

    @classmethod
    def for_job(cls, delivery_id: str, *, resumed: bool) -> WriteMark:
        return cls(hashlib.sha256(delivery_id.encode("utf-8")).hexdigest()[:20], resumed)

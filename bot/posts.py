"""What the bot posts to GitHub, as plain data: built by the pure planners, sent by the gateway."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


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
    """A check-run annotation (GitHub takes at most 50 per request; the gateway batches them)."""

    path: str
    start_line: int
    end_line: int
    level: AnnotationLevel
    message: str
    title: str = ""


@dataclass(frozen=True, slots=True)
class CheckRun:
    """A completed check run: conclusion, a title and summary in markdown, and annotations."""

    name: str
    conclusion: Conclusion
    title: str
    summary: str
    annotations: tuple[Annotation, ...] = field(default=())

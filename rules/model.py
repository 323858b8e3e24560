"""The list model: documents, tables, entries, findings — plain immutable data shared by every rule."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Literal


class Role(StrEnum):
    """What a column (or JSON field) of a paper list holds."""

    TITLE = "title"
    YEAR = "year"
    VENUE = "venue"
    TASK = "task"
    CODE = "code"
    MODEL = "model"
    OTHER = "other"


class Severity(StrEnum):
    """How much a finding matters: errors fail the check, the others inform."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Location:
    """Lines ``line..end_line`` (1-based, inclusive) of one file."""

    path: str
    line: int
    end_line: int | None = None

    @property
    def last_line(self) -> int:
        return self.end_line if self.end_line is not None else self.line


@dataclass(frozen=True, slots=True)
class Link:
    """A markdown link (or a JSON text/URL pair): visible text and target."""

    text: str
    url: str


@dataclass(frozen=True, slots=True)
class Table:
    """A paper table of a markdown document: where it is and what its columns hold."""

    path: str
    header_line: int
    section: str
    headers: tuple[str, ...]
    roles: tuple[Role, ...]

    def column(self, role: Role) -> int | None:
        """Index of the first column holding ``role``, or None."""
        try:
            return self.roles.index(role)
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class Problem:
    """A structural defect the parser met (it never raises on bad input)."""

    kind: str
    message: str
    location: Location
    fix: str | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """One paper of a list, as written in one markdown row or one JSON object.

    ``raw`` is the exact source text of lines ``line..end_line``. ``cells`` (markdown) are the
    stripped cell texts in column order; ``data`` (JSON) is the decoded object. Both let a rule
    build a replacement that changes one field and keeps everything else byte for byte.
    """

    path: str
    line: int
    end_line: int
    raw: str
    kind: Literal["markdown", "json"]
    section: str
    position: int
    title: str
    url: str | None
    year: str
    venue: str
    tasks: tuple[str, ...] = ()
    code_urls: tuple[str, ...] = ()
    model: Link | None = None
    table: Table | None = None
    cells: tuple[str, ...] = ()
    data: dict | None = field(default=None, compare=False, hash=False)
    field_lines: tuple[tuple[str, int], ...] = ()
    is_last: bool = False
    indent: str = "  "

    @property
    def location(self) -> Location:
        return Location(self.path, self.line, self.end_line)

    def field_line(self, name: str) -> int:
        """Line of one JSON field (the entry's first line when unknown, and for markdown rows)."""
        return dict(self.field_lines).get(name, self.line)

    def evolve(self, **changes: object) -> Entry:
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Document:
    """One parsed list file."""

    path: str
    kind: Literal["markdown", "json"]
    text: str
    entries: tuple[Entry, ...]
    tables: tuple[Table, ...] = ()
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule reports.

    ``fix`` is the replacement text for lines ``location.line..location.end_line`` when the fix
    is certain (an empty string deletes those lines), else None.
    """

    rule: str
    severity: Severity
    message: str
    location: Location
    fix: str | None = None
    related: tuple[Location, ...] = ()

    @property
    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.location.path, self.location.line, self.rule, self.message)

"""The list model: documents, tables, entries, findings — plain immutable data shared by every rule."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache
from typing import Any, Literal, NamedTuple, TypeVar, dataclass_transform

# One object of a JSON or YAML data file as loaded: its keys, and values of any JSON or YAML kind.
DataObject = dict[str, object]


_Record = TypeVar("_Record")


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: type[_Record]) -> type[_Record]:
    """A dataclass with slots that type checking holds read-only (assigning a field is an error) but that
    is not frozen at run time: a frozen dataclass sets each field through ``object.__setattr__``, and an
    ``Entry`` of 24 fields took 5.5 µs to build against 0.9 µs — half a second of a 100k-entry check.
    Its hash is the frozen one's (the fields that compare); change one with ``evolve``/``replace``."""
    return dataclass(slots=True, unsafe_hash=True)(cls)


class Role(StrEnum):
    """What a column (or JSON field) of a paper list holds."""

    TITLE = "title"
    YEAR = "year"
    VENUE = "venue"
    TASK = "task"
    CODE = "code"
    MODEL = "model"
    URL = "url"  # the paper link's target, where a dialect reads it apart from the title
    AUTHORS = "authors"
    LINKS = "links"  # a column of mixed links (paper, code, project page…), each told apart by its role
    OTHER = "other"


class LinkRole(StrEnum):
    """What a link of an entry leads to, told by its text, badge or host."""

    PAPER = "paper"
    CODE = "code"
    PROJECT = "project"  # a project page or website
    MODEL = "model"  # weights, checkpoints
    OTHER = "other"  # a video, a tweet, a blog post, slides


# What an entry is, by the shape it was read from. Data objects (JSON, YAML) are the source a page
# may be generated from; page entries (rows, items) are what readers see.
EntryKind = Literal["markdown", "item", "rst", "json", "yaml"]
DATA_KINDS = frozenset({"json", "yaml"})
# The keys of the data files the first lists were generated from; a data file's own keys override them.
DEFAULT_KEYS = {"title": "Title", "url": "Link", "year": "Date", "venue": "Venue"}


class Severity(StrEnum):
    """How much a finding matters: errors fail the check, the others inform."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@record
class Location:
    """Lines ``line..end_line`` (1-based, inclusive) of one file."""

    path: str
    line: int
    end_line: int | None = None

    @property
    def last_line(self) -> int:
        return self.end_line if self.end_line is not None else self.line


@record
class Link:
    """A markdown link (or a JSON text/URL pair): visible text, target, and what it leads to."""

    text: str
    url: str
    role: LinkRole = field(default=LinkRole.OTHER, compare=False)


@dataclass(frozen=True, slots=True)
class Span:
    """Where one field is written inside an entry's ``raw`` text: ``raw[start:end]``."""

    role: Role
    start: int
    end: int


def shared_spans(spans: Iterable[Span]) -> tuple[Span, ...]:
    """The spans, each as the one object every entry with that span shares. A list's rows write their
    title, year and venue at a few hundred distinct places; each entry's own four spans would cost about
    300 bytes (the object, and its offsets past 256) — 30 MB on a 100k-entry list."""
    return tuple(shared_span(span.role, span.start, span.end) for span in spans)


@lru_cache(maxsize=65_536)
def shared_span(role: Role, start: int, end: int) -> Span:
    """The one span object of ``role`` at ``start..end`` that every entry writing its field there shares."""
    return Span(role, start, end)


@dataclass(frozen=True, slots=True)
class FieldLines:
    """Where each key of a data object is written: ``keys`` (nested objects' keys one level down, as
    ``Outer.Inner``) and, for each, how many lines below the object's first line. Relative lines let one
    object stand for every entry written alike (``field_lines``): a 100k-entry file's own pairs of key and
    line took about 100 MB, and an entry moved down the file keeps its key lines as they are."""

    keys: tuple[str, ...] = ()
    offsets: tuple[int, ...] = ()
    # Key → offset, the last of a repeated key (as decoding keeps its value); built once per layout.
    _by_key: dict[str, int] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", dict(zip(self.keys, self.offsets, strict=True)))

    def line(self, key: str, first_line: int) -> int | None:
        """The line of ``key`` in an object starting at ``first_line``; None when it has no such key."""
        offset = self._by_key.get(key)
        return None if offset is None else first_line + offset

    def pairs(self, first_line: int) -> tuple[tuple[str, int], ...]:
        """Each key with its line, in the order the object writes them."""
        return tuple((key, first_line + offset) for key, offset in zip(self.keys, self.offsets, strict=True))


NO_FIELD_LINES = FieldLines()


def field_lines(pairs: Sequence[tuple[str, int]], first_line: int) -> FieldLines:
    """The key lines of an object starting at ``first_line``, as the one object every entry with the same
    keys at the same places shares."""
    keys, lines = zip(*pairs, strict=True) if pairs else ((), ())
    return _shared_field_lines(keys, tuple(line - first_line for line in lines))


@lru_cache(maxsize=4096)  # a file's objects are written in a few layouts
def _shared_field_lines(keys: tuple[str, ...], offsets: tuple[int, ...]) -> FieldLines:
    return FieldLines(keys, offsets)


class Fields(NamedTuple):
    """What a dialect read of one entry, in the model's terms: the fields an ``Entry`` takes from it."""

    title: str
    url: str | None
    year: str
    venue: str
    authors: str
    tasks: tuple[str, ...]
    code_urls: tuple[str, ...]
    model: Link | None
    links: tuple[Link, ...]
    spans: tuple[Span, ...] = ()

    def entry(self, **where: Any) -> Entry:
        """The entry these fields make, ``where`` saying the rest (path, lines, raw text, kind, section…).
        Each field by name: ``Entry(**fields._asdict())`` built a dict per entry first."""
        return Entry(
            title=self.title,
            url=self.url,
            year=self.year,
            venue=self.venue,
            authors=self.authors,
            tasks=self.tasks,
            code_urls=self.code_urls,
            model=self.model,
            links=self.links,
            spans=self.spans,
            **where,
        )


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


@record
class Entry:
    """One paper of a list, as one dialect read it: a markdown table row, a list item, a JSON or YAML
    object, a reStructuredText table row.

    ``raw`` is the exact source text of lines ``line..end_line``. ``cells`` (table rows) are the
    stripped cell texts in column order; ``data`` (data files) is the decoded object; ``spans`` say
    where each field is written inside ``raw`` (items, YAML). Each lets a rule build a replacement that
    changes one field and keeps everything else byte for byte.
    """

    path: str
    line: int
    end_line: int
    raw: str
    kind: EntryKind
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
    data: DataObject | None = field(default=None, compare=False, hash=False)
    field_lines: FieldLines = NO_FIELD_LINES
    is_last: bool = False
    indent: str = "  "
    authors: str = ""
    links: tuple[Link, ...] = ()
    spans: tuple[Span, ...] = ()
    keys: tuple[tuple[Role, str], ...] = ()

    @property
    def location(self) -> Location:
        return Location(self.path, self.line, self.end_line)

    @property
    def is_data(self) -> bool:
        """True for an object of a data file (a page may be generated from it)."""
        return self.kind in DATA_KINDS

    def span(self, role: Role) -> Span | None:
        """Where the field of ``role`` is written in ``raw``, when the dialect recorded it."""
        return next((span for span in self.spans if span.role is role), None)

    def key_of(self, role: Role) -> str:
        """The data file's key for ``role`` (``Date``, ``Initial Date``, ``pub_date``, …)."""
        return dict(self.keys).get(role) or DEFAULT_KEYS.get(role.value, role.value)

    def line_of(self, offset: int) -> int:
        """The file line of an offset into ``raw``."""
        return self.line + self.raw.count("\n", 0, offset)

    def field_line(self, name: str) -> int:
        """Line of one data field (the entry's first line when unknown, and for markdown rows)."""
        line = self.field_lines.line(name, self.line)
        return self.line if line is None else line

    def evolve(self, **changes: Any) -> Entry:
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Document:
    """One parsed list file. ``dialect`` names the shapes its entries were read from (``markdown table``,
    ``markdown items``, ``JSON data``, …); ``links`` counts the web links the file holds, so that a file
    with many links and few entries can be told apart from a file that holds no papers."""

    path: str
    kind: Literal["markdown", "json", "yaml", "rst"]
    text: str
    entries: Sequence[Entry]
    tables: tuple[Table, ...] = ()
    problems: tuple[Problem, ...] = ()
    dialect: str = ""
    links: int = 0

    def evolve(self, **changes: Any) -> Document:
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule reports.

    ``fix`` is the replacement text for lines ``location.line..location.end_line`` when the fix
    is certain (an empty string deletes those lines), else None. ``code`` names the kind of finding
    under its rule (``year/implausible``): stable, so configs and suppressions can name it; it is the
    rule id alone for a finding no code describes (a crashed rule). ``parts`` are the findings one
    finding speaks for when a single cause recurs at many lines (``rules.grouping``): each keeps its own
    place and fix, so fixing the group fixes every line.
    """

    rule: str
    severity: Severity
    message: str
    location: Location
    fix: str | None = None
    related: tuple[Location, ...] = ()
    code: str = field(default="", kw_only=True)
    parts: tuple[Finding, ...] = field(default=(), kw_only=True)

    def __post_init__(self) -> None:
        if not self.code:
            object.__setattr__(self, "code", self.rule)

    @property
    def occurrences(self) -> tuple[Finding, ...]:
        """The single findings this one stands for: its parts when it groups several, else itself."""
        return self.parts or (self,)

    @property
    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.location.path, self.location.line, self.rule, self.message)

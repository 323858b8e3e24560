"""Read a changed list from the document of its previous version: the parts the change did not touch are
taken over (their lines shifted), and only the part it touched is read again. A review of a pull request
that adds one row to a 100k-entry list then reads one table, not the list.

Only a change that stays inside the rows of one markdown table is spliced: a table's rows are read from
its own lines, its header and its section, so the rest of the file reads the same. Anything else (a new
table or heading, an edit of a header, items, reStructuredText, JSON, YAML) is left to the dialect's
reader: ``splice`` then returns None, and the caller parses the whole text.
"""

from __future__ import annotations

import dataclasses
import operator
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial

from rules import aggregates, parse
from rules.dialects import ListFormat
from rules.dialects.markdown import read_table, rows_end
from rules.lines import TextLines, common_prefix, common_suffix, lines_from, plain_breaks
from rules.model import Document, Entry, Location, Problem, Table
from rules.moved import MovedEntries
from rules.text import BOM

# A short markdown row may be joined with up to three following lines (``_join_broken_row``), so the rows
# this many lines around a change may be read differently once it is made; farther ones read the same.
JOIN_REACH = 4

_NAMES = [field.name for field in dataclasses.fields(Entry)]
_ENTRY_FIELDS = operator.attrgetter(*_NAMES)
# An entry is frozen: a moved copy is made without ``__init__``, each field set through its slot.
_SETTERS = [getattr(Entry, name).__set__ for name in _NAMES]
_new_entry = object.__new__
_LINE, _END_LINE, _TABLE = (_NAMES.index(name) for name in ("line", "end_line", "table"))
# What a row says, where it is left out: a row the change did not touch reads the same, lower down.
_CONTENT = operator.attrgetter(*(name for name in _NAMES if name not in ("line", "end_line", "table", "position")))


@dataclass(frozen=True)
class Spliced:
    """The changed list's document, and the entries around the change on each side: outside them, every
    base entry has an identical head entry (the same text, its lines shifted), and the other way round.
    ``change`` says which base entries the head lacks, which it adds, and where the others are in it, so
    that the base's whole-list facts can be carried over (``rules.aggregates``)."""

    document: Document
    base_nearby: tuple[Entry, ...]
    head_nearby: tuple[Entry, ...]
    change: aggregates.Change


@dataclass(frozen=True)
class _Change:
    """Where two texts differ, in 0-based line indices: ``base[start:base_end]`` became
    ``head[start:head_end]``."""

    start: int
    base_end: int
    head_end: int

    @property
    def shift(self) -> int:
        return self.head_end - self.base_end


def splice(base: Document, head_text: str, fmt: ListFormat | None = None) -> Spliced | None:
    """The document of ``head_text`` built from ``base`` (the same file's previous version), when the
    change stays within the rows of one markdown table; None when it does not (parse the whole text)."""
    if base.kind != "markdown" or not base.tables or base.text.startswith(BOM) != head_text.startswith(BOM):
        return None
    base_lines, head_lines, change = _lines_and_change(base.text.removeprefix(BOM), head_text.removeprefix(BOM))
    table = _table_holding(base, change)
    if table is None:
        return None
    header = table.header_line - 1
    base_end = rows_end(base_lines, header + 1)  # from the delimiter, or the first row when there is none
    read = read_table(base.path, head_lines, header, table.section, fmt)
    if read is None or base_end < change.base_end or read[3] != base_end + change.shift:
        return None  # the change reaches past the table, or leaves it another table
    new_table, entries, problems, head_end = read
    if _image_crosses(base_lines, header, base_end) or _image_crosses(head_lines, header, head_end):
        return None  # a link count of the table alone would differ from the file's
    links = (
        base.links
        - parse.count_links("\n".join(base_lines[header:base_end]))
        + parse.count_links("\n".join(head_lines[header:head_end]))
    )
    first, last = table.header_line, base_end  # the table's lines in the base, 1-based
    tables = _tables(base.tables, table, new_table, change.shift)
    document = Document(
        base.path,
        "markdown",
        head_text,
        _entries(base.entries, first, last, entries, change.shift, tables),
        tuple(tables.values()),
        _problems(base.problems, first, last, problems, change.shift),
        dialect=base.dialect,
        links=links,
    )
    rows = _rows(base.entries, first, last)
    removed, added = _differing(rows, entries, change.shift) if new_table == table else (rows, entries)
    moved = aggregates.Moved(
        base.path, first, change.base_end + 1, change.shift, document.entries, frozenset(map(id, added))
    )
    return Spliced(
        document,
        _near(base.entries, change.start, change.base_end),
        _near(document.entries, change.start, change.head_end),
        aggregates.Change(removed, added, moved),
    )


def _lines_and_change(base: str, head: str) -> tuple[Sequence[str], Sequence[str], _Change]:
    """Both texts' lines, split around the change as they are read (``rules.lines``; all at once for a
    text with line breaks other than "\n" and "\r\n"), and where they differ."""
    prefix = common_prefix(base, head)
    suffix = common_suffix(base, head, min(len(base), len(head)) - prefix)
    # The head is plain where the base is but around the change: only that part of it is looked at.
    if not (plain_breaks(base) and plain_breaks(head[max(prefix - 1, 0) : len(head) - suffix + 1])):
        split_base, split_head = base.splitlines(), head.splitlines()
        return split_base, split_head, _changed_lines(split_base, split_head, 0, 0)
    # Lines before the one holding the first difference are alike, and so are those after the last.
    first, offset = base.count("\n", 0, prefix), base.rfind("\n", 0, prefix) + 1
    alike_after = min(lines_from(base, len(base) - suffix), lines_from(head, len(head) - suffix))
    base_lines, head_lines = TextLines(base, first, offset), TextLines(head, first, offset)
    return base_lines, head_lines, _changed_lines(base_lines, head_lines, first, alike_after)


def _changed_lines(base: Sequence[str], head: Sequence[str], start: int, common_end: int) -> _Change:
    """Where two line lists differ, from lines known alike: ``start`` at the top, ``common_end`` at the end."""
    shortest = min(len(base), len(head))
    while start < shortest and base[start] == head[start]:
        start += 1
    common_end = min(common_end, shortest - start)
    while common_end < shortest - start and base[-1 - common_end] == head[-1 - common_end]:
        common_end += 1
    return _Change(start, len(base) - common_end, len(head) - common_end)


def _table_holding(base: Document, change: _Change) -> Table | None:
    """The last base table whose header and delimiter lie before the change: the one whose rows hold it,
    if any does (the caller checks where the table ends)."""
    index = bisect_right(base.tables, change.start - 1, key=lambda table: table.header_line) - 1
    return base.tables[index] if index >= 0 else None


def _image_crosses(lines: Sequence[str], start: int, end: int) -> bool:
    """Whether an image's ``![…](`` could run from before ``lines[start:end]`` into it, or out of it: the
    link counter's image pattern spans lines, so the block's links are counted alone only when none does."""
    return _opens_image(lines, 0, start) or _opens_image(lines, start, end)


def _opens_image(lines: Sequence[str], start: int, end: int) -> bool:
    """Whether the last of ``lines[start:end]`` that holds ``![`` or ``]`` leaves an image's alt text open,
    or ends where an image's source may start on the next line. Read upwards, only as far as needed."""
    if end > start and lines[end - 1].rstrip().endswith("("):
        return True
    for index in range(end - 1, start - 1, -1):
        line = lines[index]
        opening, closing = line.rfind("!["), line.rfind("]")
        if opening != -1 or closing != -1:
            return opening > closing
    return False


def _rows(entries: Sequence[Entry], first: int, last: int) -> Sequence[Entry]:
    """The entries of lines ``first..last``."""
    return entries[
        bisect_left(entries, first, key=lambda entry: entry.line) : bisect_right(
            entries, last, key=lambda entry: entry.line
        )
    ]


def _differing(base: Sequence[Entry], head: Sequence[Entry], shift: int) -> tuple[Sequence[Entry], Sequence[Entry]]:
    """The rows of a table read again that the change removed and added: those between the rows that
    read the same on both sides (the same cells, the same line above the change, ``shift`` lines down
    below it)."""
    shortest = min(len(base), len(head))
    start = 0
    while start < shortest and _alike(base[start], head[start], 0):
        start += 1
    end = 0
    while end < shortest - start and _alike(base[-1 - end], head[-1 - end], shift):
        end += 1
    return base[start : len(base) - end], head[start : len(head) - end]


def _alike(base: Entry, head: Entry, shift: int) -> bool:
    return base.line + shift == head.line and _CONTENT(base) == _CONTENT(head)


def _entries(
    entries: Sequence[Entry],
    first: int,
    last: int,
    read: Sequence[Entry],
    shift: int,
    tables: dict[int, Table],
) -> Sequence[Entry]:
    """The base entries before lines ``first..last``, the entries read there, and the base entries after
    them shifted by ``shift`` lines (their tables too), each moved as it is first read."""
    before = bisect_left(entries, first, key=lambda entry: entry.line)
    after = bisect_right(entries, last, key=lambda entry: entry.line)
    return MovedEntries(entries, before, read, after, shift, partial(_shifted, shift=shift, tables=tables))


def _shifted(entry: Entry, shift: int, tables: dict[int, Table]) -> Entry:
    """``entry`` moved down ``shift`` lines. Its fields are read in one call and set through the slots
    (a quarter faster than ``Entry(*values)``, a third of ``dataclasses.replace``): a change near the
    top of a long list moves every entry."""
    if shift == 0:
        return entry
    values = list(_ENTRY_FIELDS(entry))
    values[_LINE] += shift
    values[_END_LINE] += shift
    if entry.table is not None:
        values[_TABLE] = tables[id(entry.table)]
    moved = _new_entry(Entry)
    for set_field, value in zip(_SETTERS, values):
        set_field(moved, value)
    return moved


def _tables(tables: Sequence[Table], old: Table, new: Table, shift: int) -> dict[int, Table]:
    """The head's tables by the identity of the base table each replaces: the one read again, and those
    after it shifted."""
    return {
        id(table): new
        if table is old
        else table
        if table.header_line < old.header_line or shift == 0
        else dataclasses.replace(table, header_line=table.header_line + shift)
        for table in tables
    }


def _problems(
    problems: Iterable[Problem], first: int, last: int, read: Sequence[Problem], shift: int
) -> tuple[Problem, ...]:
    """The base problems outside lines ``first..last`` (those after shifted) and the problems read there.
    Their order may differ from a full read's; every user of ``Document.problems`` treats them as a set."""
    kept: list[Problem] = []
    for problem in problems:
        line = problem.location.line
        if line < first:
            kept.append(problem)
        elif line > last:
            kept.append(dataclasses.replace(problem, location=_moved(problem.location, shift)))
    return (*kept, *read)


def _moved(location: Location, shift: int) -> Location:
    end = location.end_line + shift if location.end_line is not None else None
    return Location(location.path, location.line + shift, end)


def _near(entries: Sequence[Entry], start: int, end: int) -> tuple[Entry, ...]:
    """The entries within ``JOIN_REACH`` lines of the 0-based lines ``start..end`` (exclusive)."""
    low = bisect_left(entries, start + 1 - JOIN_REACH, key=lambda entry: entry.end_line)
    high = bisect_right(entries, end + JOIN_REACH, key=lambda entry: entry.line)
    return tuple(entries[low:high])

"""Read the paper tables of a reStructuredText document (``README.rst``): simple tables bordered by runs of
``=`` under underlined section titles, each row one entry.

    =====================  =========  ====  ===================  ====================================
    Paper Title            Venue      Year  Ref                  Materials
    =====================  =========  ====  ===================  ====================================
    ADBench: Anomaly …     NeurIPS    2022  [#Han2022Adbench]_   `[PDF] <https://arxiv.org/abs/…>`_
    =====================  =========  ====  ===================  ====================================

Columns are where the border's runs of ``=`` are; the last column's text may run past its border. A row
whose first column is blank continues the row above. Grid tables (``+-----+----+`` borders, ``|`` between
cells, ``+=====+`` under the header) are read the same way, a row being the lines between two borders. Links are written `` `[PDF] <https://…>`_ ``; the
rows say what they hold as markdown rows do (``rules.dialects.rows``).

A fix must keep the columns aligned, so the spans of fields in a fixed-width column cover the whole column
(the value and its padding, up to the border's gap or the cell's last space): ``splice`` writes a new value
padded to that width, and gives up when it does not fit. Fields of a simple table's last column are
spliced as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from rules.dialects import ListFormat, rows
from rules.dialects.markdown import header_overrides, header_role
from rules.model import Document, Entry, Link, Location, Problem, Role, Span, Table, shared_spans
from rules.text import BOM

BORDER_RE = re.compile(r"^=+(?: +=+)+ *$")
# A grid table's borders: ``+-----+----+``, and ``+=====+====+`` under its header.
GRID_BORDER_RE = re.compile(r"^\s*\+(?:-+\+)+\s*$")
GRID_HEADER_RE = re.compile(r"^\s*\+(?:=+\+)+\s*$")
# A section title's underline (or overline): one punctuation character repeated, nothing else.
UNDERLINE_RE = re.compile(r"^([=\-^~\"'`#*+:.<>_])\1{2,}\s*$")
# A citation reference in a cell (``[#Han2022Adbench]_``) and the citation it names, at the file's end:
# ``.. [#Han2022Adbench] Han, S., Hu, X., …, 2022. ADBench: …``, whose authors come before the year.
CITATION_REF_RE = re.compile(r"\[#?(?P<key>[\w.:-]+)\]_")
CITATION_RE = re.compile(r"^\.\.\s+\[#?(?P<key>[\w.:-]+)\]\s+(?P<text>.+)$")
CITED_AUTHORS_RE = re.compile(
    r"^(?P<authors>.+?)(?:,\s*(?:19|20)\d{2}\b|\s*\((?:19|20)\d{2}\)|\s+(?:19|20)\d{2}\.|\s+[\"“])"
)
# `text <url>`_ and `text <url>`__ (anonymous); the text may be empty (`<url>`_).
LINK_RE = re.compile(r"`(?P<text>[^`<]*?)\s*<(?P<url>[^>`\s]+)>`__?")

MARGIN_TEXT = (
    "This row's text runs into the space between columns {left} and {right}, so reStructuredText cannot "
    "read the table. Keep each cell within its column's `===` border, or widen the border."
)


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a table: its text is read from ``start`` up to ``stop`` (None: the line's end, for a
    simple table's last column) and must end by ``end`` (its border's run; a grid cell's last space)."""

    start: int
    end: int
    stop: int | None


Line = tuple[int, str]  # (1-based line number, text)


@dataclass(frozen=True, slots=True)
class _Found:
    """A table as found in the text: its header lines, and each body row's lines."""

    section: str
    header_line: int
    columns: tuple[Column, ...]
    header: list[Line]
    rows: list[list[Line]]
    grid: bool


def parse_rst(path: str, text: str, fmt: ListFormat | None = None) -> Document:
    """Parse every paper table of a reStructuredText document; never raises on bad input."""
    lines = text.removeprefix(BOM).splitlines()
    overrides = header_overrides(fmt)
    authors = _cited_authors(lines)
    entries: list[Entry] = []
    tables: list[Table] = []
    problems: list[Problem] = []
    for found in _tables(lines):
        headers = _joined(found.header, found.columns).cells if found.header else ()
        roles = tuple(header_role(cell, overrides) for cell in headers)
        if Role.TITLE not in roles:
            continue
        table = Table(path, found.header_line, found.section, headers, roles)
        tables.append(table)
        if not found.grid:
            body = [line for row in found.rows for line in row]
            problems.extend(_margin_problems(path, found.header + body, found.columns))
        for position, lines_of_row in enumerate(found.rows):
            entries.append(_entry(table, _joined(lines_of_row, found.columns), found.columns, position, authors))
    return Document(
        path,
        "rst",
        text,
        tuple(entries),
        tuple(tables),
        tuple(problems),
        dialect="reStructuredText table" if tables else "reStructuredText",
    )


def _tables(lines: list[str]) -> Iterator[_Found]:
    """Each simple or grid table, with the section title it sits under."""
    section = ""
    index = 0
    while index < len(lines):
        if _is_title(lines, index):
            section = lines[index].strip()
            index += 2
            continue
        reader = (
            _simple_at if BORDER_RE.match(lines[index]) else _grid_at if GRID_BORDER_RE.match(lines[index]) else None
        )
        if reader is None:
            index += 1
            continue
        found, index = reader(lines, index, section)
        if found is not None:
            yield found


def _simple_at(lines: list[str], index: int, section: str) -> tuple[_Found | None, int]:
    """The simple table whose top border is line ``index``, and the index after it."""
    borders = [index]
    cursor = index + 1
    while cursor < len(lines) and len(borders) < 3:
        if BORDER_RE.match(lines[cursor]):
            borders.append(cursor)
        elif _is_title(lines, cursor):
            break
        cursor += 1
    if len(borders) < 3:
        return None, borders[-1] + 1
    runs = list(re.finditer(r"=+", lines[index]))
    columns = tuple(
        Column(run.start(), run.end(), following.start() if following else None)
        for run, following in zip(runs, [*runs[1:], None])
    )
    header = [(number + 1, lines[number]) for number in range(borders[0] + 1, borders[1]) if lines[number].strip()]
    body = [(number + 1, lines[number]) for number in range(borders[1] + 1, borders[2])]
    return _Found(section, borders[0] + 2, columns, header, _simple_rows(body, columns), grid=False), borders[2] + 1


def _simple_rows(body: list[Line], columns: tuple[Column, ...]) -> list[list[Line]]:
    """A simple table's rows: a line whose first column is blank continues the row above."""
    rows: list[list[Line]] = []
    for number, text in body:
        if not text.strip():
            continue
        if rows and not _cells(text, columns)[0][0]:
            rows[-1].append((number, text))
        else:
            rows.append([(number, text)])
    return rows


def _grid_at(lines: list[str], index: int, section: str) -> tuple[_Found | None, int]:
    """The grid table whose top border is line ``index`` (``+---+---+``, rows between ``+---+`` lines, the
    header above a ``+===+`` line), and the index after it."""
    pluses = [match.start() for match in re.finditer(r"\+", lines[index].rstrip())]
    columns = tuple(Column(left + 1, right - 1, right) for left, right in zip(pluses, pluses[1:]))
    groups: list[list[Line]] = [[]]
    header_rows = 0
    cursor = index + 1
    while cursor < len(lines) and lines[cursor].lstrip().startswith(("|", "+")):
        line = lines[cursor]
        if GRID_BORDER_RE.match(line) or GRID_HEADER_RE.match(line):
            header_rows = len(groups) if GRID_HEADER_RE.match(line) else header_rows
            groups.append([])
        else:
            groups[-1].append((cursor + 1, line))
        cursor += 1
    groups = [group for group in groups[:-1] if group] if groups else []
    if header_rows != 1 or len(groups) < 2:
        return None, cursor
    return _Found(section, index + 2, columns, groups[0], groups[1:], grid=True), cursor


def _is_title(lines: list[str], index: int) -> bool:
    """A section title: a line of text underlined by one punctuation character repeated (docutils takes
    an underline a little shorter than its title, with a warning, and lists rely on that)."""
    if index + 1 >= len(lines):
        return False
    text, underline = lines[index].rstrip(), lines[index + 1].rstrip()
    return (
        bool(text.strip())
        and not UNDERLINE_RE.match(text)
        and not BORDER_RE.match(text)
        and not GRID_BORDER_RE.match(text)
        and UNDERLINE_RE.match(underline) is not None
    )


def _cells(line: str, columns: tuple[Column, ...]) -> tuple[list[str], list[int]]:
    """The stripped cells of one table line and where each starts in it."""
    cells: list[str] = []
    offsets: list[int] = []
    for column in columns:
        part = line[column.start : column.stop if column.stop is not None else len(line)]
        cells.append(part.strip())
        offsets.append(column.start + len(part) - len(part.lstrip()))
    return cells, offsets


@dataclass(frozen=True, slots=True)
class _Row:
    lines: list[Line]
    cells: tuple[str, ...]
    offsets: tuple[int, ...]
    continued: frozenset[int]  # columns with text on the row's later lines


def _joined(lines: list[Line], columns: tuple[Column, ...]) -> _Row:
    """One row from its lines: each column's text joined across them."""
    cells, offsets = _cells(lines[0][1], columns)
    continued: set[int] = set()
    for _, text in lines[1:]:
        for number, part in enumerate(_cells(text, columns)[0]):
            if part:
                cells[number] = f"{cells[number]} {part}".strip()
                continued.add(number)
    return _Row(lines, tuple(cells), tuple(offsets), frozenset(continued))


def _cited_authors(lines: list[str]) -> dict[str, str]:
    """Citation key → the authors its citation names first (``Han, S., Hu, X. and Zhao, Y.``)."""
    authors: dict[str, str] = {}
    for line in lines:
        citation = CITATION_RE.match(line.strip())
        names = CITED_AUTHORS_RE.match(citation["text"]) if citation else None
        if citation and names:
            authors[citation["key"]] = names["authors"].strip()
    return authors


def _entry(table: Table, row: _Row, columns: tuple[Column, ...], position: int, cited: Mapping[str, str]) -> Entry:
    fields = rows.read_row(row.cells, row.offsets, table.roles, parse_rst_cell)
    if not fields.authors:
        keys = [match["key"] for cell in row.cells for match in CITATION_REF_RE.finditer(cell)]
        fields = fields._replace(authors=next((cited[key] for key in keys if key in cited), ""))
    spans = shared_spans(_aligned_spans(fields.spans, row, columns))
    return fields._replace(spans=spans).entry(
        path=table.path,
        line=row.lines[0][0],
        end_line=row.lines[-1][0],
        raw="\n".join(text for _, text in row.lines),
        kind="rst",
        section=table.section,
        position=position,
        cells=row.cells,
    )


def _aligned_spans(spans: tuple[Span, ...], row: _Row, columns: tuple[Column, ...]) -> Iterator[Span]:
    """The spans a fix may rewrite without moving a column: a field that ends its cell in a fixed-width
    column spans up to its border's gap; a field of the last column spans itself. Fields of cells that go
    on over several lines, or that end inside their cell, have no certain place."""
    first_line = row.lines[0][1]
    for span in spans:
        number = _column_of(span.start, columns)
        if number in row.continued:
            continue
        if columns[number].stop is None:  # a simple table's last column: its text may run on
            yield span
            continue
        cell_end = row.offsets[number] + len(row.cells[number])
        slot_end = columns[number].end + 1  # up to its border's end, and one space after it
        if (
            span.end == cell_end
            and cell_end < slot_end <= len(first_line)
            and not first_line[cell_end:slot_end].strip()
        ):
            yield Span(span.role, span.start, slot_end)


def _column_of(offset: int, columns: tuple[Column, ...]) -> int:
    return max(number for number, column in enumerate(columns) if column.start <= offset or number == 0)


def splice(entry: Entry, changes: Mapping[Role, str]) -> str | None:
    """The row with the fields of ``changes`` rewritten, every column where it was; None when a field has
    no recorded place or a value is wider than its column."""
    spans = [entry.span(role) for role in changes]
    if any(span is None for span in spans):
        return None
    text = entry.raw
    for span in sorted(spans, key=lambda span: span.start, reverse=True):  # type: ignore[union-attr]
        value = changes[span.role]  # type: ignore[union-attr]
        slot = text[span.start : span.end]  # type: ignore[union-attr]
        if slot.endswith(" "):
            if len(value) >= len(slot):
                return None
            value = value.ljust(len(slot))
        text = text[: span.start] + value + text[span.end :]  # type: ignore[union-attr]
    return text


@lru_cache(maxsize=65_536)
def parse_rst_cell(source: str) -> rows.ParsedCell:
    """A cell's text (links written as their text) and links, with where each link's text and target are."""
    found = tuple(
        rows.CellLink(
            Link(match["text"] or match["url"], match["url"]),
            "",
            match.span("text") if match["text"] else None,
            match.span("url"),
        )
        for match in LINK_RE.finditer(source)
    )
    plain = LINK_RE.sub(lambda match: match["text"] or match["url"], source)
    return rows.ParsedCell(plain, found, ())


def _margin_problems(path: str, lines: list[Line], columns: tuple[Column, ...]) -> Iterator[Problem]:
    """Rows whose text crosses into the gap between two columns (docutils rejects the table)."""
    for number, text in lines:
        for left, (column, following) in enumerate(zip(columns, columns[1:]), start=1):
            if text[column.end : following.start].strip():
                yield Problem("rst-margin", MARGIN_TEXT.format(left=left, right=left + 1), Location(path, number))
                break

"""Read the paper tables of a reStructuredText document (``README.rst``): simple tables bordered by runs of
``=`` under underlined section titles, each row one entry.

    =====================  =========  ====  ===================  ====================================
    Paper Title            Venue      Year  Ref                  Materials
    =====================  =========  ====  ===================  ====================================
    ADBench: Anomaly …     NeurIPS    2022  [#Han2022Adbench]_   `[PDF] <https://arxiv.org/abs/…>`_
    =====================  =========  ====  ===================  ====================================

Columns are where the border's runs of ``=`` are; the last column's text may run past its border. A row
whose first column is blank continues the row above. Links are written `` `[PDF] <https://…>`_ ``; the
rows say what they hold as markdown rows do (``rules.dialects.rows``).

A fix must keep the columns aligned, so the spans of fields in a fixed-width column cover the whole column
(the value and its padding, up to the border's gap): ``splice`` writes a new value padded to that width,
and gives up when it does not fit. Fields of the last column are spliced as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from rules.dialects import ListFormat, rows
from rules.dialects.markdown import header_overrides, header_role
from rules.model import Document, Entry, Link, Location, Problem, Role, Span, Table
from rules.text import BOM

BORDER_RE = re.compile(r"^=+(?: +=+)+ *$")
# A section title's underline (or overline): one punctuation character repeated, nothing else.
UNDERLINE_RE = re.compile(r"^([=\-^~\"'`#*+:.<>_])\1{2,}\s*$")
# A citation reference in a cell (``[#Han2022Adbench]_``) and the citation it names, at the file's end:
# ``.. [#Han2022Adbench] Han, S., Hu, X., …, 2022. ADBench: …``, whose authors come before the year.
CITATION_REF_RE = re.compile(r"\[#?(?P<key>[\w.:-]+)\]_")
CITATION_RE = re.compile(r"^\.\.\s+\[#?(?P<key>[\w.:-]+)\]\s+(?P<text>.+)$")
CITED_AUTHORS_RE = re.compile(
    r"^(?P<authors>.+?)(?:,\s*(?:19|20)\d{2}\b|\s*\((?:19|20)\d{2}\)|\s+(?:19|20)\d{2}\.|\s+[\"“])")
# `text <url>`_ and `text <url>`__ (anonymous); the text may be empty (`<url>`_).
LINK_RE = re.compile(r"`(?P<text>[^`<]*?)\s*<(?P<url>[^>`\s]+)>`__?")

MARGIN_TEXT = (
    "This row's text runs into the space between columns {left} and {right}, so reStructuredText cannot "
    "read the table. Keep each cell within its column's `===` border, or widen the border."
)


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a simple table: where its border's ``=`` run starts and ends on the line."""

    start: int
    end: int


def parse_rst(path: str, text: str, fmt: ListFormat | None = None) -> Document:
    """Parse every paper table of a reStructuredText document; never raises on bad input."""
    lines = text.removeprefix(BOM).splitlines()
    overrides = header_overrides(fmt)
    authors = _cited_authors(lines)
    entries: list[Entry] = []
    tables: list[Table] = []
    problems: list[Problem] = []
    for section, header_line, columns, header, body in _simple_tables(lines):
        headers = tuple(_cells(header[0][1], columns)[0]) if header else ()
        roles = tuple(header_role(cell, overrides) for cell in headers)
        if Role.TITLE not in roles:
            continue
        table = Table(path, header_line, section, headers, roles)
        tables.append(table)
        problems.extend(_margin_problems(path, header + body, columns))
        for position, row in enumerate(_rows(body, columns)):
            entries.append(_entry(table, row, columns, position, authors))
    return Document(path, "rst", text, tuple(entries), tuple(tables), tuple(problems),
                    dialect="reStructuredText table" if tables else "reStructuredText")


Line = tuple[int, str]  # (1-based line number, text)


def _simple_tables(lines: list[str]) -> Iterator[tuple[str, int, list[Column], list[Line], list[Line]]]:
    """Each simple table: its section, header line number, columns, header lines and body lines."""
    section = ""
    index = 0
    while index < len(lines):
        line = lines[index]
        if _is_title(lines, index):
            section = line.strip()
            index += 2
            continue
        if not BORDER_RE.match(line):
            index += 1
            continue
        borders = [index]
        cursor = index + 1
        while cursor < len(lines) and len(borders) < 3:
            if BORDER_RE.match(lines[cursor]):
                borders.append(cursor)
            elif _is_title(lines, cursor):
                break
            cursor += 1
        columns = [Column(match.start(), match.end()) for match in re.finditer(r"=+", line)]
        if len(borders) == 3:
            header = [(number + 1, lines[number]) for number in range(borders[0] + 1, borders[1]) if lines[number].strip()]
            body = [(number + 1, lines[number]) for number in range(borders[1] + 1, borders[2])]
            yield section, borders[0] + 2, columns, header, body
            index = borders[2] + 1
        else:
            index = borders[-1] + 1


def _is_title(lines: list[str], index: int) -> bool:
    """A section title: a line of text underlined by one punctuation character repeated (docutils takes
    an underline a little shorter than its title, with a warning, and lists rely on that)."""
    if index + 1 >= len(lines):
        return False
    text, underline = lines[index].rstrip(), lines[index + 1].rstrip()
    return (bool(text.strip()) and not UNDERLINE_RE.match(text) and not BORDER_RE.match(text)
            and UNDERLINE_RE.match(underline) is not None)


def _cells(line: str, columns: list[Column]) -> tuple[list[str], list[int]]:
    """The stripped cells of one table line and where each starts in it."""
    cells: list[str] = []
    offsets: list[int] = []
    for number, column in enumerate(columns):
        end = columns[number + 1].start if number + 1 < len(columns) else len(line)
        part = line[column.start:end]
        cells.append(part.strip())
        offsets.append(column.start + len(part) - len(part.lstrip()))
    return cells, offsets


@dataclass(frozen=True, slots=True)
class _Row:
    lines: list[Line]
    cells: tuple[str, ...]
    offsets: tuple[int, ...]
    continued: frozenset[int]  # columns with text on the row's later lines


def _rows(body: list[Line], columns: list[Column]) -> Iterator[_Row]:
    """The body's rows: a line whose first column is blank continues the row above."""
    current: list[Line] = []
    for number, text in body:
        if not text.strip():
            continue
        if current and not text[columns[0].start:columns[1].start].strip():
            current.append((number, text))
            continue
        if current:
            yield _joined(current, columns)
        current = [(number, text)]
    if current:
        yield _joined(current, columns)


def _joined(lines: list[Line], columns: list[Column]) -> _Row:
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


def _entry(table: Table, row: _Row, columns: list[Column], position: int, cited: Mapping[str, str]) -> Entry:
    fields = rows.read_row(row.cells, row.offsets, table.roles, parse_rst_cell)
    if not fields.authors:
        keys = [match["key"] for cell in row.cells for match in CITATION_REF_RE.finditer(cell)]
        fields = fields._replace(authors=next((cited[key] for key in keys if key in cited), ""))
    spans = tuple(_aligned_spans(fields.spans, row, columns))
    return Entry(
        path=table.path,
        line=row.lines[0][0],
        end_line=row.lines[-1][0],
        raw="\n".join(text for _, text in row.lines),
        kind="rst",
        section=table.section,
        position=position,
        cells=row.cells,
        **fields._replace(spans=spans)._asdict(),
    )


def _aligned_spans(spans: tuple[Span, ...], row: _Row, columns: list[Column]) -> Iterator[Span]:
    """The spans a fix may rewrite without moving a column: a field that ends its cell in a fixed-width
    column spans up to its border's gap; a field of the last column spans itself. Fields of cells that go
    on over several lines, or that end inside their cell, have no certain place."""
    first_line = row.lines[0][1]
    for span in spans:
        number = _column_of(span.start, columns)
        if number in row.continued:
            continue
        if number == len(columns) - 1:
            yield span
            continue
        cell_end = row.offsets[number] + len(row.cells[number])
        slot_end = columns[number].end + 1  # the border's run and one space of its gap
        if span.end == cell_end and cell_end < slot_end <= len(first_line) and not first_line[cell_end:slot_end].strip():
            yield Span(span.role, span.start, slot_end)


def _column_of(offset: int, columns: list[Column]) -> int:
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
        slot = text[span.start:span.end]  # type: ignore[union-attr]
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
        rows.CellLink(Link(match["text"] or match["url"], match["url"]), "",
                      match.span("text") if match["text"] else None, match.span("url"))
        for match in LINK_RE.finditer(source)
    )
    plain = LINK_RE.sub(lambda match: match["text"] or match["url"], source)
    return rows.ParsedCell(plain, found, ())


def _margin_problems(path: str, lines: list[Line], columns: list[Column]) -> Iterator[Problem]:
    """Rows whose text crosses into the gap between two columns (docutils rejects the table)."""
    for number, text in lines:
        for left, (column, following) in enumerate(zip(columns, columns[1:]), start=1):
            if text[column.end:following.start].strip():
                yield Problem("rst-margin", MARGIN_TEXT.format(left=left, right=left + 1), Location(path, number))
                break

"""Find the paper tables of a markdown document and read each row into an entry.

mistune gives no source positions, so tables are found by a line scanner that keeps exact line
numbers; mistune only reads each cell's inline content (see ``rules.inline``).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from typing import NamedTuple

from rules import facts, inline, links, suppress
from rules.dialects import ListFormat, cell_count, items, rows
from rules.model import Document, Entry, Fields, Link, Location, Problem, Role, Table
from rules.text import BOM

HEADER_ROLES: dict[str, Role] = {
    **dict.fromkeys(
        ["title", "paper", "papers", "name", "paper title", "paper name", "title & link", "article"], Role.TITLE
    ),
    **dict.fromkeys(
        [
            "date",
            "year",
            "time",
            "pub. & date",
            "pub date",
            "pub. date",
            "published date",
            "publication date",
            "release date",
            "released",
            "release",
            "month",
        ],
        Role.YEAR,
    ),
    **dict.fromkeys(
        [
            "venue",
            "conference",
            "journal",
            "publication",
            "published",
            "pub",
            "source",
            "conf",
            "conference/journal",
            "venue/journal",
            "published in",
            "proceedings",
        ],
        Role.VENUE,
    ),
    **dict.fromkeys(["task", "tasks", "type", "modality", "category", "tag", "tags"], Role.TASK),
    **dict.fromkeys(
        ["resource", "resources", "code", "codes", "github", "repo", "repository", "project"],
        Role.CODE,
    ),
    **dict.fromkeys(["links", "link", "materials", "material", "urls"], Role.LINKS),
    **dict.fromkeys(["url", "paper link", "pdf", "arxiv"], Role.URL),
    **dict.fromkeys(["authors", "author", "authors list"], Role.AUTHORS),
    **dict.fromkeys(["model", "models", "weights", "checkpoint", "checkpoints"], Role.MODEL),
}
# The fields a repository's config may map to a column header (``formats: {…: {fields: {year: Pub. & Date}}}``).
FIELD_ROLES = {
    "title": Role.TITLE,
    "url": Role.URL,
    "year": Role.YEAR,
    "venue": Role.VENUE,
    "authors": Role.AUTHORS,
    "code": Role.CODE,
    "model": Role.MODEL,
    "task": Role.TASK,
    "links": Role.LINKS,
}
# Reading a column's role from its cells, when its header names none: this share of the first rows must
# agree (a column of ``[long text](https://…)`` is the title, a column of years the year).
INFERENCE_ROWS = 20
INFERENCE_SHARE = 0.6
TITLE_MIN_WORDS = 3

DELIMITER_RE = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$")
FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
UNESCAPED_PIPE_RE = re.compile(r"(?<!\\)\|")
SPACES_RE = re.compile(r"\s*")
HTML_TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>")

GLUED_HEADER = (
    "The table header is glued onto the end of the line before it, so GitHub shows this table as "
    "raw text. Start the header on its own line, after a blank line."
)
MISSING_DELIMITER = (
    "This table header has no delimiter row (`| --- | --- |`) under it, so GitHub shows the table as raw text."
)
BROKEN_ROW = (
    "This row is broken across {count} lines (a line break inside a cell), which splits the table. "
    "Join it into one line."
)
CELL_COUNT = "This row has {count} cells but the table header has {expected}. {hint}"
STRAY_TRAILING_PIPES = "This row ends with extra empty cells (stray `|`); remove them."


class Row(NamedTuple):
    """One logical table row: its text (a broken row joined) and the lines it spans."""

    text: str
    line: int
    end_line: int
    cells: tuple[str, ...]


@lru_cache(maxsize=262_144)
def split_cells(row: str) -> tuple[str, ...]:
    """Split a table row on unescaped pipes, dropping the optional outer pipes (cached: re-parsing a
    long list after a fix meets the same lines again)."""
    body = row.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    parts = UNESCAPED_PIPE_RE.split(body) if "\\" in body else body.split("|")
    # Interned: a column's cells repeat (venues, years, "-"), and every row's cells live as long as the check.
    return tuple(sys.intern(cell.strip()) for cell in parts)


def render_row(cells: tuple[str, ...] | list[str]) -> str:
    """Render cells as a table row in the canonical ``| a | b |`` style."""
    return "| " + " | ".join(cells) + " |"


def header_key(header: str) -> str:
    """A header as compared with known names: its text, lower-cased, without emphasis or a trailing colon."""
    return " ".join(inline.parse_cell(header).text.strip().strip("*_:").strip().lower().split())


def header_role(header: str, overrides: Mapping[str, Role] | None = None) -> Role:
    key = header_key(header)
    if overrides and key in overrides:
        return overrides[key]
    return HEADER_ROLES.get(key, Role.OTHER)


def header_overrides(fmt: ListFormat | None) -> dict[str, Role]:
    """The config's ``fields`` (field → header) as header key → role; unknown field names are left out
    (the config model reports them)."""
    if fmt is None:
        return {}
    return {header_key(header): FIELD_ROLES[field] for field, header in fmt.fields.items() if field in FIELD_ROLES}


def parse_markdown(path: str, text: str, fmt: ListFormat | None = None) -> Document:
    """Parse every paper table of a markdown document; never raises on bad input. ``fmt.fields`` names
    the columns whose headers say nothing known (``{year: "Pub. & Date"}``)."""
    # A byte-order mark is no text: left in, it would read as prose glued before the first line's table.
    # The document keeps it, so that whatever rewrites the whole text writes it back.
    lines = text.removeprefix(BOM).splitlines()
    entries: list[Entry] = []
    tables: list[Table] = []
    problems: list[Problem] = []
    scanner = _Scanner(path, lines, header_overrides(fmt))
    for table, table_rows, table_problems in scanner.tables():
        tables.append(table)
        problems.extend(table_problems)
        table_entries, row_problems = _table_entries(table, table_rows)
        entries.extend(table_entries)
        problems.extend(row_problems)
    # The lines no table, fence or heading took are read for list items and paper blocks.
    item_entries, item_problems = items.read_items(path, lines, scanner.prose)
    ordered = sorted(entries + item_entries, key=lambda entry: entry.line) if item_entries else entries
    return Document(
        path,
        "markdown",
        text,
        tuple(ordered),
        tuple(tables),
        tuple(problems + item_problems),
        dialect=_dialect_name(bool(tables), bool(item_entries)),
    )


def _table_entries(table: Table, table_rows: list[Row]) -> tuple[list[Entry], list[Problem]]:
    """The entries of one table's rows, and what is wrong with the rows."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    expected = len(table.headers)
    # What each column holds explains a row that does not fit; a table whose rows all fit needs none.
    misfits = any(len(row.cells) != expected for row in table_rows)
    shapes = cell_count.column_shapes([row.cells for row in table_rows], expected) if misfits else ()
    for position, row in enumerate(table_rows):
        entry, row_problems = _entry_from_row(table, row, position, shapes)
        problems.extend(row_problems)
        if entry is not None:
            entries.append(entry)
    return entries, problems


def read_table(
    path: str, lines: Sequence[str], header_index: int, section: str, fmt: ListFormat | None = None
) -> tuple[Table, list[Entry], list[Problem], int] | None:
    """The paper table whose header is at ``lines[header_index]`` (under ``section``), read as
    ``parse_markdown`` reads it: the table, its entries, its problems and the index of the first line
    after it; None when no paper table starts there. Lets a reader re-read one table of a long file."""
    found = _Scanner(path, lines, header_overrides(fmt))._table_at(header_index, section)
    if found is None:
        return None
    table, table_rows, table_problems, end = found
    entries, row_problems = _table_entries(table, table_rows)
    return table, entries, table_problems + row_problems, end


def _dialect_name(tables: bool, items_read: bool) -> str:
    shapes = [name for name, present in (("table", tables), ("items", items_read)) if present]
    return " + ".join(["markdown " + shapes[0], *shapes[1:]]) if shapes else "markdown"


class _Scanner:
    """Walks the lines once, tracking headings and code fences, yielding paper tables; the other lines
    are kept in ``prose`` (line index, section) for the item reader."""

    def __init__(self, path: str, lines: Sequence[str], overrides: Mapping[str, Role] | None = None) -> None:
        self.path = path
        self.lines = lines
        self.overrides = dict(overrides or {})
        self.prose: list[tuple[int, str]] = []

    def tables(self) -> Iterator[tuple[Table, list[Row], list[Problem]]]:
        section = ""
        outline = _Outline()
        fence: str | None = None
        index = 0
        while index < len(self.lines):
            line = self.lines[index]
            fence_match = FENCE_RE.match(line)
            if fence_match:
                marker = fence_match.group(1)
                if fence is None:
                    fence = marker[0] * 3
                elif marker.startswith(fence):
                    fence = None
                index += 1
                continue
            if fence is not None:
                index += 1
                continue
            heading = HEADING_RE.match(line)
            if heading:
                section = _heading_text(heading.group(2) or "")
                outline.enter(len(heading.group(1)), section)
                index += 1
                continue
            found = self._table_at(index, section)
            if found is None:
                self.prose.append((index, outline.label))
                index += 1
                continue
            table, rows, problems, next_index = found
            yield table, rows, problems
            index = next_index

    def _table_at(self, index: int, section: str) -> tuple[Table, list[Row], list[Problem], int] | None:
        line = self.lines[index]
        if "|" not in line:
            return None
        next_line = self.lines[index + 1] if index + 1 < len(self.lines) else ""
        problems: list[Problem] = []
        if DELIMITER_RE.match(next_line) and "|" in next_line:
            expected = len(split_cells(next_line))
            header, prefix = _header_suffix(line, expected)
            if header is None:
                return None
            if prefix.strip():
                problems.append(
                    Problem(
                        "glued-header",
                        GLUED_HEADER,
                        Location(self.path, index + 1),
                        fix=prefix.rstrip() + "\n\n" + header,
                    )
                )
            first_row = index + 2
        else:
            # A header row followed directly by rows: the delimiter is missing.
            header = line.strip()
            # The cheap tests first: bullet items with ` | ` cells are many, and no table header.
            if not header.startswith("|"):
                return None
            cells = split_cells(header)
            if len(cells) < 3:
                return None
            if Role.TITLE not in [header_role(cell, self.overrides) for cell in cells]:
                return None
            if not next_line.lstrip().startswith("|") or DELIMITER_RE.match(next_line):
                return None
            delimiter = render_row(["---"] * len(cells))
            problems.append(
                Problem(
                    "missing-delimiter", MISSING_DELIMITER, Location(self.path, index + 1), fix=line + "\n" + delimiter
                )
            )
            first_row = index + 1
        headers = tuple(split_cells(header))
        rows_end = self._rows_end(first_row)
        rows, row_problems = self._rows(first_row, rows_end, len(headers))
        roles = _column_roles(tuple(header_role(cell, self.overrides) for cell in headers), rows)
        if Role.TITLE not in roles:
            return None
        table = Table(self.path, index + 1, section, headers, roles)
        return table, rows, problems + row_problems, rows_end

    def _rows_end(self, start: int) -> int:
        return rows_end(self.lines, start)

    def _rows(self, start: int, end: int, expected: int) -> tuple[list[Row], list[Problem]]:
        rows: list[Row] = []
        problems: list[Problem] = []
        index = start
        while index < end:
            text = self.lines[index]
            cells = split_cells(text)
            joined = self._join_broken_row(index, end, expected) if len(cells) < expected else None
            if joined is not None:
                rows.append(joined)
                problems.append(
                    Problem(
                        "broken-row",
                        BROKEN_ROW.format(count=joined.end_line - joined.line + 1),
                        Location(self.path, joined.line, joined.end_line),
                        fix=joined.text,
                    )
                )
                index = joined.end_line
                continue
            index += 1  # the row's 1-based line: one int object for its first and last line
            rows.append(Row(text, index, index, cells))
        return rows, problems

    def _join_broken_row(self, index: int, end: int, expected: int) -> Row | None:
        """Join a short row at ``index`` with the next lines when only together they make a row of
        ``expected`` cells."""
        first = self.lines[index]
        if not first.lstrip().startswith("|"):
            return None
        text = first.rstrip()
        for last in range(index + 1, min(end, index + 4)):
            following = self.lines[last]
            if following.lstrip().startswith("|") and len(split_cells(following)) >= expected:
                return None
            text = text + " " + following.strip()
            cells = split_cells(text)
            if len(cells) == expected:
                return Row(text, index + 1, last + 1, cells)
            if len(cells) > expected:
                return None
        return None


def rows_end(lines: Sequence[str], start: int) -> int:
    """The index of the line that ends a table's rows starting at ``lines[start]``: a blank line, a
    heading or a code fence (or the end of the file)."""
    end = start
    while end < len(lines):
        line = lines[end]
        if not line.strip() or HEADING_RE.match(line) or FENCE_RE.match(line):
            break
        end += 1
    return end


def _heading_text(source: str) -> str:
    """A heading as readers see it: its inline text without HTML (``📝 Publications <small>(60)</small>``)."""
    return " ".join(HTML_TAG_RE.sub(" ", inline.parse_cell(source).text).split())


class _Outline:
    """The headings above a line. ``label`` names the current section for items: its heading, or
    ``Parent / Heading`` when an earlier heading of the file has the same text (``Vision / Generation``
    and ``Audio / Generation`` are two sections)."""

    def __init__(self) -> None:
        self.stack: list[tuple[int, str]] = []
        self.seen: set[str] = set()
        self.label = ""

    def enter(self, level: int, text: str) -> None:
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        parent = self.stack[-1][1] if self.stack else ""
        self.label = f"{parent} / {text}" if text in self.seen and parent else text
        self.seen.add(text)
        self.stack.append((level, text))


def _header_suffix(line: str, expected: int) -> tuple[str | None, str]:
    """Split a header line into (header row, text glued before it).

    A header that starts the line has no prefix. Otherwise the header is the shortest suffix that
    starts at a pipe and holds exactly ``expected`` cells.
    """
    stripped = line.strip()
    if stripped.startswith("|"):
        return stripped, ""
    positions = [match.start() for match in UNESCAPED_PIPE_RE.finditer(line)]
    for position in reversed(positions):
        candidate = line[position:].strip()
        count = len(split_cells(candidate))
        if count == expected and candidate.endswith("|"):
            return candidate, line[:position]
        if count > expected:
            break
    if len(split_cells(stripped)) == expected:
        return stripped, ""  # a header without outer pipes is valid GFM
    return None, ""


def _column_roles(roles: tuple[Role, ...], rows: list[Row]) -> tuple[Role, ...]:
    """The columns' roles: the headers', and for the title or year no header names, the columns whose
    cells show it (a column of ``[long text](https://…)`` is the title, a column of years the year)."""
    sample = [row.cells for row in rows[:INFERENCE_ROWS]]
    if not sample or (Role.TITLE in roles and Role.YEAR in roles):
        return roles
    inferred = list(roles)
    for role, looks_like in ((Role.TITLE, _is_title_cell), (Role.YEAR, _is_year_cell)):
        if role in inferred:
            continue
        for column, current in enumerate(inferred):
            cells = [cells[column] for cells in sample if column < len(cells)]
            if current is Role.OTHER and sum(map(looks_like, cells)) >= INFERENCE_SHARE * len(sample):
                inferred[column] = role
                break
    return tuple(inferred) if Role.TITLE in inferred else roles


def _is_title_cell(cell: str) -> bool:
    """A cell that starts with a web link whose text reads like a title (a table of contents links
    short names to anchors)."""
    found = parse_link_cell(cell)
    if not found.links:
        return False
    first = found.links[0].link
    return links.is_web_url(first.url) and len(first.text.split()) >= TITLE_MIN_WORDS


def _is_year_cell(cell: str) -> bool:
    return facts.year_of(inline.parse_cell(cell).text) is not None


def _entry_from_row(
    table: Table, row: Row, position: int, shapes: tuple[Counter[str], ...]
) -> tuple[Entry | None, list[Problem]]:
    cells = row.cells
    if not any(cells):
        return None, []
    problems: list[Problem] = []
    if len(cells) != len(table.headers):
        cells = _fitted_cells(table, row, shapes, problems)
    entry = _fields(row.text, cells, table.roles).entry(
        path=table.path,
        line=row.line,
        end_line=row.end_line,
        raw=row.text,
        kind="markdown",
        section=table.section,
        position=position,
        table=table,
        cells=cells,
    )
    return entry, problems


def _fitted_cells(table: Table, row: Row, shapes: tuple[Counter[str], ...], problems: list[Problem]) -> tuple[str, ...]:
    """The cells of a row whose count differs from the header's, as the entry reads them, adding to
    ``problems`` what is wrong with the row."""
    cells = list(row.cells)
    location = Location(table.path, row.line, row.end_line)
    expected = len(table.headers)
    comment = ""
    if len(cells) > expected and suppress.is_comment(cells[-1]):
        comment = " " + cells.pop()  # `| … | <!-- paper-triage: ignore … -->`: GitHub shows no extra cell
    if len(cells) > expected and not any(cells[expected:]):
        trimmed = cells[:expected]
        problems.append(Problem("stray-pipes", STRAY_TRAILING_PIPES, location, fix=render_row(trimmed) + comment))
        cells = trimmed
    elif len(cells) != expected:
        explained = cell_count.explain(cells, table.headers, shapes)
        message = CELL_COUNT.format(count=len(cells), expected=expected, hint=explained.hint)
        fix = None
        if explained.cells is not None and row.line == row.end_line:
            fix = render_row(explained.cells) + comment  # a row's fix keeps its suppression
        problems.append(Problem("cell-count", message, location, fix=fix))
    return tuple(cells)


@lru_cache(maxsize=262_144)
def _fields(text: str, cells: tuple[str, ...], roles: tuple[Role, ...]) -> Fields:
    """What a row's cells say. Cached: fix rounds and reviews re-parse long lists whose rows are
    almost all unchanged."""
    return rows.read_row(cells, cell_offsets(text)[: len(cells)], roles, parse_link_cell)


def cell_offsets(row: str) -> tuple[int, ...]:
    """Where each stripped cell of ``split_cells(row)`` starts in ``row``."""
    body_start = len(row) - len(row.lstrip())
    if row.startswith("|", body_start):
        body_start += 1
    if "\\" in row:
        starts = [body_start] + [match.end() for match in UNESCAPED_PIPE_RE.finditer(row, body_start)]
        return tuple(SPACES_RE.match(row, start).end() for start in starts)  # type: ignore[union-attr]
    offsets = []
    start = body_start
    for part in row[body_start:].split("|"):  # as split_cells does: str.split is many times faster
        offsets.append(start + len(part) - len(part.lstrip()))
        start += len(part) + 1
    return tuple(offsets)


# A markdown link's source: ``[text](url)``, the text possibly an image ``![alt](src)``.
LINK_SOURCE_RE = re.compile(
    r"\[(?P<text>(?:!\[[^\]]*\]\((?P<src>[^)\s]*)[^)]*\)|[^\[\]]|\[[^\]]*\])*)\]\(\s*<?(?P<url>[^)\s>]*)>?[^)]*\)"
)


@lru_cache(maxsize=65_536)
def parse_link_cell(source: str) -> rows.ParsedCell:
    """A markdown cell's text and links, each link with the places of its text and target in the source
    (None where mistune read a link this simple pattern does not find in the same order)."""
    plain = inline.PLAIN_LINK_RE.fullmatch(source)
    if plain:  # the common title cell, ``[Title](url)``: as inline.parse_cell reads it, with its places
        title = rows.CellLink(Link(plain["text"], plain["url"]), "", plain.span("text"), plain.span("url"))
        return rows.ParsedCell(plain["text"], (title,), ())
    badge = inline.IMAGE_LINK_RE.fullmatch(source)
    if badge:  # the common code cell, ``[![](./code.svg)](url)``: a link without text, its image the badge
        code = rows.CellLink(Link("", badge["url"]), badge["src"], None, badge.span("url"))
        return rows.ParsedCell("", (code,), (badge["src"],))
    return placed_links(source)


def placed_links(source: str) -> rows.ParsedCell:
    """A cell read as mistune reads it (``inline.parse_cell``), each link placed in the source by
    ``LINK_SOURCE_RE``: what ``parse_link_cell`` answers for any cell its shortcuts do not take."""
    cell = inline.parse_cell(source)
    located = list(LINK_SOURCE_RE.finditer(source))
    found: list[rows.CellLink] = []
    for index, link in enumerate(cell.links):
        match = located[index] if index < len(located) and located[index]["url"] == link.url else None
        image = (match["src"] or "") if match else (cell.images[0] if len(cell.links) == 1 and cell.images else "")
        text_span = match.span("text") if match and match["text"] == link.text else None
        found.append(rows.CellLink(link, image, text_span, match.span("url") if match else None))
    return rows.ParsedCell(cell.text, tuple(found), cell.images)


def replace_cell(entry: Entry, role: Role, text: str) -> str:
    """The entry's row with the cell of ``role`` replaced (canonical spacing)."""
    assert entry.table is not None
    column = entry.table.column(role)
    cells = list(entry.cells)
    if column is None or column >= len(cells):
        return entry.raw
    cells[column] = text
    return render_row(cells)

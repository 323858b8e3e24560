"""What one table row says, whatever the table's markup: markdown and reStructuredText tables both give
their cells (source text and where each starts in the row) and column roles, and this module reads the
title, paper link, venue, year, authors and links from them, recording where each is written (spans) so
that a fix rewrites only the part it changes.

The dialect supplies how a cell's links are written (``LinkSyntax``); everything else is shared.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import PurePosixPath
from typing import NamedTuple

from rules import facts, links
from rules.model import Fields, Link, LinkRole, Role, Span, record, shared_span


@record
class CellLink:
    """A link written in a cell: what it says, and where its text and target are in the cell's source."""

    link: Link
    image: str
    text_span: tuple[int, int] | None
    url_span: tuple[int, int] | None


class ParsedCell(NamedTuple):
    text: str
    links: tuple[CellLink, ...]
    images: tuple[str, ...]


# How a dialect reads one cell's source: its plain text, links and image sources.
LinkSyntax = Callable[[str], ParsedCell]


# A title cell that also describes the paper: ``1) Name  description…``, ``2) **Name** - description``.
NUMBERING_RE = re.compile(r"^(?:\d{1,3}[.)]|[-*•])\s+")
BOLD_RE = re.compile(r"^(\*\*|__)(?P<title>[^*_].*?)\1")
# Where a title ends when a description follows it: two spaces, a line break tag, or (for a long cell)
# the first sentence boundary.
TITLE_END_RE = re.compile(r"\s{2,}|\s*<br\s*/?>", re.IGNORECASE)
SENTENCE_END_RE = re.compile(r"(?<=[a-z0-9)])\.\s+(?=[A-Z])")
LONG_CELL = 150
# Columns whose header names code (``Code``, ``Resource``) count an unlabelled link as code; columns of
# mixed links (``Links``, ``Materials``) only links that say or show they are code.
CODE_LABEL_ROLES = (None, LinkRole.CODE)


def read_row(cells: Sequence[str], offsets: Sequence[int], roles: Sequence[Role], parse: LinkSyntax) -> Fields:
    """Read a row from its stripped cells, the offset of each in the row's text, and the columns' roles."""
    parsed = [parse(cell) for cell in cells]
    spans: list[Span] = []
    column = _first_columns(tuple(roles), len(cells)).get
    title, url = _title_and_link(column(Role.TITLE), cells, offsets, parsed, spans, parse)
    row_links = _row_links(roles, parsed, url)
    if url is None:
        url = _paper_link(roles, cells, offsets, parsed, spans)
    year, venue = _venue_and_year(column(Role.YEAR), column(Role.VENUE), cells, offsets, parsed, spans)
    model_index, authors_index = column(Role.MODEL), column(Role.AUTHORS)
    model_links = parsed[model_index].links if model_index is not None else ()
    return Fields(
        title=title,
        url=url,
        year=year,
        venue=venue,
        authors=parsed[authors_index].text.strip() if authors_index is not None else "",
        tasks=_tasks(column(Role.TASK), parsed),
        code_urls=tuple(
            link.url for link in row_links if link.role is LinkRole.CODE and not links.is_no_link(link.url)
        ),
        model=model_links[0].link if model_links else None,
        links=row_links,
        spans=tuple(spans),
    )


@lru_cache(maxsize=1024)
def _first_columns(roles: tuple[Role, ...], cells: int) -> dict[Role, int]:
    """Each role's first column among the ``cells`` a row has (a table's rows share one answer; callers
    only read it)."""
    columns: dict[Role, int] = {}
    for index, role in enumerate(roles[:cells]):
        columns.setdefault(role, index)
    return columns


def _title_and_link(
    index: int | None,
    cells: Sequence[str],
    offsets: Sequence[int],
    parsed: list[ParsedCell],
    spans: list[Span],
    parse: LinkSyntax,
) -> tuple[str, str | None]:
    """The title and its link: the link the title cell starts with, else the title its text starts with."""
    if index is None:
        return "", None
    cell, start, found = cells[index], offsets[index], parsed[index]
    first = found.links[0] if found.links else None
    # A link is the title's when the cell starts with it (``[Title](url)``, ``1) **[Title](url)**``), not
    # when it sits inside a description (``Name  … it[s Claude.ai](http://claude.ai/) assistant``).
    if first is not None and (first.text_span is None or first.text_span[0] <= _lead(cell) + 1):
        _add(spans, Role.TITLE, start, first.text_span)
        _add(spans, Role.URL, start, first.url_span)
        return first.link.text, first.link.url
    return _described_title(cell, start, spans, parse), None


def _lead(cell: str) -> int:
    """Where a title cell's title starts: after a numbering (``1)``) and bold or italic marks."""
    numbering = NUMBERING_RE.match(cell)
    position = numbering.end() if numbering else 0
    while position < len(cell) and cell[position] in "*_":
        position += 1
    return position


def _described_title(cell: str, start: int, spans: list[Span], parse: LinkSyntax) -> str:
    """The title at the start of a cell that goes on to describe the paper, with its span."""
    numbering = NUMBERING_RE.match(cell)
    offset = numbering.end() if numbering else 0
    rest = cell[offset:]
    bold = BOLD_RE.match(rest)
    if bold:
        begin, end = offset + bold.start("title"), offset + bold.end("title")
    elif numbering or len(rest) > LONG_CELL:
        # Only a numbered or long cell is a title with a description: a short plain title with a double
        # space in it is one messy title (the title-link rule tidies it).
        stop = TITLE_END_RE.search(rest) or (SENTENCE_END_RE.search(rest) if len(rest) > LONG_CELL else None)
        begin, end = offset, offset + (stop.start() if stop else len(rest))
    else:
        begin, end = 0, len(cell)
    title = cell[begin:end].strip()
    if any(mark in title for mark in "[]`<>*_\\&") or not title:
        return parse(title).text.strip()  # markup in the title: its text, and no certain place to fix
    spans.append(shared_span(Role.TITLE, start + begin, start + begin + len(title)))
    return title


def _row_links(roles: Sequence[Role], parsed: list[ParsedCell], title_url: str | None) -> tuple[Link, ...]:
    """Every link of the row with what it leads to: the title's is the paper; in a code column an
    unlabelled link is code; elsewhere each link's text, badge or host says."""
    found: list[Link] = []
    for role, cell in zip(roles, parsed):
        for item in cell.links:
            link = item.link
            if role is Role.TITLE and item is cell.links[0] and link.url == title_url:
                found.append(Link(link.text, link.url, LinkRole.PAPER))
            elif role is Role.CODE and facts.label_role(link.text, item.image) in CODE_LABEL_ROLES:
                found.append(Link(link.text, link.url, LinkRole.CODE))
            else:
                found.append(Link(link.text, link.url, facts.link_role(link.text, link.url, item.image)))
    return tuple(found)


def _paper_link(
    roles: Sequence[Role], cells: Sequence[str], offsets: Sequence[int], parsed: list[ParsedCell], spans: list[Span]
) -> str | None:
    """The paper link outside the title cell (``[Paper](url)`` in a Links column, a URL column's link),
    for titles written without one; else a link to a paper site under another label (``[Project](arXiv)``)."""
    candidates = [
        (index, role, item)
        for index, (role, cell) in enumerate(zip(roles, parsed))
        if role not in (Role.TITLE, Role.OTHER, Role.TASK)
        for item in cell.links
    ]
    judges: tuple[Callable[[Role, CellLink], bool], ...] = (
        lambda role, item: (
            role is Role.URL or facts.link_role(item.link.text, item.link.url, item.image) is LinkRole.PAPER
        ),
        lambda role, item: facts.host_role(item.link.url) is LinkRole.PAPER,
    )
    for says_paper in judges:
        for index, role, item in candidates:
            if says_paper(role, item):
                _add(spans, Role.URL, offsets[index], item.url_span)
                return item.link.url
    return None


def _venue_and_year(
    year_index: int | None,
    venue_index: int | None,
    cells: Sequence[str],
    offsets: Sequence[int],
    parsed: list[ParsedCell],
    spans: list[Span],
) -> tuple[str, str]:
    """The year and venue as written. When the table has a column for only one of them, its cell may hold
    both (``CVPR 2023``, ``arXiv 2022.06``): then both are read from it, each part's span recorded so that a
    fix rewrites that part alone. With both columns each cell is read whole (``Spring 2024`` in a year
    column is a bad year, not a venue)."""
    shared = year_index if venue_index is None else venue_index if year_index is None else None
    if shared is not None and not parsed[shared].links:
        both = facts.venue_and_year(cells[shared])
        is_date = shared == year_index and facts.year_of(parsed[shared].text.strip()) is not None
        if both.year and both.venue and not is_date:
            _add(spans, Role.VENUE, offsets[shared], both.venue_span)
            _add(spans, Role.YEAR, offsets[shared], both.year_span)
            return both.year, both.venue
    year = _whole(cells, offsets, parsed, year_index, Role.YEAR, spans) if year_index is not None else ""
    venue = _whole(cells, offsets, parsed, venue_index, Role.VENUE, spans) if venue_index is not None else ""
    return year, venue


def _whole(
    cells: Sequence[str], offsets: Sequence[int], parsed: list[ParsedCell], index: int, role: Role, spans: list[Span]
) -> str:
    """A cell read whole as one field, its span the whole cell."""
    spans.append(shared_span(role, offsets[index], offsets[index] + len(cells[index])))
    return parsed[index].text.strip()


def _add(spans: list[Span], role: Role, start: int, span: tuple[int, int] | None) -> None:
    if span is not None:
        spans.append(shared_span(role, start + span[0], start + span[1]))


def _tasks(index: int | None, parsed: list[ParsedCell]) -> tuple[str, ...]:
    if index is None:
        return ()
    return _task_names(parsed[index].images, parsed[index].text)


@lru_cache(maxsize=1024)
def _task_names(images: tuple[str, ...], text: str) -> tuple[str, ...]:
    """A task cell's badges, else its comma-separated names. Cached: a list's rows share a few task cells,
    and each row would otherwise keep a tuple of its own."""
    return tuple(badge_name(src) for src in images) or tuple(
        part.strip() for part in text.split(",") if part.strip() and part.strip() != "-"
    )


@lru_cache(maxsize=1024)
def badge_name(source: str) -> str:
    """``./assets/video.svg`` → ``video``; other image sources are kept whole."""
    path = PurePosixPath(source)
    if "://" not in source and path.suffix.lower() in (".svg", ".png", ".jpg", ".gif"):
        return path.stem.lower()
    return source

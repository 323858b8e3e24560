"""A cheap description of where a file's links sit — in numbered or bullet items, table rows, paragraphs
or data values — and how many of them lead to papers. It needs no dialect: it is how a file that no
dialect read is told apart from a file that holds no papers (see ``rules.checks.coverage``)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from rules import facts, inline
from rules.dialects.markdown import FENCE_RE, HEADING_RE
from rules.dialects.rst import UNDERLINE_RE
from rules.lines import iter_lines
from rules.model import LinkRole
from rules.parse import count_links
from rules.text import BOM

NUMBERED = "numbered items"
BULLETS = "bullet items"
TABLE_ROWS = "table rows"
PARAGRAPHS = "paragraphs"
DATA = "data values"

# A file this many paper links in items, rows, paragraphs or data values holds is taken for a list;
# fewer (a CONTRIBUTING.md's example, a README citing its own paper) are not.
MIN_PAPER_LINKS = 5

_NUMBERED_RE = re.compile(r"^\s*\d{1,4}[.)]\s+\S")
_BULLET_RE = re.compile(r"^\s*[-*+]\s+\S")
_MD_LINK_RE = re.compile(r"\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?(https?://[^\s)>]+)")
_RST_LINK_RE = re.compile(r"`([^`<]*)<(https?://[^>`\s]+)>`_")
_BARE_URL_RE = re.compile(r"(?<![(<\[])https?://[^\s)\]>\"'`|<]+")
_RST_BORDER_RE = re.compile(r"^\s*=+(\s+=+)+\s*$|^\s*\+(-+\+)+\s*$")
DATA_SUFFIXES = (".json", ".yml", ".yaml")


@dataclass(frozen=True)
class Shapes:
    """Web links per shape (images and badges left out), paper links per shape, the headings seen and
    the first line holding a paper link."""

    links: Counter[str] = field(default_factory=Counter)
    paper_links: Counter[str] = field(default_factory=Counter)
    headings: int = 0
    first_paper_line: int = 1

    @property
    def papers(self) -> int:
        return sum(self.paper_links.values())

    @property
    def looks_like_list(self) -> bool:
        """Links under headings, in items, tables or data: enough of them lead to papers."""
        return self.papers >= MIN_PAPER_LINKS

    def described(self) -> str:
        """``76 links in numbered items, 12 in table rows`` — the shapes holding paper links, most first."""
        ranked = [(shape, self.links[shape]) for shape, _ in self.paper_links.most_common() if self.links[shape]]
        parts = [
            f"{count} link{'s' if count != 1 else ''} in {shape}" if index == 0 else f"{count} in {shape}"
            for index, (shape, count) in enumerate(ranked)
        ]
        return ", ".join(parts) or "no links"


@lru_cache(maxsize=64)
def shapes_of(path: str, text: str) -> Shapes:
    """Where the links of one file sit, by its kind: data file, reStructuredText or markdown. Cached: a
    review asks about the same base and head several times (the result is not to be changed)."""
    lowered = path.lower()
    if lowered.endswith(DATA_SUFFIXES):
        data_lines = ((number, DATA, line) for number, line in enumerate(text.splitlines(), 1))
        return _tally(data_lines, headings=0)
    scanner = _rst_lines if lowered.endswith(".rst") else _markdown_lines
    lines = text.splitlines()
    shaped = list(scanner(lines))
    headings = sum(1 for _, shape, _ in shaped if shape is None)
    return _tally(((number, shape, line) for number, shape, line in shaped if shape is not None), headings)


def title_of(path: str, text: str) -> str:
    """The list's title: the text of its first heading (markdown or reStructuredText); "" for none."""
    if path.lower().endswith(DATA_SUFFIXES):
        return ""
    text = text.removeprefix(BOM)
    # Markdown is scanned line after line, split as it is read: the first heading is near the top.
    scanned = _rst_lines(text.splitlines()) if path.lower().endswith(".rst") else _markdown_lines(iter_lines(text))
    for _, shape, line in scanned:
        if shape is None and (title := _heading_text(line)):
            return title
    return ""


def _heading_text(line: str) -> str:
    heading = HEADING_RE.match(line)
    written = (heading.group(2) or "") if heading else line
    return inline.parse_cell(written).text.strip()


def _tally(lines: Iterator[tuple[int, str, str]], headings: int) -> Shapes:
    links: Counter[str] = Counter()
    papers: Counter[str] = Counter()
    first: int | None = None
    for number, shape, line in lines:
        if "http" not in line:
            continue
        found = count_links(line)
        if not found:
            continue
        links[shape] += found
        paper = sum(1 for text, url in _links_in(line) if facts.link_role(text, url) is LinkRole.PAPER)
        if paper:
            papers[shape] += paper
            first = first or number
    return Shapes(links, papers, headings, first or 1)


def _links_in(line: str) -> Iterator[tuple[str, str]]:
    """(text, url) of each markdown or reStructuredText link of a line, and of each bare URL."""
    for match in _MD_LINK_RE.finditer(line):
        if match.start() == 0 or line[match.start() - 1] != "!":
            yield match.group(1), match.group(2)
    yield from ((match.group(1), match.group(2)) for match in _RST_LINK_RE.finditer(line))
    yield from (("", match.group()) for match in _BARE_URL_RE.finditer(line))


def _markdown_lines(lines: Iterable[str]) -> Iterator[tuple[int, str | None, str]]:
    """(line number, shape, line) of every line outside code fences; headings have shape None."""
    fence: str | None = None
    for number, line in enumerate(lines, 1):
        fence_match = FENCE_RE.match(line)
        if fence_match:
            marker = fence_match.group(1)
            fence = marker[0] * 3 if fence is None else None if marker.startswith(fence) else fence
            continue
        if fence is not None:
            continue
        if HEADING_RE.match(line):
            yield number, None, line
        else:
            yield number, _line_shape(line, in_table=line.lstrip().startswith("|")), line


def _rst_lines(lines: list[str]) -> Iterator[tuple[int, str | None, str]]:
    """(line number, shape, line) of a reStructuredText file: rows between table borders are table
    rows; a title underlined with ``===`` or ``---`` is a heading."""
    in_table = False
    for number, line in enumerate(lines, 1):
        following = lines[number] if number < len(lines) else ""
        if _RST_BORDER_RE.match(line):
            # A table opens at its first border and closes at a border followed by a blank line.
            in_table = not in_table if not following.strip() else True
            continue
        if UNDERLINE_RE.match(following) and line.strip() and not in_table:
            yield number, None, line
        else:
            yield number, _line_shape(line, in_table=in_table or line.lstrip().startswith("|")), line


def _line_shape(line: str, in_table: bool) -> str:
    if in_table:
        return TABLE_ROWS
    if _NUMBERED_RE.match(line):
        return NUMBERED
    if _BULLET_RE.match(line):
        return BULLETS
    return PARAGRAPHS

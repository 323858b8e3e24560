"""Read paper entries written as markdown list items and paper blocks.

The markdown scanner (``rules.dialects.markdown``) hands over the lines that are neither tables, code
fences nor headings, each with its section; this module groups them into *units* and reads each unit
into an entry when it is a paper.

Units:
- a list item (``-``, ``*``, ``+``, ``1.``) with its continuation lines: the indented lines under it
  (``   description …``) and lines it carries on with a trailing ``\\`` or two spaces;
- a paper block: a paragraph that starts with a bold title (``**Title** \\`` / ``*Authors* \\`` /
  ``arXiv 2023. [[Paper](url)]``), with the ``- Paper: url`` / ``- Code: url`` lines that follow it.

Fields, each with its exact place in the unit's text (``Entry.spans``) so that rules splice fixes in:
- the title: the link that opens the item (``[Title](url)``), else its opening bold text
  (``**Title**``), else its opening plain text up to the first separator (``Title | …``, ``Title, [[Paper]]``);
- venue and year: a prefix (``(arXiv 2022.06)``, ``**[CVPR 2024]**``, ``(2023-08)``, ``2024-06-20 -``),
  a cell after the title (``| **[CVPR' 18]** |``, ``, ICLR 2023,``, ``- NeurIPS 2021``), or the text before
  a block's links (``arXiv 2023. [[Paper](…)]``), split by ``rules.facts.venue_and_year``;
- authors: italic text (``*A, B*``) or ``by A, B``;
- links, each with its role (``rules.facts.link_role``): label, badge, or host; a ``Key: url`` line takes
  its role from the key.

An item is a paper when it has a title of letters and either a paper link (the title's own link or one
labelled or hosted as a paper: ``[pdf]``, ``[[Paper]]``, ``Paper: url``, arXiv, a DOI, a publisher) or a
venue written in its place. Tables of contents (links to ``#anchors`` or local files), tools and
repositories (only code, model, video or website links), badges and navigation are not papers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple, TypedDict

from rules import facts, inline, links
from rules.model import Entry, Link, LinkRole, Problem, Role, Span, shared_span
from rules.text import code

# A list item's marker and the text after it.
ITEM_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
# A link with its text (one level of nested brackets: ``[[Paper]](…)``, ``[`[pdf]`](…)``, ``[![](…)](…)``)
# and its target (one level of parentheses inside it).
LINK_RE = re.compile(
    r"""
    (?<!!)\[ (?P<text> (?:[^\[\]\n] | \[ (?:[^\[\]\n] | \[[^\[\]\n]*\] )* \] )* ) \]
    \( \s* <? (?P<url> [^()\s<>]* (?:\([^()\s]*\)[^()\s<>]*)* ) >? (?:\s+"[^"\n]*")? \s* \)
    """,
    re.VERBOSE,
)
# A link whose text is never closed: ``[[Paper(https://…)]`` (GitHub shows it as plain text).
UNCLOSED_LINK_RE = re.compile(r"(?<![\]\w])\[(?P<label>[A-Za-z][\w .-]{0,24})\((?P<url>https?://[^\s()]+)\)")
BARE_URL_RE = re.compile(r"https?://[^\s<>()\[\]`'\"]+[^\s<>()\[\]`'\".,;:!?*_]")
BOLD_RE = re.compile(r"\*\*(?P<text>[^*\n]+?)\*\*|__(?P<text2>[^_\n]+?)__")
# What may open italic authors: a `*` or `_` not doubled and not after a word. Each branch starts with its
# character and looks behind it, so that the search skips to the next `*` or `_` (four times as fast).
SINGLE_EMPHASIS_RE = re.compile(r"\*(?<![*\w]\*)(?!\*)|_(?<![_\w]_)(?!_)")
ITALIC_RE = re.compile(r"(?<![*\w])\*(?P<text>[^*\n]+?)\*(?![*\w])|(?<![_\w])_(?P<text2>[^_\n]+?)_(?![_\w])")
# A ``Key: url`` line of a paper block: ``- Paper: https://…``, ``- Code : …``, ``- Homepage:  [url](url)``.
FIELD_RE = re.compile(r"^\s*[-*+]\s+(?P<key>[A-Za-z][A-Za-z .-]{0,24}?)\s*(?:[:：]\s*|\s+)(?=https?://|\[|<)")
# A fact written before the title: ``(arXiv 2022.06)``, ``**[CVPR 2024]**``, ``[CVPR 2024]``, ``2024-06-20 -``.
PREFIX_RE = re.compile(
    r"""
    (?P<fact>
        \( [^()\n]{1,40} \)
      | \*\*\[ [^\]\n]{1,40} \]\*\*
      | \[ [^\]\n]{1,40} \] (?![(\[])
      | \d{4}[-./]\d{1,2}(?:[-./]\d{1,2})?
    )
    [ \t]* (?:[-–—:|,][ \t]*)?
    """,
    re.VERBOSE,
)
# What ends a plain-text title: a cell separator, a labelled link, a line break.
# (What stands before it, spaces and commas, is trimmed off the title afterwards.)
PLAIN_TITLE_END_RE = re.compile(r"\||\[{1,2}`?\[?[A-Za-z][^\]\n]{0,30}\]|<br\s*/?>|\\$", re.MULTILINE)
HARD_BREAKS = ("\\", "  ")  # a line that ends so carries on onto the next
# ``[Title](url) by A, B et al.<br>``: the rest of the title's line names the authors.
AUTHORS_BY_RE = re.compile(r"[)\]]?[ \t]+by[ \t]+(?P<authors>[^\n]+?)[ \t]*(?:<br\s*/?>)?[ \t]*(?=\n|$)")
TRAILING_SEPARATORS = " \t,;:|-–—.\\"
SEGMENT_TRIM = TRAILING_SEPARATORS + "[]()"
MAX_VENUE_WORDS = 8  # in brackets or bold: ``[Journal of Computer Vision and Image Understanding' 17]``
MAX_PLAIN_VENUE_WORDS = 4  # plain: ``CVPR Workshop 2023``, not a sentence that mentions a year
TWO_LETTERS_RE = re.compile(r"[^\W\d_].*?[^\W\d_]", re.DOTALL)  # a title has at least two letters
# Text without these characters holds no inline markdown: it reads as written, without mistune.
MARKUP_RE = re.compile(r"[*_\[\]`\\<>&!~]")
SEPARATOR_RE = re.compile(r", | - ")
CELL_RE = re.compile(r"[^|\n]+")  # the text between cell separators and line ends

UNBALANCED_BRACKET = "{fact} opens a `[` it never closes, so the venue shows with a stray bracket. Write {fixed}."
STRAY_CLOSER = "The {closer} after the link {written} closes nothing, so it shows as text. Write {fixed}."
STRAY_CLOSER_WRAP = "The link {written} lacks the `[` that opens it, as the other links here have. Write {fixed}."
UNCLOSED_LINK = (
    "The link {written} lacks the `]` that closes its text, so GitHub shows it as plain text. Write {fixed}."
)


class Unit(NamedTuple):
    """The lines of one list item or paper block: its text and where it is."""

    line: int  # 1-based, first line
    end_line: int
    raw: str
    section: str
    content: int  # offset in ``raw`` where the item's own text starts (after the list marker)
    block: bool = False  # a paper block (bold title paragraph), not a list item


class _Located(NamedTuple):
    """A link found in a unit, with its place in ``raw``."""

    link: Link
    start: int
    end: int
    text_start: int
    text_end: int
    url_start: int
    url_end: int


@dataclass(frozen=True, slots=True)
class _Repair:
    """A bracket to close or drop: ``raw[start:end]`` becomes ``text``."""

    kind: str
    message: str
    start: int
    end: int
    text: str


@dataclass
class _Reading:
    """What has been read of a unit so far."""

    title: str = ""
    url: str | None = None
    year: str = ""
    venue: str = ""
    authors: str = ""
    spans: list[Span] = field(default_factory=list)
    venue_found: bool = False
    repairs: list[_Repair] = field(default_factory=list)
    date: tuple[int, int] | None = None  # a block's date line (``25 Aug 2022``): the date it is sorted by


def read_items(path: str, lines: Sequence[str], prose: Sequence[tuple[int, str]]) -> tuple[list[Entry], list[Problem]]:
    """The paper entries among the ``prose`` lines (line index, section) of a markdown file."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    positions: dict[str, int] = {}
    for unit in units(lines, prose):
        read = read_unit(path, unit, positions.get(unit.section, 0))
        if read is None:
            continue
        entry, unit_problems = read
        positions[unit.section] = entry.position + 1
        entries.append(entry)
        problems.extend(unit_problems)
    return entries, problems


def units(lines: Sequence[str], prose: Sequence[tuple[int, str]]) -> Iterator[Unit]:
    """Group the prose lines into list items and paper blocks, run by run (a run ends at a heading,
    a table, a code fence or a change of section)."""
    for run, section in _runs(prose):
        yield from _units_of_run(lines, run, section)


def _runs(prose: Sequence[tuple[int, str]]) -> Iterator[tuple[list[int], str]]:
    run: list[int] = []
    section = ""
    for index, line_section in prose:
        if run and (index != run[-1] + 1 or line_section != section):
            yield run, section
            run = []
        run.append(index)
        section = line_section
    if run:
        yield run, section


def _units_of_run(lines: Sequence[str], run: list[int], section: str) -> Iterator[Unit]:
    position = 0
    while position < len(run):
        index = run[position]
        text = lines[index]
        item = ITEM_RE.match(text)
        if item and not FIELD_RE.match(text):
            end = _item_end(lines, run, position, len(item.group("indent")))
            yield _unit(lines, run[position:end], section, item.end())
            position = end
        elif _opens_block(text):
            end = _block_end(lines, run, position)
            yield _unit(lines, run[position:end], section, len(text) - len(text.lstrip()), block=True)
            position = end
        else:
            position += 1


def _unit(lines: Sequence[str], indices: list[int], section: str, content: int, block: bool = False) -> Unit:
    raw = "\n".join(lines[index] for index in indices)
    return Unit(indices[0] + 1, indices[-1] + 1, raw, section, content, block)


def _item_end(lines: Sequence[str], run: list[int], start: int, indent: int) -> int:
    """The run position just past the item starting at ``start``: its indented or lazy continuation
    lines, but no blank line, no other item and no HTML block."""
    end = start + 1
    while end < len(run) and run[end] == run[end - 1] + 1:
        text = lines[run[end]]
        if not text.strip() or ITEM_RE.match(text) or text.lstrip().startswith(("<", ">")):
            break
        continued = len(text) - len(text.lstrip()) > indent or lines[run[end - 1]].endswith(HARD_BREAKS)
        if not continued and _opens_block(text):
            break
        end += 1
    return end


def _opens_block(text: str) -> bool:
    """A paragraph line that starts with a bold title (and is not a bold label such as ``**Note:**``)."""
    stripped = text.strip()
    bold = BOLD_RE.match(stripped)
    return bold is not None and not (bold.group("text") or bold.group("text2") or "").rstrip().endswith(":")


def _block_end(lines: Sequence[str], run: list[int], start: int) -> int:
    """The run position just past a paper block: its paragraph, then the ``Key: url`` lines after it
    (blank lines between them allowed), up to the next block or anything else."""
    end = start + 1
    while (
        end < len(run)
        and run[end] == run[end - 1] + 1
        and lines[run[end]].strip()
        and not ITEM_RE.match(lines[run[end]])
    ):
        end += 1
    last = end
    probe = end
    while probe < len(run) and run[probe] == run[probe - 1] + 1:
        text = lines[run[probe]]
        if FIELD_RE.match(text):
            last = probe = probe + 1
        elif not text.strip():
            probe += 1
        else:
            break
    return last


def read_unit(path: str, unit: Unit, position: int) -> tuple[Entry, list[Problem]] | None:
    """The entry a unit holds, and the problems met reading it; None when it is no paper."""
    paper = _paper(unit.raw, unit.content, unit.block)
    if paper is None:
        return None
    entry = Entry(
        path=path,
        line=unit.line,
        end_line=unit.end_line,
        raw=unit.raw,
        kind="item",
        section=unit.section,
        position=position,
        **paper.fields,
    )
    return entry, [_problem(entry, repair) for repair in paper.repairs]


class _PaperFields(TypedDict):
    """The entry's fields a unit's text gives, whatever its place in the list."""

    title: str
    url: str | None
    year: str
    venue: str
    code_urls: tuple[str, ...]
    model: Link | None
    authors: str
    links: tuple[Link, ...]
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class _Paper:
    """What a unit's text says, wherever it stands: the entry's fields and its repairs."""

    fields: _PaperFields = field(hash=False)
    repairs: tuple[_Repair, ...]


@lru_cache(maxsize=65_536)
def _paper(raw: str, content: int, block: bool) -> _Paper | None:
    """Read a unit's text (cached: fix rounds and reviews re-read long lists whose items are almost all
    unchanged)."""
    unit = Unit(0, 0, raw, "", content, block)
    reading = _Reading()
    found = list(_links(raw, block, reading))
    title_end = _read_title(unit, found, reading)
    if title_end is None or not _has_letters(reading.title):
        return None
    _read_rest(unit, found, title_end, reading)
    web = [located for located in found if links.is_web_url(located.link.url)]
    paper_links = [located for located in web if located.link.role is LinkRole.PAPER]
    if reading.url is None and paper_links:
        reading.url = paper_links[0].link.url
        reading.spans.append(shared_span(Role.URL, paper_links[0].url_start, paper_links[0].url_end))
    title_link = next(
        (located for located in found if reading.url is not None and located.link.url == reading.url), None
    )
    if not _is_paper(reading, title_link, paper_links):
        return None
    fields: _PaperFields = {
        "title": reading.title,
        "url": reading.url,
        "year": reading.year,
        "venue": reading.venue,
        "code_urls": tuple(dict.fromkeys(located.link.url for located in web if located.link.role is LinkRole.CODE)),
        "model": next((located.link for located in web if located.link.role is LinkRole.MODEL), None),
        "authors": reading.authors,
        "links": tuple(located.link for located in found),
        "spans": tuple(reading.spans),
    }
    return _Paper(fields, tuple(reading.repairs))


def _is_paper(reading: _Reading, title_link: _Located | None, paper_links: list[_Located]) -> bool:
    """A paper link makes a paper; else a venue written in its place does, unless the title links to
    a table-of-contents anchor, a local file, a repository or a model (a tool, not a paper).

    A title that links elsewhere (a book's site, a model card) needs a *labelled* paper link (``[pdf]``):
    a titled one is a reference in its description. A one-word title linked straight to a paper is a
    name (``DeepSeek-v2-236B-MoE``), a model's or a tool's, unless a venue is written beside it."""
    if title_link is not None and title_link.link.role is not LinkRole.PAPER:
        paper_links = [located for located in paper_links if _is_label(located.link)]
    if paper_links and (len(reading.title.split()) > 1 or reading.venue):
        return True
    if title_link is not None and (
        not links.is_web_url(title_link.link.url) or title_link.link.role in (LinkRole.CODE, LinkRole.MODEL)
    ):
        return False
    return bool(reading.venue)


def _has_letters(title: str) -> bool:
    return TWO_LETTERS_RE.search(title) is not None


# --- links -----------------------------------------------------------------------------------------


def _links(raw: str, block: bool, reading: _Reading) -> Iterator[_Located]:
    """Every link of the unit: markdown links, links whose text is never closed (noted as repairs), then
    bare URLs outside them; a block's ``Key: url`` line gives its links the key's role."""
    taken: list[tuple[int, int]] = []
    key_of = _field_key if block else _no_key
    for match in LINK_RE.finditer(raw):
        text = match.group("text")
        parsed = inline.parse_cell(text) if MARKUP_RE.search(text) else None
        image = parsed.images[0] if parsed is not None and parsed.images else ""
        label = parsed.text if parsed is not None else text
        key = key_of(raw, match.start())
        role = facts.link_role(key or label, match.group("url"), image)
        taken.append(match.span())
        yield _Located(
            Link(label.strip(), match.group("url"), role),
            match.start(),
            match.end(),
            match.start("text"),
            match.end("text"),
            match.start("url"),
            match.end("url"),
        )
    for start, end in taken:
        if _stray_closer(raw, end, taken):
            reading.repairs.append(_closer_repair(raw, start, end, taken))
    if raw.count("http") == len(taken):
        return  # every web address is inside a link
    for match in UNCLOSED_LINK_RE.finditer(raw):
        if any(start <= match.start() < end for start, end in taken):
            continue
        taken.append(match.span())
        opening = match.start("url") - 1
        written = match.group()
        fixed = written[: opening - match.start()] + "]" + written[opening - match.start() :]
        message = UNCLOSED_LINK.format(written=code(written), fixed=code(fixed))
        reading.repairs.append(_Repair("unclosed-link", message, opening, opening, "]"))
        label, url = match.group("label"), match.group("url")
        yield _Located(
            Link(label, url, facts.link_role(label, url)),
            match.start(),
            match.end(),
            match.start("label"),
            match.end("label"),
            match.start("url"),
            match.end("url"),
        )
    for match in BARE_URL_RE.finditer(raw):
        if any(start <= match.start() < end for start, end in taken):
            continue
        role = facts.link_role(key_of(raw, match.start()), match.group())
        yield _Located(
            Link("", match.group(), role),
            match.start(),
            match.end(),
            match.start(),
            match.start(),
            match.start(),
            match.end(),
        )


def _closer_repair(raw: str, start: int, end: int, taken: list[tuple[int, int]]) -> _Repair:
    """Where the other links of the line are wrapped (``[[Paper](…)]``), the missing ``[`` is added;
    else the stray closer goes."""
    written = raw[start : end + 1]
    wrapped = raw[end] == "]" and any(
        raw[other_start - 1 : other_start] == "[" and raw[other_end : other_end + 1] == "]"
        for other_start, other_end in taken
        if other_start != start and other_start > 0
    )
    if wrapped:
        message = STRAY_CLOSER_WRAP.format(written=code(written), fixed=code("[" + written))
        return _Repair("stray-bracket", message, start, start, "[")
    message = STRAY_CLOSER.format(written=code(written), closer=code(raw[end]), fixed=code(raw[start:end]))
    return _Repair("stray-bracket", message, end, end + 1, "")


def _stray_closer(raw: str, offset: int, taken: list[tuple[int, int]]) -> bool:
    """True when a link is followed at ``offset`` by a ``)`` or ``]`` that nothing on its line opened
    (``[Title](url))``); links and code spans are skipped when counting."""
    closer = raw[offset : offset + 1]
    if closer not in (")", "]"):
        return False
    opener = "(" if closer == ")" else "["
    line_start = raw.rfind("\n", 0, offset) + 1
    depth = 0
    position = line_start
    while position < offset:
        link_end = next((end for start, end in taken if start == position), None)
        if link_end is not None:
            position = link_end
            continue
        char = raw[position]
        depth += 1 if char == opener else -1 if char == closer and depth > 0 else 0
        position += 1
    return depth == 0


def _plain(written: str) -> str:
    """Inline markdown as the text it shows (read by mistune only when it holds markup)."""
    return inline.parse_cell(written).text if MARKUP_RE.search(written) else written


def _no_key(raw: str, offset: int) -> str:
    return ""


def _field_key(raw: str, offset: int) -> str:
    """The key of the ``- Key: url`` line ``offset`` is on (``Paper``), or ``""``."""
    line_start = raw.rfind("\n", 0, offset) + 1
    match = FIELD_RE.match(raw, line_start)
    return match.group("key") if match and match.end() <= offset + 1 else ""


# --- title -----------------------------------------------------------------------------------------


def _read_title(unit: Unit, found: list[_Located], reading: _Reading) -> int | None:
    """Read the prefix fact and the title; the offset where the title ends, or None for no title."""
    start = _skip_spaces(unit.raw, unit.content)
    prefix = PREFIX_RE.match(unit.raw, start) if not unit.block else None
    if prefix is not None and facts.year_in(_fact_text(prefix.group("fact"))) is not None:
        _read_fact(unit.raw, prefix.start("fact"), prefix.end("fact"), reading)
        start = prefix.end()
    link = next((located for located in found if located.start == start), None)
    if link is not None and not _is_label(link.link):
        return _title_from_link(unit.raw, link, reading)
    bold = BOLD_RE.match(unit.raw, start)
    if bold is not None:
        inner_start, inner_end = bold.span("text") if bold.group("text") else bold.span("text2")
        inner_link = next(
            (located for located in found if located.start == inner_start and located.end == inner_end), None
        )
        if inner_link is not None:
            _title_from_link(unit.raw, inner_link, reading)
        else:
            _set_title(unit.raw, inner_start, inner_end, reading)
        return bold.end()
    if unit.block:
        return None
    return _plain_title(unit.raw, start, reading)


def _title_from_link(raw: str, located: _Located, reading: _Reading) -> int:
    reading.url = located.link.url
    reading.spans.append(shared_span(Role.URL, located.url_start, located.url_end))
    _set_title(raw, located.text_start, located.text_end, reading)
    return located.end


def _plain_title(raw: str, start: int, reading: _Reading) -> int | None:
    line_end = raw.find("\n", start)
    line_end = len(raw) if line_end == -1 else line_end
    stop = PLAIN_TITLE_END_RE.search(raw, start, line_end)
    end = stop.start() if stop else line_end
    while end > start and raw[end - 1] in TRAILING_SEPARATORS:
        end -= 1
    if end <= start:
        return None
    _set_title(raw, start, end, reading)
    return end


def _set_title(raw: str, start: int, end: int, reading: _Reading) -> None:
    """The title as text; its span is recorded only when the text is written plainly (no markup a
    rewrite would lose)."""
    written = raw[start:end]
    text = _plain(written).strip()
    reading.title = " ".join(text.split()) if "\n" not in written else text
    if text == written:
        reading.spans.append(shared_span(Role.TITLE, start, end))


def _is_label(link: Link) -> bool:
    """A link whose text is a label (``[pdf]``, ``[[Paper]]``, ``[Code]``), not a title."""
    text = link.text.strip(" []`*_")
    return not text or facts.link_role(text, "") is not LinkRole.OTHER or text.lower() in ("link", "website")


def _skip_spaces(raw: str, offset: int) -> int:
    while offset < len(raw) and raw[offset] in " \t":
        offset += 1
    return offset


# --- venue, year, authors ------------------------------------------------------------------------


def _read_rest(unit: Unit, found: list[_Located], title_end: int, reading: _Reading) -> None:
    """Venue, year and authors from what follows the title: cells (``| **[CVPR' 18]** |``, ``, ICLR 2023,``,
    ``- NeurIPS 2021``), italic authors, ``by A, B``, and a block's lines before its links. A list item's
    facts are on its first line (or the lines it carries on with a hard break); the lines under it are a
    description."""
    by = AUTHORS_BY_RE.match(unit.raw, title_end)
    if by is not None:
        reading.authors = _plain(by.group("authors")).strip()
        if reading.authors == by.group("authors"):
            reading.spans.append(shared_span(Role.AUTHORS, by.start("authors"), by.end("authors")))
        return
    facts_end = _facts_end(unit)
    emphasis = SINGLE_EMPHASIS_RE.search(unit.raw, title_end, facts_end) is not None
    for start, end in _segments(unit.raw, title_end, facts_end, found):
        if reading.venue_found and not unit.block and (reading.authors or not emphasis):
            break  # an item's facts are read: the rest of its line is links and separators
        text = unit.raw[start:end]
        italic = ITALIC_RE.fullmatch(text.strip(" \\")) if emphasis else None
        if italic and not reading.authors:
            offset = start + text.find(italic.group())
            inner = italic.span("text") if italic.group("text") else italic.span("text2")
            reading.authors = italic.group("text") or italic.group("text2")
            reading.spans.append(shared_span(Role.AUTHORS, offset + inner[0], offset + inner[1]))
        elif unit.block and reading.date is None and _is_date(text):
            reading.date = (start, end)
        elif not reading.venue_found and _holds_venue(text):
            _read_fact(unit.raw, start, end, reading)
    if reading.date is not None:
        # The block's own date is what the list sorts by and what its link's date confirms.
        start, end = reading.date
        reading.year = unit.raw[start:end]
        # Its venue line's year stays recorded after it, so that a new block modelled on this one
        # leaves no year of another paper behind; ``Entry.span(Role.YEAR)`` is the date.
        reading.spans.insert(0, shared_span(Role.YEAR, start, end))


def _is_date(text: str) -> bool:
    """A line that is a full date alone: ``25 Aug 2022``, ``2022-08-25`` (not a bare year)."""
    return facts.year_of(text) is not None and not text.strip().isdigit()


def _facts_end(unit: Unit) -> int:
    """Where the lines that may hold the unit's facts end: a block's paragraph, or an item's first line
    and the lines it carries on with a hard break."""
    end = 0
    for line in unit.raw.split("\n"):
        end += len(line) + 1
        if not line.strip() or not (unit.block or line.endswith(HARD_BREAKS)):
            break
    return min(end, len(unit.raw))


def _segments(raw: str, start: int, stop: int, found: list[_Located]) -> Iterator[tuple[int, int]]:
    """The stretches of text after the title that hold no link, cut at cell separators (`` | ``, ``, ``,
    `` - ``) and line ends; trimmed of spaces."""
    cuts = sorted((located.start, located.end) for located in found if located.end > start and located.start < stop)
    pieces: list[tuple[int, int]] = []
    position = start
    for link_start, link_end in cuts:
        if link_start > position:
            pieces.append((position, link_start))
        position = max(position, link_end)
    if position < stop:
        pieces.append((position, stop))
    for piece_start, piece_end in pieces:
        for match in CELL_RE.finditer(raw, piece_start, piece_end):
            if match.group().strip(SEGMENT_TRIM):  # a cell of spaces and separators alone gives no segment
                yield from _split_commas(raw, match.start(), match.end())


def _split_commas(raw: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Cut at ``, `` and `` - `` outside brackets and emphasis (``*A, B*`` stays whole); trimmed of
    spaces and separators."""
    piece_text = raw[start:end]
    if ", " not in piece_text and " - " not in piece_text:
        yield from _trimmed(raw, start, end)
        return
    if not MARKUP_RE.search(piece_text) and "(" not in piece_text:
        piece = start
        for match in SEPARATOR_RE.finditer(raw, start, end):
            yield from _trimmed(raw, piece, match.start())
            piece = match.start() + 1
        yield from _trimmed(raw, piece, end)
        return
    depth = 0
    emphasis = False
    piece = start
    for offset in range(start, end):
        char = raw[offset]
        depth += 1 if char in "[(" else -1 if char in "])" else 0
        emphasis = emphasis != (char == "*")
        if depth <= 0 and not emphasis and (raw.startswith(", ", offset) or raw.startswith(" - ", offset)):
            yield from _trimmed(raw, piece, offset)
            piece = offset + 1
    yield from _trimmed(raw, piece, end)


def _trimmed(raw: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    piece = raw[start:end]
    left = piece.lstrip(SEGMENT_TRIM)
    kept = left.rstrip(SEGMENT_TRIM)
    if len(kept) < len(left):  # only a closer trimmed off the end can close a bracket ``kept`` opens
        for opener, closer in ("()", "[]"):
            if kept.count(opener) > kept.count(closer) and closer in left[len(kept) :]:
                kept = left[: left.index(closer, len(kept)) + 1]  # ``Workshop (Oral)``: the bracket is its own
    if kept:
        start += len(piece) - len(left)
        yield start, start + len(kept)


@lru_cache(maxsize=16_384)  # a list's venue cells repeat (``**[CVPR' 23]**``)
def _holds_venue(text: str) -> bool:
    """A cell that names a venue: a bracketed or bold fact (``**[CVPR' 18]**``, ``**Under Review**``), or
    a short plain text with a year (``ICLR 2023``); not a date alone and not a sentence."""
    plain = _fact_text(text)
    marked = text.lstrip().startswith(("**", "[", "__"))
    words = MAX_VENUE_WORDS if marked else MAX_PLAIN_VENUE_WORDS
    if not plain or len(plain.split()) > words or not any(char.isalpha() for char in plain) or "`" in plain:
        return False
    venue = facts.venue_and_year(plain)
    if not venue.venue or facts.year_of(plain) is not None:
        return False  # a date alone (``25 Aug 2022``) names no venue
    return venue.year != "" or marked


def _fact_text(text: str) -> str:
    return text.strip().strip("*_").strip().strip("()[]").strip()


def _read_fact(raw: str, start: int, end: int, reading: _Reading) -> None:
    """Venue and year from ``raw[start:end]`` (``(arXiv 2022.06)``, ``**[CVPR' 18]**``, ``ICLR 2023``),
    with their spans; a bracket opened and never closed is a problem."""
    text = raw[start:end]
    fact = facts.venue_and_year(text)
    reading.venue_found = reading.venue_found or bool(fact.venue)
    if fact.venue and not reading.venue:
        reading.venue = fact.venue
        if fact.venue_span is not None:
            reading.spans.append(shared_span(Role.VENUE, start + fact.venue_span[0], start + fact.venue_span[1]))
    if fact.year and not reading.year:
        reading.year = fact.year.strip()
        if fact.year_span is not None:
            reading.spans.append(shared_span(Role.YEAR, start + fact.year_span[0], start + fact.year_span[1]))
    if _unclosed(text) and fact.year_span is not None:
        close = start + fact.year_span[1]
        fixed = raw[start:close] + "]" + raw[close:end]
        message = UNBALANCED_BRACKET.format(fact=code(text), fixed=code(fixed))
        reading.repairs.append(_Repair("stray-bracket", message, close, close, "]"))


def _unclosed(text: str) -> bool:
    """A bracketed fact whose ``[`` is never closed: ``**[MICCAI' 21**``."""
    return text.lstrip("*_ ").startswith("[") and "]" not in text


def _problem(entry: Entry, repair: _Repair) -> Problem:
    """A bracket the entry opens and never closes, or closes twice, with the entry's corrected lines."""
    fixed = entry.raw[: repair.start] + repair.text + entry.raw[repair.end :]
    return Problem(repair.kind, repair.message, entry.location, fix=fixed)


def own_lines(entry: Entry) -> str:
    """The lines of an item that hold its own facts, without the description under it (a paper
    block's lines all hold facts): what a new item modelled on it repeats."""
    if _opens_block(entry.raw.split("\n", 1)[0]):
        return entry.raw
    lines = entry.raw.split("\n")
    kept = [lines[0]]
    for line in lines[1:]:
        if not kept[-1].endswith(HARD_BREAKS):
            break
        kept.append(line)
    return "\n".join(kept)


# A link and what belongs to it: its ``- Key: url`` line, or the link with its brackets and the separator
# before it (``, [[Code]](url)``, `` | [`[code]`](url)``, `` [[Github](url)]``).
_KEY_LINE_RE = r"\n[ \t]*[-*+][ \t]+[^\n]*{url}[^\n]*"
_LINKED_RE = r"(?:[ \t]*[,|][ \t]*|[ \t]+)\[?\[[^\]\n]*(?:\][^\]\n]*)?\]\({url}\)\]?"


def link_extent(text: str, url: str) -> tuple[int, int] | None:
    """Where the link to ``url`` is written in ``text`` with all that goes with it, so that deleting
    ``text[start:end]`` leaves the item whole; None when it is not written so."""
    escaped = re.escape(url)
    for pattern in (_KEY_LINE_RE, _LINKED_RE):
        found = list(re.finditer(pattern.format(url=escaped), text))
        if len(found) == 1:
            return found[0].span()
    return None

"""Turn a new paper's fields into an entry of the list and insert it where it belongs.

Pure: the list on the default branch comes in as a catalog, the changed file's new text comes out.
The entry is written in the list's own style, put in the right file, section and year position with a
minimal diff (one added row; for a list generated from data files, one object added to the data file
and nothing else), and judged by every rule as if it were already there.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from rapidfuzz import fuzz, process

from rules import duplicates, engine, facts, fixes, links, numbering, parse, sections, venues, year_order
from rules.candidate import NewPaper, render_item, render_object, render_row
from rules.checks import duplicate, venue_unknown
from rules.context import Catalog, CheckOptions
from rules.dialects import UnreadableList, datakeys
from rules.model import Entry, Finding, Severity
from rules.sections import Target

REQUIRED = ("title", "url", "year", "venue")
MAX_FIX_ROUNDS = 3
MAX_VENUE_SUGGESTIONS = 3
MIN_VENUE_SCORE = 60
CODE_PREFIXES = ("C-", "J-")
LINK_FIELDS = ("url", "code", "model")
ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
# A year, or a date as data files write them (``2024-06-20``).
YEAR_OR_DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
# An HTML tag (or comment) in a title would render as markup in the list: ``<img src=x onerror=…>``.
HTML_TAG_RE = re.compile(r"<[A-Za-z/!?][^>]*>?")


class ProblemKind(StrEnum):
    """What is wrong with a request before any rule runs."""

    MISSING = "missing"  # a required field is absent
    BAD_YEAR = "bad-year"  # the year is not a four-digit year (or an ISO date)
    UNKNOWN_SECTION = "unknown-section"  # no table of the list has that name
    NO_LIST = "no-list"  # the repository has no paper table or data file
    UNKNOWN_VENUE = "unknown-venue"  # neither the list nor the venue registry knows it
    UNPLACEABLE = "unplaceable"  # the file's layout leaves no clean place for the entry
    NOT_A_LINK = "not-a-link"  # a url, code or model field that is not an http(s) address
    HTML_TITLE = "html-title"  # the title holds an HTML tag (the tag is the value)


@dataclass(frozen=True, slots=True)
class RequestProblem:
    """One reason the request cannot be added as given. ``value`` is the user's text (unescaped),
    ``suggestions`` the closest valid values, ``choices`` examples of valid ones (the sections, the
    list's usual venues)."""

    kind: ProblemKind
    field: str
    value: str = ""
    suggestions: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Placement:
    """Where the entry goes: its file, its section, its first line in the new text, and its
    neighbours in the file as it is now (None at either end)."""

    target: Target
    path: str
    line: int
    after: Entry | None
    before: Entry | None


@dataclass(frozen=True, slots=True)
class Listed:
    """An entry already in the list, with the section people know it by."""

    entry: Entry
    section: str


@dataclass(frozen=True)
class Proposal:
    """Everything the bot says about a request, and the change it would make."""

    paper: NewPaper
    problems: tuple[RequestProblem, ...] = ()
    placement: Placement | None = None
    row: str | None = None
    json_object: str | None = None
    new_text: str | None = None
    entry: Entry | None = None
    findings: tuple[Finding, ...] = ()
    fixed: tuple[Finding, ...] = ()
    existing: tuple[Listed, ...] = ()
    similar: tuple[Listed, ...] = ()

    @property
    def blocking(self) -> tuple[Finding, ...]:
        """The findings that stop the entry: errors, and any word of the duplicate rule (a link that names
        a paper already listed under another title is a wrong link, whatever its severity in a review)."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR or f.rule == duplicate.ID)

    @property
    def notes(self) -> tuple[Finding, ...]:
        """The findings worth a look that do not stop the entry."""
        return tuple(f for f in self.findings if f not in self.blocking)

    @property
    def ready(self) -> bool:
        """True when the entry can be added as it stands: placed, no problem, nothing blocking, no duplicate."""
        return (
            self.placement is not None
            and self.new_text is not None
            and not self.problems
            and not self.existing
            and not self.blocking
        )


def propose(
    catalog: Catalog,
    paper: NewPaper,
    options: CheckOptions | None = None,
    generated: Mapping[str, Sequence[str]] | None = None,
) -> Proposal:
    """Build, place and check the entry for ``paper`` in the list ``catalog`` holds.

    Certain fixes the rules find on the new entry (tracking parameters, stray spaces) are applied
    to it, and listed in ``fixed``; what remains is in ``findings``.
    """
    found = sections.targets(catalog, generated)
    if not found:
        return Proposal(paper, (RequestProblem(ProblemKind.NO_LIST, "section"),))
    target = sections.find(found, paper.section)
    # Every field is checked on its own, so one reply lists every problem of the request.
    problems = _field_problems(paper, target.rows if target else catalog.entries, usual_venues(catalog))
    if target is None:
        suggestions = tuple(sections.suggest(found, paper.section))
        labels = tuple(t.label for t in found)
        problems += (RequestProblem(ProblemKind.UNKNOWN_SECTION, "section", paper.section, suggestions, labels),)
    options = options or CheckOptions()
    registry = venues.registry(options.venues, options.venue_aliases)
    venue, venue_problem = canonical_venue(paper.venue, catalog, registry)
    if problems or target is None:
        return Proposal(paper, problems + ((venue_problem,) if venue_problem else ()))
    if venue_problem is None:
        return _build(catalog, target, replace(paper, venue=venue), options, (), found)
    # The row is still shown, so the contributor sees what it would be; the venue-unknown rule would
    # say the problem again, with fewer suggestions.
    proposal = _build(catalog, target, paper, options, (venue_problem,), found)
    return replace(proposal, findings=tuple(f for f in proposal.findings if f.rule != venue_unknown.ID))


def canonical_venue(
    venue: str, catalog: Catalog, registry: venues.Registry | None = None
) -> tuple[str, RequestProblem | None]:
    """The venue as this list and the venue registry spell it, or the venue as given and a problem
    with the closest known spellings when neither knows it.

    A spelling the list already uses is kept (the list's own code); else the registry's canonical
    code (``c-cvpr``, ``Pattern Recognition``, and ``CVPR`` for a list of ``C-``/``J-`` codes);
    else the list's spelling that differs only in case or in its ``C-``/``J-`` prefix.
    """
    registry = registry or venues.registry()
    counts = Counter(entry.venue for entry in catalog.entries if entry.venue and not venues.is_placeholder(entry.venue))
    if not venue or venue in counts or venues.is_placeholder(venue):
        return venue, None
    known = registry.lookup(venue) or _prefixed_lookup(registry, venue, counts)
    if known is not None:
        return known.code, None
    folded = venue.casefold()
    spelled = [name for name, _ in counts.most_common() if folded in (name.casefold(), _bare(name))]
    if spelled:
        return spelled[0], None
    close = process.extract(
        venue, list(counts), scorer=fuzz.WRatio, limit=MAX_VENUE_SUGGESTIONS, score_cutoff=MIN_VENUE_SCORE
    )
    suggestions = [*registry.closest(venue, venues.kind_of_code(venue)), *(name for name, _, _ in close)]
    unique = tuple(dict.fromkeys(suggestions))[:MAX_VENUE_SUGGESTIONS]
    return venue, RequestProblem(ProblemKind.UNKNOWN_VENUE, "venue", venue, unique, usual_venues(catalog))


def _prefixed_lookup(registry: venues.Registry, venue: str, counts: Counter[str]) -> venues.VenueSpec | None:
    """``CVPR`` → ``C-CVPR`` in a list whose codes carry a ``C-``/``J-`` type prefix, when exactly one fits."""
    if not any(venues.kind_of_code(name) for name in counts):
        return None
    found = {spec.code: spec for prefix in CODE_PREFIXES if (spec := registry.lookup(prefix + venue)) is not None}
    return next(iter(found.values())) if len(found) == 1 else None


def _bare(code: str) -> str:
    """``C-CVPR`` → ``cvpr``: a code without its type prefix, case-folded."""
    return code.casefold().removeprefix("c-").removeprefix("j-")


def usual_venues(catalog: Catalog, count: int = MAX_VENUE_SUGGESTIONS) -> tuple[str, ...]:
    """The list's most used venue spellings, most used first (examples for people)."""
    counts = Counter(entry.venue for entry in catalog.entries if entry.venue and not venues.is_placeholder(entry.venue))
    return tuple(venue for venue, _ in counts.most_common(count))


def _field_problems(paper: NewPaper, rows: Sequence[Entry], venues: tuple[str, ...]) -> tuple[RequestProblem, ...]:
    """Required fields left out (the venue is required where the list gives venues), a year that is not
    one, links that are not web addresses, and a title holding HTML."""
    required = REQUIRED if any(row.venue for row in rows) else tuple(name for name in REQUIRED if name != "venue")
    if rows and all(row.kind == "item" and row.authors for row in rows):
        required += ("authors",)  # every item of the section names its authors
    problems = [
        RequestProblem(ProblemKind.MISSING, name, choices=venues if name == "venue" else ())
        for name in required
        if not getattr(paper, name)
    ]
    # Items may be dated as their list dates them (``20 Jun 2024``); rows and objects take a year or an ISO date.
    dated = bool(rows) and rows[0].kind == "item" and facts.year_in(paper.year) is not None
    if paper.year and not YEAR_OR_DATE_RE.match(paper.year) and not dated:
        problems.append(RequestProblem(ProblemKind.BAD_YEAR, "year", paper.year))
    if tag := HTML_TAG_RE.search(paper.title):
        problems.append(RequestProblem(ProblemKind.HTML_TITLE, "title", tag[0]))
    problems += [
        RequestProblem(ProblemKind.NOT_A_LINK, name, value)
        for name in LINK_FIELDS
        if (value := getattr(paper, name)) and not links.is_web_url(value)
    ]
    return tuple(problems)


def _build(
    catalog: Catalog,
    target: Target,
    paper: NewPaper,
    options: CheckOptions,
    problems: tuple[RequestProblem, ...],
    found: Sequence[Target],
) -> Proposal:
    fixed: list[Finding] = []
    proposal = Proposal(paper, problems)
    for _ in range(MAX_FIX_ROUNDS):
        proposal = _place_and_check(catalog, target, paper, options, problems)
        entry = proposal.entry
        if proposal.new_text is None or entry is None:
            return proposal
        existing, similar = _existing(catalog, entry, options, found)
        if existing:  # said as it is: where the paper already is, and nothing else
            return replace(proposal, existing=existing)
        if similar:  # told once, as a note: the duplicate rule's words about them would block
            proposal = replace(proposal, similar=similar, findings=_without_duplicates_of(proposal.findings, similar))
        certain = [finding for finding in proposal.findings if _rewrites_entry(finding, entry)]
        fixed_paper = _paper_after_fixes(proposal, certain, paper.section) if certain else None
        if fixed_paper is None or fixed_paper == paper:
            break
        fixed.extend(certain)
        paper = fixed_paper
    return replace(proposal, fixed=tuple(fixed))


def _existing(
    catalog: Catalog, entry: Entry, options: CheckOptions, found: Sequence[Target]
) -> tuple[tuple[Listed, ...], tuple[Listed, ...]]:
    """The entries of the list as it is on the default branch that are certainly this paper (the same
    identifier, or the same title), and those that only look like it (helper B's lookup).

    Only entries of the entry's own form are compared: a README generated from data files lists each
    of their papers again, on purpose.
    """
    index = duplicates.PaperIndex(other for other in catalog.entries if other.kind == entry.kind)
    probe = entry.evolve(line=0, end_line=0)  # not taken for the entry now at its line
    matches = index.matches(probe, min_score=options.duplicate_threshold)
    # A shared identifier under a different title is a wrong link, not this paper: the rules say so.
    alike = [match for match in matches if match.score >= options.duplicate_threshold]
    certain = [match for match in alike if match.exact or match.shared]
    near = [match for match in alike if match not in certain]
    return _listed(certain, found), _listed(near, found)


def _listed(matches: Sequence[duplicates.Match], found: Sequence[Target]) -> tuple[Listed, ...]:
    return tuple(Listed(match.entry, sections.label_of(found, match.entry)) for match in matches)


def _without_duplicates_of(findings: Sequence[Finding], similar: Sequence[Listed]) -> tuple[Finding, ...]:
    """The findings, but the duplicate rule's that only point at entries the request merely looks like."""
    near = {(listed.entry.path, listed.entry.line) for listed in similar}
    return tuple(
        finding
        for finding in findings
        if not (
            finding.rule == duplicate.ID
            and finding.related
            and all((location.path, location.line) in near for location in finding.related)
        )
    )


def _place_and_check(
    catalog: Catalog, target: Target, paper: NewPaper, options: CheckOptions, problems: tuple[RequestProblem, ...]
) -> Proposal:
    row = _render(target, paper)
    json_object = render_object(target.source, paper) if target.source is not None else None
    document = target.source if target.source is not None else catalog.document(target.path)
    assert document is not None
    rows = target.source_rows
    index = insertion_index(rows, paper.year)
    if target.source is not None and target.source.kind == "yaml":
        inserted = insert_mapping(document.text, rows, json_object or "", index)
    elif target.source is not None:
        inserted = insert_object(document.text, rows, json_object or "", index)
    elif target.table is not None:
        inserted = insert_row(document.text, target, row or "", index)
    else:
        inserted = insert_item(document.text, rows, row, index) if row is not None else None
        if inserted is not None and row is not None:
            row = _as_inserted(*inserted, row)  # with the number its list gave it
    base = Proposal(paper, problems, row=row, json_object=json_object)
    if inserted is None:
        return replace(base, problems=problems + (RequestProblem(ProblemKind.UNPLACEABLE, "section", target.path),))
    new_text, line = inserted
    try:
        new_document = parse.parse_document(document.path, new_text, datakeys.format_of(document.entries))
    except UnreadableList:
        return replace(base, problems=problems + (RequestProblem(ProblemKind.UNPLACEABLE, "section", target.path),))
    entry = next(candidate for candidate in new_document.entries if candidate.line == line)
    new_catalog = Catalog(tuple(new_document if doc.path == document.path else doc for doc in catalog.documents))
    findings = engine.check(
        new_catalog,
        options,
        targets=[entry],
        scope=lambda path, number: path == entry.path and entry.line <= number <= entry.end_line,
    )
    placement = Placement(
        target,
        document.path,
        line,
        after=rows[index - 1] if index > 0 else None,
        before=rows[index] if index < len(rows) else None,
    )
    return replace(base, placement=placement, new_text=new_text, entry=entry, findings=tuple(findings))


def _as_inserted(text: str, line: int, row: str) -> str:
    """The row's lines as they stand in ``text`` from ``line`` on (insertion changes at most its number)."""
    lines = text.splitlines()[line - 1 : line - 1 + row.count("\n") + 1]
    return "\n".join(lines)


def _render(target: Target, paper: NewPaper) -> str | None:
    """The new row of a table, or the new item of a section of items."""
    if target.table is not None:
        return render_row(target.table, target.rows, paper)
    if target.source is None:
        return render_item(target.rows, paper)
    return None


def _rewrites_entry(finding: Finding, entry: Entry) -> bool:
    """True for a certain fix that rewrites exactly the new entry (not one deleting it or its neighbours)."""
    location = finding.location
    return bool(finding.fix) and location.line == entry.line and location.last_line == entry.end_line


def _paper_after_fixes(proposal: Proposal, certain: list[Finding], section: str) -> NewPaper | None:
    assert proposal.new_text is not None and proposal.entry is not None
    text, _ = fixes.apply_fixes(proposal.new_text, certain)
    try:
        document = parse.parse_document(proposal.entry.path, text, datakeys.format_of((proposal.entry,)))
    except UnreadableList:
        return None
    entry = next((candidate for candidate in document.entries if candidate.line == proposal.entry.line), None)
    return NewPaper.from_entry(entry, section) if entry is not None else None


def insertion_index(rows: Sequence[Entry], year: str) -> int:
    """Where a paper of ``year`` goes among ``rows`` (0: first; ``len(rows)``: last): by the year (or
    date) order most rows follow, or at the end when they follow none."""
    *keys, new_year = _order_keys([entry.year for entry in rows] + [year])
    dated = [(index, value) for index, value in enumerate(keys) if value is not None]
    years = [value for _, value in dated]
    order = year_order.learn(years)
    if order is None or new_year is None:
        return len(rows)
    slot = year_order.slot(order, years, new_year)
    kept = [dated[index][0] for index in order.kept]
    return kept[0] if slot == 0 else kept[slot - 1] + 1


def _order_keys(written: Sequence[str]) -> list[int | None]:
    """Each value's year; or its whole date (``2024-06-20`` → 20240620) when every dated value is an
    ISO date, so that a file kept in date order gets a new paper at its day, not at its year's end."""
    dates = [ISO_DATE_RE.match(text.strip()) for text in written]
    if all(date is not None for date, text in zip(dates, written) if facts.year_in(text) is not None):
        return [int("".join(date.groups())) if date is not None else None for date in dates]
    return [facts.year_in(text) for text in written]


def insert_row(text: str, target: Target, row: str, index: int) -> tuple[str, int]:
    """``text`` with ``row`` added before the ``index``-th row of the target table; and its line."""
    assert target.table is not None
    lines = text.splitlines(keepends=True)
    rows = target.rows
    if index < len(rows):
        at = rows[index].line - 1
    elif rows:
        at = rows[-1].end_line
    else:
        at = target.table.header_line + 1  # just under the delimiter row
    return _insert_lines(lines, at, [row]), at + 1


def insert_item(text: str, items: Sequence[Entry], item: str, index: int) -> tuple[str, int]:
    """``text`` with ``item`` added before the ``index``-th item of a section (after the last one when
    ``index`` is past them), separated by a blank line where the section's items are, and numbered as its
    list numbers its items (see ``rules.numbering``); and its first line."""
    lines = text.splitlines(keepends=True)
    spaced = _blank_between(items)
    new = item.split("\n")
    if index < len(items):
        at = items[index].line - 1
        return numbering.renumber(_insert_lines(lines, at, new + [""] * spaced), at + 1), at + 1
    at = items[-1].end_line
    line = at + 1 + spaced
    return numbering.renumber(_insert_lines(lines, at, [""] * spaced + new), line), line


def _blank_between(items: Sequence[Entry]) -> bool:
    """True when most items of the section are set apart by a blank line (paper blocks, numbered items
    with descriptions), False when they follow each other line by line."""
    gaps = [following.line - previous.end_line - 1 for previous, following in zip(items, items[1:])]
    return sum(gap > 0 for gap in gaps) * 2 > len(gaps) if gaps else False


def insert_object(text: str, rows: Sequence[Entry], json_object: str, index: int) -> tuple[str, int] | None:
    """``text`` (a JSON array) with ``json_object`` added before its ``index``-th object, commas kept
    valid and every other line untouched (but the last object's closing line, when appending); and
    the object's first line. None when the objects do not each start on their own line."""
    lines = text.splitlines(keepends=True)
    object_lines = json_object.split("\n")
    if not rows:
        return _into_empty_array(text, json_object)
    if index < len(rows):
        following = rows[index]
        if not lines[following.line - 1].lstrip().startswith("{"):
            return None
        if index > 0 and rows[index - 1].end_line >= following.line:
            return None
        object_lines[-1] += ","
        return _insert_lines(lines, following.line - 1, object_lines), following.line
    last = rows[-1]
    closing = lines[last.end_line - 1]
    content = closing.rstrip("\r\n").rstrip()
    if not content.endswith("}"):
        return None  # "}]" on one line: no place for a comma without rewriting the line
    lines[last.end_line - 1] = content + "," + closing[len(closing.rstrip("\r\n")) :]
    return _insert_lines(lines, last.end_line, object_lines), last.end_line + 1


def insert_mapping(text: str, rows: Sequence[Entry], item: str, index: int) -> tuple[str, int] | None:
    """``text`` (a YAML list) with ``item`` (a mapping) added before its ``index``-th item, blank lines between items
    kept as the file has them; and the item's first line. None when the items are not each on lines of
    their own (a flow list ``[…]``)."""
    lines = text.splitlines(keepends=True)
    new = item.split("\n")
    if not rows:
        return (item + "\n", 1) if not text.strip() or text.strip() == "[]" else None
    if any(not row.raw.lstrip().startswith("- ") for row in rows):
        return None
    separated = any(not lines[row.line - 2].strip() for row in rows[1:])
    gap = [""] if separated else []
    if index < len(rows):
        at = rows[index].line - 1
        return _insert_lines(lines, at, new + gap), at + 1
    at = rows[-1].end_line
    return _insert_lines(lines, at, gap + new), at + 1 + len(gap)


def _into_empty_array(text: str, json_object: str) -> tuple[str, int] | None:
    if text.strip() != "[]":
        return None
    ending = "\r\n" if "\r\n" in text else "\n"
    return "[" + ending + json_object.replace("\n", ending) + ending + "]" + ending, 2


def _insert_lines(lines: list[str], at: int, new: list[str]) -> str:
    """Insert ``new`` lines before ``lines[at]``, with the file's line ending; a file without a final
    newline keeps having none."""
    neighbour = lines[at - 1] if at > 0 else (lines[0] if lines else "\n")
    ending = "\r\n" if neighbour.endswith("\r\n") else "\n"
    added = [line + ending for line in new]
    if at == len(lines) and lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += ending
        added[-1] = added[-1][: -len(ending)]
    return "".join(lines[:at] + added + lines[at:])

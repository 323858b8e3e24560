"""duplicate — a paper listed more than once.

What it does: finds entries that are the same paper as another entry — by identifier behind any link
form (arXiv abs/pdf/html and versions, DOI, ScienceDirect PII, IEEE Xplore number, CVF slug,
OpenReview id, …), by title (identical once normalised, or near: typos, casing, dropped words, a
dropped name or subtitle), with year, code link and identifiers weighed into one score — and reports
each redundant entry once, pointing at the copy it repeats. Two differently titled entries whose links
name the same paper are reported too: one of the links is wrong.
Entries are compared within one form of the list: markdown rows with markdown rows, JSON objects with
JSON objects. A README generated from data files lists each of their papers again, on purpose.
Why it matters: a paper listed twice is the defect maintainers dislike most, and the copies drift
apart (three venue codes for one paper).
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial

from rules import aggregates, duplicates, edit, grouping, identity, venues
from rules.context import Needs, RuleContext
from rules.duplicates import Paper
from rules.model import Entry, Finding, Location, Severity
from rules.text import code, normalize_title

ID = "duplicate"
SUMMARY = "Each paper is listed once."
CODES = {
    f"{ID}/exact": "The same entry again in the same table.",
    f"{ID}/near": "The same paper again, written differently, in the same table.",
    f"{ID}/merge": "The same paper again, with information the kept copy lacks.",
    f"{ID}/cross-listed": "Many papers of one section listed again in another: one note for the habit.",
    f"{ID}/other-section": "The same paper again in another section or file.",
    f"{ID}/link-conflict": "Two entries share a link but not a title: one link names the wrong paper.",
}
EXAMPLE = (
    "`[BatchNorm-based …](https://ieeexplore.ieee.org/document/10649595)` and, later in the same table, "
    "`[BatchNorm-Based …](https://ieeexplore.ieee.org/document/10649595)`."
)
USE_INSTEAD = "one row."
NEEDS = Needs.LIST  # every other entry of the list, indexed
FIX = (
    "Deleting the redundant row (or JSON object) is certain when its title is the same, no identifier "
    "disagrees, both copies sit in one table (or data file), and the copy kept has everything this one "
    "has (venue, code, model link). Near duplicates, copies in other sections and copies that carry more "
    "than the kept one need a person."
)

Key = tuple[str, int, int]  # path, line and position of an entry

# What one entry is called in the advice, by the shape it was read from.
UNITS = {"markdown": "row", "rst": "row", "item": "item", "json": "object", "yaml": "object"}

DUPLICATE = "This paper is already listed at {where}{place}: {reasons}. {advice}{differs}"
LINK_CONFLICT = (
    "This entry's link names the same paper as {where} (“{title}”): {identifier}, but the titles differ "
    "({title_reason}). One of the two links is wrong: link each title to its own paper."
)
IN_THIS_TABLE = " in this table"
IN_THIS_FILE = " in this file"
IN_THIS_SECTION = " in this section"
UNDER_SECTION = " under “{section}”"
IN_TABLE_AT = " in the table at line {line}"
# A pair of sections sharing this many papers is told once, with the lines, as any recurring cause is.
CROSS_LISTED_GROUP = grouping.MIN_GROUP
MAX_GROUP_RELATED = 50
CROSS_LISTED = (
    "{count} papers under “{here}” are listed again under “{there}” (lines {lines}). If they belong in "
    "both places, leave them; otherwise delete one copy of each."
)
DELETE = "Delete this {unit}; the copy there has everything this one has."
MERGE = "This copy has {extra} that the copy there lacks: carry over what is worth keeping, then delete this {unit}."
NEAR = "If they are one paper, delete this {unit}; if not, correct the title or link that makes them look alike."
ELSEWHERE = "If the paper belongs in both places, leave it; otherwise delete one copy."
DIFFERS = " The copies disagree on the {what}: {here} here, {there} there."


def check(ctx: RuleContext) -> Iterator[Finding]:
    for is_data in (False, True):
        yield from _check_form(ctx, is_data)


def _check_form(ctx: RuleContext, is_data: bool) -> Iterator[Finding]:
    """The duplicates among the entries of one form of the list: its pages (table rows and items of any
    dialect, compared with each other) or its data files (a page generated from them repeats them)."""
    threshold = ctx.options.duplicate_threshold
    targets = [entry for entry in ctx.targets if entry.is_data is is_data]
    if not targets:
        return
    papers = ctx.catalog.facts.part((ID, is_data), partial(Papers.build, is_data))
    index = papers.index
    if len(index) < 2:
        return
    if len(targets) == len(index):
        pairs, under_review = index.paper_pairs(threshold), None
    else:
        pairs = (
            (duplicates.paper_of(target), duplicates.paper_of(match.entry), match)
            for target in targets
            for match in index.matches(target, threshold, limit=None)
        )
        under_review = {_key(entry) for entry in targets}
    yield from _Report(ctx, under_review, papers.is_placeholder).findings(pairs)


@dataclass(frozen=True)
class Papers:
    """One form's entries indexed, and how many different titles each code link is given for (one link
    for papers of different titles is a placeholder, which tells a reader nothing): a whole-list fact
    (``rules.aggregates``), derived for a changed list from its previous version's."""

    is_data: bool
    index: duplicates.PaperIndex
    titles_by_code: aggregates.Distinct[str, str]

    @classmethod
    def build(cls, is_data: bool, entries: Sequence[Entry]) -> Papers:
        index = duplicates.PaperIndex(entry for entry in entries if entry.is_data is is_data)
        titles: aggregates.Distinct[str, str] = aggregates.Distinct()
        for paper in index.papers:
            _count_code_titles(titles, paper, 1)
        return cls(is_data, index, titles)

    def derived(self, change: aggregates.Change) -> Papers:
        removed = [entry for entry in change.removed if entry.is_data is self.is_data]
        added = [entry for entry in change.added if entry.is_data is self.is_data]
        titles = self.titles_by_code.copy()
        for entries, count in ((removed, -1), (added, 1)):
            for entry in entries:
                _count_code_titles(titles, duplicates.paper_of(entry), count)
        return Papers(self.is_data, self.index.derived(removed, added, change.resolve), titles)

    def is_placeholder(self, url: str) -> bool:
        return self.titles_by_code[identity.code_key(url)] > 1


def _count_code_titles(titles: aggregates.Distinct[str, str], paper: duplicates.Paper, count: int) -> None:
    for url in paper.entry.code_urls:
        titles.add(identity.code_key(url), paper.title, count)


def _elsewhere(entry: Entry, kept: Entry) -> bool:
    return (entry.path, entry.section) != (kept.path, kept.section)


def _sections(entry: Entry, kept: Entry) -> tuple[str, str, str, str]:
    return entry.path, entry.section, kept.path, kept.section


def _grouped(cross_listed: dict[tuple[str, str, str, str], list[Finding]]) -> Iterator[Finding]:
    """A whole list's copies filed under another section, said once per pair of sections when there are
    many (a list that files papers under several topics does so by habit); a review, and a few copies,
    are still told one by one."""
    for (path, section, kept_path, kept_section), group in cross_listed.items():
        if len(group) < CROSS_LISTED_GROUP:
            yield from group
            continue
        group.sort(key=lambda finding: finding.location.line)
        there = kept_section if kept_path == path else f"{kept_section} ({kept_path})".strip()
        message = CROSS_LISTED.format(
            count=len(group),
            here=section or path,
            there=there or kept_path,
            lines=grouping.line_list([finding.location for finding in group]),
        )
        related = tuple(finding.location for finding in group[1 : MAX_GROUP_RELATED + 1])
        yield Finding(ID, group[0].severity, message, group[0].location, related=related, code=f"{ID}/cross-listed")


def _key(entry: Entry) -> Key:
    # The position too: JSON objects written on one line share it.
    return entry.path, entry.line, entry.position


@dataclass
class _Report:
    """Keep the best copy of each paper; report every other copy under review once, against a kept
    copy it matches.

    Each group of alike entries keeps its best copy — an entry already in the list before one under
    review, then the one with more information (venue, code, model link), then the earlier one — and
    is visited from it, best first, each copy reported against one visited before that it matches."""

    ctx: RuleContext
    under_review: set[Key] | None  # None: every entry is
    is_placeholder: Callable[[str], bool]  # a code link given for papers of different titles
    # Entries already told their link names another entry's paper: when 100 entries share one link,
    # each is told once, against the earliest, not once per other entry (4,950 findings).
    conflicted: set[Key] = field(default_factory=set)

    def _is_target(self, key: Key) -> bool:
        return self.under_review is None or key in self.under_review

    def findings(self, pairs: Iterable[tuple[Paper, Paper, duplicates.Match]]) -> Iterator[Finding]:
        """The findings on the pairs of papers the index found, each pair with its match (its papers' facts
        read once, by the index, for the pairs and for the findings on them)."""
        threshold = self.ctx.options.duplicate_threshold
        alike: dict[Key, dict[Key, int]] = defaultdict(dict)
        papers: dict[Key, Paper] = {}
        for paper, other, match in pairs:
            key, other_key = _key(paper.entry), _key(other.entry)
            papers[key], papers[other_key] = paper, other
            if match.score >= threshold:
                alike[key][other_key] = alike[other_key][key] = match.score
            elif match.shared:
                yield from self._link_conflict(paper, other)
        order = {document.path: number for number, document in enumerate(self.ctx.catalog.documents)}
        cross_listed: dict[tuple[str, str, str, str], list[Finding]] = defaultdict(list)
        for key, kept in self._copies(alike, {key: papers[key].entry for key in alike}, order):
            entry, kept_entry = papers[key].entry, papers[kept].entry
            found = self._finding(papers[key], papers[kept])
            if self.under_review is None and found.fix is None and _elsewhere(entry, kept_entry):
                cross_listed[_sections(entry, kept_entry)].append(found)
            else:
                yield found
        yield from _grouped(cross_listed)

    def _copies(
        self, alike: dict[Key, dict[Key, int]], entries: dict[Key, Entry], order: dict[str, int]
    ) -> Iterator[tuple[Key, Key]]:
        """Each copy under review, with the copy it repeats: the group's best if alike enough, else a copy
        alike to this one visited before it."""
        priority = {key: self._priority(entries[key], order) for key in alike}
        visited: set[Key] = set()
        for start in sorted(alike, key=priority.__getitem__):
            if start not in visited:
                yield from self._group_copies(start, alike, priority, visited, order)

    def _group_copies(
        self,
        kept: Key,
        alike: dict[Key, dict[Key, int]],
        priority: dict[Key, tuple[bool, int, int, int]],
        visited: set[Key],
        order: dict[str, int],
    ) -> Iterator[tuple[Key, Key]]:
        """The copies of one group, reached from its best copy ``kept``, best first."""
        visited.add(kept)
        frontier = [(priority[other], other) for other in alike[kept]]
        heapq.heapify(frontier)
        while frontier:
            _, key = heapq.heappop(frontier)
            if key in visited:
                continue
            repeated = [other for other in alike[key] if other in visited]
            visited.add(key)
            for other in alike[key]:
                if other not in visited:
                    heapq.heappush(frontier, (priority[other], other))
            if self._is_target(key):
                scores = alike[key]
                yield key, max(repeated, key=lambda other: (other == kept, scores[other], -order[other[0]], -other[1]))

    def _priority(self, entry: Entry, order: dict[str, int]) -> tuple[bool, int, int, int]:
        return self._is_target(_key(entry)), -len(self._information(entry)), order[entry.path], entry.line

    def _information(self, entry: Entry) -> tuple[str, ...]:
        """What an entry tells a reader beyond its title: what deleting it must not lose."""
        parts = []
        if not venues.is_placeholder(entry.venue):
            parts.append("a venue")
        if any(not self.is_placeholder(url) for url in entry.code_urls):
            parts.append("a code link")
        if entry.model is not None and not identity.is_placeholder(entry.model.url):
            parts.append("a model link")
        return tuple(parts)

    def _finding(self, paper: Paper, kept_paper: Paper) -> Finding:
        entry, kept = paper.entry, kept_paper.entry
        match = duplicates.compare(paper, kept_paper)
        unit = UNITS[entry.kind]
        place, same_table = _place(entry, kept)
        extra = [part for part in self._information(entry) if part not in self._information(kept)]
        if paper.ids and not any(identifier in kept_paper.ids for identifier in paper.ids):
            extra.append("another link to the paper")  # which page to link is the maintainer's choice
        if entry.authors.strip() and normalize_title(entry.authors) != normalize_title(kept.authors):
            extra.append("other authors")  # an item's authors (and the description with them) would be lost
        certain = match.exact or bool(match.shared)
        fix = None
        if not same_table:
            advice, severity, kind = ELSEWHERE, self.ctx.options.duplicate_elsewhere_severity, "other-section"
        elif extra:
            advice, kind = MERGE.format(extra=" and ".join(extra), unit=unit), "merge"
            severity = Severity.ERROR if certain else Severity.WARNING
        elif match.exact:
            advice, severity, kind = DELETE.format(unit=unit), Severity.ERROR, "exact"
            fix = self._deletion(entry)
        else:
            advice, kind = NEAR.format(unit=unit), "near"
            severity = Severity.ERROR if certain else Severity.WARNING
        message = DUPLICATE.format(
            where=_where(kept, entry.path),
            place=place,
            reasons=", ".join(match.reasons),
            advice=advice,
            differs=_differences(entry, kept),
        )
        location, replacement = fix if fix is not None else (entry.location, None)
        return Finding(ID, severity, message, location, replacement, related=(kept.location,), code=f"{ID}/{kind}")

    def _deletion(self, entry: Entry) -> tuple[Location, str] | None:
        document = self.ctx.catalog.document(entry.path)
        return edit.removal(document, entry) if document is not None else None

    def _link_conflict(self, a: Paper, b: Paper) -> Iterator[Finding]:
        """Report on the later entry under review: its link, or the other's, names the wrong paper."""
        first_paper, second_paper = sorted(
            (a, b), key=lambda paper: (self._is_target(_key(paper.entry)), paper.entry.path, paper.entry.line)
        )
        first, second = first_paper.entry, second_paper.entry
        if not self._is_target(_key(second)) or _key(second) in self.conflicted:
            return
        self.conflicted.add(_key(second))
        match = duplicates.compare(second_paper, first_paper)
        message = LINK_CONFLICT.format(
            where=_where(first, second.path),
            title=" ".join(first.title.split()),
            identifier=match.shared[0].describe(),
            title_reason=match.reasons[1],
        )
        yield Finding(
            ID, Severity.WARNING, message, second.location, related=(first.location,), code=f"{ID}/link-conflict"
        )


def _where(other: Entry, path: str) -> str:
    """The other entry's line as a message names it: its file too only when that is another file."""
    return f"line {other.line}" if other.path == path else f"{other.path}:{other.line}"


def _place(entry: Entry, kept: Entry) -> tuple[str, bool]:
    """Where the kept copy is, as the message says it, and whether that is this entry's own table."""
    if entry.path != kept.path:
        return "", False
    if entry.is_data:
        return IN_THIS_FILE, True
    if entry.table is not None and entry.table == kept.table:
        return IN_THIS_TABLE, True
    if entry.table is None and kept.table is None and entry.section == kept.section:
        return IN_THIS_SECTION, True
    if kept.section:
        return UNDER_SECTION.format(section=kept.section), False
    return IN_TABLE_AT.format(line=kept.table.header_line if kept.table else kept.line), False


def _differences(entry: Entry, kept: Entry) -> str:
    notes = []
    for what, here, there in (("venue", entry.venue, kept.venue), ("year", entry.year, kept.year)):
        if here.strip() and there.strip() and here.strip() != there.strip():
            notes.append(DIFFERS.format(what=what, here=code(here.strip()), there=code(there.strip())))
    return "".join(notes)

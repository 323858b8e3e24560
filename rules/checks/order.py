"""order — an entry out of its table's sort order.

What it does: learns each markdown table's order by year — oldest first or newest first, as most of
its rows already are — and flags the entries that break it, saying where they belong. Data files are
left alone: the generators that turn them into tables sort by year themselves.
Why it matters: a paper out of place is hard to find, and often a sign of a pasted duplicate.
Fix safety: none; moving a row is left to a person.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator

from rules.context import RuleContext
from rules.model import Entry, Finding, Severity

ID = "order"
SUMMARY = "Entries follow their table's year order."

YEAR_RE = re.compile(r"(?<!\d)(\d{4})(?!\d)")
MIN_ROWS = 4
MIN_SORTED_SHARE = 0.8  # below this the table is not sorted by year at all, and nothing is reported

OUT_OF_ORDER = (
    "This {year} paper is out of order: the table is sorted by year, {direction}. Move it {where}."
)


def check(ctx: RuleContext) -> Iterator[Finding]:
    targets = {(entry.path, entry.line) for entry in ctx.targets}
    tables = (entry for entry in ctx.catalog.entries if entry.kind == "markdown")
    for group in _groups(tables).values():
        for entry, where, direction in _out_of_order(group):
            if (entry.path, entry.line) in targets:
                message = OUT_OF_ORDER.format(year=_year(entry), direction=direction, where=where)
                yield Finding(ID, Severity.WARNING, message, entry.location)


def _groups(entries: Iterable[Entry]) -> dict[tuple[str, int], list[Entry]]:
    groups: dict[tuple[str, int], list[Entry]] = defaultdict(list)
    for entry in entries:
        groups[(entry.path, entry.table.header_line if entry.table else 0)].append(entry)
    return groups


def _year(entry: Entry) -> int | None:
    match = YEAR_RE.search(entry.year)
    return int(match.group(1)) if match else None


def _out_of_order(group: list[Entry]) -> Iterator[tuple[Entry, str, str]]:
    dated = [(entry, year) for entry in group if (year := _year(entry)) is not None]
    if len(dated) < MIN_ROWS:
        return
    ascending = _longest_sorted(dated, lambda year: year)
    descending = _longest_sorted(dated, lambda year: -year)
    kept, key, direction = (
        (ascending, lambda year: year, "oldest first") if len(ascending) >= len(descending)
        else (descending, lambda year: -year, "newest first")
    )
    if len(kept) < MIN_SORTED_SHARE * len(dated) or len(kept) == len(dated):
        return
    kept_set = set(kept)
    kept_rows = [dated[index] for index in kept]
    kept_keys = [key(year) for _, year in kept_rows]
    for index, (entry, year) in enumerate(dated):
        if index in kept_set:
            continue
        slot = bisect.bisect_right(kept_keys, key(year))
        if slot == 0:
            where = f"before line {kept_rows[0][0].line}"
        else:
            where = f"after line {kept_rows[slot - 1][0].line}"
        yield entry, where, direction


def _longest_sorted(dated: list[tuple[Entry, int]], key) -> list[int]:
    """Indices of a longest non-decreasing run (by ``key``) that keeps the rows' order."""
    tails: list[int] = []
    tail_index: list[int] = []
    parent = [-1] * len(dated)
    for index, (_, year) in enumerate(dated):
        value = key(year)
        slot = bisect.bisect_right(tails, value)
        if slot == len(tails):
            tails.append(value)
            tail_index.append(index)
        else:
            tails[slot] = value
            tail_index[slot] = index
        parent[index] = tail_index[slot - 1] if slot else -1
    chain: list[int] = []
    index = tail_index[-1] if tail_index else -1
    while index != -1:
        chain.append(index)
        index = parent[index]
    return chain[::-1]

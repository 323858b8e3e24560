"""order — an entry out of its table's sort order.

What it does: learns each markdown table's order by year — oldest first or newest first, as most of
its rows already are — and flags the entries that break it, saying where they belong. Data files are
left alone: the generators that turn them into tables sort by year themselves.
Why it matters: a paper out of place is hard to find, and often a sign of a pasted duplicate.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from rules import facts, year_order
from rules.context import Needs, RuleContext
from rules.model import Entry, Finding, Severity

ID = "order"
SUMMARY = "Entries follow their table's year order."
CODES = {
    f"{ID}/out-of-order": "An entry out of its table's year order.",
}
EXAMPLE = "a 2019 paper between two 2024 papers in a table sorted newest first"
USE_INSTEAD = "the row moved among the 2019 papers"
NEEDS = Needs.GROUP  # the year order of the entry's own table or section
FIX = "None; moving a row is left to a person."

OUT_OF_ORDER = "This {year} paper is out of order: the table is sorted by year, {direction}. Move it {where}."


def check(ctx: RuleContext) -> Iterator[Finding]:
    targets = {(entry.path, entry.line) for entry in ctx.targets}
    judged = {_group_of(entry) for entry in ctx.targets if not entry.is_data}
    # Only the groups holding an entry under review are learnt: a review of one row reads one table.
    tables = (entry for entry in ctx.catalog.tables_of(ctx.targets) if not entry.is_data and _group_of(entry) in judged)
    for group in _groups(tables).values():
        for entry, where, direction in _out_of_order(group):
            if (entry.path, entry.line) in targets:
                message = OUT_OF_ORDER.format(year=_year(entry), direction=direction, where=where)
                yield Finding(ID, Severity.WARNING, message, entry.location, code=f"{ID}/out-of-order")


def _groups(entries: Iterable[Entry]) -> dict[tuple[str, int | str], list[Entry]]:
    """Entries by the run they are sorted within: their table, or for items, their section."""
    groups: dict[tuple[str, int | str], list[Entry]] = defaultdict(list)
    for entry in entries:
        groups[_group_of(entry)].append(entry)
    return groups


def _group_of(entry: Entry) -> tuple[str, int | str]:
    return entry.path, entry.table.header_line if entry.table else entry.section


def _year(entry: Entry) -> int | None:
    return facts.year_in(entry.year)


def _out_of_order(group: list[Entry]) -> Iterator[tuple[Entry, str, str]]:
    dated = [(entry, year) for entry in group if (year := _year(entry)) is not None]
    years = [year for _, year in dated]
    order = year_order.learn(years)
    if order is None or len(order.kept) == len(dated):
        return
    kept_set = set(order.kept)
    kept_rows = [dated[index] for index in order.kept]
    for index, (entry, year) in enumerate(dated):
        if index in kept_set:
            continue
        slot = year_order.slot(order, years, year)
        if slot == 0:
            where = f"before line {kept_rows[0][0].line}"
        else:
            where = f"after line {kept_rows[slot - 1][0].line}"
        yield entry, where, order.direction

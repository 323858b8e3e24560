"""Learn how a sequence of papers is sorted by year, and where a new year belongs in it.

Shared by the ``order`` rule (which entries break the order) and the entry inserter (where a new
one goes), so both agree on what "in order" means.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass

MIN_ROWS = 4
MIN_SORTED_SHARE = 0.8  # below this a sequence is not sorted by year at all


@dataclass(frozen=True, slots=True)
class YearOrder:
    """The order most rows follow: ``kept`` are the indices (into the years learnt from) of a longest
    run already in that order; the others are out of place."""

    descending: bool
    kept: tuple[int, ...]

    @property
    def direction(self) -> str:
        return "newest first" if self.descending else "oldest first"

    def key(self, year: int) -> int:
        return -year if self.descending else year


def learn(years: Sequence[int]) -> YearOrder | None:
    """The year order of ``years``; None when there are too few of them or most are not in order."""
    if len(years) < MIN_ROWS:
        return None
    ascending = _longest_sorted(years, lambda year: year)
    descending = _longest_sorted(years, lambda year: -year)
    order = YearOrder(False, ascending) if len(ascending) >= len(descending) else YearOrder(True, descending)
    if len(order.kept) < MIN_SORTED_SHARE * len(years):
        return None
    return order


def slot(order: YearOrder, years: Sequence[int], year: int) -> int:
    """Where ``year`` goes among the kept rows: 0 is before the first kept row, k after the k-th.

    A new paper goes after the papers of its own year in an oldest-first list and before them in a
    newest-first one: either way the paper added last sits nearest the newest end, as lists grow.
    """
    keys = [order.key(years[index]) for index in order.kept]
    find = bisect.bisect_left if order.descending else bisect.bisect_right
    return find(keys, order.key(year))


def _longest_sorted(years: Sequence[int], key: Callable[[int], int]) -> tuple[int, ...]:
    """Indices of a longest non-decreasing run (by ``key``) that keeps the rows' order."""
    tails: list[int] = []
    tail_index: list[int] = []
    parent = [-1] * len(years)
    for index, year in enumerate(years):
        value = key(year)
        position = bisect.bisect_right(tails, value)
        if position == len(tails):
            tails.append(value)
            tail_index.append(index)
        else:
            tails[position] = value
            tail_index[position] = index
        parent[index] = tail_index[position - 1] if position else -1
    chain: list[int] = []
    index = tail_index[-1] if tail_index else -1
    while index != -1:
        chain.append(index)
        index = parent[index]
    return tuple(chain[::-1])

"""Say what is wrong with a table row that has one cell too many: an unescaped ``|`` inside a title or link
(the cell it splits is not whole without the next), or an extra cell — named, and dropped by a certain fix
when it is empty or ``-`` and the row's other cells then sit in the columns that hold their like."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rules.facts import year_of

PIPE_HINT = "A `|` inside a title or link must be written `\\|` (it splits cell {cell})."
EXTRA_CELL_HINT = "The extra cell is the {value} after the {column} cell (cell {cell}); remove it."
EXTRA_CELL_UNSURE = "A `|` inside a title or link must be written `\\|`; otherwise remove the extra cell."
MISSING_CELLS_HINT = "Fill in every column (write `-` for an empty one)."
EMPTY_VALUES = ("", "-")
_IMAGE_RE = re.compile(r"!\[")
_LINK_RE = re.compile(r"\]\(")


@dataclass(frozen=True, slots=True)
class Explanation:
    hint: str
    cells: tuple[str, ...] | None = None  # the row's cells once fixed, when the fix is certain


def shape(cell: str) -> str:
    """What kind of value a cell holds, coarsely: enough to tell which column a cell belongs in."""
    text = cell.strip()
    if text in EMPTY_VALUES:
        return "empty"
    if _IMAGE_RE.search(text):
        return "image"
    if _LINK_RE.search(text):
        return "link"
    if year_of(text) is not None:
        return "year"
    return "text"


def column_shapes(rows: Sequence[Sequence[str]], expected: int) -> tuple[Counter[str], ...]:
    """How often each column holds each shape, learnt from the rows that have the right number of cells."""
    counts: tuple[Counter[str], ...] = tuple(Counter() for _ in range(expected))
    for cells in rows:
        if len(cells) == expected:
            for column, cell in enumerate(cells):
                counts[column][shape(cell)] += 1
    return counts


def explain(cells: Sequence[str], headers: Sequence[str], shapes: Sequence[Counter[str]]) -> Explanation:
    """Why a row's cells do not fit its header, and the fixed cells when that is certain."""
    expected = len(headers)
    if len(cells) < expected:
        return Explanation(MISSING_CELLS_HINT)
    split = _split_cell(cells)
    if split is not None:
        return Explanation(PIPE_HINT.format(cell=split + 1))
    if len(cells) != expected + 1:
        return Explanation(EXTRA_CELL_UNSURE)
    extra = _extra_cell(cells, shapes)
    if extra is None:
        return Explanation(EXTRA_CELL_UNSURE)
    value = f"`{cells[extra]}`" if cells[extra] else "empty cell"
    hint = EXTRA_CELL_HINT.format(value=value, column=headers[extra - 1] or f"#{extra}", cell=extra + 1)
    return Explanation(hint, tuple(cells[:extra]) + tuple(cells[extra + 1 :]))


def _split_cell(cells: Sequence[str]) -> int | None:
    """The cell a ``|`` split: one whose brackets only close in the cell after it."""
    for index, (cell, following) in enumerate(zip(cells, cells[1:])):
        if not _balanced(cell) and _balanced(cell + "|" + following):
            return index
    return None


def _balanced(text: str) -> bool:
    return text.count("[") == text.count("]") and text.count("(") == text.count(")")


def _extra_cell(cells: Sequence[str], shapes: Sequence[Counter[str]]) -> int | None:
    """The empty cell whose removal puts the other cells best in the columns that hold their like: each
    filled cell must land in a column that holds its shape, and counts by how usual that shape is there.
    None when no removal fits, or two different ones fit equally well."""
    scored: dict[tuple[str, ...], tuple[float, int]] = {}
    for index in range(1, len(cells)):
        if cells[index].strip() not in EMPTY_VALUES:
            continue
        rest = (*cells[:index], *cells[index + 1 :])
        score = _fit(rest, shapes)
        if score is not None:
            scored.setdefault(rest, (score, index))  # `| - | - |`: removing either gives one row
    if not scored:
        return None
    ranked = sorted(scored.values(), reverse=True)
    return ranked[0][1] if len(ranked) == 1 or ranked[0][0] > ranked[1][0] else None


def _fit(cells: Sequence[str], shapes: Sequence[Counter[str]]) -> float | None:
    total = 0.0
    for cell, counts in zip(cells, shapes):
        kind = shape(cell)
        if kind == "empty" or not counts:
            continue
        if not counts[kind]:
            return None
        total += counts[kind] / sum(counts.values())
    return total

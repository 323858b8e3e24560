"""Keep a numbered list's numbering when an item is inserted into it.

A list numbered in sequence (``1.``, ``2.``, ``3.`` …, or counting down) gets the new item's number and
the items after it renumbered; a list writing ``1.`` for every item (lazy numbering, which Markdown
renders as a sequence) keeps doing so; a list whose numbers follow neither habit is left as it is, and
the new item is numbered like its neighbour. Only the digits of each marker change: every item keeps its
text, its indentation and its continuation lines. Pure text in, text out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

NUMBERED_RE = re.compile(r"^(?P<indent>[ \t]*)(?P<number>\d{1,9})[.)](?:[ \t]|\r?\n|$)")
# Lines that start a block of their own (a heading, a list item, a quote, a fence, an HTML block, a rule),
# and so end the paragraph above them instead of going on with it.
_STARTS_BLOCK_RE = re.compile(
    r"^[ \t]*(?:#{1,6}(?:[ \t]|$)|[-*+][ \t]|\d{1,9}[.)](?:[ \t]|$)|>|`{3}|~{3}|<|(?:[-*_][ \t]*){3,}$)"
)
MIN_ITEMS_FOR_A_HABIT = 2  # one item shows no habit: a sequence and lazy numbering both fit it


@dataclass(frozen=True, slots=True)
class Marker:
    """The number of one item of a list: the item's 0-based line, and its digits as written (``07``)."""

    line: int
    digits: str

    @property
    def number(self) -> int:
        return int(self.digits)

    @property
    def padded(self) -> bool:
        return len(self.digits) > 1 and self.digits.startswith("0")


def renumber(text: str, line: int) -> str:
    """``text``, in which the item starting at ``line`` (1-based) was just inserted, with the numbers of
    its list as the list numbers them. Unchanged when that item is not numbered."""
    lines = text.splitlines(keepends=True)
    found = NUMBERED_RE.match(lines[line - 1]) if 0 < line <= len(lines) else None
    if found is None:
        return text
    markers = _list_markers(lines, line - 1, found["indent"])
    position = next(index for index, marker in enumerate(markers) if marker.line == line - 1)
    others = [marker.number for index, marker in enumerate(markers) if index != position]
    if not others:
        return text  # the only numbered item of its list: its number stands
    # A list writing ``01.`` pads every number it writes to that width.
    width = max(
        (len(marker.digits) for index, marker in enumerate(markers) if index != position and marker.padded), default=0
    )
    for marker, number in zip(markers, numbers_after_insertion(others, position)):
        digits = str(number).zfill(width)
        if digits != marker.digits:
            lines[marker.line] = _with_digits(lines[marker.line], marker, digits)
    return "".join(lines)


def numbers_after_insertion(numbers: Sequence[int], position: int) -> list[int]:
    """The numbers of a list's items once a new item is at ``position`` among them: ``numbers`` are the
    items' numbers before (in order). A sequence up or down goes on without a gap (the first number of
    one going up stays, the last of one counting down stays); otherwise the others keep their numbers
    and the new item takes that of the item above it (below it, when it goes first)."""
    if len(numbers) >= MIN_ITEMS_FOR_A_HABIT:
        steps = {following - previous for previous, following in zip(numbers, numbers[1:])}
        if steps == {1}:
            return [numbers[0] + index for index in range(len(numbers) + 1)]
        if steps == {-1}:
            return [numbers[-1] + len(numbers) - index for index in range(len(numbers) + 1)]
    neighbour = numbers[position - 1] if position > 0 else numbers[0]
    return [*numbers[:position], neighbour, *numbers[position:]]


def _list_markers(lines: Sequence[str], start: int, indent: str) -> list[Marker]:
    """The numbered items of the list holding the item at ``start``, in order: from there up and down
    while lines are items at the same indent, blank, indented deeper (an item's continuation or a nested
    list), or an item's paragraph going on unindented; a heading, a paragraph or another kind of list ends it."""
    first = last = start
    while first > 0 and (above := _list_line_above(lines, first, indent)) is not None:
        first = above
    while last + 1 < len(lines) and (_in_list(lines[last + 1], indent) or _goes_on(lines, last + 1)):
        last += 1
    return [
        Marker(index, found["number"])
        for index in range(first, last + 1)
        if (found := NUMBERED_RE.match(lines[index])) is not None and found["indent"] == indent
    ]


def _list_line_above(lines: Sequence[str], index: int, indent: str) -> int | None:
    """The first line of the list's part just above line ``index``: the line before it, or the top of a run
    of lines that go on the paragraph of an item above them; None where the list starts at ``index``."""
    above = index - 1
    if _in_list(lines[above], indent):
        return above
    top = above
    while top > 0 and _goes_on(lines, top) and not _in_list(lines[top - 1], indent):
        top -= 1
    return top - 1 if top > 0 and _goes_on(lines, top) else None


def _goes_on(lines: Sequence[str], index: int) -> bool:
    """Whether line ``index`` goes on the paragraph of the line above it however it is indented (CommonMark's
    lazy continuation): it has text, the line above has too, and it does not start a block of its own."""
    return bool(lines[index].strip() and lines[index - 1].strip()) and not _STARTS_BLOCK_RE.match(lines[index])


def _in_list(line: str, indent: str) -> bool:
    if not line.strip():
        return True
    found = NUMBERED_RE.match(line)
    if found is not None and found["indent"] == indent:
        return True
    leading = line[: len(line) - len(line.lstrip(" \t"))]
    return len(leading.expandtabs(4)) > len(indent.expandtabs(4))


def _with_digits(line: str, marker: Marker, digits: str) -> str:
    start = len(line) - len(line.lstrip(" \t"))
    return line[:start] + digits + line[start + len(marker.digits) :]

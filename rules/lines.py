"""The lines of a long text, split only where they are read (``TextLines``, ``iter_lines``) or found through
an index of where they start (``line_starts``), and where two versions of a text differ (``common_prefix``,
``common_suffix``): a splice (``rules.splice``) reads the few hundred
lines around a change, not the 27 MB of a 100k-entry list, which ``str.splitlines`` took a third of a
warm review to split, twice.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from itertools import accumulate
from typing import overload

# Line boundaries ``str.splitlines`` knows besides "\n" and "\r\n": a text holding one (or a lone "\r")
# is split whole, since counting "\n" would not number its lines as ``splitlines`` does.
ODD_BREAKS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
CHUNK_LINES = 64  # lines split at once as a read reaches past those split
CHUNK_CHARS = 1 << 16  # characters compared, or split into lines, at once
WALKED = 8  # characters compared one by one once the halving has narrowed a difference down to them


def plain_breaks(text: str) -> bool:
    """Whether every line break of ``text`` is "\\n" or "\\r\\n": its lines are then numbered by counting "\\n"."""
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return False
    return not any(mark in text for mark in ODD_BREAKS)


class TextLines(Sequence[str]):
    """``text.splitlines()`` for a text with plain breaks (``plain_breaks``), split a chunk at a time
    around ``line`` (which starts at character ``offset``) as lines are read: one window that grows
    towards each line asked for."""

    __slots__ = ("_text", "_count", "_low", "_start", "_end", "_lines")

    def __init__(self, text: str, line: int = 0, offset: int = 0) -> None:
        self._text = text
        self._count = text.count("\n") + (1 if text and not text.endswith("\n") else 0)
        self._low, self._start, self._end = line, offset, offset  # lines from _low are text[_start:_end]
        self._lines: list[str] = []

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[number] for number in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError("line index out of range")
        while index < self._low:
            self._split_before()
        while index >= self._low + len(self._lines):
            self._split_after()
        return self._lines[index - self._low]

    def _split_after(self) -> None:
        end = self._end
        for _ in range(CHUNK_LINES):
            found = self._text.find("\n", end)
            if found == -1:
                end = len(self._text)
                break
            end = found + 1
        self._lines.extend(self._text[self._end : end].splitlines())
        self._end = end

    def _split_before(self) -> None:
        start = self._start
        for _ in range(CHUNK_LINES):
            if start == 0:
                break
            start = self._text.rfind("\n", 0, start - 1) + 1
        before = self._text[start : self._start].splitlines()
        self._lines[:0] = before
        self._low -= len(before)
        self._start = start


def common_prefix(first: str, second: str) -> int:
    """How many characters the two texts start with alike: whole chunks compared, then the differing chunk
    halved (slice comparisons run in C), then its last few characters walked."""
    size = min(len(first), len(second))
    start = end = 0
    while start < size:
        end = min(start + CHUNK_CHARS, size)
        if first[start:end] != second[start:end]:
            break
        start = end
    else:
        return size
    while end - start > WALKED:
        middle = (start + end) // 2
        if first[start:middle] == second[start:middle]:
            start = middle
        else:
            end = middle
    while first[start] == second[start]:
        start += 1
    return start


def common_suffix(first: str, second: str, limit: int) -> int:
    """How many characters (at most ``limit``) the two texts end with alike, found as ``common_prefix`` finds
    its start, from the end."""
    last, other = len(first), len(second)
    done = high = 0
    while done < limit:
        high = min(done + CHUNK_CHARS, limit)
        if first[last - high : last - done] != second[other - high : other - done]:
            break
        done = high
    else:
        return limit
    while high - done > WALKED:
        middle = (done + high) // 2
        if first[last - middle : last - done] == second[other - middle : other - done]:
            done = middle
        else:
            high = middle
    while first[last - done - 1] == second[other - done - 1]:
        done += 1
    return done


def lines_from(text: str, position: int) -> int:
    """How many of ``text``'s lines start at or after character ``position`` (plain breaks)."""
    if position >= len(text):
        return 0
    if position == 0:
        return len(TextLines(text))
    return text.count("\n", position - 1, len(text) - 1)


def iter_lines(text: str) -> Iterator[str]:
    """``text.splitlines()``, split a chunk at a time (each cut after a "\n", so no break is cut in two):
    a walk that stops at a list's first heading, or at a line near its top, splits only what it read."""
    start = 0
    while start < len(text):
        cut = text.find("\n", start + CHUNK_CHARS)
        end = len(text) if cut == -1 else cut + 1
        yield from text[start:end].splitlines()
        start = end


def line_starts(text: str, chunk: int = CHUNK_CHARS) -> array[int]:
    """The offset where each of the text's lines starts, as ``str.splitlines`` counts them, then the text's
    end: line N is ``text[starts[N - 1] : starts[N]]`` with its line break, and there are
    ``len(starts) - 1`` lines. As machine integers, it costs a few bytes a line where the split lines of a
    100k-entry data file (1.2M strings) held over 100 MB. The text is split a chunk at a time (each ending
    just past a ``\\n``, where a line ends whatever else breaks lines), its lines' lengths summed in C."""
    starts = array("q", [0])
    offset = 0
    while offset < len(text):
        cut = text.find("\n", offset + chunk)
        end = len(text) if cut < 0 else cut + 1
        lengths = map(len, text[offset:end].splitlines(keepends=True))
        starts.extend(map(offset.__add__, accumulate(lengths)))
        offset = end
    return starts


def lines_of(text: str, starts: array[int], first: int, last: int) -> str:
    """Lines ``first..last`` (1-based, inclusive; ``starts`` from ``line_starts``) joined by ``\\n``, as
    ``"\\n".join(text.splitlines()[first - 1 : last])`` would give them."""
    return "\n".join(text[starts[first - 1] : starts[last]].splitlines())

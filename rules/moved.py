"""The entries of a document spliced from its previous version (``rules.splice``): those below the part
read again are the previous version's, moved down some lines, and each moved copy is made the first time
it is read. A review of a row near the top of a 100k-entry list reads a few of the entries below it (a
bisection, the rows of one table), not all of them: copying every one took most of its second.

Walks that read what entries say, not where they are, use ``contents``; walks that need only where they
are use ``spans``: neither moves an entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import islice
from typing import overload

from rules.model import Entry


class MovedEntries(Sequence[Entry]):
    """``base[:before]``, then ``read``, then ``base[after:]`` each moved ``shift`` lines by ``move`` as it
    is first read, and the same object from then on. Moved copies are kept in a list, not behind a lock:
    a spliced document belongs to one review (the document cache keeps only documents read whole)."""

    __slots__ = ("_base", "_before", "_read", "_after", "_shift", "_move", "_moved")

    def __init__(
        self,
        base: Sequence[Entry],
        before: int,
        read: Sequence[Entry],
        after: int,
        shift: int,
        move: Callable[[Entry], Entry],
    ) -> None:
        self._base, self._before, self._read, self._after = base, before, tuple(read), after
        self._shift, self._move = shift, move
        self._moved: list[Entry | None] = [None] * (len(base) - after)

    def __len__(self) -> int:
        return self._before + len(self._read) + len(self._moved)

    @overload
    def __getitem__(self, index: int) -> Entry: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Entry, ...]: ...

    def __getitem__(self, index: int | slice) -> Entry | tuple[Entry, ...]:
        if isinstance(index, slice):
            return tuple(self._at(number) for number in range(*index.indices(len(self))))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("entry index out of range")
        return self._at(index)

    def __iter__(self) -> Iterator[Entry]:
        yield from islice(self._base, self._before)
        yield from self._read
        yield from map(self._moved_at, range(len(self._moved)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, tuple | MovedEntries):  # equal as a tuple of the same entries is
            return NotImplemented
        return len(self) == len(other) and all(mine == theirs for mine, theirs in zip(self, other))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"MovedEntries({len(self)} entries, the last {len(self._moved)} moved {self._shift:+d} lines)"

    def contents(self) -> Iterator[Entry]:
        """Each entry, or for one not moved yet the previous version's: the same text, fields and identity
        of what it says, its lines not yet moved."""
        yield from islice(contents(self._base), self._before)
        yield from self._read
        unmoved = islice(contents(self._base), self._after, None)
        yield from (moved or entry for moved, entry in zip(self._moved, unmoved))

    def spans(self) -> Iterator[tuple[int, int]]:
        """Each entry's first and last line, the moved ones computed, not moved."""
        yield from islice(spans(self._base), self._before)
        yield from ((entry.line, entry.end_line) for entry in self._read)
        shift = self._shift
        yield from ((line + shift, end + shift) for line, end in islice(spans(self._base), self._after, None))

    def _at(self, index: int) -> Entry:
        if index < self._before:
            return self._base[index]
        index -= self._before
        if index < len(self._read):
            return self._read[index]
        return self._moved_at(index - len(self._read))

    def _moved_at(self, index: int) -> Entry:
        moved = self._moved[index]
        if moved is None:
            moved = self._moved[index] = self._move(self._base[self._after + index])
        return moved


def contents(entries: Sequence[Entry]) -> Iterator[Entry]:
    """The entries for what they say (title, section, kind, cells…), in order: a spliced document's are
    not moved for it, so their lines may be the previous version's; an entry already read is itself."""
    return entries.contents() if isinstance(entries, MovedEntries) else iter(entries)


def spans(entries: Sequence[Entry]) -> Iterator[tuple[int, int]]:
    """Each entry's first and last line, in order, without moving a spliced document's entries."""
    if isinstance(entries, MovedEntries):
        return entries.spans()
    return ((entry.line, entry.end_line) for entry in entries)

"""Whole-list facts the rules read beyond the entries they judge — how many titles hold a word, which
entries give one code link, the years and venue codes the list uses, its papers indexed — kept as data:
built once per list version, and for a version spliced from the one before (``rules.splice``) derived
from that version's facts, less what the removed entries gave and plus what the added ones give. A
review of one row of a 100k-entry list then costs the row, not the list.

A full check builds the same facts over every entry and asks them the same questions: there is one
implementation. Facts are data of one list version, owned by whoever keeps its documents
(``rules.parse.DocumentCache``); nothing here outlives its owner.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, Self, TypeVar

from rules.model import Entry

K = TypeVar("K", bound=Hashable)
V = TypeVar("V", bound=Hashable)
P = TypeVar("P", bound="Part")
Resolve = Callable[[Entry], Entry]


def unmoved(entry: Entry) -> Entry:
    return entry


@dataclass(frozen=True)
class Moved:
    """Where the entries of a list's previous version are in the version spliced from it (``rules.splice``):
    those above the lines read again are the same objects; below them, the head's entries on the same
    line, or ``shift`` lines down from ``moved`` on; ``added`` (by identity) are the head's own."""

    path: str
    kept: int  # the first line read again (1-based): entries above it are the head's too
    moved: int  # the previous version's first line below the change: entries from it on moved
    shift: int
    head: Sequence[Entry]  # the head's entries, in order
    added: frozenset[int] = frozenset()

    def __call__(self, entry: Entry) -> Entry:
        if entry.path != self.path or entry.line < self.kept or id(entry) in self.added:
            return entry
        line = entry.line + self.shift if entry.line >= self.moved else entry.line
        return self.head[bisect_left(self.head, line, key=lambda other: other.line)]


@dataclass(frozen=True)
class Change:
    """A list version's change from the one its facts derive from: the entries it removed (the previous
    version's), those it added (its own), where the others moved, and the order of its entries."""

    removed: Sequence[Entry]
    added: Sequence[Entry]
    resolve: Resolve = unmoved
    order: Callable[[Entry], tuple[int, int, int]] = field(default=lambda entry: list_order(entry))


class Part(Protocol):
    """One kind of whole-list fact: built from every entry, or derived from the previous version's."""

    def derived(self, change: Change) -> Self: ...


class Counts(Generic[K]):
    """How many entries give each key. A copy reads the counts it copies and writes its own over them: a
    list version's facts are not counted again once built, and copying every count of a 100k-entry list
    (a paper per year, a title per code link) took tens of megabytes per fix round for a few changes."""

    __slots__ = ("_counts", "_base")

    def __init__(self, counts: Mapping[K, int] | None = None) -> None:
        self._counts: dict[K, int] = dict(counts) if counts else {}  # 0: a key the copy no longer counts
        self._base: Mapping[K, int] = {}  # the copied counts, never written

    def __getitem__(self, key: K) -> int:
        found = self._counts.get(key)
        return self._base.get(key, 0) if found is None else found

    def add(self, key: K, count: int = 1) -> int:
        """Count ``key`` ``count`` more times (fewer, when negative); its new count."""
        value = self[key] + count
        if value or key in self._base:
            self._counts[key] = value
        else:
            self._counts.pop(key, None)
        return value

    @classmethod
    def of(cls, keys: Iterable[K]) -> Counts[K]:
        """How many times each of ``keys`` comes: counted in one pass (``Counter``), for a whole list. The
        counter is kept as it is (a copy of a 100k-entry list's pairs held 10 MB more at its peak)."""
        counts: Counts[K] = cls()
        counts._counts = Counter(keys)
        return counts

    def items(self) -> Iterable[tuple[K, int]]:
        own = self._counts
        yield from ((key, count) for key, count in own.items() if count)
        yield from ((key, count) for key, count in self._base.items() if key not in own)

    def copy(self) -> Counts[K]:
        """Counts to write over these: they read these counts (and those these were copied from) as they are."""
        copied: Counts[K] = Counts()
        if self._base:
            copied._base, copied._counts = self._base, dict(self._counts)
        else:
            copied._base = self._counts
        return copied


class Distinct(Generic[K, V]):
    """How many different values (papers, titles) the entries give under each key."""

    __slots__ = ("_pairs", "_keys")

    def __init__(self) -> None:
        self._pairs: Counts[tuple[K, V]] = Counts()
        self._keys: Counts[K] = Counts()

    def add(self, key: K, value: V, count: int = 1) -> None:
        before = self._pairs[key, value]
        after = self._pairs.add((key, value), count)
        if (before > 0) != (after > 0):
            self._keys.add(key, 1 if after > 0 else -1)

    @classmethod
    def of(cls, pairs: Iterable[tuple[K, V]]) -> Distinct[K, V]:
        """The values under each key of ``pairs``, counted in one pass, for a whole list."""
        distinct: Distinct[K, V] = cls()
        distinct._pairs = Counts.of(pairs)
        distinct._keys = Counts.of(key for (key, _), _ in distinct._pairs.items())
        return distinct

    def __getitem__(self, key: K) -> int:
        return self._keys[key]

    def items(self) -> Iterable[tuple[K, int]]:
        return self._keys.items()

    def copy(self) -> Distinct[K, V]:
        copied: Distinct[K, V] = Distinct()
        copied._pairs, copied._keys = self._pairs.copy(), self._keys.copy()
        return copied


def list_order(entry: Entry) -> tuple[int, int, int]:
    """Where an entry is in a list of one file (a catalog of several passes its files' order)."""
    return 0, entry.line, entry.position


class Groups(Generic[K]):
    """The entries under each key, in list order. A derived copy holds the previous version's entries
    until a change touches their group, and resolves them to this version's when read (``Moved``)."""

    __slots__ = ("_groups", "_owned", "_resolve", "_removable", "_order")

    def __init__(self) -> None:
        self._groups: dict[K, list[Entry]] = {}
        self._owned: set[K] | None = None  # the groups a derived copy has copied (None: all are its own)
        self._resolve: Resolve = unmoved
        self._removable: Resolve = unmoved  # where the previous version had them: a change removes those
        self._order: Callable[[Entry], tuple[int, int, int]] = list_order

    @classmethod
    def of(cls, pairs: Iterable[tuple[K, Entry]]) -> Groups[K]:
        """The entries of ``pairs`` under their keys, in the pairs' order (a whole list's, in list order)."""
        groups: Groups[K] = cls()
        for key, entry in pairs:
            groups._groups.setdefault(key, []).append(entry)
        return groups

    def __getitem__(self, key: K) -> list[Entry]:
        """The entries under ``key``, where they are in this version of the list."""
        group = self._groups.get(key, [])
        return group if self._resolve is unmoved else [self._resolve(entry) for entry in group]

    def first(self, key: K) -> Entry | None:
        group = self._groups.get(key)
        return self._resolve(group[0]) if group else None

    def raw(self, key: K) -> Sequence[Entry]:
        """The entries under ``key`` as kept: for what they say, not where they are (their lines may be a
        previous version's)."""
        return self._groups.get(key, ())

    def raw_groups(self) -> Iterable[Sequence[Entry]]:
        return self._groups.values()

    def keys(self) -> Iterable[K]:
        return self._groups.keys()

    def __len__(self) -> int:
        return len(self._groups)

    def add(self, key: K, entry: Entry) -> None:
        """Add ``entry`` under ``key``: after the others when building from the entries in list order,
        at its place in the list when a change adds it."""
        group = self._writable(key)
        if self._owned is None:
            group.append(entry)
        else:
            group.insert(bisect_right(group, self._order(entry), key=self._resolved_order), entry)

    def remove(self, key: K, entry: Entry) -> None:
        """Take ``entry`` (one a change removed: an entry of the previous version) from under ``key``."""
        if key not in self._groups:
            return
        group = [other for other in self._groups[key] if self._removable(other) is not entry]
        if group:
            self._groups[key] = group
            if self._owned is not None:
                self._owned.add(key)
        else:
            del self._groups[key]

    def derived(self, change: Change) -> Groups[K]:
        copied: Groups[K] = Groups()
        copied._groups = dict(self._groups)  # its lists are shared until written (``_writable``)
        copied._owned = set()
        resolve = copied._removable = self._resolve
        copied._resolve = change.resolve if resolve is unmoved else _then(resolve, change.resolve)
        copied._order = change.order
        return copied

    def _writable(self, key: K) -> list[Entry]:
        group = self._groups.get(key)
        if group is None:
            group = self._groups[key] = []
        elif self._owned is not None and key not in self._owned:
            group = self._groups[key] = list(group)
        if self._owned is not None:
            self._owned.add(key)
        return group

    def _resolved_order(self, entry: Entry) -> tuple[int, int, int]:
        return self._order(self._resolve(entry))


def _then(first: Resolve, second: Resolve) -> Resolve:
    return lambda entry: second(first(entry))


# Facts are derived from the previous version's while the change adds and removes at most 1/FEW of the
# entries (a README and the data files beside it, a pull request of a few rows); past that, adding and
# removing one by one costs more than counting afresh (32,000 rows added to a 151-row list: 16 → 23 s).
FEW = 10


class ListFacts:
    """The whole-list facts of one list version, each part built (or derived) the first time a rule asks
    for it and kept while this object lives. Parts are keyed by what they are and what they depend on
    (``PaperIndex`` of the page entries; venue readings under one registry)."""

    def __init__(self, entries: Sequence[Entry], parent: ListFacts | None = None, change: Change | None = None):
        self._entries = entries
        self._parent = parent
        self._change = change
        self._parts: dict[Hashable, Any] = {}
        self._lock = threading.Lock()  # a worker's threads share cached documents, and so their facts

    def derived(self, entries: Sequence[Entry], change: Change) -> ListFacts:
        """The facts of the version with ``entries`` that ``change`` made from this one (counted afresh
        when the change is no longer a few of them)."""
        if (len(change.removed) + len(change.added)) * FEW > len(entries):
            return ListFacts(entries)
        return ListFacts(entries, self, change)

    def part(self, key: Hashable, build: Callable[[Sequence[Entry]], P]) -> P:
        """The part ``key``: built by ``build`` from every entry, or derived from the previous version's."""
        with self._lock:
            found = self._parts.get(key)
            if found is None:
                if self._parent is None or self._change is None:
                    found = build(self._entries)
                else:
                    found = self._parent.part(key, build).derived(self._change)
                self._parts[key] = found
            return found

    def forget(self, owner: str) -> None:
        """Drop the parts keyed as ``owner``'s (a rule's ID, alone or first), here and in the versions these
        derive from: a one-off check has no use for a rule's facts once the rule has run."""
        with self._lock:
            for key in [key for key in self._parts if key == owner or (isinstance(key, tuple) and key[:1] == (owner,))]:
                del self._parts[key]
        if self._parent is not None:
            self._parent.forget(owner)


def combined(documents: Sequence[tuple[Sequence[Entry], ListFacts | None]], order: Mapping[str, int]) -> ListFacts:
    """The facts of a list of several files: the largest file's facts (its own, when given) with the
    other files' entries added, so a review of a long README beside small data files derives them."""
    if len(documents) == 1 and documents[0][1] is not None:
        return documents[0][1]
    every = [entry for entries, _ in documents for entry in entries]
    largest = max(range(len(documents)), key=lambda index: len(documents[index][0]), default=None)
    if largest is None or documents[largest][1] is None:
        return ListFacts(every)
    entries, facts = documents[largest]
    assert facts is not None
    others = [entry for index, (some, _) in enumerate(documents) if index != largest for entry in some]
    if not others:
        return facts
    return facts.derived(
        every, Change((), others, order=lambda entry: (order.get(entry.path, 0), entry.line, entry.position))
    )

"""How many bytes a parsed document holds: what a cache of documents counts against its budget.

Walking every object of a 100k-entry list would cost about a second; the entries of one list are alike,
so an evenly spread sample of them, walked whole, stands for the rest. What the sampled entries share
(the spans and cells many rows have in common) is counted once for the sample, so once for every
``SAMPLE``-th entry of the list: the figure errs a little high more often than low (within a few
percent below; 10–20 % above on a generated 30k-entry table)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from enum import Enum

from rules.model import Document, Table

SAMPLE = 64  # entries (and problems) walked whole per document


def document_bytes(document: Document) -> int:
    """The bytes ``document`` holds in memory: its text, and its entries and problems at the average size
    of a sample of them."""
    return (
        sys.getsizeof(document)
        + sys.getsizeof(document.text)
        + _sampled(document.entries)
        + _sampled(document.problems)
        + sum(deep_size(table) for table in document.tables)
    )


def _sampled(items: Sequence[object]) -> int:
    """The items' bytes: the average of every ``len(items) // SAMPLE``-th one, times their number."""
    if not items:
        return sys.getsizeof(items)
    sample = items[:: max(1, len(items) // SAMPLE)]
    return sys.getsizeof(items) + deep_size(*sample) * len(items) // len(sample)


def deep_size(*values: object) -> int:
    """The bytes of ``values`` and of everything they hold (tuples, lists, dicts, slotted objects), each
    object counted once; an entry's table is the document's, and counted there."""
    seen: set[int] = set()
    total = 0
    stack = list(values)
    while stack:
        item = stack.pop()
        if item is None or isinstance(item, bool | Enum) or id(item) in seen:
            continue
        seen.add(id(item))
        total += sys.getsizeof(item)
        stack.extend(_held(item))
    return total


def _held(item: object) -> list[object]:
    if isinstance(item, str | bytes | int | float):
        return []
    if isinstance(item, tuple | list | set | frozenset):
        return list(item)
    if isinstance(item, dict):
        return [*item.keys(), *item.values()]
    slots = (name for cls in type(item).__mro__ for name in getattr(cls, "__slots__", ()))
    held = [getattr(item, name) for name in slots if hasattr(item, name)]
    return [value for value in held if not isinstance(value, Table)]  # an entry's table is the document's

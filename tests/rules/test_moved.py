"""A spliced document's entries below the change are moved as they are read (``rules.moved``): read in
any way — by index, slice, iteration, their lines alone or what they say — they are a full read's."""

from __future__ import annotations

import pytest

from rules import moved, parse, splice
from rules.context import Catalog
from rules.model import Document
from tests.rules.test_splice import NEW_ROW, TABLE_LISTS, list_text, row_lines


def spliced_near_the_top() -> tuple[Document, Document, Document]:
    """(base, spliced head, full read of the head) for a row inserted into the first table."""
    text = list_text(TABLE_LISTS[0])
    lines = text.splitlines(keepends=True)
    lines.insert(row_lines(text)[1], NEW_ROW + "\n")
    head = "".join(lines)
    base = parse.parse_document("README.md", text)
    spliced = splice.splice(base, head)
    assert spliced is not None
    return base, spliced.document, parse.parse_document("README.md", head)


def test_entries_are_moved_one_by_one_as_they_are_read():
    base, head, full = spliced_near_the_top()
    entries = head.entries
    assert isinstance(entries, moved.MovedEntries)
    last = entries[-1]
    said = list(moved.contents(entries))
    assert said[-1] is last and last == full.entries[-1]  # read once: itself from then on
    assert said[-2] is base.entries[-2]  # not read: the previous version's, its lines not moved
    assert said[-2].line + 1 == full.entries[-2].line
    assert entries[-1] is last and entries[len(entries) - 1] is last


def test_every_way_of_reading_them_gives_the_full_read():
    _, head, full = spliced_near_the_top()
    entries = head.entries
    assert list(moved.spans(entries)) == [(entry.line, entry.end_line) for entry in full.entries]
    assert [entry.title for entry in moved.contents(entries)] == [entry.title for entry in full.entries]
    assert entries[5:40:3] == full.entries[5:40:3]
    assert entries[-3:] == full.entries[-3:]
    assert len(entries) == len(full.entries)
    assert entries == full.entries and full.entries == entries and hash(entries) == hash(tuple(full.entries))
    assert entries != list(full.entries)  # as a tuple is not a list
    with pytest.raises(IndexError):
        entries[len(entries)]


def test_a_catalog_finds_the_rows_of_a_table_without_reading_the_others():
    _, head, full = spliced_near_the_top()
    target = next(entry for entry in head.entries if entry.title and entry.table is not None)
    rows = Catalog((head,)).tables_of([target])
    assert target.table is not None
    assert list(rows) == [entry for entry in full.entries if entry.table == target.table]
    assert list(Catalog((head,)).contents())[-1].line < full.entries[-1].line  # still not moved

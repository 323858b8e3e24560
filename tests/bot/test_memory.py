"""The rules' memos are emptied where they stop paying: by a worker after a job once its memory has passed
the release mark (and kept below it), by a check after parsing and after each rule (the memos of rows)."""

from __future__ import annotations

import pytest

from bot import memory
from rules.text import normalize_title
from rules.venues import packaged


def test_the_memos_are_emptied_past_the_mark(monkeypatch: pytest.MonkeyPatch) -> None:
    normalize_title("A Paper on Things")
    monkeypatch.setattr(memory, "RELEASE_ABOVE", 0)
    memory.release()
    assert normalize_title.cache_info().currsize == 0


def test_the_memos_are_kept_below_the_mark(monkeypatch: pytest.MonkeyPatch) -> None:
    normalize_title("A Paper on Things")
    monkeypatch.setattr(memory, "RELEASE_ABOVE", 2**62)
    memory.release()
    assert normalize_title.cache_info().currsize > 0


def test_the_resident_memory_is_read() -> None:
    assert 2**20 < memory.resident_bytes() < 2**40


def test_a_check_empties_the_memos_of_rows_and_keeps_the_small_ones() -> None:
    normalize_title("A Paper on Things")  # a memo of 65,536 titles
    registry = packaged()  # a memo of one value: the packaged venue registry, read by every check
    memory.release_row_memos()
    assert normalize_title.cache_info().currsize == 0
    assert packaged.cache_info().currsize == 1 and packaged() is registry


def test_every_memo_of_the_rules_is_found_once() -> None:
    found = list(memory.memos())
    assert normalize_title in found and packaged in found
    assert len(found) == len({id(memo) for memo in found})  # rules.text's memo, imported by many modules

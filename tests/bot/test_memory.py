"""A worker empties the rules' memos after a job once its memory has passed the release mark, and keeps
them below it."""

from __future__ import annotations

import pytest

from bot import memory
from rules.text import normalize_title


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

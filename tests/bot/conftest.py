"""Fixtures the bot's tests share."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakesources import FakeSources, serving


@pytest.fixture
def sources(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeSources]:
    """The record sources' fake, with the App's lookups switched on and pointed at it."""
    with serving(monkeypatch, tmp_path, lookups_on=True) as fake:
        yield fake

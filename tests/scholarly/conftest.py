"""A fake of the record sources on 127.0.0.1 and a fetcher pointed at it, with a fresh SQLite store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scholarly.http import Fetcher
from scholarly.settings import SourceSettings
from scholarly.store import SqliteStore
from tests.fakesources import FakeSources

NO_WAIT = {"arxiv": 0.0, "crossref": 0.0, "dblp": 0.0, "openreview": 0.0, "s2": 0.0}


@pytest.fixture
def fake() -> Iterator[FakeSources]:
    with FakeSources() as server:
        yield server


def settings_for(fake: FakeSources, **overrides: object) -> SourceSettings:
    values = {**fake.env(), "PAPER_TRIAGE_INTERVALS": NO_WAIT, "PAPER_TRIAGE_LOOKUP_TIMEOUT": 2.0}
    values.update(overrides)
    return SourceSettings(**values)


@pytest.fixture
def fetcher(fake: FakeSources, tmp_path: Path) -> Fetcher:
    return Fetcher(settings_for(fake), SqliteStore(tmp_path / "records.db"))

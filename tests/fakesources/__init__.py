"""A local fake of the record sources (arXiv, Crossref, DBLP, OpenReview) on 127.0.0.1, serving the bodies
in ``tests/fixtures/metadata`` in each API's documented shape, with switches for 429s, slowness and outages."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.fakesources.server import FakeSources

__all__ = ["FakeSources", "serving"]

NO_WAIT = '{"arxiv": 0, "crossref": 0, "dblp": 0, "openreview": 0}'


@contextmanager
def serving(monkeypatch: pytest.MonkeyPatch, data_dir: Path, *, lookups_on: bool = False) -> Iterator[FakeSources]:
    """The fake, with the environment pointing paper-triage at it: no wait between requests, answers cached
    under ``data_dir``, and (``lookups_on``) the App's lookups switched on, which the test suite keeps off."""
    with FakeSources() as fake:
        for name, value in fake.env().items():
            monkeypatch.setenv(name, value)
        if lookups_on:
            monkeypatch.setenv("PAPER_TRIAGE_METADATA", "1")
        monkeypatch.setenv("DATA_DIR", str(data_dir))
        monkeypatch.setenv("PAPER_TRIAGE_INTERVALS", NO_WAIT)
        yield fake

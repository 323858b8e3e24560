"""``paper-triage check --online``: look the list's papers up in their records first (arXiv, Crossref,
DBLP, OpenReview), with a progress bar on a terminal. Offline stays the default, so CI runs are
deterministic; the answers are cached in ``DATA_DIR/records.db`` (or Redis with ``REDIS_URL``)."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, TextIO

from rules.context import Catalog

if TYPE_CHECKING:
    from rules.records import Lookup

PROGRESS_FROM = 20  # entries: shorter lists are looked up before a bar would show
BAR_WIDTH = 30
UNVERIFIED = "paper-triage: {count} entr{ies} not checked against their records: {sources} did not answer."


def records(catalog: Catalog, out: TextIO = sys.stderr) -> Mapping[str, Lookup]:
    """Every entry's lookup; a bar on ``out`` when it is a terminal and the list is long; a line naming the
    sources that did not answer."""
    # The HTTP stack loads only for --online: `check` of a small file must start fast.
    from scholarly.http import Fetcher
    from scholarly.lookup import look_up
    from scholarly.settings import SourceSettings
    from scholarly.store import open_store

    settings = SourceSettings()
    fetcher = Fetcher(settings, open_store(settings.data_dir, settings.redis_url))
    bar = (
        (lambda done, total: progress(done, total, out))
        if out.isatty() and len(catalog.entries) >= PROGRESS_FROM
        else None
    )
    found = look_up(catalog.entries, fetcher, progress=bar)
    if bar is not None:
        out.write("\n")
    missing = sorted({source for lookup in found.values() for source in lookup.unverified})
    if missing:
        count = sum(1 for lookup in found.values() if lookup.unverified)
        out.write(UNVERIFIED.format(count=count, ies="y" if count == 1 else "ies", sources=", ".join(missing)) + "\n")
    return found


def progress(done: int, total: int, out: TextIO) -> None:
    filled = BAR_WIDTH * done // max(total, 1)
    out.write(f"\rLooking papers up [{'#' * filled}{' ' * (BAR_WIDTH - filled)}] {done}/{total}")
    out.flush()

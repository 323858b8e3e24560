"""Benchmark of the record lookups: a 150-entry list verified cold within the sources' rate limits, then
warm from the cache, and the review of a 10-entry pull request with lookups on and off. A measurement
to read, not a test; nothing leaves this machine (the sources are ``tests.fakesources`` on 127.0.0.1,
answering after ``--latency`` seconds).

    .venv/bin/python -m bench.records                 # the sources' published pace (cold: minutes)
    .venv/bin/python -m bench.records --scale 0.1     # every interval a tenth: cold in seconds

The cold run keeps to each source's interval (``scholarly.settings.INTERVALS``, times ``--scale``), so its
wall time is bound by the busiest source: ``requests × interval``. With ``--scale`` below 1 the bench
also prints that bound at the published pace (scale 1), computed from the requests it counted; the
measured time at the reduced pace shows the limiter honoured its (scaled) spacing.
"""

from __future__ import annotations

import argparse
import difflib
import statistics
import tempfile
import time
from pathlib import Path

from bot import collector
from bot.repo_config import RepoConfig
from bot.review import FileChange, plan_review
from rules.parse import DocumentCache, parse_catalog
from scholarly.http import Fetcher
from scholarly.lookup import look_up
from scholarly.settings import INTERVALS, SourceSettings
from scholarly.store import SqliteStore
from tests.fakesources import FakeSources

LIST = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "lists" / "video-anomaly-detection" / "README.md"
ENTRIES = 150
PR_ROWS = 10
REVIEWS = 5


def list_text(entries: int) -> tuple[str, list[str]]:
    """The shared list cut to its header and first ``entries`` rows (and the rows, for the pull request)."""
    lines = LIST.read_text(encoding="utf-8").splitlines(True)
    rows = [index for index, line in enumerate(lines) if line.startswith("| [")]
    kept = set(rows[:entries])
    text = "".join(line for index, line in enumerate(lines) if index not in set(rows) or index in kept)
    return text, [lines[index] for index in rows[:entries]]


def fetcher(fake: FakeSources, store: SqliteStore, scale: float) -> Fetcher:
    settings = SourceSettings(
        **fake.env(),
        PAPER_TRIAGE_INTERVALS={name: value * scale for name, value in INTERVALS.items()},
        PAPER_TRIAGE_LOOKUP_THREADS=4,
    )
    return Fetcher(settings, store)


def per_source(fake: FakeSources) -> dict[str, int]:
    return {source: fake.count(source) for source in ("arxiv", "crossref", "dblp", "openreview") if fake.count(source)}


def run(scale: float, latency: float) -> None:
    text, rows = list_text(ENTRIES)
    catalog = parse_catalog({"README.md": text})
    with FakeSources(latency=latency) as fake, tempfile.TemporaryDirectory() as folder:
        store = SqliteStore(Path(folder) / "records.db")
        cold_start = time.perf_counter()
        found = look_up(catalog.entries, fetcher(fake, store, scale))
        cold = time.perf_counter() - cold_start
        counts = per_source(fake)
        bound = max(count * INTERVALS[source] for source, count in counts.items())
        print(
            f"{len(catalog.entries)} entries ({len(found)} distinct), {sum(counts.values())} requests: "
            + ", ".join(f"{source} {count} (1 per {INTERVALS[source]:g} s)" for source, count in counts.items())
        )
        print(f"cold, intervals x{scale:g}: {cold:.1f} s (limiter bound {bound * scale:.1f} s)")
        if scale != 1:
            print(f"cold at the published pace: at least {bound:.0f} s, set by the busiest source")
        warm_start = time.perf_counter()
        look_up(catalog.entries, fetcher(fake, store, scale))
        print(
            f"warm (cached): {time.perf_counter() - warm_start:.2f} s, {sum(per_source(fake).values()) - sum(counts.values())} requests"
        )
        review_latency(fake, store, text, rows, scale)


@collector.paused()  # as a worker's jobs run
def review_latency(fake: FakeSources, store: SqliteStore, text: str, rows: list[str], scale: float) -> None:
    """A pull request adding ``PR_ROWS`` rows of the list — those around the papers the fake has records
    for, so the review has record findings — reviewed with lookups on and off (each warmed up first)."""
    known = max(index for index, row in enumerate(rows) if "TAVtkpjS9P" in row)
    added = rows[max(0, known - PR_ROWS // 2) :][:PR_ROWS]
    base = "".join(line for line in text.splitlines(True) if line not in added)
    patch = "".join(list(difflib.unified_diff(base.splitlines(True), text.splitlines(True)))[2:])
    change = FileChange("README.md", "modified", None, base, text, patch)
    source = fetcher(fake, store, scale)
    config = RepoConfig()
    records = lambda entries: look_up(entries, source)  # noqa: E731
    documents = DocumentCache()  # a worker's, kept from review to review
    plan_review([change], {}, config, records=records, documents=documents)  # warms the records' cache
    plan_review([change], {}, config, documents=documents)  # and the parser's, as a worker's earlier reviews would
    timings, problems = {}, {}
    for label, lookups in (("off", None), ("on", records)):
        samples = []
        for _ in range(REVIEWS):
            start = time.perf_counter()
            plan = plan_review([change], {}, config, records=lookups, documents=documents)
            samples.append(time.perf_counter() - start)
        timings[label], problems[label] = statistics.median(samples), plan.check.title
    print(
        f"review of a {PR_ROWS}-entry pull request (median of {REVIEWS}): metadata off {timings['off']:.3f} s "
        f"({problems['off']}), on with a warm cache {timings['on']:.3f} s ({problems['on']}), "
        f"+{timings['on'] - timings['off']:.3f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every source's interval (default 1)")
    parser.add_argument("--latency", type=float, default=0.02, help="the fake sources' answer time in seconds")
    args = parser.parse_args()
    run(args.scale, args.latency)


if __name__ == "__main__":
    main()

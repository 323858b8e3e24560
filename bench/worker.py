"""A review worker's memory and time over many pushes: one process plans the reviews of ``--pushes``
successive pushes to generated lists, as a worker does job after job. A measurement to read, not a test.

    .venv/bin/python -m bench.worker                          # 50 pushes to two 100k-entry lists
    .venv/bin/python -m bench.worker --size 10000 --pushes 20

The lists are ``bench.duplicates``' generated tables, written by a process of their own (so the worker's
peak memory is its own). Each push adds one row (every tenth push: fifty) to one of the lists, at a
place that moves from push to push, and is reviewed against the list as the previous push left it (a
merged pull request is the next one's base), so each review sees a base and a head it has not seen
together. Printed per push: the review's CPU time, the process's resident memory after it and its peak so far; at the end,
the process's peak resident memory (``ru_maxrss``) against the 1 GB budget of issue 14.
"""

from __future__ import annotations

import argparse
import difflib
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import scale
from bot.app_settings import DOCUMENT_CACHE_MB

BUDGET_MB = 1024
LISTS = 2
WIDE_PUSH_EVERY = 10  # every tenth push adds fifty rows
WIDE_PUSH_ROWS = 50


def resident_mb() -> float:
    from bot import memory

    return memory.resident_bytes() / 2**20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pushed(base: str, rows: int, push: int):
    """The change of one push: ``rows`` new rows after a row chosen by the push's number."""
    from bot.review import FileChange

    lines = base.splitlines(True)
    table_rows = [index for index, line in enumerate(lines) if line.startswith("| [")]
    after = table_rows[(push * 7919) % len(table_rows)]
    head = "".join(lines[: after + 1] + scale.new_rows(rows, push * 100) + lines[after + 1 :])
    patch = "".join(list(difflib.unified_diff(lines, head.splitlines(True)))[2:])
    return FileChange("README.md", "modified", None, base, head, patch.removesuffix("\n"))


def work(paths: list[Path], pushes: int, cache_mb: int) -> int:
    """Review ``pushes`` pushes in this process, printing each one's figures."""
    from bot import collector, memory
    from bot.repo_config import RepoConfig
    from bot.review import plan_review
    from rules.parse import DocumentCache

    documents = DocumentCache(
        cache_mb * 2**20
    )  # as bot.jobs.Worker runs jobs: one cache, the collector paused, memos released after
    lists = [path.read_text(encoding="utf-8") for path in paths]
    print(f"{'push':>4}  {'rows':>4}  {'CPU s':>6}  {'RSS MB':>7}  {'peak MB':>7}")
    for push in range(pushes):
        which = push % len(lists)
        rows = WIDE_PUSH_ROWS if push % WIDE_PUSH_EVERY == WIDE_PUSH_EVERY - 1 else 1
        change = pushed(lists[which], rows, push)
        started = time.process_time()
        with collector.paused():
            plan_review([change], {}, RepoConfig(), documents=documents)
        memory.release()
        seconds = time.process_time() - started
        lists[which] = change.head_text or ""
        print(f"{push + 1:>4}  {rows:>4}  {seconds:>6.2f}  {resident_mb():>7.0f}  {peak_mb():>7.0f}", flush=True)
    peak = peak_mb()
    verdict = "within" if peak < BUDGET_MB else "over"
    print(f"peak resident memory: {peak:.0f} MB ({verdict} the {BUDGET_MB} MB budget)")
    return 0 if peak < BUDGET_MB else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--pushes", type=int, default=50)
    parser.add_argument("--seed", type=int, default=scale.SEED)
    parser.add_argument("--cache-mb", type=int, default=DOCUMENT_CACHE_MB, help="the worker's DOCUMENT_CACHE_MB")
    parser.add_argument("--work", nargs="+", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.work:
        return work(args.work, args.pushes, args.cache_mb)
    with tempfile.TemporaryDirectory(prefix="paper-triage-worker-") as temporary:
        folder = Path(temporary)
        paths = [scale.write_list(folder / str(number), args.size, args.seed + number) for number in range(LISTS)]
        command = [sys.executable, "-m", "bench.worker", "--pushes", str(args.pushes), "--cache-mb", str(args.cache_mb)]
        command += ["--work", *map(str, paths)]
        return subprocess.run(command, cwd=scale.ROOT).returncode


if __name__ == "__main__":
    sys.exit(main())

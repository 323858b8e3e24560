"""Benchmark of the pull-request review planner: how long ``plan_review`` takes on a pull request adding
a few rows to lists of 1k and 10k entries. A measurement to read, not a test.

    .venv/bin/python -m bench.review                      # 1k and 10k entries
    .venv/bin/python -m bench.review --sizes 1000 100000  # other sizes (100k takes minutes)

The lists are ``bench.duplicates``' synthetic lists (realistic rows, planted duplicates). The pull
request adds ``--rows`` rows at the top of the first table: one clean, one broken across two lines with
an empty model link and a venue alias (three fixes in one suggestion), one copy of an existing paper.
"""

from __future__ import annotations

import argparse
import difflib
import time

from bench import duplicates
from bot import collector
from bot.repo_config import RepoConfig
from bot.review import FileChange, plan_review

NEW_ROWS = (
    "| [A clean new paper on anomaly detection](https://arxiv.org/abs/2501.00001) | 2025 | arXiv | ![](./assets/video.svg) | - | - |",
    "| [A broken new paper on anomaly detection](https://arxiv.org/abs/2501.00002) | 2025 | arxiv |\n"
    "![](./assets/video.svg) | - | [Model]() |",
)


def pull_request(size: int, seed: int) -> tuple[str, str]:
    """The list (base) and the list with the new rows and a copy of its first paper (head)."""
    base, _, _ = duplicates.build(size, seed)
    lines = base.splitlines(True)
    first_row = next(index for index, line in enumerate(lines) if line.startswith("| ["))
    added = [row + "\n" for row in NEW_ROWS] + [lines[first_row]]
    return base, "".join(lines[:first_row] + added + lines[first_row:])


@collector.paused()  # as a worker's jobs run
def run_one(size: int, seed: int) -> dict:
    base, head = pull_request(size, seed)
    patch = "".join(list(difflib.unified_diff(base.splitlines(True), head.splitlines(True)))[2:])
    change = FileChange("README.md", "modified", None, base, head, patch.removesuffix("\n"))
    started = time.perf_counter()
    plan = plan_review([change], {}, RepoConfig())
    seconds = time.perf_counter() - started
    return {
        "size": size,
        "seconds": seconds,
        "comments": len(plan.comments),
        "annotations": len(plan.check.annotations),
        "conclusion": plan.check.conclusion.value,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[1_000, 10_000])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    print(f"{'entries':>8}  {'plan_review':>11}  {'comments':>8}  {'annotations':>11}  conclusion")
    for size in args.sizes:
        result = run_one(size, args.seed)
        print(
            f"{result['size']:>8}  {result['seconds']:>10.2f}s  {result['comments']:>8}  "
            f"{result['annotations']:>11}  {result['conclusion']}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Before → after: the CPU time of ``check`` from two revisions of paper-triage, run interleaved on the same
generated lists, so that a shared machine's load weighs on both alike. A measurement to read, not a test.

    .venv/bin/python -m bench.compare main HEAD                    # 10k table, text and JSON, three rounds
    .venv/bin/python -m bench.compare main HEAD --sizes 100000 --formats text --rounds 1
    .venv/bin/python -m bench.compare main HEAD --shapes table items json yaml

Each revision is exported (``git archive``) into a temporary folder and compiled to bytecode; each run is a
fresh process importing that revision first (``PYTHONPATH``). Per list and format it prints each round's CPU
seconds (user + system, from the rusage ``os.wait4`` reaps the process with), the ratio of the medians, the
load average, and whether both revisions printed the same findings (a speed-up must not change them).
"""

from __future__ import annotations

import argparse
import compileall
import io
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from bench import duplicates
from bench.scale import ROOT, SEED, measure, write_list

PACKAGES = ("rules", "scholarly", "bot", "webhooks", "paper_triage")


def export(revision: str, folder: Path) -> Path:
    """The revision's source tree, compiled, in ``folder``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    for package in PACKAGES:
        if (folder / package).is_dir():
            compileall.compile_dir(folder / package, quiet=1)
    return folder


def run_check(tree: Path, listing: tuple[Path, str], fmt: str) -> dict:
    """``check`` in ``fmt`` with the code of ``tree``, of the list ``(folder, file name)`` from its folder."""
    folder, name = listing
    command = [sys.executable, "-m", "paper_triage", "check", "--fail-on", "never", "--format", fmt, name]
    return measure(command, folder, env=os.environ | {"PYTHONPATH": str(tree)})


def generated_list(folder: Path, shape: str, size: int, seed: int) -> tuple[Path, str]:
    """The generated list's folder, and its file's name there as a real list names it (``scripts/data.json``)."""
    root = folder / f"{shape}-{size}"
    write_list(root, size, seed, shape)
    return root, duplicates.FILE_NAMES.get(shape, "README.md")


def compare(trees: tuple[Path, Path], listing: tuple[Path, str], fmt: str, rounds: int) -> str:
    """One table row: each round's CPU seconds before and after (interleaved), the ratio, the load, and
    whether the two outputs are the same."""
    cpu: tuple[list[float], list[float]] = ([], [])
    outputs: tuple[set[str], set[str]] = (set(), set())
    for _ in range(rounds):
        for side, tree in enumerate(trees):
            run = run_check(tree, listing, fmt)
            if "error" in run:
                return f"{run['error']} |"
            cpu[side].append(run["cpu"])
            outputs[side].add(run["stdout"])
    before, after = (statistics.median(seconds) for seconds in cpu)
    same = "same" if outputs[0] == outputs[1] and len(outputs[0]) == 1 else "**differs**"
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    shown = [" / ".join(f"{seconds:.2f}" for seconds in side) for side in cpu]
    return f"{shown[0]} | {shown[1]} | {after / before:.2f}× | {load} | {same} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", help="git revision measured first (e.g. main)")
    parser.add_argument("after", help="git revision measured second (e.g. HEAD)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--shapes", nargs="+", default=["table"], choices=["table", "items", "json", "yaml"])
    parser.add_argument("--formats", nargs="+", default=["text", "json"])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="paper-triage-compare-") as temporary:
        folder = Path(temporary)
        trees = (export(args.before, folder / "before"), export(args.after, folder / "after"))
        print(f"`check`, CPU seconds per round ({args.before} → {args.after}, interleaved, median ratio)\n")
        print("| list | format | before | after | after / before | load average | findings |")
        print("| --- | --- | ---: | ---: | ---: | --- | --- |")
        for size in args.sizes:
            for shape in args.shapes:
                listing = generated_list(folder / "lists", shape, size, args.seed)
                for fmt in args.formats:
                    row = compare(trees, listing, fmt, args.rounds)
                    print(f"| {shape} {size:,} | {fmt} | {row}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

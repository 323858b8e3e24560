"""Where ``check`` spends its CPU time on one list: start-up imports, parsing, each rule, grouping the
findings and rendering them. A measurement to read, not a test; the profile of a whole run (cProfile)
weighs small functions several times too heavily, this does not.

    .venv/bin/python -m bench.phases /tmp/list README.md                     # the list's folder, its file
    .venv/bin/python -m bench.phases /tmp/list scripts/data.json --format json --runs 3

The phases are timed in this process (``time.process_time``) by wrapping the functions that run them;
with ``--runs`` above one each phase's figure is its least over that many runs, in fresh processes.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
STARTED = time.process_time()


def timed(spent: dict[str, float], label: Callable[..., str], function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, adding the CPU time of each call to ``spent[label(*arguments)]``."""

    def wrapper(*arguments: Any, **keywords: Any) -> Any:
        start = time.process_time()
        try:
            return function(*arguments, **keywords)
        finally:
            spent[label(*arguments)] += time.process_time() - start

    return wrapper


def one_run(folder: str, path: str, fmt: str) -> dict[str, float]:
    """Each phase's CPU seconds for one ``check`` of ``path`` in ``folder``, as the command line runs it."""
    from bot import collector
    from paper_triage import check_fix, output
    from rules import engine

    spent: dict[str, float] = defaultdict(float, {"start-up imports": time.process_time() - STARTED})
    engine._run = timed(spent, lambda rule, _: f"rule {rule.ID}", engine._run)
    engine.grouping.group = timed(spent, lambda *_: "grouping", engine.grouping.group)
    check_fix.Repository.parse = timed(spent, lambda *_: "parse", check_fix.Repository.parse)
    os.chdir(folder)
    with collector.paused():
        start = time.process_time()
        report = check_fix.check_files([path], None, None)
        checked = time.process_time() - start
        start = time.process_time()
        check_fix.write_chunks(output.RENDERERS[fmt](report, colour=False, quiet=False), io.StringIO())
        spent["render"] = time.process_time() - start
    measured = sum(seconds for label, seconds in spent.items() if label != "start-up imports" and label != "render")
    spent["engine, the rest"] = checked - measured
    spent["whole process"] = time.process_time()
    return dict(spent)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", help="the list's folder (its repository's root)")
    parser.add_argument("path", help="the list file in it (README.md, scripts/data.json, …)")
    parser.add_argument("--format", default="text", choices=["text", "concise", "json", "github", "sarif"])
    parser.add_argument("--runs", type=int, default=1, help="fresh processes; each phase's least time is shown")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # one run's figures, for --runs
    args = parser.parse_args(argv)
    if args.json:
        print(json.dumps(one_run(args.folder, args.path, args.format)))
        return 0
    folder = str(Path(args.folder).resolve())
    command = [sys.executable, "-m", "bench.phases", folder, args.path, "--format", args.format, "--json"]
    runs = [
        json.loads(subprocess.run(command, cwd=ROOT, capture_output=True, check=True, text=True).stdout)
        for _ in range(args.runs)
    ]
    least = {label: min(run.get(label, 0.0) for run in runs) for label in runs[0]}
    print(f"CPU seconds of `check --format {args.format} {args.path}` (least of {args.runs})\n")
    print("| phase | CPU s |\n| --- | ---: |")
    for label, seconds in sorted(least.items(), key=lambda item: -item[1]):
        if seconds >= 0.005:
            print(f"| {label} | {seconds:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Where ``check`` spends its CPU time on one list: start-up imports, parsing, each rule, grouping the
findings and rendering them. A measurement to read, not a test; the profile of a whole run (cProfile)
weighs small functions several times too heavily, this does not.

    .venv/bin/python -m bench.phases /tmp/list README.md                     # the list's folder, its file
    .venv/bin/python -m bench.phases /tmp/list scripts/data.json --format json --runs 3

The phases are timed in this process (``time.process_time``) by wrapping the functions that run them;
with ``--runs`` above one each phase's figure is its least over that many runs, in fresh processes.
``--memory`` adds the peak resident memory each phase reached: the kernel's high-water mark, started again
from the memory held at each phase's start (``/proc/self/clear_refs``), so a peak is the phase's own.
"""

from __future__ import annotations

import argparse
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
CLEAR_REFS, STATUS = Path("/proc/self/clear_refs"), Path("/proc/self/status")
STARTED = time.process_time()


def timed(
    spent: dict[str, float],
    label: Callable[..., str],
    function: Callable[..., Any],
    peaks: dict[str, float] | None = None,
) -> Callable[..., Any]:
    """``function``, adding the CPU time of each call to ``spent[label(*arguments)]`` and, with ``peaks``,
    keeping there the highest resident memory (MiB) any of its calls reached."""

    def wrapper(*arguments: Any, **keywords: Any) -> Any:
        if peaks is not None:
            _reset_peak()
        start = time.process_time()
        try:
            return function(*arguments, **keywords)
        finally:
            spent[label(*arguments)] += time.process_time() - start
            if peaks is not None:
                peaks[label(*arguments)] = max(peaks[label(*arguments)], _peak_mib())

    return wrapper


def _reset_peak() -> None:
    """Start the process's peak resident memory (``VmHWM``) again from what it holds now (Linux)."""
    CLEAR_REFS.write_text("5")


def _peak_mib() -> float:
    status = STATUS.read_text()
    return int(status.split("VmHWM:")[1].split()[0]) / 1024


def one_run(folder: str, path: str, fmt: str, memory: bool = False) -> dict[str, dict[str, float]]:
    """Each phase's CPU seconds for one ``check`` of ``path`` in ``folder``, as the command line runs it,
    and with ``memory`` the peak resident memory each phase reached (MiB, as ``/usr/bin/time`` counts)."""
    from bot import collector
    from paper_triage import check_fix, output
    from rules import engine

    spent: dict[str, float] = defaultdict(float, {"start-up imports": time.process_time() - STARTED})
    peaks: dict[str, float] | None = defaultdict(float) if memory else None
    engine._run = timed(spent, lambda rule, _: f"rule {rule.ID}", engine._run, peaks)
    engine.grouping.group = timed(spent, lambda *_: "grouping", engine.grouping.group, peaks)
    check_fix.Repository.parse = timed(spent, lambda *_: "parse", check_fix.Repository.parse, peaks)
    render = timed(spent, lambda *_: "render", check_fix.write_chunks, peaks)
    os.chdir(folder)
    with collector.paused():
        start = time.process_time()
        report = check_fix.check_files([path], None, None)
        checked = time.process_time() - start
        with open(os.devnull, "w", encoding="utf-8") as sink:  # written as to a terminal, not kept
            render(output.RENDERERS[fmt](report, colour=False, quiet=False), sink)
    measured = sum(seconds for label, seconds in spent.items() if label != "start-up imports" and label != "render")
    spent["engine, the rest"] = checked - measured
    spent["whole process"] = time.process_time()
    return {"cpu": dict(spent), "peak": dict(peaks or {})}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", help="the list's folder (its repository's root)")
    parser.add_argument("path", help="the list file in it (README.md, scripts/data.json, …)")
    parser.add_argument("--format", default="text", choices=["text", "concise", "json", "github", "sarif"])
    parser.add_argument("--runs", type=int, default=1, help="fresh processes; each phase's least time is shown")
    parser.add_argument("--memory", action="store_true", help="each phase's peak resident memory too (Linux)")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # one run's figures, for --runs
    args = parser.parse_args(argv)
    if args.json:
        print(json.dumps(one_run(args.folder, args.path, args.format, args.memory)))
        return 0
    folder = str(Path(args.folder).resolve())
    command = [sys.executable, "-m", "bench.phases", folder, args.path, "--format", args.format, "--json"]
    runs = [
        json.loads(
            subprocess.run(
                command + ["--memory"] * args.memory, cwd=ROOT, capture_output=True, check=True, text=True
            ).stdout
        )
        for _ in range(args.runs)
    ]
    least = {label: min(run["cpu"].get(label, 0.0) for run in runs) for label in runs[0]["cpu"]}
    peaks = {label: min(run["peak"].get(label, 0.0) for run in runs) for label in runs[0]["peak"]}
    print(f"CPU seconds of `check --format {args.format} {args.path}` (least of {args.runs})\n")
    print("| phase | CPU s | peak MiB |\n| --- | ---: | ---: |" if peaks else "| phase | CPU s |\n| --- | ---: |")
    for label, seconds in sorted(least.items(), key=lambda item: -item[1]):
        if seconds >= 0.005:
            peak = f" {peaks[label]:.0f} |" if label in peaks else (" |" if peaks else "")
            print(f"| {label} | {seconds:.3f} |{peak}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: a list written as bullet items checks as fast as the same list written as a table. A
measurement to read, not a test.

    .venv/bin/python -m bench.items                    # 10k entries
    .venv/bin/python -m bench.items --sizes 1000 10000

The table is the synthetic list of ``bench.duplicates`` (distinct papers, planted copies, near misses);
the bullet list holds the same papers, section by section, in the shape of hoya012/awesome-anomaly-detection:
``- Title | **[CVPR' 24]** | [`[pdf]`](url) | [`[code]`](url)``. Each form is parsed and checked with every
rule in a fresh process (no cache shared), timed in CPU seconds (best of ``--runs``), and the duplicate
findings are scored against the planted copies.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from bench.duplicates import ROOT, SEED, build, peak_mb, score
from bot import collector
from rules import engine, parse
from rules.context import CheckOptions

SIZES = (10_000,)
FORMS = ("table", "items")


def as_items(table_text: str, groups: dict[int, int]) -> tuple[str, dict[int, int]]:
    """The table list rewritten as bullet items, line for line (headings kept, table headers dropped),
    and the planted groups moved to the items' lines."""
    document = parse.parse_document("README.md", table_text)
    by_line = {entry.line: entry for entry in document.entries}
    lines: list[str] = []
    moved: dict[int, int] = {}
    for number, line in enumerate(table_text.splitlines(), start=1):
        entry = by_line.get(number)
        if entry is not None:
            lines.append(_item(entry.title, entry.url or "", entry.venue, entry.year, entry.code_urls))
            if number in groups:
                moved[len(lines)] = groups[number]
        elif not line.startswith("|"):
            lines.append(line)
    return "\n".join(lines) + "\n", moved


def _item(title: str, url: str, venue: str, year: str, code: tuple[str, ...]) -> str:
    venue = venue.removeprefix("C-").removeprefix("J-")
    links = f"[`[pdf]`]({url})" + "".join(f" | [`[code]`]({link})" for link in code)
    return f"- {title} | **[{venue}' {year[-2:]}]** | {links}"


def timed(function, *args):
    """The result, and the CPU time it took (this machine is shared: wall time swings with its load)."""
    start = time.process_time()
    result = function(*args)
    return result, time.process_time() - start


@collector.paused()  # as `paper-triage check` runs
def run_one(size: int, form: str) -> dict:
    text, groups, _ = build(size, SEED)
    if form == "items":
        text, groups = as_items(text, groups)
    catalog, parse_s = timed(parse.parse_catalog, {"README.md": text})
    findings, check_s = timed(engine.check, catalog, CheckOptions())
    recall, precision, _, _ = score([f for f in findings if f.rule == "duplicate"], groups)
    return {
        "size": size,
        "form": form,
        "entries": len(catalog.entries),
        "dialect": catalog.documents[0].dialect,
        "parse_s": parse_s,
        "check_s": check_s,
        "findings": len(findings),
        "recall": recall,
        "precision": precision,
        "peak_mb": peak_mb(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--runs", type=int, default=3, help="runs per form; the fastest counts")
    parser.add_argument("--one", nargs=2, metavar=("SIZE", "FORM"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(int(args.one[0]), args.one[1])))
        return 0
    print(
        "| entries | form | read as | parse | full check (all rules) | findings | duplicate recall / precision | peak memory |"
    )
    print("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for size in args.sizes:
        for form in FORMS:
            runs = [_run(size, form) for _ in range(args.runs)]
            result = min(runs, key=lambda run: run["parse_s"] + run["check_s"])
            print(
                f"| {result['entries']:,} | {form} | {result['dialect']} | {result['parse_s']:.2f} s "
                f"| {result['check_s']:.2f} s | {result['findings']:,} "
                f"| {result['recall']:.4f} / {result['precision']:.4f} | {result['peak_mb']:.0f} MB |"
            )
    return 0


def _run(size: int, form: str) -> dict:
    output = subprocess.run(
        [sys.executable, "-m", "bench.items", "--one", str(size), form],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output)


if __name__ == "__main__":
    raise SystemExit(main())

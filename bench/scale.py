"""How paper-triage scales: wall time and peak memory of every path a user or the bot runs, on generated
lists of 1k to 300k entries, beside awesome-lint on the same file. A measurement to read, not a test.

    .venv/bin/python -m bench.scale                          # 1k and 10k entries (a few minutes)
    .venv/bin/python -m bench.scale --sizes 100000           # other sizes (100k: about twenty minutes)
    .venv/bin/python -m bench.scale --no-awesome-lint        # without node

The lists are ``bench.duplicates``' generated lists (the real list's rows, links and venues; 4 % planted
copies, near misses, placeholder code links). Per size it measures, each in a fresh process (so the peak
memory, read with ``os.wait4``'s rusage, is that command's own):

- ``check`` of the markdown table in each output format, and of the same papers as bullet items and as
  JSON and YAML data;
- ``check`` of the table where 20 % of the entries are copies, and where 100 entries share one link,
  against the plain table (the target: within 1.5×);
- ``fix`` of the table (in a copy);
- the review (``plan_review`` on the base and head texts) of a pull request adding 1 entry and one adding
  50, cold (the first review in a process) and warm (the same list reviewed once before in the process,
  as a worker reviews push after push);
- ``awesome-lint`` on the table, when ``npm`` can install it into a temporary folder, with the ratio.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import duplicates

ROOT = Path(__file__).resolve().parent.parent
SIZES = (1_000, 10_000)  # a few minutes; 100k takes about twenty
FORMATS = ("text", "concise", "json", "github", "sarif")
SEED = 4
TIME_LIMIT = 300  # seconds per measurement
COPY_HEAVY_SHARE = 0.20
SHARED_LINK_ENTRIES = 100


def measure(command: list[str], cwd: Path, time_limit: int = TIME_LIMIT, env: dict[str, str] | None = None) -> dict:
    """Run ``command`` alone: its wall and CPU time (s; on a shared machine the CPU time is the steadier
    figure), its own peak resident memory (MB, from the rusage ``os.wait4``
    reaps it with: RUSAGE_CHILDREN would give the largest child so far), exit status and output."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, env=env)
        deadline = started + time_limit
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                os.wait4(process.pid, 0)
                return {"error": f"over {time_limit} s"}
            time.sleep(0.005)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {
            "seconds": seconds,
            "cpu": usage.ru_utime + usage.ru_stime,
            "mb": usage.ru_maxrss / 1024,
            "status": process.returncode,
            "stdout": out.read().decode(errors="replace"),
            "stderr": err.read().decode(errors="replace"),
        }


def cli(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "paper_triage", *arguments]


def write_list(
    folder: Path,
    size: int,
    seed: int,
    shape: str = "table",
    copy_share: float = duplicates.PLANTED_SHARE,
    shared_link: int = 0,
) -> Path:
    """The generated list in ``shape``, written by a process of its own: a child's peak memory counts its
    parent's size when it was started (Linux carries the high-water mark across fork and exec), so this
    process must stay small for the measured commands' figures to be their own."""
    path = folder / duplicates.FILE_NAMES.get(shape, "README.md")
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.scale",
            "--write",
            shape,
            str(size),
            str(path),
            "--seed",
            str(seed),
            "--copy-share",
            str(copy_share),
            "--shared-link",
            str(shared_link),
        ],
        cwd=ROOT,
        check=True,
    )
    return path


def generate(shape: str, size: int, path: Path, seed: int, copy_share: float, shared_link: int) -> None:
    """Write the list: a markdown table, bullet items (``bench.items``' rewrite of the table), JSON or YAML data."""
    from bench import items

    text, groups, _ = duplicates.build(
        size, seed, shape="table" if shape == "items" else shape, copy_share=copy_share, shared_link=shared_link
    )
    if shape == "items":
        text, _ = items.as_items(text, groups)
    path.write_text(text, encoding="utf-8")


def check_figures(folder: Path, size: int, seed: int) -> dict[str, dict]:
    """Every ``check`` and ``fix`` measurement of one size, by label."""
    table = write_list(folder / "table", size, seed)
    runs: dict[str, dict] = {}
    for fmt in FORMATS:
        runs[f"check --format {fmt}"] = measure(cli("check", "--fail-on", "never", "--format", fmt, str(table)), ROOT)
    for shape in ("items", "json", "yaml"):
        path = write_list(folder / shape, size, seed, shape)
        runs[f"check {shape}"] = measure(cli("check", "--fail-on", "never", str(path)), ROOT)
    copies = write_list(folder / "copies", size, seed, copy_share=COPY_HEAVY_SHARE)
    runs["check, 20 % copies"] = measure(cli("check", "--fail-on", "never", str(copies)), ROOT)
    shared = write_list(folder / "shared", size, seed, shared_link=SHARED_LINK_ENTRIES)
    runs["check, 100 share a link"] = measure(cli("check", "--fail-on", "never", str(shared)), ROOT)
    fixed = folder / "fixed" / "README.md"
    fixed.parent.mkdir(exist_ok=True)
    shutil.copy(table, fixed)
    runs["fix"] = measure(cli("fix", "--quiet", str(fixed)), ROOT)
    return runs


# --- reviews ------------------------------------------------------------------------------------------


def new_rows(count: int, offset: int) -> list[str]:
    """``count`` new table rows; every third has defects with fixes (a lower-case venue alias, an empty model link)."""
    rows = []
    for number in range(offset, offset + count):
        venue, model = ("arxiv", "[Model]()") if number % 3 == 0 else ("arXiv", "-")
        rows.append(
            f"| [A new paper number {number} on video anomaly detection](https://arxiv.org/abs/2601.{number:05d}) "
            f"| 2026 | {venue} | ![](./assets/video.svg) | - | {model} |\n"
        )
    return rows


def pull_request(base: str, rows: int, offset: int):
    from bot.review import FileChange

    lines = base.splitlines(True)
    first_row = next(index for index, line in enumerate(lines) if line.startswith("| ["))
    head = "".join(lines[:first_row] + new_rows(rows, offset) + lines[first_row:])
    patch = "".join(list(difflib.unified_diff(lines, head.splitlines(True)))[2:])
    return FileChange("README.md", "modified", None, base, head, patch.removesuffix("\n"))


def review_one(size: int, seed: int, rows: int) -> dict:
    """Cold: the first review in this process; warm: another pull request on the same list after it, as
    a worker runs them (one document cache for its jobs, the garbage collector paused during each)."""
    from bot import collector
    from bot.repo_config import RepoConfig
    from bot.review import plan_review
    from rules.parse import DocumentCache

    base, _, _ = duplicates.build(size, seed)
    seconds, cpu = [], []
    documents = DocumentCache()
    for attempt in range(2):
        change = pull_request(base, rows, offset=attempt * 1000)
        started, started_cpu = time.perf_counter(), time.process_time()
        with collector.paused():
            plan = plan_review([change], {}, RepoConfig(), documents=documents)
        seconds.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return {
        "cold": seconds[0],
        "warm": seconds[1],
        "cold_cpu": cpu[0],
        "warm_cpu": cpu[1],
        "comments": len(plan.comments),
    }


def review_figures(size: int, seed: int) -> dict[str, dict]:
    runs = {}
    for rows in (1, 50):
        result = measure(
            [sys.executable, "-m", "bench.scale", "--review", str(size), str(rows), "--seed", str(seed)], ROOT
        )
        if "error" not in result:
            result.update(
                json.loads(result["stdout"].strip().splitlines()[-1])
                if result["status"] == 0
                else {"error": "failed: " + (result["stderr"].strip().splitlines() or ["?"])[-1]}
            )
        runs[f"review, {rows}-entry pull request"] = result
    return runs


# --- awesome-lint -------------------------------------------------------------------------------------


def install_awesome_lint(folder: Path) -> Path | None:
    """awesome-lint installed with npm into ``folder``; None (and a note) when it cannot be."""
    if shutil.which("npm") is None or shutil.which("node") is None:
        print("awesome-lint: skipped, node/npm not found", file=sys.stderr)
        return None
    done = subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--silent", "awesome-lint"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=600,
    )
    binary = folder / "node_modules" / ".bin" / "awesome-lint"
    if done.returncode != 0 or not binary.exists():
        print(f"awesome-lint: skipped, npm install failed: {done.stderr.strip()[-300:]}", file=sys.stderr)
        return None
    return binary


def awesome_lint_figures(binary: Path, folder: Path, size: int, seed: int, time_limit: int) -> dict:
    table = write_list(folder / "lint", size, seed)
    return measure([str(binary), str(table)], table.parent, time_limit)


# --- report -------------------------------------------------------------------------------------------


def cell(run: dict, baseline: dict | None = None) -> str:
    if "error" in run:
        return run["error"]
    text = f"{run['seconds']:.2f} s (CPU {run['cpu']:.2f} s), {run['mb']:.0f} MB"
    if run.get("status") not in (0, None):
        text += f" (exit {run['status']})"
    if baseline and "cpu" in baseline:
        text += f" ({run['cpu'] / baseline['cpu']:.2f}× the CPU time)"
    return text


def review_cell(run: dict) -> str:
    if "error" in run:
        return run["error"]
    return (
        f"cold {run['cold']:.2f} s (CPU {run['cold_cpu']:.2f} s), warm {run['warm']:.2f} s (CPU {run['warm_cpu']:.2f} s); "
        f"process {run['mb']:.0f} MB"
    )


def report(size: int, runs: dict[str, dict]) -> None:
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(
        f"\n### {size:,} entries (load average {load})\n\n| measurement | wall time (CPU time), peak memory |\n| --- | ---: |"
    )
    baseline = runs["check --format text"]
    for label, run in runs.items():
        if label.startswith("review"):
            print(f"| {label} | {review_cell(run)} |")
        elif label == "awesome-lint":
            ratio = (
                f" — paper-triage's text output is {run['seconds'] / baseline['seconds']:.0f}× faster "
                f"({run['cpu'] / baseline['cpu']:.0f}× in CPU time)"
                if "cpu" in run and "cpu" in baseline
                else ""
            )
            print(f"| awesome-lint | {cell(run)}{ratio} |")
        else:
            relative = baseline if label.startswith("check,") else None
            print(f"| {label} | {cell(run, relative)} |")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--no-awesome-lint", action="store_true", help="skip awesome-lint")
    parser.add_argument("--awesome-lint-limit", type=int, default=120, help="seconds awesome-lint may take per size")
    parser.add_argument("--review", type=int, nargs=2, metavar=("SIZE", "ROWS"), help=argparse.SUPPRESS)
    parser.add_argument("--write", nargs=3, metavar=("SHAPE", "SIZE", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--copy-share", type=float, default=duplicates.PLANTED_SHARE, help=argparse.SUPPRESS)
    parser.add_argument("--shared-link", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.write:
        shape, size, path = args.write
        generate(shape, int(size), Path(path), args.seed, args.copy_share, args.shared_link)
        return 0
    if args.review:
        size, rows = args.review
        print(json.dumps(review_one(size, args.seed, rows)))
        return 0
    with tempfile.TemporaryDirectory(prefix="paper-triage-scale-") as temporary:
        folder = Path(temporary)
        binary = None if args.no_awesome_lint else install_awesome_lint(folder)
        for size in args.sizes:
            print(f"{size:,} entries …", file=sys.stderr, flush=True)
            runs = check_figures(folder / str(size), size, args.seed) | review_figures(size, args.seed)
            if binary is not None:
                runs["awesome-lint"] = awesome_lint_figures(
                    binary, folder / str(size), size, args.seed, args.awesome_lint_limit
                )
            report(size, runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The findings on each real list of tests/fixtures/lists, by code, pinned after a hand review.

Each list is checked as a maintainer would check it — `paper-triage check` in a real process, in a folder
holding only the list's files, no config (so a generated page is recognised by inference, not told) — and
the count of each finding code must stay what `SHARED_LIST_FINDINGS.json` says. The counts were reviewed by
hand when pinned (the closing notes of issue 11 say per list what was judged and what was wrong); a rule
change that moves them must come with its own look at the lists, and an update of the file.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

LISTS = Path(__file__).resolve().parents[1] / "fixtures" / "lists"
PINNED = json.loads((LISTS / "SHARED_LIST_FINDINGS.json").read_text(encoding="utf-8"))
LIST_SUFFIXES = (".md", ".rst", ".json", ".yml", ".yaml")


def list_files(folder: Path) -> dict[str, str]:
    """The list's own files (the snapshot, or the gzipped README beside it), by their path in the list's repository."""
    files: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if relative.parts[0] in ("cases", "history") or path.name in ("PROVENANCE.md", "README.seed.md"):
            continue
        name = str(relative.relative_to("snapshot") if relative.parts[0] == "snapshot" else relative)
        if path.suffix == ".gz" and name.removesuffix(".gz").endswith(LIST_SUFFIXES):
            files[name.removesuffix(".gz")] = gzip.decompress(path.read_bytes()).decode("utf-8")
        elif path.suffix in LIST_SUFFIXES:
            files[name] = path.read_text(encoding="utf-8")
    return files


def codes_found(files: dict[str, str], where: Path) -> Counter[str]:
    for name, text in files.items():
        (where / name).parent.mkdir(parents=True, exist_ok=True)
        (where / name).write_text(text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "paper_triage", "check", "--format", "json", "--fail-on", "never", *files],
        cwd=where,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return Counter(finding["code"] for finding in json.loads(done.stdout)["findings"])


@pytest.mark.parametrize("name", sorted(PINNED))
def test_a_real_lists_findings_are_the_reviewed_ones(name: str, tmp_path: Path) -> None:
    assert dict(codes_found(list_files(LISTS / name), tmp_path)) == PINNED[name]


def test_every_fixture_list_is_pinned() -> None:
    folders = {path.name for path in LISTS.iterdir() if path.is_dir() and list_files(path)}
    assert folders == set(PINNED)

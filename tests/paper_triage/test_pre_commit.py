"""``.pre-commit-hooks.yaml``: each hook's entry is a paper-triage command that works on the files
pre-commit would pass it (pre-commit itself needs the package index to build the hook's environment)."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
HOOKS = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
HEADER = "| Title | Date | Model |\n| --- | --- | --- |\n"
EMPTY_MODEL = HEADER + "| [A](https://arxiv.org/abs/2401.00001) | 2024 | [Model]() |\n"
NO_URL = "| Title | Date |\n| --- | --- |\n| Plain title | 2024 |\n"


def run_hook(hook_id: str, files: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the hook as pre-commit does: its entry, then the matching file names."""
    hook = HOOKS[hook_id]
    entry = shlex.split(hook["entry"])
    assert entry[0] == "paper-triage" and hook["language"] == "python"
    passed = [name for name in files if re.search(hook["files"], name)]
    return subprocess.run(
        [sys.executable, "-m", "paper_triage", *entry[1:], *passed],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_hooks_pass_only_the_default_list_names() -> None:
    pattern = re.compile(HOOKS["paper-triage"]["files"])
    assert [
        name
        for name in ("README.md", "docs/readme.md", "scripts/data_weakly.json", "package.json", "CONTRIBUTING.md")
        if pattern.search(name)
    ] == ["README.md", "docs/readme.md", "scripts/data_weakly.json"]
    assert HOOKS["paper-triage"]["require_serial"]  # one run sees every list file: duplicates across files


def test_the_check_hook_stops_a_commit_on_an_error_and_the_fix_hook_fixes(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(NO_URL, encoding="utf-8")
    (tmp_path / "package.json").write_text('{"name": "not a list"}', encoding="utf-8")
    check = run_hook("paper-triage", ["README.md", "package.json"], tmp_path)
    assert (check.returncode, check.stdout.split(" [")[0]) == (1, "README.md:3:1: error")
    (tmp_path / "README.md").write_text(EMPTY_MODEL, encoding="utf-8")
    fix = run_hook("paper-triage-fix", ["README.md"], tmp_path)
    assert (fix.returncode, fix.stdout) == (0, "")
    assert (tmp_path / "README.md").read_text(encoding="utf-8").endswith("| 2024 | - |\n")

"""The wheel installs exactly the project's packages, with their data: what `pipx install` puts on a path.

The packages keep generic top-level names (`rules`, `bot`, `webhooks`: the project's required layout), so the
README recommends an environment of the tool's own; this pins that list, so a new top-level folder (or a
package left out of `[tool.setuptools.packages.find]`) is a decision, not an accident.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOP_LEVEL = {"paper_triage", "rules", "scholarly", "bot", "webhooks"}
SOURCES = ("pyproject.toml", "README.md", "LICENSE", *sorted(TOP_LEVEL))


def build_wheel(tmp_path: Path) -> Path:
    """A wheel of a copy of the sources (building in place would leave build/ and egg-info in the tree)."""
    source = tmp_path / "source"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, source / name)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--wheel-dir",
            str(tmp_path / "dist"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return next((tmp_path / "dist").glob("paper_triage-*.whl"))


def test_the_wheel_holds_the_projects_packages_and_data(tmp_path: Path) -> None:
    with zipfile.ZipFile(build_wheel(tmp_path)) as wheel:
        names = wheel.namelist()
        entry_points = next(name for name in names if name.endswith(".dist-info/entry_points.txt"))
        scripts = wheel.read(entry_points).decode()
    assert {name.split("/", 1)[0] for name in names if ".dist-info/" not in name} == TOP_LEVEL
    assert {"rules/data/venues.toml", "paper_triage/data/github-app-manifest.json", "paper_triage/__main__.py"} <= set(
        names
    )
    assert "paper-triage = paper_triage.main:main" in scripts

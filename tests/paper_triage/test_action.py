"""The GitHub Action (``action.yml``) run step by step as the runner runs a composite action: each ``run:``
step through ``bash --noprofile --norc -eo pipefail`` with the runner's ``GITHUB_*`` environment, the
event payload file, and the files the runner reads back after each step (``GITHUB_OUTPUT``, ``GITHUB_PATH``,
``GITHUB_STEP_SUMMARY``); ``${{ }}`` expressions are evaluated from the inputs and step outputs.

Two steps are not run here, and what they leave behind is put in place instead: ``actions/setup-python``
(its ``python-path`` output is this interpreter) and the install step, which pip-installs the action's own
checkout (``$GITHUB_ACTION_PATH``) — that needs the package index, so the test puts this checkout's
installed ``paper-triage`` on the path as that step would, and checks the step's script separately.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
SARIF_SCHEMA = json.loads((FIXTURES / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
PAYLOAD = json.loads((FIXTURES / "github" / "webhooks" / "pull_request.opened.json").read_text(encoding="utf-8"))
EXPRESSION = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")
GIT = [
    "git",
    "-c",
    "user.name=t",
    "-c",
    "user.email=t@example.com",
    "-c",
    "init.defaultBranch=main",
    "-c",
    "protocol.file.allow=always",
]

HEADER = "| Title | Date | Venue |\n| --- | --- | --- |\n"
ROW = "| [Alpha](https://arxiv.org/abs/2401.00001) | 2024 | arXiv |\n"
OTHER = "| [Beta](https://arxiv.org/abs/2401.00002) | 2024 | arXiv |\n"
BROKEN_NOTES = "| Title | Date |\n| --- | --- |\n| Plain title | 2024 |\n"


@dataclass
class Run:
    """One job's state across the action's steps, as the runner keeps it."""

    workspace: Path
    temp: Path
    event_name: str
    inputs: dict[str, str]
    path: list[str] = field(default_factory=list)
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)
    logs: list[str] = field(default_factory=list)

    def files(self) -> dict[str, Path]:
        return {
            name: self.temp / f"{name.lower()}.txt"
            for name in ("GITHUB_OUTPUT", "GITHUB_PATH", "GITHUB_STEP_SUMMARY", "GITHUB_ENV")
        }

    def environment(self, event_path: Path) -> dict[str, str]:
        return {
            "PATH": os.pathsep.join([*reversed(self.path), os.environ["PATH"]]),
            "HOME": os.environ.get("HOME", str(self.temp)),
            "LANG": "C.UTF-8",
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_WORKSPACE": str(self.workspace),
            "GITHUB_EVENT_NAME": self.event_name,
            "GITHUB_EVENT_PATH": str(event_path),
            "GITHUB_ACTION_PATH": str(ROOT),
            "GITHUB_REPOSITORY": "octo/papers",
            "RUNNER_TEMP": str(self.temp),
            **{name: str(path) for name, path in self.files().items()},
        }

    def evaluate(self, text: str) -> str:
        def value(match: re.Match[str]) -> str:
            parts = match.group(1).split(".")
            if parts[0] == "inputs":
                return self.inputs.get(parts[1], ACTION["inputs"][parts[1]].get("default", ""))
            if parts[0] == "steps" and parts[2] == "outputs":
                return self.outputs.get(parts[1], {}).get(parts[3], "")
            raise AssertionError(f"the test does not evaluate {match.group(0)}")

        return EXPRESSION.sub(value, text)

    def read_back(self, step_id: str | None) -> None:
        """What the runner reads after a step: new PATH entries and the step's outputs."""
        files = self.files()
        self.path.extend(line for line in files["GITHUB_PATH"].read_text().splitlines() if line)
        outputs = dict(line.split("=", 1) for line in files["GITHUB_OUTPUT"].read_text().splitlines() if "=" in line)
        if step_id:
            self.outputs[step_id] = outputs
        for name in ("GITHUB_PATH", "GITHUB_OUTPUT", "GITHUB_ENV"):
            files[name].write_text("")


def run_action(run: Run, payload: dict) -> int:
    """Every step in order; the exit status of the first that fails (the job stops there), else 0."""
    event_path = run.temp / "event.json"
    event_path.write_text(json.dumps(payload), encoding="utf-8")
    for path in run.files().values():
        path.write_text("")
    for step in ACTION["runs"]["steps"]:
        if step.get("uses", "").startswith("actions/setup-python"):
            run.outputs[step["id"]] = {"python-path": sys.executable}
            continue
        if "Install paper-triage" in step["name"]:
            run.path.append(str(Path(sys.executable).parent))  # what its `>> "$GITHUB_PATH"` line adds
            continue
        script = run.temp / "step.sh"
        script.write_text(run.evaluate(step["run"]), encoding="utf-8")
        env = {
            **run.environment(event_path),
            **{key: run.evaluate(str(value)) for key, value in step.get("env", {}).items()},
        }
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=run.workspace,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        run.logs.append(done.stdout + done.stderr)
        run.read_back(step.get("id"))
        if done.returncode != 0:
            return done.returncode
    return 0


def git(*args: str, cwd: Path) -> str:
    return subprocess.run([*GIT, *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def pull_request(tmp_path: Path) -> tuple[Path, dict]:
    """A list repository on a bare "origin", and the workspace as actions/checkout leaves it for a pull
    request: a shallow clone of the head (base commit absent), and the event payload naming the base."""
    source = tmp_path / "source"
    source.mkdir()
    git("init", "-q", cwd=source)
    (source / "README.md").write_text(HEADER + ROW + OTHER, encoding="utf-8")
    (source / "notes.md").write_text(BROKEN_NOTES, encoding="utf-8")  # broken, but not a list file
    git("add", "-A", cwd=source)
    git("commit", "-qm", "list", cwd=source)
    base = git("rev-parse", "HEAD", cwd=source)
    (source / "README.md").write_text(HEADER + ROW + OTHER + ROW, encoding="utf-8")  # the pull request: a duplicate
    git("commit", "-qam", "add a paper", cwd=source)
    head = git("rev-parse", "HEAD", cwd=source)
    git("clone", "-q", "--bare", str(source), str(tmp_path / "origin.git"), cwd=tmp_path)
    workspace = tmp_path / "workspace"
    git("clone", "-q", "--depth=1", f"file://{tmp_path / 'origin.git'}", str(workspace), cwd=tmp_path)
    payload = json.loads(json.dumps(PAYLOAD))
    payload["pull_request"]["base"]["sha"], payload["pull_request"]["head"]["sha"] = base, head
    return workspace, payload


def new_run(workspace: Path, tmp_path: Path, event_name: str = "pull_request", **inputs: str) -> Run:
    temp = tmp_path / "runner-temp"
    temp.mkdir(exist_ok=True)
    return Run(workspace, temp, event_name, inputs)


def test_a_pull_request_adding_a_duplicate_fails_with_an_annotation_sarif_and_summary(
    pull_request: tuple[Path, dict], tmp_path: Path
) -> None:
    workspace, payload = pull_request
    run = new_run(workspace, tmp_path, sarif="results.sarif")
    assert run_action(run, payload) == 1
    log = run.logs[-1]
    assert (
        "::error file=README.md,line=5,endLine=5,title=paper-triage [duplicate/exact]::This paper is already listed at line 3"
        in log
    )
    assert "notes.md" not in log  # not a list file, and not checked
    assert "base commit" not in log  # fetched from origin into the shallow clone, and compared with
    sarif = json.loads((workspace / "results.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(sarif)
    assert [result["ruleId"] for result in sarif["runs"][0]["results"]] == ["duplicate"]
    assert run.outputs["check"] == {"sarif": "results.sarif"}
    summary = run.files()["GITHUB_STEP_SUMMARY"].read_text(encoding="utf-8")
    assert summary.startswith("### paper-triage\n\n1 error, 0 warnings, 0 infos; 1 fixable")
    assert "| `README.md` | 5 | error | `duplicate/exact` |" in summary


def test_fail_on_never_passes_with_the_same_annotations(pull_request: tuple[Path, dict], tmp_path: Path) -> None:
    workspace, payload = pull_request
    run = new_run(workspace, tmp_path, **{"fail-on": "never"})
    assert run_action(run, payload) == 0
    assert "::error file=README.md,line=5" in run.logs[-1]


def test_a_pull_request_changing_no_list_passes_quietly(pull_request: tuple[Path, dict], tmp_path: Path) -> None:
    workspace, payload = pull_request
    payload["pull_request"]["base"]["sha"] = git("rev-parse", "HEAD", cwd=workspace)  # nothing changed since
    run = new_run(workspace, tmp_path, sarif="results.sarif")
    assert run_action(run, payload) == 0
    assert run.logs[-1].startswith("No list file changed since")
    assert (
        run.files()["GITHUB_STEP_SUMMARY"].read_text(encoding="utf-8") == "### paper-triage\n\nNo list file to check.\n"
    )
    # An empty analysis, so code scanning sees that the pull request brings no new problem.
    sarif = json.loads((workspace / "results.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(sarif)
    assert sarif["runs"][0]["results"] == []


def test_a_push_checks_every_list_file_and_named_files_are_checked_as_given(
    pull_request: tuple[Path, dict], tmp_path: Path
) -> None:
    workspace, payload = pull_request
    run = new_run(workspace, tmp_path, event_name="push")
    assert run_action(run, payload) == 1
    assert "file=README.md,line=5" in run.logs[-1]
    named = new_run(workspace, tmp_path, files="notes.md\n*.md", **{"fail-on": "never"})
    assert run_action(named, payload) == 0
    assert "::error file=notes.md,line=3" in named.logs[-1] and "file=README.md,line=5" in named.logs[-1]


def test_the_install_step_installs_the_actions_own_checkout_into_its_own_environment() -> None:
    install = next(step for step in ACTION["runs"]["steps"] if "Install paper-triage" in step.get("name", ""))
    script = install["run"]
    assert "pip install" in script and '"$GITHUB_ACTION_PATH"' in script
    assert '"$RUNNER_TEMP/paper-triage/bin" >> "$GITHUB_PATH"' in script
    setup = ACTION["runs"]["steps"][0]
    assert setup["with"]["update-environment"] is False  # the job's own Python is left alone
    assert ACTION["runs"]["using"] == "composite"

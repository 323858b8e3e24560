"""``check``'s output formats and conventions as a user meets them: concise, github, sarif, colour, stdin,
--quiet, --fail-on, --version, config from each file's repository, unreadable files among readable ones."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import jsonschema
import pytest

from paper_triage import output
from paper_triage.main import main
from rules import checks
from rules.model import Finding, Location, Severity
from tests.support import write

FIXTURES = Path(__file__).parent.parent / "fixtures"
SARIF_SCHEMA = json.loads((FIXTURES / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
HEADER = "| Title | Date | Model |\n| --- | --- | --- |\n"
ROW = "| [A](https://arxiv.org/abs/2401.00001) | 2024 | - |\n"
EMPTY_MODEL = HEADER + "| [A](https://arxiv.org/abs/2401.00001) | 2024 | [Model]() |\n"
DUPLICATE = HEADER + ROW + ROW  # an exact copy: an error with a certain fix (delete line 4)
NO_URL = "| Title | Date |\n| --- | --- |\n| Plain title | 2024 |\n"


def run_cli(
    *args: str, cwd: Path | None = None, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The installed command in a real process, as a user or CI runs it."""
    return subprocess.run(
        [sys.executable, "-m", "paper_triage", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"paper-triage {output.version()}\n"


def test_run_from_a_source_folder_without_installing_the_version_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    def not_installed(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", not_installed)
    assert output.version() == output.NOT_INSTALLED


def test_concise_is_one_line_per_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "README.md", EMPTY_MODEL)
    assert main(["check", "--format", "concise", path]) == 0
    assert capsys.readouterr().out == (
        f"{path}:3:1: warning [cells/empty-link] The model link `[Model]()` goes nowhere. Write `-` when there is no model.\n"
    )


def test_fail_on_sets_the_exit_code(tmp_path: Path) -> None:
    warning = write(tmp_path, "a.md", EMPTY_MODEL)
    error = write(tmp_path, "b.md", NO_URL)
    assert main(["check", warning]) == 0
    assert main(["check", "--fail-on", "warning", warning]) == 1
    assert main(["check", "--fail-on", "never", error]) == 0
    assert main(["check", "--fail-on", "error", error]) == 1


def test_quiet_prints_the_findings_and_nothing_else(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clean = write(tmp_path, "clean.md", HEADER + ROW)
    assert main(["check", "--quiet", clean]) == 0
    assert capsys.readouterr().out == ""
    main(["check", "--quiet", write(tmp_path, "README.md", EMPTY_MODEL)])
    out = capsys.readouterr().out
    assert "goes nowhere" in out and "fixable" not in out


def test_github_annotates_ten_of_each_kind_and_counts_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = "".join(f"| Plain title {n}, 100% done | 2024 |\n" for n in range(13))  # 13 errors: no link
    path = write(tmp_path, "README.md", "| Title | Date |\n| --- | --- |\n" + rows)
    assert main(["check", "--format", "github", path]) == 1
    lines = capsys.readouterr().out.splitlines()
    commands = [line for line in lines if line.startswith("::error ")]
    assert len(commands) == output.ANNOTATIONS_PER_KIND
    assert commands[0].startswith(f"::error file={path},line=3,endLine=3,title=paper-triage [title-link/no-link]::")
    assert len([line for line in lines if line.startswith(f"{path}:") and ": error [title-link/no-link]" in line]) == 3
    assert lines[-1].startswith("3 more finding(s) are in this log but not annotated")


def test_workflow_commands_escape_what_github_would_misread() -> None:
    finding = Finding("cells", Severity.INFO, "50% off\nnext line", Location("dir,1/a:b.md", 2, 3))
    assert output.workflow_command(finding) == (
        "::notice file=dir%2C1/a%3Ab.md,line=2,endLine=3,title=paper-triage [cells]::50%25 off%0Anext line"
    )


def test_sarif_validates_against_the_official_schema_with_rules_and_fixes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path,
        "README.md",
        DUPLICATE
        + EMPTY_MODEL.split("\n", 2)[2].replace(
            "(https://arxiv.org/abs/2401.00001)", "(https://arxiv.org/abs/2401.00002)"
        ),
    )
    assert main(["check", "--format", "sarif", path]) == 1
    log = json.loads(capsys.readouterr().out)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [rule.ID for rule in checks.DESCRIBED]
    assert all(rule["shortDescription"]["text"] and rule["fullDescription"]["text"] for rule in rules)
    by_rule = {result["ruleId"]: result for result in run["results"]}
    duplicate = by_rule["duplicate"]
    assert duplicate["properties"] == {"code": "duplicate/exact"}
    assert "duplicate/exact" in rules[duplicate["ruleIndex"]]["properties"]["codes"]
    assert (duplicate["level"], rules[duplicate["ruleIndex"]]["id"]) == ("error", "duplicate")
    assert duplicate["locations"][0]["physicalLocation"]["region"] == {"startLine": 4, "endLine": 4}
    assert duplicate["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 3
    # Deleting a row that has a next line: from its start to the next line's start, nothing inserted.
    assert duplicate["fixes"][0]["artifactChanges"][0]["replacements"] == [
        {
            "deletedRegion": {"startLine": 4, "startColumn": 1, "endLine": 5, "endColumn": 1},
            "insertedContent": {"text": ""},
        }
    ]
    # The file's last line: the whole line, replaced without a newline of its own.
    cells = by_rule["cells"]["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert cells["deletedRegion"] == {"startLine": 5, "endLine": 5}
    assert cells["insertedContent"]["text"] == "| [A](https://arxiv.org/abs/2401.00002) | 2024 | - |"


def test_sarif_file_is_written_beside_another_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sarif = tmp_path / "out" / "results.sarif"
    sarif.parent.mkdir()
    assert (
        main(["check", "--format", "concise", "--sarif-file", str(sarif), write(tmp_path, "README.md", DUPLICATE)]) == 1
    )
    assert ": error [duplicate/exact]" in capsys.readouterr().out
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(json.loads(sarif.read_text(encoding="utf-8")))


def test_colour_on_a_terminal_only(tmp_path: Path) -> None:
    path = write(tmp_path, "README.md", EMPTY_MODEL)
    piped = run_cli("check", path)
    assert "\033[" not in piped.stdout and "warning" in piped.stdout
    assert "\033[33mwarning" in on_a_terminal(["check", path], {})
    assert "\033[" not in on_a_terminal(["check", path], {"NO_COLOR": "1"})


def on_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """Run the command with a pseudo-terminal as its standard output, as in an interactive shell."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "paper_triage", *args],
        stdout=follower,
        stderr=subprocess.PIPE,
        env={**{k: v for k, v in os.environ.items() if k != "NO_COLOR"}, "TERM": "xterm", **env},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8")


def test_standard_input_takes_the_stdin_filename(tmp_path: Path) -> None:
    done = run_cli("check", "--format", "concise", "--stdin-filename", "lists/README.md", "-", stdin=EMPTY_MODEL)
    assert (done.returncode, done.stdout) == (
        0,
        "lists/README.md:3:1: warning [cells/empty-link] The model link `[Model]()` goes nowhere. Write `-` when there is no model.\n",
    )
    fixed = run_cli("fix", "-", stdin=EMPTY_MODEL)
    assert fixed.stdout == HEADER + ROW
    assert "[cells/empty-link]" in fixed.stderr


def test_each_file_is_judged_by_its_own_repositorys_config(tmp_path: Path) -> None:
    strict, lenient = tmp_path / "strict", tmp_path / "lenient"
    for repo in (strict, lenient):
        (repo / ".git").mkdir(parents=True)
        (repo / "docs").mkdir()
        write(repo / "docs", "README.md", EMPTY_MODEL)
    (lenient / ".github").mkdir()
    write(lenient / ".github", "paper-triage.yml", "rules:\n  disable: [cells]\n")
    done = run_cli(
        "check", "--format", "concise", str(strict / "docs/README.md"), str(lenient / "docs/README.md"), cwd=tmp_path
    )
    assert done.stdout.splitlines() == [
        f"{strict}/docs/README.md:3:1: warning [cells/empty-link] The model link `[Model]()` goes nowhere. Write `-` when there is no model."
    ]
    config = write(tmp_path, "other.yml", "rules:\n  disable: [cells]\n")
    assert run_cli("check", "--config", config, str(strict / "docs/README.md")).stdout.endswith(
        "No problems found in 1 file(s).\n"
    )


def test_the_repositorys_formats_say_how_a_file_is_written(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".github").mkdir()
    write(tmp_path / ".github", "paper-triage.yml", "formats:\n  papers.txt: {dialect: json}\n")
    paper = {"Title": "A Paper", "Link": "https://arxiv.org/abs/2401.00001", "Date": "2024", "Venue": "arXiv"}
    write(tmp_path, "papers.txt", json.dumps([paper, paper], indent=2) + "\n")  # by its name, not a list
    done = run_cli("check", "--format", "concise", "papers.txt", cwd=tmp_path)
    assert (done.returncode, done.stdout.split(" This")[0]) == (1, "papers.txt:7:1: error [duplicate/exact]")
    assert run_cli("fix", "papers.txt", cwd=tmp_path).returncode == 0
    assert json.loads((tmp_path / "papers.txt").read_text(encoding="utf-8")) == [paper]


def test_an_unreadable_file_is_reported_and_the_others_still_checked(tmp_path: Path) -> None:
    good = write(tmp_path, "README.md", DUPLICATE)
    binary = write(tmp_path, "data.json", b"\0\1")
    done = run_cli("check", "--format", "concise", str(tmp_path / "missing.md"), good, binary)
    assert done.returncode == 2
    assert ": error [duplicate/exact]" in done.stdout
    assert done.stderr.splitlines() == [
        f"paper-triage: {tmp_path / 'missing.md'}: no such file",
        f"paper-triage: {binary}: is a binary file, not a markdown or JSON list",
    ]
    fixed = run_cli("fix", good, str(tmp_path / "missing.md"))
    assert fixed.returncode == 2 and Path(good).read_text(encoding="utf-8") == HEADER + ROW


def test_without_paths_the_repositorys_lists_are_checked_or_those_changed(tmp_path: Path) -> None:
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q", str(tmp_path)], check=True)
    write(tmp_path, "README.md", HEADER + ROW)
    (tmp_path / "scripts").mkdir()
    write(tmp_path / "scripts", "data.json", "[]\n")
    write(tmp_path, "notes.md", NO_URL)  # not a list file by the default names
    subprocess.run([*git, "-C", str(tmp_path), "add", "-A"], check=True)
    subprocess.run([*git, "-C", str(tmp_path), "commit", "-qm", "base"], check=True)
    write(tmp_path, "README.md", DUPLICATE)
    every = run_cli("check", "--format", "concise", cwd=tmp_path / "scripts")
    assert every.returncode == 1 and every.stdout.startswith("README.md:4:1: error [duplicate/exact]")
    changed = run_cli("check", "--format", "json", "--changed-from", "HEAD", cwd=tmp_path)
    assert {finding["path"] for finding in json.loads(changed.stdout)["findings"]} == {"README.md"}
    subprocess.run([*git, "-C", str(tmp_path), "commit", "-qam", "head"], check=True)
    assert run_cli("check", "--changed-from", "HEAD", cwd=tmp_path).stdout == "No list file changed since HEAD.\n"
    both = run_cli("check", "--changed-from", "HEAD", "README.md", cwd=tmp_path)
    assert (both.returncode, both.stderr) == (
        2,
        "paper-triage: --changed-from picks among the repository's list files: give it without PATHs\n",
    )
    bad = run_cli("check", "--changed-from", "no-such-ref", cwd=tmp_path)
    assert bad.returncode == 2 and "--changed-from no-such-ref: git cannot compare with it" in bad.stderr


def test_json_documents_write_their_big_list_one_item_per_line_and_read_back_whole() -> None:
    items = [{"message": 'a "quoted" \\ line\nand tab\t', "related": [{"line": 3}]}, {"message": "é ✓"}]
    text = output.dumps_items_per_line({"runs": [{"tool": "t", "results": output.ITEMS}], "n": 2}, items)
    assert json.loads(text) == {"runs": [{"tool": "t", "results": items}], "n": 2}
    lines = text.splitlines()
    start = lines.index('      "results": [')
    assert [json.loads(line.strip().rstrip(",")) for line in lines[start + 1 : start + 3]] == items
    assert lines[start + 3] == "      ]"
    assert "é ✓" in text  # written as is, like the rest of the document
    empty = output.dumps_items_per_line({"findings": output.ITEMS}, [])
    assert empty == '{\n  "findings": []\n}'

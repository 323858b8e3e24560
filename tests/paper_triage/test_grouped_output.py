"""A cause recurring at many lines is one finding in every output format of ``check``, with its count and
lines, and ``fix`` still edits every line (issue 11, point 9); a generated README is judged through its data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paper_triage.main import main
from tests.support import DISTINCT_TITLES, copy_real_list, write

ROWS = "".join(f"| [{title}](https://example.org/{n}) | 2024 | J-N |\n" for n, title in enumerate(DISTINCT_TITLES[:6]))
LIST_TEXT = "| Title | Year | Venue |\n| --- | --- | --- |\n" + ROWS
LINES = "lines 3, 4, 5, 6, 7, 8"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    main(["check", *args])
    return capsys.readouterr().out


def test_text_says_the_group_once_with_all_its_lines_and_its_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "README.md", LIST_TEXT)
    out = run(capsys, path).splitlines()
    assert sum("venue-alias/alias" in line for line in out) == 1
    assert any(f"The same at 6 places of this file ({LINES})" in line for line in out)
    assert any(line.strip() == "at lines 3, 4, 5, 6, 7, 8" for line in out)
    assert any(line.strip() == "fix: `N` → `NC` (at each of the 6 lines)" for line in out)
    assert out[-1] == "0 errors, 1 warning, 0 infos; 1 fixable with `paper-triage fix`."


@pytest.mark.parametrize("fmt", ["concise", "github"])
def test_line_formats_say_it_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    path = write(tmp_path, "README.md", LIST_TEXT)
    [line] = run(capsys, "--format", fmt, path).splitlines()
    assert (":3:" in line or "line=3," in line) and "venue-alias/alias" in line and LINES in line


def test_json_carries_the_count_the_related_lines_and_each_lines_edit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "README.md", LIST_TEXT)
    [finding] = json.loads(run(capsys, "--format", "json", path))["findings"]
    assert (finding["line"], finding["count"]) == (3, 6)
    assert [related["line"] for related in finding["related"]] == [4, 5, 6, 7, 8]
    assert [edit["line"] for edit in finding["edits"]] == [3, 4, 5, 6, 7, 8]
    assert all(edit["fix"].endswith("| 2024 | J-NC |") for edit in finding["edits"])


def test_sarif_gives_one_result_whose_fix_replaces_every_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "README.md", LIST_TEXT)
    [result] = json.loads(run(capsys, "--format", "sarif", path))["runs"][0]["results"]
    assert len(result["relatedLocations"]) == 5
    [fix] = result["fixes"]
    replacements = fix["artifactChanges"][0]["replacements"]
    assert [r["deletedRegion"]["startLine"] for r in replacements] == [3, 4, 5, 6, 7, 8]
    assert fix["description"]["text"] == "`N` → `NC` (at each of the 6 lines)"


def test_fix_edits_every_line_of_a_group(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "README.md", LIST_TEXT)
    main(["fix", path])
    assert capsys.readouterr().out.splitlines()[-1] == "Fixed 1 problem(s) in 1 file(s)."
    assert Path(path).read_text(encoding="utf-8") == LIST_TEXT.replace("| J-N |", "| J-NC |")


def test_make_run_reports_the_data_files_and_not_the_readme_generated_from_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = copy_real_list(tmp_path)
    findings = json.loads(run(capsys, "--format", "json", *paths))["findings"]
    # Before: 367 findings, 253 of them on the README's rows; now the data files' 114, grouped to 108.
    assert not [finding for finding in findings if finding["path"].endswith("README.md")]
    assert (len(findings), sum(finding.get("count", 1) for finding in findings)) == (108, 114)


def test_text_says_which_data_files_a_generated_readme_is_judged_through(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = copy_real_list(tmp_path)
    first = run(capsys, *paths).splitlines()[0]
    assert first.startswith(f"{paths[0]}: 151 entries read as markdown table, generated from {paths[1]}, ")
    assert first.endswith(" (its rows' problems are reported there)")

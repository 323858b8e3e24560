"""``paper-triage check`` and ``fix`` as a user runs them: output, exit codes, atomic writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from paper_triage.main import main
from tests.support import copy_real_list, write

LIST = Path(__file__).parent.parent / "fixtures" / "lists" / "video-anomaly-detection"
CLEAN = "| Title | Date | Venue |\n| --- | --- | --- |\n| [A](https://arxiv.org/abs/2401.00001) | 2024 | arXiv |\n"
EMPTY_MODEL = (
    "| Title | Date | Model |\n| --- | --- | --- |\n| [A](https://arxiv.org/abs/2401.00001) | 2024 | [Model]() |\n"
)
NO_URL = "| Title | Date |\n| --- | --- |\n| Plain title | 2024 |\n"


def test_a_clean_list_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "README.md", CLEAN)
    assert main(["check", path]) == 0
    assert capsys.readouterr().out == f"{path}: 1 entry read as markdown table\nNo problems found in 1 file(s).\n"


def test_warnings_alone_exit_0_and_errors_exit_1(tmp_path: Path) -> None:
    assert main(["check", write(tmp_path, "a.md", EMPTY_MODEL)]) == 0
    assert main(["check", write(tmp_path, "b.md", NO_URL)]) == 1


def test_text_output_groups_by_file_with_line_rule_message_and_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "README.md", EMPTY_MODEL)
    main(["check", path])
    assert capsys.readouterr().out.splitlines() == [
        f"{path}: 1 entry read as markdown table",
        "",
        path,
        "      3  warning  cells/empty-link                  The model link `[Model]()` goes nowhere. Write `-` when there is no model.",
        "                                                  fix: `[Model]()` → `-`",
        "",
        "0 errors, 1 warning, 0 infos; 1 fixable with `paper-triage fix`.",
    ]


def test_json_output_has_the_documented_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "README.md", EMPTY_MODEL)
    main(["check", "--format", "json", path])
    assert json.loads(capsys.readouterr().out) == {
        "files": [{"path": path, "dialect": "markdown table", "entries": 1}],
        "findings": [
            {
                "rule": "cells",
                "code": "cells/empty-link",
                "severity": "warning",
                "path": path,
                "line": 3,
                "end_line": 3,
                "message": "The model link `[Model]()` goes nowhere. Write `-` when there is no model.",
                "fix": "| [A](https://arxiv.org/abs/2401.00001) | 2024 | - |",
                "related": [],
            }
        ],
    }


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("missing.md", None, "no such file"),
        (
            "latin1.md",
            "| Title |\n| caf\xe9 |".encode("latin-1"),
            "is not UTF-8 text (byte 0xe9 on line 2); save it as UTF-8",
        ),
        ("image.md", b"\x89PNG\r\n\x1a\n\0\0", "is a binary file, not a markdown or JSON list"),
        ("data.json", '[\n  {"Title": "x"\n]', "invalid JSON at line 3, column 1: Expecting ',' delimiter"),
        ("obj.json", '{"Title": "x"}', "expected a JSON array of paper objects"),
    ],
)
def test_input_problems_exit_2_with_a_one_line_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes | str | None, reason: str
) -> None:
    path = str(tmp_path / name) if content is None else write(tmp_path, name, content)
    assert main(["check", path]) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", f"paper-triage: {path}: {reason}\n")


def test_fix_rewrites_in_place_prints_changes_and_is_idempotent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "README.md", EMPTY_MODEL.replace("[A]", "[ A ]"))
    assert main(["fix", path]) == 0
    assert (
        Path(path).read_text(encoding="utf-8")
        == "| Title | Date | Model |\n| --- | --- | --- |\n| [A](https://arxiv.org/abs/2401.00001) | 2024 | - |\n"
    )
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "Fixed 2 problem(s) in 1 file(s)."
    assert main(["fix", path]) == 0
    assert capsys.readouterr().out == "Nothing to fix.\n"


def test_fix_keeps_crlf_line_endings(tmp_path: Path) -> None:
    path = write(tmp_path, "README.md", EMPTY_MODEL.replace("\n", "\r\n"))
    main(["fix", path])
    assert Path(path).read_bytes().count(b"\r\n") == 3


def test_a_crash_mid_write_leaves_the_old_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "README.md", EMPTY_MODEL)

    def crash(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        main(["fix", path])
    assert Path(path).read_text(encoding="utf-8") == EMPTY_MODEL
    assert sorted(child.name for child in tmp_path.iterdir()) == ["README.md"]


def test_fix_on_the_real_list_converges_and_keeps_json_valid(tmp_path: Path) -> None:
    paths = copy_real_list(tmp_path)
    assert main(["fix", *paths]) == 0
    for path in paths[1:]:
        json.loads(Path(path).read_text(encoding="utf-8"))
    first = {path: Path(path).read_text(encoding="utf-8") for path in paths}
    assert main(["fix", *paths]) == 0
    assert {path: Path(path).read_text(encoding="utf-8") for path in paths} == first


def test_the_console_script_runs() -> None:
    script = Path(sys.executable).with_name("paper-triage")
    result = subprocess.run(
        [str(script), "check", str(LIST / "README.seed.md")], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    assert "The table header is glued onto the end of the line before it" in result.stdout


def modules_check_imports(path: Path, prefixes: tuple[str, ...]) -> list[str]:
    """The modules starting with one of ``prefixes`` that a fresh process imports to `check` ``path``."""
    program = (
        "import sys; from paper_triage.main import main; main(['check', sys.argv[1]]); "
        "print('\\nimported:', *sorted(m for m in sys.modules if m.startswith(tuple(sys.argv[2:]))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", program, str(path), *prefixes], capture_output=True, text=True, timeout=120
    )
    return result.stdout.splitlines()[-1].split()[1:]


def test_check_imports_no_other_commands_code() -> None:
    """Start-up: `check` loads its own command's code, not the review planner, the record sources or
    the web server."""
    unwanted = ("bot.review", "paper_triage.review", "paper_triage.init", "paper_triage.serve", "scholarly", "flask")
    assert modules_check_imports(LIST / "README.seed.md", unwanted) == []


def test_a_markdown_check_without_config_loads_no_yaml(tmp_path: Path) -> None:
    """Start-up: PyYAML loads for YAML lists and configs only, not for a markdown list with no config."""
    path = Path(write(tmp_path, "README.md", CLEAN))
    assert modules_check_imports(path, ("yaml", "rules.dialects.yamldata")) == []
    data = Path(write(tmp_path, "papers.yml", "- title: Attention Is All You Need\n  year: 2017\n"))
    assert "yaml" in modules_check_imports(data, ("yaml",))


def test_a_markdown_check_without_config_loads_no_pydantic(tmp_path: Path) -> None:
    """Start-up: the rules' options are plain dataclasses; pydantic validates a repository's config only
    when there is one (about a third of a small check's CPU time otherwise)."""
    unwanted = ("pydantic", "annotated_types", "bot.repo_config")
    path = Path(write(tmp_path, "README.md", CLEAN))
    assert modules_check_imports(path, unwanted) == []
    (tmp_path / ".git").mkdir()
    (tmp_path / ".github").mkdir()
    write(tmp_path, ".github/paper-triage.yml", "rules:\n  disable: [cells]\n")
    assert {"pydantic", "bot.repo_config"} <= set(modules_check_imports(path, unwanted))


def test_rule_options_come_from_the_repository_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "README.md", EMPTY_MODEL)
    config = write(tmp_path, "paper-triage.yml", "rules:\n  disable: [cells]\n")
    assert main(["check", "--config", config, path]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "No problems found in 1 file(s)."


def test_a_broken_config_is_a_usage_error_naming_the_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write(tmp_path, "paper-triage.yml", "rules:\n  disabel: [cells]\n")
    assert main(["check", "--config", config, write(tmp_path, "README.md", CLEAN)]) == 2
    assert capsys.readouterr().err == (
        f"paper-triage: `{config}` has a setting I cannot use — `rules.disabel` is not a setting I know (check its spelling).\n"
    )


def test_a_paper_from_years_ahead_is_flagged_by_the_clock_not_by_the_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    far = "| Title | Date | Venue |\n| --- | --- | --- |\n| [A](https://example.org/a) | 2090 | C-CVPR |\n"
    main(["check", "--format", "json", write(tmp_path, "README.md", far)])
    assert [finding["rule"] for finding in json.loads(capsys.readouterr().out)["findings"]] == ["year"]


def test_fix_tells_each_change_against_the_text_it_was_made_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Round one joins both broken rows; the second row's link fix overlaps its join, so round two makes
    # it and finds that row one line higher.
    text = (
        "| Title | Date | Model |\n| --- | --- | --- |\n"
        "| [A](https://arxiv.org/abs/2401.00001) | 2024 |\n- |\n"
        "| [B](https://arxiv.org/abs/2401.00002?utm_source=x) | 2024 |\n- |\n"
    )
    path = write(tmp_path, "README.md", text)
    main(["fix", path])
    assert capsys.readouterr().out.splitlines() == [
        f"{path}:3: [structure/broken-row] `|⏎-` → `| -`",
        f"{path}:5: [structure/broken-row] `|⏎-` → `| -`",
        f"{path}:4: [title-link/tracking] `00002?utm_source=x` → `00002`",
        "Fixed 3 problem(s) in 1 file(s).",
    ]


def test_fixes_of_separate_parts_of_one_row_are_made_in_one_round(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "| Title | Date | Model |\n| --- | --- | --- |\n"
        "| [B](https://arxiv.org/abs/2401.00002?utm_source=x) | 2024 | [Model]() |\n"
    )
    path = write(tmp_path, "README.md", text)
    main(["fix", path])
    assert capsys.readouterr().out.splitlines() == [
        f"{path}:3: [cells/empty-link] `[Model]()` → `-`",
        f"{path}:3: [title-link/tracking] `00002?utm_source=x` → `00002`",
        "Fixed 2 problem(s) in 1 file(s).",
    ]
    assert Path(path).read_text() == (
        "| Title | Date | Model |\n| --- | --- | --- |\n| [B](https://arxiv.org/abs/2401.00002) | 2024 | - |\n"
    )


def test_files_inside_a_repository_are_named_from_its_root(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "docs").mkdir()
    path = write(tmp_path / "docs", "README.md", EMPTY_MODEL)
    main(["check", "--format", "json", path])
    assert [finding["path"] for finding in json.loads(capsys.readouterr().out)["findings"]] == ["docs/README.md"]
    main(["fix", path])
    assert capsys.readouterr().out.startswith("docs/README.md:3: [cells/empty-link]")
    assert Path(path).read_text(encoding="utf-8").endswith("| 2024 | - |\n")


def test_check_and_fix_count_fixable_problems_alike_and_fix_says_what_is_left(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # On the real list a deleted copy takes its other problems along, and one entry gets several fixes:
    # counting fixes applied (297) and findings with a fix (315) told two stories; both now count the
    # problems that go away. The README is generated from the data files (its rows are their objects), so
    # the fixes are made in the three data files that need them, and the README is left to its generator.
    paths = copy_real_list(tmp_path)
    main(["check", *paths])
    totals = capsys.readouterr().out.splitlines()[-1]
    fixable = int(totals.split("; ")[1].split()[0])
    main(["fix", *paths])
    fixed, left = capsys.readouterr().out.splitlines()[-2:]
    assert fixed == f"Fixed {fixable} problem(s) in 3 file(s)."
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == (LIST / "README.md").read_text(encoding="utf-8")
    main(["check", *paths])
    remaining = capsys.readouterr().out.splitlines()[-1]
    assert left == f"Left unfixed: {remaining.split(';')[0]}. `paper-triage check` lists them."
    assert remaining.endswith("; 0 fixable with `paper-triage fix`.")


def test_check_says_per_file_what_it_read_in_text_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = write(tmp_path, "README.md", CLEAN)
    prose = write(tmp_path, "NOTES.md", "# Notes\n\nNothing listed here.\n")
    main(["check", table, prose])
    assert capsys.readouterr().out.splitlines()[:2] == [
        f"{table}: 1 entry read as markdown table",
        f"{prose}: 0 entries read as markdown",
    ]
    main(["check", "--format", "json", table, prose])
    assert json.loads(capsys.readouterr().out)["files"] == [
        {"path": table, "dialect": "markdown table", "entries": 1},
        {"path": prose, "dialect": "markdown", "entries": 0},
    ]

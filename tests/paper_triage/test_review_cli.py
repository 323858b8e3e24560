"""``paper-triage review`` as a user runs it: the comments and summary the bot would post, JSON, the
diff form, and one-line errors with exit code 2."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest

from bot.review import SUMMARY_MARKER
from paper_triage.main import main
from tests.support import write

BASE = (
    "# Papers\n\n"
    "| Title | Date | Venue | Model |\n"
    "| --- | --- | --- | --- |\n"
    "| [Alpha anomaly detector](https://arxiv.org/abs/2401.00001) | 2024 | arXiv | - |\n"
    "| [Beta anomaly detector](https://arxiv.org/abs/2402.00002) | 2024 | arXiv | - |\n"
)
GOOD_ROW = "| [Gamma anomaly detector](https://arxiv.org/abs/2403.00003) | 2024 | arXiv | - |\n"
BROKEN_ROW = "| [Delta anomaly detector](https://arxiv.org/abs/2404.00004) | 2024 |\narXiv | [Model]() |\n"
FIXED_ROW = "| [Delta anomaly detector](https://arxiv.org/abs/2404.00004) | 2024 | arXiv | - |"


def test_a_clean_addition_prints_no_comment_and_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base, head = write(tmp_path, "old.md", BASE), write(tmp_path, "README.md", BASE + GOOD_ROW)
    assert main(["review", "--base", base, "--head", head]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## Inline comments (0)\n\nNo inline comments.\n\n## Summary comment\n\n" + SUMMARY_MARKER)
    assert "✅ No problems in the 1 paper this pull request adds or changes." in out
    assert out.endswith(
        "## Check run paper-triage: success — No problems in 1 paper\n\n"
        "| File | Added | Changed | Removed |\n| --- | --: | --: | --: |\n"
        f"| `{head}` | 1 | 0 | 0 |\n"
    )


def test_a_broken_row_prints_its_suggestion_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base, head = write(tmp_path, "old.md", BASE), write(tmp_path, "README.md", BASE + BROKEN_ROW)
    assert main(["review", "--base", base, "--head", head, "--path", "README.md"]) == 1
    out = capsys.readouterr().out
    assert out.startswith(
        "## Inline comments (1)\n\n### README.md:7-8\n\n**paper-triage** found 2 problems in this entry:"
    )
    assert f"```suggestion\n{FIXED_ROW}\n```" in out
    assert "## Review (COMMENT)\n\npaper-triage found 1 error, 1 warning in the entries" in out
    assert "## Check run paper-triage: failure — 1 error, 1 warning in 1 paper" in out


def test_a_diff_applied_to_the_base_reviews_the_same(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base, head = write(tmp_path, "old.md", BASE), write(tmp_path, "new.md", BASE + BROKEN_ROW)
    patch = "".join(
        difflib.unified_diff(BASE.splitlines(True), (BASE + BROKEN_ROW).splitlines(True), "a/README.md", "b/README.md")
    )
    diff = write(tmp_path, "change.diff", patch)
    assert main(["review", "--base", base, "--head", head, "--path", "README.md"]) == 1
    from_head = capsys.readouterr().out
    assert main(["review", "--base", base, "--diff", diff, "--path", "README.md"]) == 1
    assert capsys.readouterr().out == from_head


def test_json_format_prints_the_whole_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base, head = write(tmp_path, "old.md", BASE), write(tmp_path, "README.md", BASE + BROKEN_ROW)
    main(["review", "--base", base, "--head", head, "--path", "README.md", "--format", "json"])
    plan = json.loads(capsys.readouterr().out)
    assert sorted(plan) == ["check", "comments", "review_body", "review_event", "summary", "touched_lists"]
    [comment] = plan["comments"]
    assert (comment["path"], comment["start_line"], comment["line"]) == ("README.md", 7, 8)
    assert plan["check"]["conclusion"] == "failure"
    assert [(a["start_line"], a["level"], a["title"]) for a in plan["check"]["annotations"]] == [
        (7, "warning", "cells/empty-link"),
        (7, "failure", "structure/broken-row"),
    ]
    assert "<sub>`structure/broken-row`</sub>" in comment["body"]


def test_a_config_file_is_used(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base, head = write(tmp_path, "old.md", BASE), write(tmp_path, "README.md", BASE + BROKEN_ROW)
    config = write(tmp_path, "paper-triage.yml", "review:\n  mode: request-changes\nrules:\n  disable: [cells]\n")
    assert main(["review", "--base", base, "--head", head, "--config", config]) == 1
    out = capsys.readouterr().out
    assert "## Review (REQUEST_CHANGES)" in out
    assert "`cells`" not in out


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--base", "{tmp}/missing.md", "--head", "{tmp}/new.md"], "paper-triage: {tmp}/missing.md: no such file\n"),
        (
            ["--base", "{tmp}/old.md", "--head", "{tmp}/binary.md"],
            "paper-triage: {tmp}/binary.md: is a binary file, not a markdown or JSON list\n",
        ),
        (
            ["--base", "{tmp}/old.md", "--diff", "{tmp}/wrong.diff"],
            "paper-triage: {tmp}/wrong.diff: line 5 does not match the patch\n",
        ),
        (
            ["--base", "{tmp}/old.md", "--head", "{tmp}/new.md", "--config", "{tmp}/bad.yml"],
            "paper-triage: `{tmp}/bad.yml` has a setting I cannot use — `review.mode`: ",
        ),
    ],
    ids=["missing", "binary", "patch-mismatch", "bad-config"],
)
def test_bad_input_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    write(tmp_path, "old.md", BASE)
    write(tmp_path, "new.md", BASE + GOOD_ROW)
    write(tmp_path, "binary.md", b"\x00\x01")
    write(tmp_path, "wrong.diff", "@@ -5,1 +5,1 @@\n-| something else |\n+| x |\n")
    write(tmp_path, "bad.yml", "review:\n  mode: shout\n")
    assert main(["review", *(argument.format(tmp=tmp_path) for argument in arguments)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(message.format(tmp=tmp_path))
    assert captured.err.count("\n") == 1


def test_without_path_a_diff_labels_comments_with_its_own_file_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = write(tmp_path, "old.md", BASE)
    patch = "".join(
        difflib.unified_diff(
            BASE.splitlines(True), (BASE + BROKEN_ROW).splitlines(True), "a/docs/LIST.md", "b/docs/LIST.md"
        )
    )
    assert main(["review", "--base", base, "--diff", write(tmp_path, "change.diff", patch)]) == 1
    assert "### docs/LIST.md:7-8\n" in capsys.readouterr().out


def test_a_pure_rename_diff_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = write(tmp_path, "old.md", BASE)
    rename = "diff --git a/data.md b/scripts/data.md\nsimilarity index 100%\nrename from data.md\nrename to scripts/data.md\n"
    assert main(["review", "--base", base, "--diff", write(tmp_path, "change.diff", rename)]) == 0
    assert capsys.readouterr().out.endswith("| `scripts/data.md` | 0 | 0 | 0 |\n")  # renamed, nothing changed


def test_paths_in_review_text_are_relative_to_the_repository_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The list's other file is named by an absolute path; the duplicate's place must read `docs/more.md:5`.
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "docs").mkdir()
    other = write(repo / "docs", "more.md", BASE.replace("Alpha", "Gamma").replace("2401.00001", "2403.00003"))
    base, head = write(repo, "old.md", BASE), write(repo, "README.md", BASE + GOOD_ROW)
    main(["review", "--base", base, "--head", head, "--list", other])
    out = capsys.readouterr().out
    assert "docs/more.md:5" in out and "README.md:7" in out
    assert str(tmp_path) not in out


def test_a_blanked_list_is_called_out_offline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base, head = write(tmp_path, "old.md", BASE), write(tmp_path, "README.md", "")
    assert main(["review", "--base", base, "--head", head, "--path", "README.md"]) == 0
    out = capsys.readouterr().out
    assert "> ⚠️ This pull request empties `README.md`: it held 2 entries, and no entry is left." in out
    assert "## Check run paper-triage: neutral" in out


def test_a_whole_commit_is_reviewed_from_a_folder_and_its_diff_deletions_included(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "base" / "docs").mkdir(parents=True)
    write(tmp_path, "base/README.md", BASE)
    write(tmp_path, "base/docs/old.md", BASE)
    added = "".join(
        difflib.unified_diff(BASE.splitlines(True), (BASE + GOOD_ROW).splitlines(True), "a/README.md", "b/README.md")
    )
    deleted = "".join(difflib.unified_diff(BASE.splitlines(True), [], "a/docs/old.md", "/dev/null"))
    diff = write(
        tmp_path,
        "change.diff",
        f"diff --git a/README.md b/README.md\n{added}"
        f"diff --git a/docs/old.md b/docs/old.md\ndeleted file mode 100644\n{deleted}",
    )
    assert main(["review", "--base", str(tmp_path / "base"), "--diff", diff]) == 1
    out = capsys.readouterr().out
    assert "> ❌ This pull request deletes `docs/old.md`, a paper list of 2 entries." in out
    assert "| `README.md` | 1 | 0 | 0 |\n| `docs/old.md` | 0 | 0 | 2 |" in out


def test_a_folder_needs_a_diff(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "base").mkdir()
    head = write(tmp_path, "README.md", BASE)
    assert main(["review", "--base", str(tmp_path / "base"), "--head", head]) == 2
    assert (
        capsys.readouterr().err
        == f"paper-triage: {tmp_path / 'base'}: is a folder; with a folder as --base, give the change as --diff\n"
    )


def test_a_real_commit_to_a_list_of_items_is_reviewed(capsys: pytest.CaptureFixture[str]) -> None:
    """hoya012/awesome-anomaly-detection 5c28505 added three bullet items, one with `**[MICCAI' 21**`."""
    case = (
        Path(__file__).resolve().parents[1]
        / "fixtures"
        / "lists"
        / "hoya012__awesome-anomaly-detection"
        / "cases"
        / "04-5c28505"
    )
    arguments = [
        "review",
        "--base",
        str(case / "base" / "README.md"),
        "--diff",
        str(case / "diff" / "README.md.diff"),
        "--path",
        "README.md",
    ]
    assert main(arguments) == 0
    out = capsys.readouterr().out
    assert "changes no paper list" not in out
    assert "in the 3 papers this pull request adds or changes" in out
    assert "Write `**[MICCAI' 21]**`." in out
    assert "## Check run paper-triage: neutral" in out

"""What a pull request changes: diffs read with unidiff, the base rebuilt from GitHub's patch, list
files recognised, and entries sorted into added, modified, removed (a moved row is none of them)."""

from __future__ import annotations

import pytest

from bot.repo_config import RepoConfig
from bot.review import changes
from bot.review.changes import FileChange
from rules.dialects.markdown import parse_markdown
from tests.bot.review_cases import HISTORY, case_names, github_patches, load

HEADER = "| Title | Date | Venue |\n| --- | --- | --- |\n"
ROW_A = "| [Alpha net](https://a.org/1) | 2024 | C-CVPR |\n"
ROW_B = "| [Beta net](https://b.org/2) | 2023 | J-PR |\n"
ROW_C = "| [Gamma net](https://c.org/3) | 2022 | C-ICCV |\n"


def _patched_files() -> list[tuple[str, str]]:
    return [
        (name, path)
        for name in case_names()
        for path in github_patches((HISTORY / name / "change.diff").read_text(encoding="utf-8"))
    ]


@pytest.mark.parametrize(("name", "path"), _patched_files())
def test_base_from_patch_rebuilds_every_real_base(name: str, path: str) -> None:
    case = load(name[:3])
    change = next(change for change in case.changes if change.path == path)
    assert change.patch is not None and change.head_text is not None
    assert changes.base_from_patch(change.head_text, change.patch) == (change.base_text or "")
    assert changes.apply_patch(change.base_text or "", change.patch) == change.head_text


def test_the_real_history_has_patches_to_rebuild() -> None:
    assert len(_patched_files()) == 86


def test_base_from_patch_keeps_a_missing_final_newline() -> None:
    patch = "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file"
    assert changes.base_from_patch("a\nc", patch) == "a\nb"
    assert changes.apply_patch("a\nb", patch) == "a\nc"


def test_base_from_patch_keeps_crlf_lines() -> None:
    patch = "@@ -1,3 +1,3 @@\n a\r\n-b\r\n+B\r\n c\r"
    assert changes.base_from_patch("a\r\nB\r\nc\r\n", patch) == "a\r\nb\r\nc\r\n"


def test_base_from_patch_of_an_added_file_is_empty() -> None:
    assert changes.base_from_patch("x\ny\n", "@@ -0,0 +1,2 @@\n+x\n+y") == ""


@pytest.mark.parametrize(
    ("text", "patch", "message"),
    [
        ("a\nz\n", "@@ -1,2 +1,2 @@\n a\n-b\n+c", "line 2 does not match the patch"),
        ("a\n", "@@ -5,1 +5,1 @@\n-x\n+y", "a hunk starts at line 5, but the file has 1 lines"),
        ("a\n", "not a diff at all", r"not a unified diff \(no @@ hunk in it\)"),
    ],
)
def test_a_patch_that_does_not_fit_is_refused(text: str, patch: str, message: str) -> None:
    with pytest.raises(changes.PatchMismatch, match=message):
        changes.apply_patch(text, patch)


def test_a_patch_of_two_files_is_refused() -> None:
    two = "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n--- a/y\n+++ b/y\n@@ -1 +1 @@\n-a\n+b\n"
    with pytest.raises(changes.PatchMismatch, match="changes 2 files"):
        changes.apply_patch("a\n", two)


def test_diff_lines_come_from_github_patch_and_are_commentable() -> None:
    base, head = HEADER + ROW_A + ROW_C, HEADER + ROW_A + ROW_B + ROW_C
    patch = "@@ -3,2 +3,3 @@\n" + " " + ROW_A + "+" + ROW_B + " " + ROW_C.rstrip("\n")
    change = FileChange("README.md", "modified", None, base, head, patch)
    assert changes.diff_of(change, base) == changes.Diff(frozenset({4}), frozenset(), commentable=True)


def test_a_file_without_patch_is_diffed_here_but_not_commentable() -> None:
    base, head = HEADER + ROW_A + ROW_C, HEADER + ROW_B + ROW_C
    change = FileChange("README.md", "modified", None, base, head, None)
    assert changes.diff_of(change, base) == changes.Diff(frozenset({3}), frozenset({3}), commentable=False)


def _classify(base: str, head: str) -> changes.EntryChanges:
    before, after = parse_markdown("README.md", base), parse_markdown("README.md", head)
    change = FileChange("README.md", "modified", None, base, head, None)
    return changes.classify(before, after, changes.diff_of(change, base).added)


def _titles(entries) -> list[str]:
    return [entry.title for entry in entries]


def test_a_moved_row_is_neither_added_nor_modified() -> None:
    found = _classify(HEADER + ROW_A + ROW_B + ROW_C, HEADER + ROW_C + ROW_A + ROW_B)
    assert (found.added, found.modified, found.removed) == ((), (), ())


def test_a_changed_row_of_the_same_paper_is_modified() -> None:
    found = _classify(HEADER + ROW_A + ROW_B, HEADER + ROW_A + ROW_B.replace("J-PR", "J-TPAMI"))
    assert (_titles(found.added), _titles(found.modified), _titles(found.removed)) == ([], ["Beta net"], [])
    assert found.modified[0].venue == "J-TPAMI"


def test_a_pasted_copy_of_a_row_is_the_addition_not_the_original() -> None:
    found = _classify(HEADER + ROW_A + ROW_B, HEADER + ROW_A + ROW_B + ROW_A)
    assert [(entry.title, entry.line) for entry in found.added] == [("Alpha net", 5)]


def test_added_and_removed_rows() -> None:
    found = _classify(HEADER + ROW_A + ROW_B, HEADER + ROW_A + ROW_C)
    assert (_titles(found.added), _titles(found.modified), _titles(found.removed)) == (["Gamma net"], [], ["Beta net"])


def test_real_json_addition_matches_meta() -> None:
    case = load("017")
    change = case.changes[0]
    assert change.base_text is not None and change.head_text is not None
    from rules.dialects.jsondata import parse_json

    found = changes.classify(
        parse_json(change.path, change.base_text),
        parse_json(change.path, change.head_text),
        changes.diff_of(change, change.base_text).added,
    )
    assert _titles(found.added) == case.added_titles("data.json")
    assert (found.added[0].line, found.added[0].end_line) == (13, 23)
    assert (found.modified, found.removed) == ((), ())


CONFIG = RepoConfig(lists=["README.md", "scripts/data*.json"], generated={"README.md": ["scripts/data*.json"]})


def test_list_candidates_follow_the_config_globs() -> None:
    changed = ["README.md", "scripts/data.json", "scripts/write_md.py", "docs/notes.md", "assets/code.svg"]
    assert changes.list_candidates(changed, CONFIG) == ["README.md", "scripts/data.json"]


def test_without_config_every_markdown_and_json_file_outside_github_folder_is_a_candidate() -> None:
    changed = ["README.md", "docs/notes.MD", "scripts/data.json", ".github/ISSUE_TEMPLATE/paper.md", "a.py"]
    assert changes.list_candidates(changed, RepoConfig()) == ["README.md", "docs/notes.MD", "scripts/data.json"]


def test_other_list_paths_need_config_globs() -> None:
    tree = ["README.md", "scripts/data.json", "scripts/data_weakly.json", "scripts/write_md.py", "LICENSE"]
    assert changes.other_list_paths(tree, CONFIG) == ["README.md", "scripts/data.json", "scripts/data_weakly.json"]
    assert changes.other_list_paths(tree, RepoConfig()) == []


def test_double_star_globs_match_at_the_top_level_too() -> None:
    assert changes.matches("lists/a/papers.md", ["**/*.md"])
    assert changes.matches("papers.md", ["**/*.md"])
    assert not changes.matches("papers.json", ["**/*.md"])

"""plan_review on real contributions replayed from the bundled list's history, and on hand-made pull
requests against the real list: what is commented where, what the summary and the check say."""

from __future__ import annotations

import difflib
import re

import pytest
import unidiff

from bot.repo_config import RepoConfig
from bot.review import SUMMARY_MARKER, FileChange, fingerprints, fingerprints_in, plan_review, summarised_in
from bot.review.anchors import FollowedTargets
from bot.review.model import ReviewPlan
from bot.review.placement import MAX_INLINE_COMMENTS
from rules import fixes, parse
from tests.bot.review_cases import case_names, load
from tests.conftest import LIST_DIR

README = (LIST_DIR / "README.md").read_text(encoding="utf-8")
DATA_FILES = {
    f"scripts/{path.name}": path.read_text(encoding="utf-8")
    for path in sorted((LIST_DIR / "scripts").glob("data*.json"))
}
FIRST_2025_ROW = 64  # README line of the first 2025 paper of the main table (rows are sorted by year)
CLEAN_ROW = (
    "| [Temporal Prototype Memory for Unsupervised Video Anomaly Detection]"
    "(https://openaccess.thecvf.com/content/CVPR2025/papers/Doe_Temporal_Prototype_Memory_CVPR_2025_paper.pdf)"
    " | 2025 | C-CVPR | ![](./assets/video.svg) | [![](./assets/code.svg)](https://github.com/jdoe/tpm-vad) | - |"
)
BROKEN_ROW = (
    "| [Masked Motion Priors for Video Anomaly Detection](https://arxiv.org/abs/2501.01234) | 2025 | arxiv |\n"
    "![](./assets/video.svg) | - | [Model]() |"
)
BROKEN_ROW_FIXED = (
    "| [Masked Motion Priors for Video Anomaly Detection](https://arxiv.org/abs/2501.01234) | 2025 | arXiv |"
    " ![](./assets/video.svg) | - | - |"
)
GENERATED = RepoConfig(generated={"README.md": ["scripts/data*.json"]})

DEFAULT_CONFIG = RepoConfig()  # a frozen model: one shared default is safe


def github_patch(base: str, head: str) -> str:
    """The per-file patch GitHub sends: hunks only, no file header, no final newline."""
    lines = list(difflib.unified_diff(base.splitlines(True), head.splitlines(True)))
    return "".join(lines[2:]).removesuffix("\n")


def insert_rows(text: str, line: int, rows: str) -> str:
    """``text`` with ``rows`` inserted so that they start at ``line``."""
    lines = text.splitlines(True)
    return "".join(lines[: line - 1] + [rows + "\n"] + lines[line - 1 :])


def review(
    base: str,
    head: str,
    path: str = "README.md",
    config: RepoConfig = DEFAULT_CONFIG,
    head_list: dict[str, str] | None = None,
    posted: frozenset[str] = frozenset(),
    patch: str | None | bool = True,
    summarised: set[str] | frozenset[str] = frozenset(),
    **links: str,
) -> ReviewPlan:
    sent = github_patch(base, head) if patch is True else patch
    change = FileChange(path, "modified", None, base, head, sent or None)
    return plan_review([change], head_list or {}, config, posted, summarised=summarised, **links)


def posted_fingerprints(plan: ReviewPlan) -> frozenset[str]:
    return frozenset(value for comment in plan.comments for value in fingerprints_in(comment.body))


def outside_code(markdown: str) -> str:
    """The text GitHub renders as markdown: fenced blocks and code spans removed."""
    without_fences = re.sub(r"^(`{3,})[^\n]*\n.*?^\1\s*$", "", markdown, flags=re.MULTILINE | re.DOTALL)
    return re.sub(r"(`+).*?\1", "", without_fences)


# ------------------------------------------------------------------ hand-made pull requests


def test_a_clean_addition_is_quiet_and_passes() -> None:
    plan = review(README, insert_rows(README, FIRST_2025_ROW, CLEAN_ROW))
    assert plan.touched_lists
    assert (plan.comments, plan.review_event, plan.review_body) == ((), None, "")
    assert (
        plan.summary
        == f"{SUMMARY_MARKER}\n\n### paper-triage\n\n✅ No problems in the 1 paper this pull request adds or changes."
    )
    assert (plan.check.name, plan.check.conclusion, plan.check.title) == (
        "paper-triage",
        "success",
        "No problems in 1 paper",
    )
    assert plan.check.annotations == ()


def test_several_fixes_on_a_broken_row_combine_into_one_multi_line_suggestion() -> None:
    plan = review(README, insert_rows(README, FIRST_2025_ROW, BROKEN_ROW))
    [comment] = plan.comments
    assert (comment.path, comment.start_line, comment.line) == ("README.md", FIRST_2025_ROW, FIRST_2025_ROW + 1)
    assert f"```suggestion\n{BROKEN_ROW_FIXED}\n```" in comment.body
    assert comment.body.startswith("**paper-triage** found 3 problems in this entry:\n\n- ❌ ")
    assert {"`structure/broken-row`", "`cells/empty-link`"} <= set(re.findall(r"<sub>(`[^`]+`)</sub>", comment.body))
    assert plan.review_event == "COMMENT"
    assert plan.check.conclusion == "failure"
    assert f"```markdown\n{BROKEN_ROW_FIXED}\n```" in plan.summary  # the corrected row, ready to copy
    assert "| ❌ | Masked Motion Priors for Video Anomaly Detection | `README.md:64-65` |" in plan.summary


def test_request_changes_only_when_configured_and_there_are_errors() -> None:
    strict = RepoConfig(review={"mode": "request-changes"})
    errors = review(README, insert_rows(README, FIRST_2025_ROW, BROKEN_ROW), config=strict)
    assert (errors.check.conclusion, errors.review_event) == ("failure", "REQUEST_CHANGES")
    warnings_only = BROKEN_ROW_FIXED.removesuffix("| - |") + "| [Model]() |"
    plan = review(README, insert_rows(README, FIRST_2025_ROW, warnings_only), config=strict)
    assert (plan.check.conclusion, plan.review_event) == ("neutral", "COMMENT")


def test_a_second_push_that_shifts_lines_reposts_nothing() -> None:
    head = insert_rows(README, FIRST_2025_ROW, BROKEN_ROW)
    first = review(README, head)
    # The base gained a row above (a merged pull request); the contributor rebased: every line moved down.
    above = "| [Earlier paper on anomaly detection](https://arxiv.org/abs/2301.00001) | 2023 | arXiv | ![](./assets/video.svg) | - | - |"
    moved_base, moved_head = insert_rows(README, 20, above), insert_rows(head, 20, above)
    second = review(moved_base, moved_head, posted=posted_fingerprints(first))
    assert (second.comments, second.review_event, second.review_body) == ((), None, "")
    assert "`README.md:65-66`" in second.summary  # the summary still lists the problem, at its new place
    assert second.check.conclusion == "failure"


def test_beyond_thirty_comments_the_rest_live_in_the_summary_and_are_never_posted_later() -> None:
    rows = "\n".join(
        f"| [Anomaly study number {number}](https://arxiv.org/abs/2401.{number:05d}) | 2024 | arXiv |"
        f" ![](./assets/video.svg) | - | [Model]() |"
        for number in range(1, 36)
    )
    head = insert_rows(README, FIRST_2025_ROW, rows)
    first = review(README, head)
    assert len(first.comments) == MAX_INLINE_COMMENTS
    assert [comment.line for comment in first.comments] == list(range(FIRST_2025_ROW, FIRST_2025_ROW + 30))
    assert first.review_body.endswith(
        " 5 more comment(s) did not fit in this review (at most 30); the summary comment lists them."
    )
    assert "5 comment(s) did not fit in the review" in first.summary
    assert summarised_in(first.summary)
    assert len(first.check.annotations) == 35
    # A later push (even one that changes nothing in the list) posts no second review.
    second = review(README, head, posted=posted_fingerprints(first), summarised=summarised_in(first.summary))
    assert (second.comments, second.review_event) == ((), None)
    assert second.summary == first.summary.replace(
        "\n\n5 comment(s) did not fit in the review (GitHub takes about 30 at a time); they are all listed here.", ""
    )
    assert summarised_in(second.summary) == summarised_in(first.summary)


def test_a_huge_summary_is_built_to_fit_without_cutting_markdown() -> None:
    rows = "\n".join(
        f"| [Anomaly study number {number} {'with a long title ' * 5}](https://arxiv.org/abs/2401.{number:05d}) | 2024 | arxiv |"
        f" ![](./assets/video.svg) | - | [Model]() |"
        for number in range(1, 400)
    )
    plan = review(
        README, insert_rows(README, FIRST_2025_ROW, rows), repo_url="https://github.com/o/r", head_sha="a" * 40
    )
    assert len(plan.summary) <= 65_536
    assert "cut to fit" not in plan.summary
    assert "…and 299 more." in plan.summary  # problems listed before the rest are counted
    assert plan.summary.count("```") % 2 == 0


def test_hostile_titles_are_escaped_everywhere() -> None:
    hostile = (
        "| [@octocat <script>alert(1)</script> a \\| b](https://arxiv.org/abs/2501.09999) | 2025 | arxiv |"
        " ![](./assets/video.svg) | - | - |"
    )
    plan = review(
        README,
        insert_rows(README, FIRST_2025_ROW, hostile),
        repo_url="https://github.com/owner/list",
        head_sha="abc123",
    )
    for body in (plan.summary, *(comment.body for comment in plan.comments)):
        rendered = outside_code(body)
        assert "@octocat" not in rendered
        assert "<script>" not in rendered and "</script>" not in rendered
    [row] = [line for line in plan.summary.splitlines() if line.startswith("| ⚠️ |")]
    assert row.startswith(  # the number of warnings is the rules' business
        "| ⚠️ | @\u200boctocat \\<script\\>alert(1)\\</script\\> a \\| b "
        "| [`README.md:64`](https://github.com/owner/list/blob/abc123/README.md?plain=1#L64) | "
    )
    assert len(re.findall(r"(?<!\\)\|", row)) == 5  # four columns: nothing in the title breaks the table


def test_summary_links_need_repo_and_sha() -> None:
    head = insert_rows(README, FIRST_2025_ROW, BROKEN_ROW)
    linked = review(README, head, repo_url="https://github.com/vt-le/Video-Anomaly-Detection", head_sha="0123abc")
    assert (
        "[`README.md:64-65`](https://github.com/vt-le/Video-Anomaly-Detection/blob/0123abc/README.md?plain=1#L64-L65)"
        in linked.summary
    )
    assert "](https://" not in outside_code(review(README, head).summary)


def test_a_file_github_sent_without_patch_is_reviewed_in_the_summary_only() -> None:
    plan = review(README, insert_rows(README, FIRST_2025_ROW, BROKEN_ROW), patch=None)
    assert (plan.comments, plan.review_event) == ((), None)
    assert "- `README.md:64-65` ❌ This row is broken across 2 lines" in plan.summary
    assert "GitHub sent no diff for `README.md` (too large to show)" in plan.summary
    assert plan.check.conclusion == "failure"


def test_an_edit_to_a_generated_readme_is_sent_to_the_data_file_with_the_object_to_paste() -> None:
    plan = review(README, insert_rows(README, FIRST_2025_ROW, CLEAN_ROW), config=GENERATED, head_list=DATA_FILES)
    [comment] = plan.comments
    assert (comment.start_line, comment.line) == (None, FIRST_2025_ROW)
    assert "`README.md` is generated from `scripts/data*.json`" in comment.body
    assert "Add this paper to `scripts/data.json` instead." in comment.body
    assert comment.body.count("```suggestion") == 0
    assert (
        "```json\n"
        "  {\n"
        '    "Title": "Temporal Prototype Memory for Unsupervised Video Anomaly Detection",\n'
        '    "Link": "https://openaccess.thecvf.com/content/CVPR2025/papers/Doe_Temporal_Prototype_Memory_CVPR_2025_paper.pdf",\n'
        '    "Date": "2025",\n'
        '    "Venue": "C-CVPR",\n'
        '    "Task": [ "Video" ],\n'
        '    "Resource": {\n'
        '      "Code": "https://github.com/jdoe/tpm-vad"\n'
        "    },\n"
        '    "Model": "Model",\n'
        '    "ModelLink": ""\n'
        "  }\n"
        "```"
    ) in comment.body
    assert plan.check.conclusion == "failure"
    assert "#### Objects to add to the data files" in plan.summary


def test_the_object_for_a_generated_row_is_built_from_the_corrected_row_for_its_sections_data_file() -> None:
    weakly = README.splitlines().index("## Weakly Supervised VAD") + 4  # after the heading, header and delimiter
    row = BROKEN_ROW_FIXED.replace("| - | - |", "| - | [Model]() |").replace("arXiv", "arxiv")
    plan = review(README, insert_rows(README, weakly, row), config=GENERATED, head_list=DATA_FILES)
    [comment] = plan.comments
    assert "Add this paper to `scripts/data_weakly.json` instead." in comment.body
    assert '"Venue": "arXiv",' in comment.body  # the alias fixed before the object was built
    assert '"Resource": {\n      "Code": "-"\n    },\n    "Model": "Model",\n    "ModelLink": ""' in comment.body


def test_a_data_file_made_invalid_is_an_error_on_its_line() -> None:
    base = DATA_FILES["scripts/data_datasets.json"]
    head = base.replace('"Date": "2024",', '"Date": "2024"')
    plan = review(base, head, path="scripts/data_datasets.json")
    [comment] = plan.comments
    assert comment.line == 5  # the line that lost its comma, where the parser stumbles one line later
    assert "no longer valid JSON (line 6, column 5: Expecting ',' delimiter)" in comment.body
    assert plan.check.conclusion == "failure"


@pytest.mark.parametrize(
    "change",
    [
        FileChange("docs/old.md", "removed", None, "# Old notes\n\nSee https://example.org\n", None, None),
        FileChange(
            "docs/notes.md", "modified", None, "# Notes\n", "# Notes\n\nMore.\n", "@@ -1 +1,3 @@\n # Notes\n+\n+More."
        ),
        FileChange("package.json", "modified", None, "[]\n", '[{"name": "x"}]\n', '@@ -1 +1 @@\n-[]\n+[{"name": "x"}]'),
    ],
    ids=["removed-notes", "markdown-without-table", "json-without-papers"],
)
def test_files_that_are_not_lists_leave_the_pull_request_alone(change: FileChange) -> None:
    plan = plan_review([change], {}, RepoConfig())
    assert (plan.touched_lists, plan.comments, plan.review_event) == (False, (), None)
    assert (plan.check.conclusion, plan.check.title) == ("success", "No list files changed")
    assert plan.summary.startswith(SUMMARY_MARKER)


def test_configured_lists_exclude_other_tables() -> None:
    head = insert_rows(README, FIRST_2025_ROW, BROKEN_ROW)
    assert not review(README, head, config=RepoConfig(lists=["docs/*.md"])).touched_lists
    assert review(README, head, config=RepoConfig(lists=["*.md"])).touched_lists


# ------------------------------------------------------------------ real contributions


def test_a_real_json_addition_reviews_exactly_the_added_paper() -> None:
    case = load("017")  # one paper added to data.json, lines 13-23 of the head
    assert case.added_titles("data.json") == ["Video anomaly detection guided by clustering learning"]
    plan = plan_review(case.changes, case.head_list, RepoConfig())
    assert plan.touched_lists
    assert plan.check.summary.endswith("| `data.json` | 1 | 0 | 0 |")
    assert all(13 <= (comment.start_line or comment.line) <= comment.line <= 23 for comment in plan.comments)
    assert all(annotation.start_line >= 13 and annotation.end_line <= 23 for annotation in plan.check.annotations)


def test_real_wrong_venue_code_gets_a_one_line_suggestion() -> None:
    case = load("049")  # a maintainer's commit writing `arxiv` for a preprint
    plan = plan_review(case.changes, case.head_list, RepoConfig())
    [comment] = [comment for comment in plan.comments if comment.line == 78]
    assert (comment.path, comment.start_line) == ("scripts/data.json", None)
    assert '```suggestion\n    "Venue": "arXiv",\n```' in comment.body
    assert any((a.start_line, a.end_line) == (74, 85) and a.title.startswith("venue") for a in plan.check.annotations)


def test_real_duplicate_of_an_existing_paper_is_commented_on_the_copy() -> None:
    case = load("066")  # pasted the ReSOD paper (line 614) again at line 662
    plan = plan_review(case.changes, case.head_list, RepoConfig())
    [comment] = [comment for comment in plan.comments if comment.line == 673]
    assert (comment.path, comment.start_line) == ("scripts/data.json", 662)
    assert "<sub>`duplicate/exact`</sub>" in comment.body
    assert ("scripts/data.json", 662, 673, "failure", "duplicate/exact") in {
        (a.path, a.start_line, a.end_line, a.level, a.title) for a in plan.check.annotations
    }
    assert plan.check.conclusion == "failure"


def test_real_row_with_missing_cells_is_an_error_and_rows_changed_only_by_whitespace_are_not_judged() -> None:
    case = load("018")  # a new five-cell row; its five-cell neighbours only lost trailing whitespace
    plan = plan_review(case.changes, case.head_list, RepoConfig())
    assert [comment.line for comment in plan.comments] == [7]
    assert "❌ This row has 5 cells but the table header has 6." in plan.comments[0].body
    assert "❌ 1 error in the 1 paper this pull request adds or changes." in plan.summary
    assert plan.check.conclusion == "failure"


def _added_lines(case_name: str) -> dict[str, set[int]]:
    case = load(case_name)
    added: dict[str, set[int]] = {}
    for change in case.changes:
        if change.patch:
            patched = unidiff.PatchSet(f"--- a/{change.path}\n+++ b/{change.path}\n{change.patch}\n")
            added[change.path] = {line.target_line_no for hunk in patched[0] for line in hunk if line.is_added}
    return added


@pytest.mark.parametrize("name", case_names())
def test_every_inline_comment_lies_on_added_lines_and_a_second_push_repeats_nothing(name: str) -> None:
    case = load(name[:3])
    first = plan_review(case.changes, case.head_list, RepoConfig())
    added = _added_lines(name[:3])
    assert len(first.comments) <= MAX_INLINE_COMMENTS
    for comment in first.comments:
        assert set(range(comment.start_line or comment.line, comment.line + 1)) <= added[comment.path]
    assert (first.review_event is None) == (not first.comments)
    second = plan_review(case.changes, case.head_list, RepoConfig(), posted_fingerprints(first))
    assert second.check == first.check
    if len(first.comments) < MAX_INLINE_COMMENTS:
        assert (second.comments, second.review_event, second.summary) == ((), None, first.summary)


def test_the_fix_rounds_fix_the_reviewed_entries_and_follow_them_as_lines_move() -> None:
    head = insert_rows(README, FIRST_2025_ROW, BROKEN_ROW + "\n" + BROKEN_ROW.replace("Masked", "Unmasked"))
    catalog = parse.parse_catalog({"README.md": head})
    targets = [entry for entry in catalog.entries if entry.line in (FIRST_2025_ROW, FIRST_2025_ROW + 2)]
    fixed, applied = fixes.fix_until_stable(
        {"README.md": head}, parse.parse_catalog, None, FollowedTargets(catalog, targets)
    )
    # The second row moved up a line once the first was joined; it was still followed and fixed.
    assert fixed["README.md"] == insert_rows(
        README, FIRST_2025_ROW, BROKEN_ROW_FIXED + "\n" + BROKEN_ROW_FIXED.replace("Masked", "Unmasked")
    )
    assert {finding.location.line for finding in applied} <= {FIRST_2025_ROW, FIRST_2025_ROW + 1, FIRST_2025_ROW + 2}


@pytest.mark.parametrize("path", ["data.json", "scripts/papers.json", "lists/data_weakly.json"])
def test_a_broken_data_file_that_held_no_paper_is_still_an_error_with_its_position(path: str) -> None:
    base, head = "[]\n", '[\n  {"Title": "A", "Link": "https://arxiv.org/abs/2401.00001"}\n  {"Title": "B"}\n]\n'
    plan = review(base, head, path=path)
    assert plan.touched_lists and plan.check.conclusion == "failure"
    [annotation] = plan.check.annotations
    assert (annotation.path, annotation.start_line) == (path, 3)
    assert "line 3, column 3" in annotation.message


def test_a_real_data_file_made_invalid_is_reported() -> None:
    case = load("011")
    plan = plan_review(case.changes, case.head_list, RepoConfig())
    assert plan.check.title != "No list files changed" and plan.check.conclusion == "failure"
    assert all(annotation.path == "data.json" for annotation in plan.check.annotations)


def test_an_edited_row_of_a_generated_readme_points_to_the_papers_existing_object() -> None:
    lines = README.splitlines(True)
    row = lines[FIRST_2025_ROW - 1]
    title = re.match(r"\| \[([^\]]+)\]", row).group(1)
    lines[FIRST_2025_ROW - 1] = row.replace(" | 2025 | ", " | 2024 | ", 1)
    plan = review(README, "".join(lines), config=GENERATED, head_list=DATA_FILES)
    [comment] = plan.comments
    holder, line = next(
        (path, number)
        for path, text in DATA_FILES.items()
        for number, text_line in enumerate(text.splitlines(), 1)
        if f'"Title": "{title}"' in text_line
    )
    assert f"This paper is already at `{holder}:{line - 1}`: edit it there." in comment.body
    assert "```json" not in comment.body and "Add this paper" not in comment.body
    assert "#### Objects to add to the data files" not in plan.summary


def test_a_marker_written_into_an_entry_is_never_read_back_as_the_bots_memory() -> None:
    spoof = fingerprints.markers(["00112233445566aa"]) + fingerprints.summarised_marker(["00112233445566aa"])
    hostile = (
        f"| [Masked Motion Priors {spoof}](https://arxiv.org/abs/2501.01234) | 2025 | arxiv |"
        " ![](./assets/video.svg) | - | - |"
    )
    plan = review(README, insert_rows(README, FIRST_2025_ROW, hostile))
    [comment] = plan.comments
    assert "```suggestion" in comment.body and "paper-triage:fingerprints 00112233445566aa" in comment.body  # echoed
    assert "00112233445566aa" not in posted_fingerprints(plan)
    assert posted_fingerprints(plan)  # the comment's own markers are read
    assert "00112233445566aa" not in summarised_in(plan.summary)
    assert fingerprints_in(plan.summary) == set()

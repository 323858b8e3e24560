"""Every suggestion the review posts must be right applied alone: on every real contribution of the
bundled list's history, applying any one suggestion leaves valid JSON or a well-formed table, and no
two comments cover the same line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.posts import InlineComment
from bot.repo_config import RepoConfig
from bot.review import FileChange, plan_review
from tests.bot.review_cases import case_names, load
from tests.bot.test_review_plan import github_patch

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "review"
SUGGESTION = re.compile(r"```suggestion\n(.*?)```", re.DOTALL)


def applied(head: str, comment: InlineComment) -> str | None:
    """The head with the comment's suggestion applied, None when it holds none."""
    found = SUGGESTION.search(comment.body)
    if found is None:
        return None
    lines = head.split("\n")
    start = comment.start_line or comment.line
    replacement = found.group(1).removesuffix("\n")
    new = replacement.split("\n") if found.group(1) else []
    return "\n".join(lines[: start - 1] + new + lines[comment.line :])


def assert_well_formed(path: str, text: str) -> None:
    if path.endswith(".json"):
        json.loads(text)
    else:  # every table line still a whole row: no cell torn off onto a line of its own
        rows = [line.strip() for line in text.split("\n") if line.strip().startswith("|")]
        assert all(row.endswith("|") for row in rows)


def assert_no_overlap(comments: tuple[InlineComment, ...]) -> None:
    covered: dict[str, set[int]] = {}
    for comment in comments:
        lines = set(range(comment.start_line or comment.line, comment.line + 1))
        assert not lines & covered.setdefault(comment.path, set()), comment
        covered[comment.path] |= lines


@pytest.mark.parametrize("name", case_names())
def test_any_single_suggestion_keeps_the_file_valid_and_comments_never_overlap(name: str) -> None:
    case = load(name[:3])
    plan = plan_review(case.changes, case.head_list, RepoConfig())
    assert_no_overlap(plan.comments)
    heads = {change.path: change.head_text for change in case.changes}
    for comment in plan.comments:
        text = applied(heads[comment.path] or "", comment)
        if text is not None:
            assert_well_formed(comment.path, text)


def test_a_duplicate_appended_last_gets_one_comment_and_its_neighbour_keeps_its_comma() -> None:
    base = (FIXTURES / "appended_base.json").read_text(encoding="utf-8")
    head = (FIXTURES / "appended_duplicate_last.json").read_text(encoding="utf-8")
    change = FileChange("scripts/data.json", "modified", None, base, head, github_patch(base, head))
    plan = plan_review([change], {}, RepoConfig())
    assert [(c.start_line, c.line) for c in plan.comments] == [(None, 20), (22, 28)]
    assert '```suggestion\n    "Venue": "J-IJIT",\n```' in plan.comments[0].body
    assert "duplicate" in plan.comments[1].body and "```suggestion\n```" in plan.comments[1].body
    for comment in plan.comments:
        json.loads(applied(head, comment) or "")
    # The status table marks the duplicate, and no "corrected" block holds a lone closing brace.
    assert (
        "| ❌ | Video anomaly detection: A systematic review of issues and prospects | `scripts/data.json:23-29` | 1 error |"
        in plan.summary
    )
    corrected = plan.summary.split("#### Corrected lines, ready to copy\n\n")[1].split("\n\n## ")[0]
    assert (
        corrected
        == "Every certain fix applied, in `scripts/data.json`:\n\n```json\n"
        + "\n".join(head.split("\n")[15:22]).replace("C-IJoIT", "J-IJIT")
        + "\n```"
    )

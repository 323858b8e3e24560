"""What a pull request does to a list as a whole — deleting, emptying, breaking, gutting, replacing or
retitling it, or adding paper links no entry was read from — as the planner calls it out: at the top of
the summary, with a failing or neutral check, as ``review.list_changes`` says."""

from __future__ import annotations

import re

import pytest

from bot.repo_config import ListChangesConfig, RepoConfig, parse_config
from bot.review import FileChange, plan_review, whole_list
from bot.review.changes import list_candidates, worth_reading
from bot.review.model import ReviewPlan
from rules import parse
from tests.bot.test_review_plan import github_patch
from tests.conftest import LIST_DIR

README = (LIST_DIR / "README.md").read_text(encoding="utf-8")
DATA = (LIST_DIR / "scripts" / "data_surveys.json").read_text(encoding="utf-8")
ROW_RE = re.compile(r"^\| \[.*\n", re.MULTILINE)
SMALL = "# Papers\n\n| Title | Year |\n| --- | --- |\n" + "".join(
    f"| [Paper {name}](https://arxiv.org/abs/2401.0000{n}) | 2024 |\n" for n, name in enumerate("ABCDE")
)

DEFAULT_CONFIG = RepoConfig()  # a frozen model: one shared default is safe


def review(
    base: str, head: str | None, path: str = "README.md", status: str = "modified", config: RepoConfig = DEFAULT_CONFIG
) -> ReviewPlan:
    patch = github_patch(base, head if head is not None else "") if head is not None or status == "removed" else None
    return plan_review([FileChange(path, status, None, base, head, patch)], {}, config)


def without_rows(text: str, count: int) -> str:
    """``text`` less its first ``count`` paper rows."""
    return ROW_RE.sub("", text, count=count)


def html_item(number: int) -> str:
    """A paper written in a shape no dialect reads: an HTML paragraph."""
    return f'<p><a href="https://arxiv.org/abs/2401.0000{number}">Paper {number}</a></p>\n'


def callout(plan: ReviewPlan) -> str:
    return next(part for part in plan.summary.split("\n\n") if part.startswith("> [!"))


def test_deleting_a_list_fails_the_check_and_leads_the_summary() -> None:
    plan = review(README, None, status="removed")
    assert plan.touched_lists and plan.check.conclusion == "failure"
    assert callout(plan) == "> [!CAUTION]\n>\n> ❌ This pull request deletes `README.md`, a paper list of 151 entries."
    assert "No problems" not in plan.summary and "changes no paper list" not in plan.summary
    assert plan.check.summary.startswith("- ❌ This pull request deletes `README.md`")
    assert plan.check.annotations == ()  # no line of a deleted file to point at


def test_a_list_github_cannot_serve_as_text_fails_the_check() -> None:
    plan = review(README, None)
    assert plan.check.conclusion == "failure"
    assert "`README.md` can no longer be read: at the head of this pull request it is not UTF-8 text" in plan.summary


def test_a_data_file_made_invalid_is_called_out_and_placed_on_its_line() -> None:
    head = DATA.replace("},\n", "}\n", 1)  # a missing comma between two objects
    plan = review(DATA, head, path="scripts/data_surveys.json")
    assert plan.check.conclusion == "failure"
    assert "`scripts/data_surveys.json` can no longer be read (invalid JSON at line" in callout(plan)
    assert [annotation.title for annotation in plan.check.annotations] == ["structure/unreadable"]


def test_blanking_a_list_is_neutral_and_says_what_it_held() -> None:
    plan = review(README, "")
    assert plan.check.conclusion == "neutral"
    assert (
        callout(plan)
        == "> [!WARNING]\n>\n> ⚠️ This pull request empties `README.md`: it held 151 entries, and no entry is left."
    )


def test_removing_more_than_ten_entries_is_called_out_with_examples() -> None:
    plan = review(README, without_rows(README, 11))
    assert plan.check.conclusion == "neutral"
    message = callout(plan)
    assert "This pull request removes 11 of the 151 entries of `README.md` (7%), among them `" in message
    assert "and 8 more." in message


def test_removing_ten_entries_of_a_long_list_is_no_news() -> None:
    plan = review(README, without_rows(README, 10))
    assert "> [!" not in plan.summary and plan.check.conclusion == "success"


def test_removing_more_than_a_fifth_of_a_small_list_is_called_out() -> None:
    plan = review(SMALL, without_rows(SMALL, 2))
    assert "removes 2 of the 5 entries of `README.md` (40%), among them `Paper A`, `Paper B`." in callout(plan)


def test_replacing_most_entries_with_others_is_called_out() -> None:
    others = SMALL.replace("Paper ", "Other work ").replace("2401.", "2402.")
    plan = review(SMALL, others)
    assert "This pull request replaces most of `README.md`: 5 of its 5 entries go and 5 others come in" in callout(plan)
    assert plan.check.conclusion == "neutral"


def test_renaming_the_list_title_is_called_out() -> None:
    plan = review(SMALL, SMALL.replace("# Papers", "# Buy cheap watches"))
    assert callout(plan) == (
        "> [!WARNING]\n>\n> ⚠️ This pull request renames the list's title in `README.md` "
        "from `Papers` to `Buy cheap watches`."
    )


def test_paper_links_added_outside_every_entry_are_not_passed_quietly() -> None:
    head = SMALL + '\n## More\n\n<p><a href="https://arxiv.org/abs/2401.00009">Paper F</a> (CVPR 2024)</p>\n'
    plan = review(SMALL, head)
    assert plan.check.conclusion == "neutral" and "No problems" not in plan.summary
    assert (
        "The lines this pull request adds to `README.md` hold 1 paper link that no entry was read from "
        "(read as markdown table), so it is not checked."
    ) in callout(plan)


def test_the_config_sets_what_each_change_does_to_the_check() -> None:
    config = parse_config("review:\n  list_changes:\n    deleted: neutral\n    removed: off\n    max_removed: 20\n")
    assert review(README, None, status="removed", config=config).check.conclusion == "neutral"
    assert "> [!" not in review(SMALL, without_rows(SMALL, 3), config=config).summary
    strict = parse_config("review:\n  list_changes:\n    max_removed: 5\n    removed: failure\n")
    assert review(README, without_rows(README, 6), config=strict).check.conclusion == "failure"


def test_a_bad_list_changes_setting_is_refused_by_name() -> None:
    with pytest.raises(Exception, match="review.list_changes.deleted"):
        parse_config("review:\n  list_changes:\n    deleted: loud\n")


def test_the_coverage_warning_of_a_changed_list_follows_the_rule_options() -> None:
    items = "# Papers\n\n" + "".join(html_item(n) for n in range(8))
    head = items + html_item(9)
    plan = review(items, head)
    assert plan.touched_lists and plan.check.conclusion == "neutral"
    assert "`README.md`: 9 links in paragraphs, but no paper entries recognised" in callout(plan)
    quiet = parse_config("rules:\n  disable: [coverage]\n")
    assert review(items, head, config=quiet).check.conclusion == "success"


@pytest.mark.parametrize(
    ("path", "candidate"),
    [
        ("README.md", True),
        ("docs/papers.yml", True),
        ("lists/vision.rst", True),
        ("data/publications.yaml", True),
        (".github/workflows/ci.yml", False),
        (".gitlab-ci.yml", False),
        ("package.json", False),
        ("web/package-lock.json", False),
        ("LICENSE.md", False),
        ("CHANGELOG.md", False),
        ("docs/CONTRIBUTING.md", False),
        ("environment.yml", False),
        ("src/main.py", False),
    ],
)
def test_which_changed_files_may_be_lists_without_a_config(path: str, candidate: bool) -> None:
    assert (list_candidates([path], RepoConfig()) == [path]) is candidate


def test_a_candidate_is_read_only_when_its_change_may_touch_a_paper() -> None:
    assert worth_reading("docs/notes.md", "@@ -1 +1 @@\n-a\n+b", RepoConfig()) is False
    assert worth_reading("docs/notes.md", "@@ -1 +1 @@\n-a\n+[b](https://arxiv.org/abs/1)", RepoConfig()) is True
    assert worth_reading("docs/notes.md", None, RepoConfig()) is True  # no patch: cannot tell
    assert worth_reading("README.md", "@@ -1 +1 @@\n-# A\n+# B", RepoConfig()) is True  # the default list


def test_a_list_the_config_names_warns_from_its_first_unread_paper_link() -> None:
    items = "# Papers\n\n" + html_item(1)
    head = items + html_item(2)
    assert "> [!" not in review(items, head, path="papers.md").summary  # two links: no list by its looks alone
    plan = review(items, head, path="papers.md", config=RepoConfig(lists=["papers.md"]))
    assert "`papers.md`: 2 links in paragraphs, but no paper entries recognised" in callout(plan)


def test_whole_list_findings_carry_their_kinds_code() -> None:
    deleted = whole_list.Sides("README.md", base=None, head=None, deleted=True)
    assert [finding.code for finding in whole_list.findings(deleted, ListChangesConfig())] == ["list-change/deleted"]
    items = parse.parse_document("README.md", "# Papers\n\n" + "".join(html_item(n) for n in range(8)))
    unread = whole_list.Sides("README.md", base=items, head=items)
    assert [finding.code for finding in whole_list.findings(unread, ListChangesConfig())] == ["coverage/unread"]

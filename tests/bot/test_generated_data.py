"""A row written into a page generated from a YAML data file is answered with the YAML item to add to
that file, in its keys, indentation and quoting; a YAML data file a pull request changes is reviewed."""

from __future__ import annotations

import json
from pathlib import Path

from bot.repo_config import RepoConfig
from bot.review import FileChange, plan_review
from rules.dialects import ListFormat
from tests.bot.test_review_plan import github_patch

JANOSH = Path(__file__).parent.parent / "fixtures" / "lists" / "janosh__awesome-normalizing-flows"
DATA = (JANOSH / "snapshot" / "data" / "publications.yml").read_text(encoding="utf-8")
PAGE = (
    "# Awesome flows\n\n| Title | Date |\n| --- | --- |\n"
    "| [Transferable Boltzmann Generators](https://arxiv.org/abs/2406.14426) | 2024-06-20 |\n"
)
ROW = "| [Flow Matching for Generative Modeling](https://arxiv.org/abs/2210.02747) | 2022-10-06 |\n"


def test_a_row_added_to_a_generated_page_gets_the_yaml_item_to_add_instead() -> None:
    config = RepoConfig(generated={"README.md": ["data/*.yml"]})
    change = FileChange("README.md", "modified", None, PAGE, PAGE + ROW, github_patch(PAGE, PAGE + ROW))
    plan = plan_review([change], {"data/publications.yml": DATA}, config)
    [comment] = plan.comments
    assert "Add this paper to `data/publications.yml` instead." in comment.body
    assert (
        "```yaml\n- title: Flow Matching for Generative Modeling\n  url: https://arxiv.org/abs/2210.02747\n"
        '  date: 2022-10-06\n  authors: []\n  description: ""\n```'
    ) in comment.body


def test_a_pull_request_adding_a_yaml_item_is_reviewed_as_a_list_change() -> None:
    item = "\n- title: Flow Matching for Generative Modeling\n  url: https://arxiv.org/abs/2210.02747?utm_source=x\n  date: 2022-10-06\n"
    change = FileChange("data/publications.yml", "modified", None, DATA, DATA + item, github_patch(DATA, DATA + item))
    plan = plan_review([change], {}, RepoConfig())
    assert plan.touched_lists
    [comment] = plan.comments
    assert "tracking parameters" in comment.body
    assert comment.line == DATA.count("\n") + 3  # the url line, suggested alone: every other line is kept
    assert "```suggestion\n  url: https://arxiv.org/abs/2210.02747\n```" in comment.body


def test_a_yaml_data_file_made_unreadable_is_an_error_on_its_line_in_yaml_terms() -> None:
    head = DATA.replace("  url: https://arxiv.org/abs/1410.8516", "\turl: https://arxiv.org/abs/1410.8516")
    change = FileChange("data/publications.yml", "modified", None, DATA, head, github_patch(DATA, head))
    plan = plan_review([change], {}, RepoConfig())
    [comment] = plan.comments
    assert comment.line == 11
    assert "can no longer be read (invalid YAML at line 11, column 1: " in comment.body
    assert "JSON" not in comment.body and plan.check.conclusion == "failure"


def test_a_new_yaml_data_file_that_cannot_be_read_is_reported_and_other_yaml_is_left_alone() -> None:
    broken = "- title: A\n  url: [https://a.org/1\n"
    for path, reported in (("data/papers.yml", True), ("mkdocs.yml", False), (".github/workflows/data.yml", False)):
        change = FileChange(path, "added", None, None, broken, github_patch("", broken))
        plan = plan_review([change], {}, RepoConfig())
        assert plan.touched_lists is reported, path
        assert (plan.check.conclusion == "failure") is reported


def test_a_review_reads_a_data_file_with_the_keys_the_config_names() -> None:
    objects = [
        {
            "Name of paper": f"Paper {year}",
            "Where": f"https://arxiv.org/abs/{year - 2000}01.0000{year % 10}",
            "When": str(year),
        }
        for year in (2020, 2021, 2022)
    ]
    base = json.dumps(objects, indent=2) + "\n"
    added = {"Name of paper": "A New One", "Where": "https://arxiv.org/abs/2406.00001?utm_source=x", "When": "2024"}
    head = json.dumps([*objects, added], indent=2) + "\n"
    config = RepoConfig(
        formats={"papers/*.json": ListFormat(fields={"title": "Name of paper", "url": "Where", "year": "When"})}
    )
    plan = plan_review(
        [FileChange("papers/d.json", "modified", None, base, head, github_patch(base, head))], {}, config
    )
    [comment] = plan.comments
    assert "tracking parameters" in comment.body and "A New One" in plan.summary
    assert '"Where": "https://arxiv.org/abs/2406.00001"' in comment.body


def test_a_row_of_a_generated_page_finds_its_object_in_data_keyed_as_the_config_says() -> None:
    objects = [
        {"Name of paper": f"Paper number {year}", "Where": f"https://example.org/{year}", "When": str(year)}
        for year in (2020, 2021, 2022)
    ]
    data = json.dumps(objects, indent=2) + "\n"
    page = "# Papers\n\n| Title | Year |\n| --- | --- |\n"
    row = "| [Paper number 2021](https://example.org/2021) | 2022 |\n"  # its year edited on the page
    config = RepoConfig(
        generated={"README.md": ["papers.json"]},
        formats={"papers.json": ListFormat(fields={"title": "Name of paper", "url": "Where", "year": "When"})},
    )
    change = FileChange("README.md", "modified", None, page, page + row, github_patch(page, page + row))
    plan = plan_review([change], {"papers.json": data}, config)
    assert "This paper is already at `papers.json:" in plan.summary + "".join(c.body for c in plan.comments)

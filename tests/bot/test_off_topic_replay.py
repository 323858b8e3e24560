"""The off-topic note replayed on the bundled list's real history: every paper its maintainer added was
on the subject, so no review of it carries the note."""

from __future__ import annotations

import dataclasses
import difflib

import pytest

from bot.repo_config import RepoConfig
from bot.review import plan_review
from tests.bot.review_cases import case_names, load


@pytest.mark.parametrize("name", case_names())
def test_no_real_addition_is_called_off_topic(name: str) -> None:
    case = load(name[:3])
    plan = plan_review(list(case.changes), case.head_list, RepoConfig(), frozenset())
    assert "what this list is about" not in plan.summary
    assert all("what this list is about" not in annotation.message for annotation in plan.check.annotations)


def test_a_pull_request_adding_many_off_topic_papers_is_called_out_in_the_summary() -> None:
    case = load("059")
    change = next(change for change in case.changes if change.path == "scripts/data.json")
    titles = (
        "Attention Is All You Need",
        "Galactica: A Large Language Model for Science",
        "Eliminating Lipschitz Singularities in Diffusion Models",
    )
    objects = "".join(
        f'  {{\n    "Title": "{title}",\n    "Link": "https://arxiv.org/abs/2401.0000{n}",\n'
        f'    "Date": "2024",\n    "Venue": "arXiv"\n  }},\n'
        for n, title in enumerate(titles)
    )
    head = change.head_text.replace("[\n", "[\n" + objects, 1)
    patch = "".join(difflib.unified_diff(change.base_text.splitlines(True), head.splitlines(True)))
    edited = dataclasses.replace(change, head_text=head, patch="".join(patch.splitlines(True)[2:]).removesuffix("\n"))
    plan = plan_review([edited], case.head_list, RepoConfig(), frozenset())
    assert "3 of the 5 added papers look unrelated to this list's subject" in plan.summary

"""The review of a list whose README is generated from its data files without a config saying so (issue
11, point 8), and its summary saying a recurring cause once (point 9)."""

from __future__ import annotations

import pytest

from bot.repo_config import RepoConfig
from bot.review import plan_review
from tests.bot.review_cases import load
from tests.bot.test_review_plan import (
    CLEAN_ROW,
    DATA_FILES,
    DEFAULT_CONFIG,
    FIRST_2025_ROW,
    README,
    insert_rows,
    review,
)

TITLES = (
    "Memory-Guided Normality for Crowd Anomaly Detection",
    "Future Frame Prediction in Surveillance Anomaly Video",
    "Weakly Supervised Localisation of Video Anomaly Events",
    "Skeleton Trajectories for Abnormal Behaviour in Video",
    "Object-Centric Autoencoders for Street Anomaly Scenes",
    "Diffusion Priors for Rare Traffic Anomaly Incidents",
)
ALIASED_ROWS = "\n".join(
    f"| [{title}](https://example.org/vad/{n}) | 2025 | J-N | ![](./assets/video.svg) | - | - |"
    for n, title in enumerate(TITLES)
)


def test_a_row_written_into_a_readme_its_data_files_generate_is_sent_to_the_data_file_without_config() -> None:
    head = insert_rows(README, FIRST_2025_ROW, CLEAN_ROW)
    plan = review(README, head, head_list=DATA_FILES)
    [comment] = plan.comments
    assert comment.line == FIRST_2025_ROW
    assert "`README.md` is generated from `scripts/data.json`" in comment.body
    assert "Add this paper to `scripts/data.json` instead." in comment.body
    assert "<sub>`generated/edited`</sub>" in comment.body
    assert '"Title": "Temporal Prototype Memory for Unsupervised Video Anomaly Detection",' in comment.body


@pytest.mark.parametrize("config", [DEFAULT_CONFIG, RepoConfig(generated={"README.md": ["data*.json"]})])
def test_a_readme_regenerated_by_its_workflow_is_not_sent_back_to_the_data_file(config: RepoConfig) -> None:
    # Case 018 is github-actions' "Update README": the new row is data.json's object as the generator
    # writes it, so there is nothing to move to the data file — even where the config says the README is
    # generated (three rows are too few to infer it). The row's missing cell is the page's own structure
    # (the generator wrote five cells under a six-column header) and is still the one error.
    case = load("018")
    plan = plan_review(case.changes, case.head_list, config)
    assert [comment.line for comment in plan.comments] == [7]
    assert "generated/edited" not in plan.summary and "generated from" not in plan.comments[0].body
    assert "❌ This row has 5 cells but the table header has 6." in plan.comments[0].body


def test_the_summary_says_a_venue_spelling_on_six_added_rows_once_with_its_lines() -> None:
    head = insert_rows(README, FIRST_2025_ROW, ALIASED_ROWS)
    plan = review(README, head)
    problems = [line for line in plan.summary.splitlines() if "venue-alias/alias" in line]
    lines = ", ".join(str(FIRST_2025_ROW + n) for n in range(6))
    assert len(problems) == 1 and f"The same at 6 places of this file (lines {lines})" in problems[0]
    assert len([comment for comment in plan.comments if "venue-alias/alias" in comment.body]) == 6

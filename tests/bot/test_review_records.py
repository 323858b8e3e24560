"""A review with the papers' records: findings from them on the added rows, and a source that is down
named in the summary — never a failed check."""

from __future__ import annotations

from bot.records import records_for
from bot.repo_config import RepoConfig, parse_config
from bot.review.changes import FileChange
from bot.review.plan import plan_review
from tests.fakesources import FakeSources

HEADER = "| Title | Year | Venue |\n| --- | --- | --- |\n"
OLD = "| [Old paper](https://example.org/old) | 2020 | C-CVPR |\n"
BN = "| [BatchNorm-Based Weakly Supervised Video Anomaly Detection](https://ieeexplore.ieee.org/document/10649595) | 2024 | C-CVPR |\n"


def review(config: RepoConfig):
    patch = "@@ -1,3 +1,4 @@\n" + "".join(" " + line for line in (HEADER + OLD).splitlines(True)) + "+" + BN
    change = FileChange("README.md", "modified", None, HEADER + OLD, HEADER + OLD + BN, patch)
    return plan_review([change], {}, config, records=records_for(config.metadata))


def test_the_review_reports_what_the_records_contradict(sources: FakeSources) -> None:
    plan = review(parse_config(None))
    [comment] = plan.comments
    assert "Crossref 10.1109/tcsvt.2024.3450734" in comment.body and "J-TCSVT" in comment.body
    assert plan.check.conclusion == "neutral"


def test_a_source_that_is_down_is_named_in_the_summary_and_the_check_does_not_fail(sources: FakeSources) -> None:
    sources.trouble["crossref"] = ("down",)
    sources.trouble["dblp"] = ("down",)
    plan = review(parse_config(None))
    assert plan.comments == ()
    assert "1 paper could not be checked against the papers' own records: Crossref, DBLP did not answer" in plan.summary
    assert plan.check.conclusion == "success"


def test_the_repository_can_switch_lookups_off(sources: FakeSources) -> None:
    plan = review(parse_config("metadata: {enabled: false}\n"))
    assert plan.comments == () and sources.requests == []

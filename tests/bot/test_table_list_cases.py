"""The real commits that added papers to three table lists (tests/fixtures/lists/*/cases/): replayed
base → head, the entries a commit adds (by title and link) are exactly the rows its diff adds.

Only each chain's first base is stored (gzipped); the later bases are the earlier commits' heads, as the
cases' meta.json parents say, and are rebuilt by applying the diffs in order.
"""

from __future__ import annotations

import difflib
import gzip
from collections import Counter
from pathlib import Path

import pytest

from bot.repo_config import RepoConfig
from bot.review import FileChange, plan_review
from bot.review.changes import apply_patch
from rules.parse import parse_document

LISTS = Path(__file__).parents[1] / "fixtures" / "lists"

# list → chains of cases, oldest first (each later case's base is the one before's head)
CHAINS = {
    "Hannibal046__Awesome-LLM": [
        ["01-a377d04"],
        ["02-334aab2@01-a377d04"],
        ["04-222deaf", "03-d350b76"],
        ["05-9392708"],
        ["06-979ef8d"],
    ],
    "dair-ai__ML-Papers-of-the-Week": [["02-d5765d2", "01-a37b211"]],
    "yzhao062__anomaly-detection-resources": [
        ["01-5ad16ee"],
        ["06-86eb0d2", "05-7d9a641", "04-ddd8417", "03-90fcb2b", "02-246ccc0"],
    ],
}
NAMES = {"yzhao062__anomaly-detection-resources": "README.rst"}

# What each commit's diff adds as table rows, read by hand from change.diff.
ADDED_ROWS = {
    "01-a377d04": [],
    "02-334aab2": [],
    "03-d350b76": [],
    "04-222deaf": [],
    "05-9392708": [],
    "06-979ef8d": [],
    "01-5ad16ee": ["The Elephant in the Room: Towards A Reliable Time-Series Anomaly Detection Benchmark"],
    "02-246ccc0": [
        "LogSAD: Training-free Anomaly Detection with Vision & Language Foundation Models",
        "MMAD: A Comprehensive Benchmark for Multimodal Large Language Models in Industrial Anomaly Detection",
        "Delving into Large Language Models for Effective Time-Series Anomaly Detection",
    ],
    "03-90fcb2b": [],
    "04-ddd8417": [
        "AD-LLM: Benchmarking Large Language Models for Anomaly Detection",
        "NLP-ADBench: NLP Anomaly Detection Benchmark",
        "AD-AGENT: A Multi-agent Framework for End-to-end Anomaly Detection",
    ],
    "05-7d9a641": [],
    "06-86eb0d2": [
        "XGBOD: improving supervised outlier detection with unsupervised representation learning",
        "Feature Encoding With Autoencoders for Weakly Supervised Anomaly Detection",
        "AD-LLM: Benchmarking Large Language Models for Anomaly Detection",
    ],
}
# dair-ai's two commits each add three weeks of ten papers; pinned by count and the first of each week.
WEEKLY = {"01-a37b211": (30, {"AlphaEvolve", "LLMs Get Lost in Multi-Turn Conversation"}), "02-d5765d2": (30, set())}


def replays():
    for owner_repo, chains in CHAINS.items():
        name = NAMES.get(owner_repo, "README.md")
        for chain in chains:
            first, _, shared = chain[0].partition("@")
            base = gzip.decompress(
                (LISTS / owner_repo / "cases" / (shared or first) / f"base{Path(name).suffix}.gz").read_bytes()
            ).decode("utf-8")
            for case in [first, *chain[1:]]:
                head = apply_patch(base, (LISTS / owner_repo / "cases" / case / "change.diff").read_text("utf-8"))
                yield pytest.param(name, base, head, case, id=f"{owner_repo}-{case}")
                base = head


def table_entries(path: str, text: str) -> Counter:
    document = parse_document(path, text)
    return Counter((entry.title, entry.url) for entry in document.entries if entry.kind in ("markdown", "rst"))


@pytest.mark.parametrize(("name", "base", "head", "case"), list(replays()))
def test_the_entries_a_commit_adds_are_the_rows_its_diff_adds(name: str, base: str, head: str, case: str) -> None:
    added = table_entries(name, head) - table_entries(name, base)
    titles = [title for title, _ in added.elements()]
    if case in WEEKLY:
        count, some = WEEKLY[case]
        assert len(titles) == count and some <= set(titles)
    else:
        assert sorted(titles) == sorted(ADDED_ROWS[case])


@pytest.mark.parametrize(
    ("name", "base", "head", "case"),
    [replay for replay in replays() if replay.id.endswith(("02-246ccc0", "01-a37b211"))],
)
def test_the_review_of_a_commit_names_the_papers_it_adds(name: str, base: str, head: str, case: str) -> None:
    patch = "".join(difflib.unified_diff(base.splitlines(True), head.splitlines(True)))
    plan = plan_review([FileChange(name, "modified", None, base, head, patch)], {name: head}, RepoConfig())
    assert plan.touched_lists
    expected = WEEKLY[case][0] if case in WEEKLY else len(ADDED_ROWS[case])
    assert f"the {expected} papers this pull request adds" in plan.summary

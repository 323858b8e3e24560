"""A review parses through the document cache its caller hands it (a worker keeps one for its jobs): the
next push of a pull request finds the list's documents already parsed."""

from __future__ import annotations

from bot.repo_config import RepoConfig
from bot.review import FileChange, plan_review
from rules.parse import DocumentCache
from tests.bot.test_generated_data import DATA, PAGE, ROW
from tests.bot.test_review_plan import github_patch

CONFIG = RepoConfig(generated={"README.md": ["data/*.yml"]})


def review(documents: DocumentCache, page: str) -> None:
    change = FileChange("README.md", "modified", None, PAGE, page, github_patch(PAGE, page))
    plan_review([change], {"data/publications.yml": DATA}, CONFIG, documents=documents)


def test_a_review_keeps_what_it_parsed_in_the_callers_cache() -> None:
    documents = DocumentCache()
    review(documents, PAGE + ROW)
    kept = len(documents)
    # The page before the push and the data file; the page after it is spliced from the one before
    # (rules.splice: the push adds a row to its table), not parsed.
    assert kept == 2
    documents.get_or_parse("README.md", PAGE)
    documents.get_or_parse("data/publications.yml", DATA)
    assert len(documents) == kept  # both were parsed by the review, through this cache


def test_the_next_push_parses_only_what_changed() -> None:
    documents = DocumentCache()
    review(documents, PAGE + ROW)
    first = len(documents)
    review(documents, PAGE + ROW)
    assert len(documents) == first  # the same push again: nothing new to parse
    review(documents, PAGE + ROW + ROW.replace("Flow Matching", "Rectified Flow"))
    assert len(documents) == first  # the new head is spliced from the base, parsed before with the data file
    review(documents, "# A new title\n\n" + PAGE + ROW)
    assert len(documents) == first + 1  # a change outside the table's rows: the new head is parsed whole

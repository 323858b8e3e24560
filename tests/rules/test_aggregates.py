"""A changed list's whole-list facts derived from its previous version's (``rules.aggregates``, through
``rules.splice``) are the facts built from every entry of it — counts, groups in list order, the duplicate
index's buckets — and a review on them is the review a full read gives: for rows inserted, deleted and
edited at the start, middle and end of a real list, a copy of a row below the change, a year that moves
the list's latest year, a venue written another way, and the only entry giving a code link removed."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from bot.repo_config import RepoConfig
from bot.review import FileChange, plan_review
from rules import aggregates, duplicates, parse, splice, venues
from rules.aggregates import ListFacts
from rules.checks import cells, duplicate
from rules.context import Catalog, RuleContext
from rules.model import Entry
from rules.parse import DocumentCache
from tests.rules.test_splice import NEW_ROW, edited, row_lines, same_review

LIST = Path(__file__).parents[1] / "fixtures" / "lists" / "video-anomaly-detection" / "README.md"
TEXT = LIST.read_text(encoding="utf-8")
ROWS = row_lines(TEXT)
PLACES = {"start": ROWS[0], "middle": ROWS[len(ROWS) // 2], "end": ROWS[-1]}


def lines_of(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def with_line(text: str, index: int, line: str) -> str:
    lines = lines_of(text)
    lines.insert(index, line + "\n")
    return "".join(lines)


def without_line(text: str, index: int) -> str:
    lines = lines_of(text)
    del lines[index]
    return "".join(lines)


def copy_of_a_later_row() -> str:
    """The last row again, at the top of the list: its copy is found below the change."""
    return with_line(TEXT, ROWS[0], lines_of(TEXT)[ROWS[-1]].rstrip("\n"))


def years_ahead() -> str:
    """Two papers of a year after every other: the list's latest year moves."""
    first = NEW_ROW.replace("2026", "2031")
    second = first.replace("A spliced paper", "Another spliced paper").replace("00042", "00044")
    return with_line(with_line(TEXT, ROWS[1], first), ROWS[1], second)


def venue_written_otherwise() -> str:
    """A row's venue changed to a code the registry lacks, written two ways in the list."""
    lines = lines_of(TEXT)
    for index, spelling in ((ROWS[3], "J-Odd Venue"), (ROWS[8], "J-ODD-VENUE")):
        cells_ = lines[index].split("|")
        cells_[3] = f" {spelling} "
        lines[index] = "|".join(cells_)
    return "".join(lines)


def only_code_link_removed() -> str:
    """The row of a code link no other row gives, deleted."""
    document = parse.parse_document("README.md", TEXT)
    links = [url for entry in document.entries for url in entry.code_urls]
    entry = next(entry for entry in document.entries if entry.code_urls and links.count(entry.code_urls[0]) == 1)
    return without_line(TEXT, entry.line - 1)


def shared_code_link_added() -> str:
    """A new paper giving the code link of a row below it: a placeholder by the list's evidence."""
    document = parse.parse_document("README.md", TEXT)
    later = next(entry for entry in reversed(document.entries) if entry.code_urls)
    row = NEW_ROW.rsplit("|", 3)[0] + f"| [![](./assets/code.svg)]({later.code_urls[0]}) | - |"
    return with_line(TEXT, ROWS[2], row)


def fixable_rows() -> str:
    """Rows whose fixes are certain (a venue alias in lower case, an empty model link): the review fixes
    them round after round, each round's facts derived from the round before."""
    fixable = NEW_ROW.replace("arXiv", "arxiv").rsplit("|", 2)[0] + "| [Model]() |"
    return with_line(with_line(TEXT, ROWS[6], fixable), ROWS[2], fixable.replace("00042", "00045"))


HEADS: dict[str, Callable[[], str]] = {
    **{f"insert-{place}": partial(edited, TEXT, index, "insert") for place, index in PLACES.items()},
    **{f"delete-{place}": partial(edited, TEXT, index, "delete") for place, index in PLACES.items()},
    **{f"edit-{place}": partial(edited, TEXT, index, "edit") for place, index in PLACES.items()},
    "copy-of-a-later-row": copy_of_a_later_row,
    "latest-year-moves": years_ahead,
    "venue-written-otherwise": venue_written_otherwise,
    "only-code-link-removed": only_code_link_removed,
    "shared-code-link-added": shared_code_link_added,
    "fixable-rows": fixable_rows,
}


def derived_and_built(head: str) -> tuple[ListFacts, ListFacts, RuleContext]:
    base = parse.parse_document("README.md", TEXT)
    spliced = splice.splice(base, head)
    assert spliced is not None
    derived = ListFacts(base.entries).derived(spliced.document.entries, spliced.change)
    built = ListFacts(parse.parse_document("README.md", head).entries)
    return derived, built, RuleContext(Catalog((spliced.document,)), spliced.document.entries)


def place(entry: Entry) -> tuple[int, int, str]:
    return entry.line, entry.position, entry.raw


def groups_shape(groups: aggregates.Groups[Any]) -> dict[Hashable, list[tuple[int, int, str]]]:
    return {key: [place(entry) for entry in groups[key]] for key in groups.keys()}


def cell_shape(facts: ListFacts) -> tuple[Any, ...]:
    part = facts.part(cells.ID, cells.CellFacts.build)
    return (
        sorted(part.badges.items()),
        sorted(part.words.items()),
        groups_shape(part.code_links),
        groups_shape(part.titles),
    )


def venue_shape(facts: ListFacts, ctx: RuleContext) -> tuple[Any, ...]:
    part = facts.part("venues", partial(venues.VenueFacts.build, ctx.venues))
    return (
        sorted(part.codes.items()),
        sorted(part.code_papers.items()),
        sorted(part.year_papers.items(), key=repr),
        sorted(part.linked_years.items()),
        sorted(part.published.items()),
        groups_shape(part.preprint_linked),
        groups_shape(part.own_codes),
        part.prefixed_style(),
    )


def index_shape(facts: ListFacts, is_data: bool = False) -> tuple[Any, ...]:
    part = facts.part((duplicate.ID, is_data), partial(duplicate.Papers.build, is_data))
    index = part.index

    def buckets(mapping: dict[Hashable, duplicates.Bucket]) -> dict[Hashable, list[tuple[int, int, str]]]:
        return {
            key: sorted(place(index._paper(number).entry) for number in duplicates.members(bucket))
            for key, bucket in mapping.items()
        }

    maps = ("_by_id", "_by_key", "_by_core", "_by_variant", "_by_block", "_by_rare")
    frequency = sorted((word, count) for word, count in index._frequency.items() if count)
    return (
        len(index),
        frequency,
        sorted(part.titles_by_code.items()),
        *(buckets(getattr(index, name)) for name in maps),
    )


@pytest.mark.parametrize("name", HEADS)
def test_facts_derived_for_a_changed_list_are_those_built_from_it(name):
    derived, built, ctx = derived_and_built(HEADS[name]())
    assert cell_shape(derived) == cell_shape(built)
    assert venue_shape(derived, ctx) == venue_shape(built, ctx)
    assert index_shape(derived) == index_shape(built)


def test_the_facts_of_a_list_of_several_files_add_the_small_ones_to_the_largest_ones():
    """A README and a small data file: the README's kept facts with the data file's objects added are the
    facts of both files counted afresh (and a derived README's facts take them the same way)."""
    data = (
        '[{"Title": "A spliced paper on anomaly detection", "Link": "https://arxiv.org/abs/2601.00042", "Year": 2026},'
        '\n{"Title": "Ada-VAD: Domain Adaptable Video Anomaly Detection", "Year": 2024}]\n'
    )
    derived, built, ctx = derived_and_built(copy_of_a_later_row())
    page = ctx.catalog.documents[0]
    objects = parse.parse_document("data.json", data)
    documents = (page, objects)
    for known in (built, derived):
        combined = Catalog(documents, known=(known, None)).facts
        afresh = Catalog(documents).facts
        assert cell_shape(combined) == cell_shape(afresh)
        assert venue_shape(combined, ctx) == venue_shape(afresh, ctx)
        for is_data in (False, True):
            assert index_shape(combined, is_data) == index_shape(afresh, is_data)


@pytest.mark.parametrize("name", HEADS)
def test_a_review_on_derived_facts_is_the_review_of_a_full_read(monkeypatch, name):
    same_review(monkeypatch, [FileChange("README.md", "modified", None, TEXT, HEADS[name](), None)], {})


def test_a_warm_review_is_the_cold_review_and_derives_the_heads_facts(monkeypatch):
    """A worker's second pull request on one list: the base and its facts come from the cache, the
    head's facts are derived from them, and the plan is the one a fresh worker makes."""
    documents = DocumentCache()
    built: list[int] = []
    original = aggregates.ListFacts.part

    def counting(self: ListFacts, key: Hashable, build: Callable[..., Any]) -> Any:
        return original(self, key, lambda entries: built.append(len(entries)) or build(entries))

    monkeypatch.setattr(aggregates.ListFacts, "part", counting)
    for name in ("insert-middle", "copy-of-a-later-row", "latest-year-moves"):
        change = FileChange("README.md", "modified", None, TEXT, HEADS[name](), None)
        warm = plan_review([change], {}, RepoConfig(), documents=documents)
        assert warm == plan_review([change], {}, RepoConfig())
    first = len(built)
    assert first and set(built) == {len(parse.parse_document("README.md", TEXT).entries)}  # the base's, once
    plan_review(
        [FileChange("README.md", "modified", None, TEXT, HEADS["edit-end"](), None)],
        {},
        RepoConfig(),
        documents=documents,
    )
    assert len(built) == first  # nothing built from every entry again


def test_a_forgotten_rules_parts_are_built_again_when_asked_and_the_others_are_kept() -> None:
    facts = ListFacts(())
    built: list[Hashable] = []

    class Built:
        def __init__(self, key: Hashable) -> None:
            built.append(key)

        def derived(self, change: aggregates.Change) -> Built:
            return self

    keys: list[Hashable] = ["cells", ("duplicate", False), ("venues", "packaged")]
    for _ in range(2):
        for key in keys:
            facts.part(key, lambda entries, key=key: Built(key))
        facts.forget("cells")
        facts.forget("duplicate")
    assert built == [*keys, "cells", ("duplicate", False)]


def test_counts_copied_write_over_the_counts_they_copy_and_leave_them_as_they_were():
    counts = aggregates.Counts({"a": 2, "b": 1})
    copied = counts.copy()
    assert (copied.add("a", -2), copied.add("b"), copied.add("c")) == (0, 2, 1)
    assert sorted(copied.items()) == [("b", 2), ("c", 1)] and copied["a"] == 0
    assert sorted(counts.items()) == [("a", 2), ("b", 1)]
    again = copied.copy()
    assert (again.add("a"), again.add("c", -1)) == (1, 0)
    assert sorted(again.items()) == [("a", 1), ("b", 2)]
    assert sorted(copied.items()) == [("b", 2), ("c", 1)] and sorted(counts.items()) == [("a", 2), ("b", 1)]

"""One finding per cause (issue 11, point 9): a problem recurring at many lines of a file is said once,
with the count and the lines, and its fix still edits every line."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from rules import engine, fixes, grouping, parse
from rules.lines import line_starts, lines_of
from rules.model import Finding, Location, Severity
from tests.conftest import LIST_DIR
from tests.support import DISTINCT_TITLES

HEADER = "| Title | Year | Venue |\n| --- | --- | --- |\n"


def table(venues: list[str]) -> str:
    rows = (
        f"| [{title}](https://example.org/{n}) | 2024 | {venue} |\n"
        for n, (title, venue) in enumerate(zip(DISTINCT_TITLES, venues))
    )
    return HEADER + "".join(rows)


def checked(text: str, grouped: bool = True) -> list[Finding]:
    return engine.check(parse.parse_catalog({"README.md": text}), grouped=grouped)


def test_one_spelling_written_six_times_is_one_finding_with_its_lines_and_one_fix_for_all() -> None:
    text = table(["J-N"] * 6 + ["J-NC"] * 4)
    [finding] = checked(text)
    assert (finding.code, finding.location.line, len(finding.parts)) == ("venue-alias/alias", 3, 6)
    assert [location.line for location in finding.related] == [4, 5, 6, 7, 8]
    assert finding.message.endswith(
        "The same at 6 places of this file (lines 3, 4, 5, 6, 7, 8); one fix covers them all."
    )
    fixed, applied = fixes.apply_fixes(text, [finding])
    assert len(applied) == 6 and fixed == table(["J-NC"] * 10)


def test_fewer_than_five_are_told_one_by_one_and_each_cause_is_its_own_group() -> None:
    assert [len(f.parts) for f in checked(table(["J-N"] * 4 + ["J-NC"] * 6))] == [0, 0, 0, 0]
    found = checked(table(["J-N"] * 5 + ["J-MTnA"] * 5))
    assert [(f.location.line, len(f.parts)) for f in found] == [(3, 5), (8, 5)]
    assert "`J-N`" in found[0].message and "`J-MTnA`" in found[1].message


def test_ungrouped_findings_are_what_a_review_comments_line_by_line() -> None:
    assert len(checked(table(["J-N"] * 6 + ["J-NC"] * 4), grouped=False)) == 6


def test_deletions_and_findings_about_other_places_are_never_merged() -> None:
    text = "a\nb\nc\nd\ne\nf\n"
    deletions = [
        Finding("duplicate", Severity.ERROR, "Delete it.", Location("x.md", n), "", code="d/x") for n in range(1, 7)
    ]
    copies = [
        Finding("duplicate", Severity.WARNING, "Listed again.", Location("x.md", n), related=(Location("x.md", 1),))
        for n in range(2, 7)
    ]
    assert grouping.group([*deletions, *copies], {"x.md": text}) == sorted(
        [*deletions, *copies], key=lambda finding: finding.sort_key
    )


def test_the_line_list_shows_eight_lines_then_how_many_more() -> None:
    locations = [Location("x.md", n) for n in range(10, 22)]
    assert grouping.line_list(locations) == "10, 11, 12, 13, 14, 15, 16, 17 and 4 more"
    assert grouping.line_list(locations[:2]) == "10, 11"


def test_the_real_readme_read_alone_says_each_recurring_cause_once() -> None:
    text = (LIST_DIR / "README.md").read_text(encoding="utf-8")
    single = checked(text, grouped=False)
    found = checked(text)
    # 253 findings, 143 of them one empty model link per row and 47 venue spellings, become 102.
    assert (len(single), len(found)) == (253, 102)
    assert Counter(f.code for f in single)["cells/empty-link"] == 143
    [empty] = [f for f in found if f.code == "cells/empty-link" and f.parts]
    assert len(empty.parts) == 141 and "The same at 141 places of this file" in empty.message
    assert sum(len(f.occurrences) for f in found) == len(single)
    fixed, applied = fixes.apply_fixes(text, [empty])
    assert len(applied) == 141 and fixed.count("[Model]()") == text.count("[Model]()") - 141


def test_a_group_of_alike_fixes_on_different_text_says_it_is_the_same_change() -> None:
    members = [
        Finding("structure", Severity.WARNING, f"Link {n} lacks its `[`.", Location("README.md", n), "[x", code="x/y")
        for n in range(1, 6)
    ]
    [group] = grouping.group(members, {"README.md": "x\n" * 5})
    assert (
        group.message
        == "Link 1 lacks its `[`. The same change at 5 places of this file (lines 1, 2, 3, 4, 5); one fix covers them all."
    )


# Text made of short words and every kind of line break str.splitlines knows, blank lines among them.
BROKEN_TEXT = st.lists(st.sampled_from(["a", "bc", "", "\n", "\r\n", "\r", "\x0b", "\x85", "\u2028", "\u2029"])).map(
    "".join
)


@given(BROKEN_TEXT, st.integers(min_value=1, max_value=12), st.integers(min_value=0, max_value=3))
def test_a_fixs_original_lines_are_the_texts_lines_as_splitlines_counts_them(text: str, line: int, more: int) -> None:
    finding = Finding("cells", Severity.INFO, "m", Location("f.md", line, line + more), fix="x")
    split = text.splitlines()
    expected = "\n".join(split[line - 1 : line + more]) if line + more <= len(split) else None
    lines = grouping.Lines({"f.md": text})
    assert (lines.original(finding), lines.count("f.md")) == (expected, len(split))


@given(BROKEN_TEXT, st.integers(min_value=0, max_value=6))
def test_line_starts_split_in_chunks_count_lines_as_splitlines_does(text: str, chunk: int) -> None:
    starts = line_starts(text, chunk)
    split = text.splitlines()
    assert len(starts) - 1 == len(split)
    assert [lines_of(text, starts, line, line) for line in range(1, len(split) + 1)] == split

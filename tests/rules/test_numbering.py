"""/add-paper into numbered lists: a sequence is renumbered, lazy ``1.`` numbering kept, unclear numbering left.

The real numbered shape is janosh/awesome-normalizing-flows' Publications (dated items with a description on
a continuation line, newest first): as it is (lazy ``1.``), and renumbered in sequence as a list numbering
its papers would write it. The rest are built cases.
"""

from __future__ import annotations

import difflib
import re

import pytest

from rules import engine, fixes, parse
from rules.candidate import NewPaper
from rules.insert import propose
from rules.numbering import numbers_after_insertion, renumber
from tests.rules.test_insert_items import LISTS

FLOWS = (LISTS / "janosh__awesome-normalizing-flows" / "snapshot" / "readme.md").read_text(encoding="utf-8")
PUBLICATIONS = "Publications (60)"
FLOW_PAPER = NewPaper(
    title="A Brand New Normalizing Flow",
    url="https://arxiv.org/abs/2209.00004",
    year="2022-09-01",
    venue="",
    section=PUBLICATIONS,
    authors="Doe, Roe",
)
NEW_FLOW_ITEM = "2022-09-01 - [A Brand New Normalizing Flow](https://arxiv.org/abs/2209.00004) by Doe, Roe<br>"
MARKER_RE = re.compile(r"^([ \t]*)(\d+)([.)])", re.MULTILINE)


def in_sequence(text: str, heading: str) -> str:
    """``text`` with the top-level items of the section under ``heading`` numbered 1, 2, 3 …"""
    start = text.index(heading)
    end = text.index("\n## ", start)
    counter = iter(range(1, 10_000))
    section = re.sub(r"^1\. ", lambda _: f"{next(counter)}. ", text[start:end], flags=re.MULTILINE)
    return text[:start] + section + text[end:]


def numbers(text: str, heading: str = "") -> list[int]:
    """The numbers of the top-level items of the section under ``heading`` (the whole text without one)."""
    start = text.index(heading) if heading else 0
    end = text.find("\n## ", start + 1)
    section = text[start : end if end > 0 else len(text)]
    return [int(found[2]) for found in MARKER_RE.finditer(section) if not found[1]]


def changed_lines(old: str, new: str) -> tuple[list[str], list[str]]:
    """The lines ``new`` drops and the lines it adds, against ``old``."""
    diff = list(difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0))
    removed = [line[1:] for line in diff if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]
    return removed, added


# --- the numbers ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "position", "after"),
    [
        ([1, 2, 3], 1, [1, 2, 3, 4]),  # in sequence: the new item is 2, the ones after it move up
        ([1, 2, 3], 0, [1, 2, 3, 4]),
        ([1, 2, 3], 3, [1, 2, 3, 4]),
        ([5, 6, 7], 2, [5, 6, 7, 8]),  # a list continuing another keeps its first number
        ([3, 2, 1], 1, [4, 3, 2, 1]),  # counting down: the last number stays
        ([3, 2, 1], 3, [4, 3, 2, 1]),
        ([1, 1, 1], 2, [1, 1, 1, 1]),  # lazy numbering stays lazy
        ([2, 2], 0, [2, 2, 2]),
        ([1, 2, 2, 4], 2, [1, 2, 2, 2, 4]),  # unclear: the new item is numbered like the item above it
        ([1, 3, 7], 0, [1, 1, 3, 7]),  # … or below it when it goes first
        ([4], 1, [4, 4]),  # one item shows no habit
    ],
)
def test_numbers_after_insertion(before: list[int], position: int, after: list[int]) -> None:
    assert numbers_after_insertion(before, position) == after


def test_only_the_digits_change_and_their_padding_and_delimiter_are_kept() -> None:
    text = "08) [A](https://a.org/1)\n10) [New](https://a.org/n)\n09) [B](https://a.org/2)\n   more on B\n"
    assert renumber(text, 2) == (
        "08) [A](https://a.org/1)\n09) [New](https://a.org/n)\n10) [B](https://a.org/2)\n   more on B\n"
    )


def test_a_list_ends_at_a_paragraph_and_nested_or_bulleted_lists_are_not_its_items() -> None:
    text = (
        "1. [A](https://a.org/1)\n"
        "   1. a nested step\n"
        "   2. another\n"
        "\n"
        "1. [New](https://a.org/n)\n"
        "2. Not a paper, still an item of the list\n"
        "- a bulleted list\n"
        "3. [C](https://a.org/3)\n"
        "\n"
        "A paragraph.\n"
        "\n"
        "4. [D](https://a.org/4)\n"
    )
    renumbered = renumber(text, 5)
    assert numbers(renumbered) == [1, 2, 3, 3, 4]  # the list until the bullet: 1, new 2, 3
    assert "   1. a nested step\n   2. another\n" in renumbered


def test_an_items_paragraph_going_on_unindented_stays_in_the_list() -> None:
    text = (
        "1. [A](https://a.org/1)\n"
        "2. [B](https://a.org/2)\n"
        "more on B, unindented\n"
        "2. [New](https://a.org/n)\n"
        "3. [C](https://a.org/3)\n"
        "more on C, unindented\n"
        "4. [D](https://a.org/4)\n"
        "\n"
        "A paragraph after a blank line ends the list.\n"
        "5. [E](https://a.org/5)\n"
    )
    renumbered = renumber(text, 4)
    assert numbers(renumbered) == [1, 2, 3, 4, 5, 5]  # the new item is 3; C and D move; E is another list
    assert "more on B, unindented\n3. [New]" in renumbered


def test_the_list_above_an_unindented_paragraph_counts_and_a_heading_or_bullet_ends_it() -> None:
    # 1, 3, new, 4 follows no habit: the new item takes the number above it. Without the first item the
    # list would be 3, new, 4: a sequence, renumbered.
    text = "1. [A](https://a.org/1)\nA note on A.\n*Still the note.*\n3. [B](https://a.org/3)\n3. [New](https://a.org/n)\n4. [C](https://a.org/4)\n"
    assert renumber(text, 5) == text
    for block in ("# A heading\n", "- a bulleted list\n", "> a quote\n"):
        cut = text.replace("*Still the note.*\n", block)
        assert numbers(renumber(cut, 5)) == [1, 3, 4, 5]


def test_an_item_that_is_not_numbered_changes_nothing() -> None:
    text = "- [A](https://a.org/1)\n- [New](https://a.org/n)\n"
    assert renumber(text, 2) == text
    lone = "Some text.\n\n7. [New](https://a.org/n)\n\nMore text.\n"
    assert renumber(lone, 3) == lone


# --- through /add-paper --------------------------------------------------------------------------------------


def test_a_real_section_numbered_in_sequence_is_renumbered_after_the_new_item() -> None:
    text = in_sequence(FLOWS, "## 📝 Publications")
    before = numbers(text, "## 📝 Publications")
    assert before == list(range(1, len(before) + 1)) and len(before) > 40
    proposal = propose(parse.parse_catalog({"readme.md": text}), FLOW_PAPER)
    assert proposal.ready, proposal
    assert proposal.new_text is not None and proposal.placement is not None
    position = next(index for index, entry in enumerate(proposal.placement.target.rows) if entry.year < "2022-09-01")
    assert proposal.row == f"{position + 1}. {NEW_FLOW_ITEM}"  # what the reply shows is what is written
    after = numbers(proposal.new_text, "## 📝 Publications")
    assert after == list(range(1, len(before) + 2))
    removed, added = changed_lines(text, proposal.new_text)
    # Every item below the new one moved up by one, and nothing else changed: not its text, not its
    # continuation lines (the descriptions), not the blank lines between items.
    assert len(removed) == len(before) - position
    assert [MARKER_RE.sub("#", line, count=1) for line in removed] == [
        MARKER_RE.sub("#", line, count=1) for line in added if NEW_FLOW_ITEM not in line and line
    ]
    assert [re.match(r"\d+", line)[0] for line in added if line and NEW_FLOW_ITEM not in line] == [
        str(number) for number in range(position + 2, len(before) + 2)
    ]


def test_a_real_lazily_numbered_section_stays_lazy() -> None:
    proposal = propose(parse.parse_catalog({"readme.md": FLOWS}), FLOW_PAPER)
    assert proposal.ready, proposal
    assert proposal.new_text is not None
    removed, added = changed_lines(FLOWS, proposal.new_text)
    assert removed == [] and added == [f"1. {NEW_FLOW_ITEM}", ""]
    assert proposal.row == f"1. {NEW_FLOW_ITEM}"


VENUE_ITEMS = """# Awesome Video Anomaly Detection

## Papers

{first} **[CVPR 2024]** [Memory Guided Normality for Video Anomaly Detection](https://arxiv.org/abs/2403.00001)
{second} **[ICCV 2023]** [Prototype Learning for Weakly Supervised Anomalies](https://arxiv.org/abs/2308.00002)
   With a description on its continuation line.
{third} **[ECCV 2022]** [Object Centric Event Detection in Long Videos](https://arxiv.org/abs/2207.00003)
{fourth} **[NeurIPS 2021]** [Clip Level Memory for Anomaly Scoring](https://arxiv.org/abs/2110.00004)

## Datasets
"""
CVPR_2023 = NewPaper(
    title="Temporal Prototype Memory for Video Anomalies",
    url="https://arxiv.org/abs/2306.00005",
    year="2023",
    venue="CVPR",
    section="Papers",
)
NEW_VENUE_ITEM = "**[CVPR 2023]** [Temporal Prototype Memory for Video Anomalies](https://arxiv.org/abs/2306.00005)"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (("1.", "2.", "3.", "4."), [1, 2, 3, 4, 5]),
        (("4.", "3.", "2.", "1."), [5, 4, 3, 2, 1]),
        (("1.", "1.", "1.", "1."), [1, 1, 1, 1, 1]),
        (("1.", "5.", "2.", "7."), [1, 1, 5, 2, 7]),  # unclear: like the item above, the others as they were
    ],
    ids=["sequence", "counting down", "lazy", "unclear"],
)
def test_venue_items_keep_their_list_numbering(written: tuple[str, ...], expected: list[int]) -> None:
    text = VENUE_ITEMS.format_map(dict(zip(("first", "second", "third", "fourth"), written)))
    proposal = propose(parse.parse_catalog({"README.md": text}), CVPR_2023)
    assert proposal.ready, proposal
    assert proposal.new_text is not None and proposal.row is not None
    assert numbers(proposal.new_text, "## Papers") == expected
    assert proposal.row == f"{expected[1]}. {NEW_VENUE_ITEM}"  # under the 2024 paper
    assert "\n   With a description on its continuation line.\n" in proposal.new_text


def test_fix_leaves_a_renumbered_list_alone() -> None:
    text = VENUE_ITEMS.format(first="1.", second="2.", third="3.", fourth="4.")
    proposal = propose(parse.parse_catalog({"README.md": text}), CVPR_2023)
    assert proposal.new_text is not None
    renumbered = {"README.md": proposal.new_text}
    lazy = {"README.md": MARKER_RE.sub(r"\g<1>1\g<3>", proposal.new_text)}  # the same list, every item 1.
    found = engine.check(parse.parse_catalog(renumbered))
    # What the rules say (a note on the list's arXiv links) does not depend on the numbers at all.
    assert [(f.code, f.location) for f in found] == [
        (f.code, f.location) for f in engine.check(parse.parse_catalog(lazy))
    ]
    fixed, _ = fixes.fix_until_stable(renumbered, parse.parse_catalog)
    assert fixed == renumbered

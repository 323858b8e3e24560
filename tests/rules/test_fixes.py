"""Applying certain fixes to text, and describing them for people."""

from __future__ import annotations

import pytest

from rules.change import describe_fix
from rules.fixes import apply_fixes
from rules.model import Finding, Location, Severity


def fix(line: int, replacement: str, end_line: int | None = None) -> Finding:
    return Finding("cells", Severity.WARNING, "m", Location("f.md", line, end_line), replacement)


def test_fixes_replace_their_lines_and_keep_every_other_byte() -> None:
    text = "a\r\nb\r\nc\r\nd"
    new, applied = apply_fixes(text, [fix(2, "B"), fix(4, "D")])
    assert (new, len(applied)) == ("a\r\nB\r\nc\r\nD", 2)


def test_an_empty_replacement_deletes_the_lines_and_a_multi_line_one_inserts() -> None:
    assert apply_fixes("a\nb\nc\n", [fix(2, "")])[0] == "a\nc\n"
    assert apply_fixes("a\nb\nc\n", [fix(1, "a\n\nx")])[0] == "a\n\nx\nb\nc\n"


def test_overlapping_fixes_wait_for_the_next_round() -> None:
    new, applied = apply_fixes("a\nb\nc\n", [fix(1, "A", 2), fix(2, "B"), fix(3, "C")])
    assert (new, [finding.location.line for finding in applied]) == ("A\nC\n", [1, 3])


@pytest.mark.parametrize(
    ("original", "replacement", "summary"),
    [
        ('"Venue": "C-ArXiv",', '"Venue": "arXiv",', "`C-ArXiv` → `arXiv`"),
        ("| x | [Model]() |", "| x | - |", "`[Model]()` → `-`"),
        ("| [T](https://a.org/1?utm_source=x) |", "| [T](https://a.org/1) |", "`1?utm_source=x` → `1`"),
        ("row", "", "delete these lines"),
        ("same", "same", "no change"),
    ],
)
def test_a_fix_is_described_by_the_words_it_changes(original: str, replacement: str, summary: str) -> None:
    assert describe_fix(original, replacement) == summary


def test_fixes_of_one_line_changing_separate_parts_are_applied_together() -> None:
    text = "| [A](https://x.org/a?utm=1) | 2024 | arxiv |\n"
    link = Finding(
        "title-link", Severity.WARNING, "link", Location("f.md", 1), fix="| [A](https://x.org/a) | 2024 | arxiv |"
    )
    venue = Finding(
        "venue-alias",
        Severity.WARNING,
        "venue",
        Location("f.md", 1),
        fix="| [A](https://x.org/a?utm=1) | 2024 | arXiv |",
    )
    assert apply_fixes(text, [venue, link]) == ("| [A](https://x.org/a) | 2024 | arXiv |\n", [venue, link])


def test_fixes_of_one_line_changing_the_same_part_wait_for_the_next_round() -> None:
    text = "| [A](https://x.org/a) | 2024 | arxiv |\n"
    first = Finding(
        "venue-alias", Severity.WARNING, "venue", Location("f.md", 1), fix="| [A](https://x.org/a) | 2024 | arXiv |"
    )
    second = Finding(
        "venue-unknown", Severity.WARNING, "venue", Location("f.md", 1), fix="| [A](https://x.org/a) | 2024 | C-ArXiv |"
    )
    assert apply_fixes(text, [first, second]) == ("| [A](https://x.org/a) | 2024 | arXiv |\n", [first])


def test_a_deletion_is_never_merged_with_another_fix_of_its_lines() -> None:
    text = "| [A](https://x.org/a) | 2024 | arxiv |\n| [B](https://x.org/b) | 2024 | arXiv |\n"
    delete = Finding("duplicate", Severity.WARNING, "copy", Location("f.md", 1), fix="")
    venue = Finding(
        "venue-alias", Severity.WARNING, "venue", Location("f.md", 1), fix="| [A](https://x.org/a) | 2024 | arXiv |"
    )
    assert apply_fixes(text, [delete, venue]) == ("| [B](https://x.org/b) | 2024 | arXiv |\n", [delete])

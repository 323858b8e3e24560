"""Applying certain fixes to text, and describing them for people."""

from __future__ import annotations

import pytest

from rules.fixes import apply_fixes, describe_fix
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

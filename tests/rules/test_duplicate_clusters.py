"""Many entries sharing one link, or one paper listed many times: each entry is reported once, so the
findings (and the work) grow with the entries, not with their pairs."""

from __future__ import annotations

from rules import engine, parse

HEADER = "| Title | Date |\n| --- | --- |\n"
SHARED = "https://arxiv.org/abs/2401.00001"
TOPICS = ("Graph", "Speech", "Protein", "Weather", "Robot", "Market", "Galaxy", "Traffic", "Music", "Crop")


def distinct_title(number: int) -> str:
    """Titles that share no word run with each other: no two of them read as one paper."""
    first, second = TOPICS[number % 10], TOPICS[number // 10 % 10]
    return f"{first} {second} study number {number} of {second.lower()}{number} and {first.lower()}{number * 7}"


def duplicates_in(text: str) -> list:
    return [
        finding for finding in engine.check(parse.parse_catalog({"README.md": text})) if finding.rule == "duplicate"
    ]


def test_thirty_titles_behind_one_link_are_each_told_once_against_the_first() -> None:
    rows = "".join(f"| [{distinct_title(number)}]({SHARED}) | 2024 |\n" for number in range(30))
    findings = duplicates_in(HEADER + rows)
    assert len(findings) == 29
    assert sorted(finding.location.line for finding in findings) == list(range(4, 33))
    assert {finding.related[0].line for finding in findings} == {3}
    assert all("link names the same paper as line 3" in finding.message for finding in findings)


def test_a_paper_listed_thirty_times_is_reported_once_per_copy() -> None:
    row = f"| [Masked Autoencoders Are Scalable Vision Learners]({SHARED}) | 2024 |\n"
    findings = duplicates_in(HEADER + row * 30)
    assert len(findings) == 29
    assert {finding.location.line for finding in findings} == set(range(4, 33))

"""venue-placeholder: `?`, `-`, `C-X`, `J-X`, `Conf`, empty — with a fix when the link names the venue."""

from __future__ import annotations

from rules.checks import venue_placeholder
from tests.rules.venue_cases import data_file, row, run, summary, table

SIAM = "https://epubs.siam.org/doi/pdf/10.1137/1.9781611978032.73"
ARXIV = "https://arxiv.org/pdf/2405.10347"
ECCV_CHAPTER = "https://link.springer.com/chapter/10.1007/978-3-031-73004-7_18"
CODE = "https://github.com/o/r"


def test_placeholders_and_what_the_link_suggests() -> None:
    readme = table(
        row("Ada-VAD", SIAM, "2024", "?"),  # 3: the link names SDM 2024: fixed
        row("Networking Systems for VAD", ARXIV, "2024", "C-X"),  # 4: a preprint: suggest arXiv
        row("Follow the Rules", ECCV_CHAPTER, "2024", "Conf"),  # 5: a proceedings chapter
        row("No evidence", CODE, "2024", "J-X"),  # 6
        row("Empty", CODE, "2024", ""),  # 7
        row("Filled", CODE, "2024", "C-CVPR"),
    )
    findings = run(venue_placeholder, {"README.md": readme})
    assert summary(findings) == [("README.md", line, "C-SDM" if line == 3 else None) for line in range(3, 8)]
    assert [finding.message for finding in findings] == [
        "The venue `?` is a placeholder. The link is published in SIAM International Conference on Data Mining "
        "(a chapter of the SIAM book with ISBN 9781611978032): write `C-SDM`.",
        "The venue `C-X` is a placeholder. The link is an arXiv preprint (arXiv 2405.10347, May 2024): write "
        "`arXiv` unless it was published elsewhere.",
        "The venue `Conf` is a placeholder. The link shows a proceedings paper (Springer): write the code of its venue.",
        "The venue `J-X` is a placeholder. Write the venue's code (like `C-CVPR` or `J-TPAMI`), or `arXiv` for a preprint.",
        "The venue is empty. Write the venue's code (like `C-CVPR` or `J-TPAMI`), or `arXiv` for a preprint.",
    ]


def test_json_placeholders_point_at_the_venue_field() -> None:
    findings = run(
        venue_placeholder, {"scripts/data.json": data_file(("One", CODE, "2024", "-"), ("Two", SIAM, "2024", "?"))}
    )
    assert summary(findings) == [("scripts/data.json", 6, None), ("scripts/data.json", 14, "C-SDM")]


def test_a_data_file_without_a_venue_field_is_not_reported() -> None:
    text = '[\n  {\n    "Title": "No venue key",\n    "Link": "https://github.com/o/r",\n    "Date": "2024"\n  }\n]\n'
    assert run(venue_placeholder, {"scripts/data.json": text}) == []


def test_a_table_without_a_venue_column_is_not_reported() -> None:
    readme = "| Title | Date |\n| --- | --- |\n| [One](https://github.com/o/r) | 2024 |\n"
    assert run(venue_placeholder, {"README.md": readme}) == []

"""year: four digits, plausible for the list, and in agreement with what the link dates."""

from __future__ import annotations

import pytest

from rules.checks import year
from rules.context import CheckOptions
from rules.model import Severity
from tests.rules.venue_cases import data_file, row, run, summary, table

CODE = "https://github.com/o/r"
WACV = "https://openaccess.thecvf.com/content/WACV2024/papers/Majhi_OE-CTST_WACV_2024_paper.pdf"
ARXIV = "https://arxiv.org/pdf/2401.05702"
PII_2023 = "https://www.sciencedirect.com/science/article/pii/S0952197623020146"  # EAAI, online 2023
SIAM = "https://epubs.siam.org/doi/10.1137/1.9781611978032.73"  # SDM 2024 (registry)


BASE_PAPERS = 20


def _list(*rows: str) -> dict[str, str]:
    """Rows (from line 23 on) after twenty papers that make 2024 the newest year the list attests."""
    base = [
        row(f"Base paper {number}", CODE, "2024" if number % 2 else "2023", "C-CVPR") for number in range(BASE_PAPERS)
    ]
    return {"README.md": table(*base, *rows)}


@pytest.mark.parametrize(
    "written", ["2024", "2024-03", "2024.03", "2024/03/15", "01 Jan 2024", "March 2024", "Mar. 2024"]
)
def test_years_and_dates_pass(written: str) -> None:
    assert run(year, _list(row("Paper", CODE, written, "C-CVPR"))) == []


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("24", "`24` is not a year. Write the year of publication as four digits, like `2024`."),
        ("2024a", "`2024a` is not a year. Write the year of publication as four digits, like `2024`."),
        ("Spring 2024", "`Spring 2024` is not a year. Write the year of publication as four digits, like `2024`."),
        ("", "The year is empty. Write the year of publication, like `2024`."),
        ("1024", "The year 1024 cannot be a publication year. Check it."),
        ("2204", "The year 2204 cannot be a publication year. Check it."),
    ],
)
def test_malformed_and_impossible_years(written: str, message: str) -> None:
    [finding] = run(year, _list(row("Paper", CODE, written, "C-CVPR")))
    assert (finding.severity, finding.location.line, finding.message, finding.fix) == (
        Severity.ERROR,
        23,
        message,
        None,
    )


def test_a_year_after_the_lists_newest_but_one_is_implausible() -> None:
    assert run(year, _list(row("Paper", CODE, "2025", "C-CVPR"))) == []
    [finding] = run(year, _list(row("Paper", CODE, "2027", "C-CVPR")))
    assert (finding.severity, finding.location.line, finding.message) == (
        Severity.WARNING,
        23,
        "The year 2027 is implausible here (this list covers 1900–2025). Check it.",
    )


def test_the_maintainer_sets_the_newest_plausible_year() -> None:
    assert run(year, _list(row("Paper", CODE, "2027", "C-CVPR")), CheckOptions(latest_year=2026)) == []
    assert summary(run(year, _list(row("Paper", CODE, "2028", "C-CVPR")), CheckOptions(latest_year=2026))) == [
        ("README.md", 23, None)
    ]


def test_a_small_list_says_nothing_of_its_newest_year() -> None:
    # Four papers of 2022 do not make a 2024 paper implausible (the list's 32nd commit, replayed).
    readme = table(
        *(row(f"Old paper {number}", CODE, "2022", "C-CVPR") for number in range(4)),
        row("New paper", CODE, "2024", "C-CVPR"),
    )
    assert run(year, {"README.md": readme}) == []


def test_years_a_link_dates_exactly_are_fixed() -> None:
    findings = run(
        year,
        _list(
            row("OE-CTST", WACV, "2023", "C-WACV"),  # 23: CVF says 2024
            row("Explanation via LLMs", ARXIV, "2023", "arXiv"),  # 24: a preprint of January 2024
            row("Ada-VAD", SIAM, "2023", "C-SDM"),  # 25: the registry dates the SDM volume 2024
        ),
    )
    assert summary(findings) == [("README.md", 23, "2024"), ("README.md", 24, "2024"), ("README.md", 25, "2024")]
    assert findings[0].message == "The link shows WACV 2024 (CVF open access), but the year says 2023. Write `2024`."


def test_a_journal_year_may_follow_the_online_year_by_one() -> None:
    findings = run(
        year,
        _list(
            row("Online 2023, volume 2023", PII_2023, "2023", "J-EAAI"),
            row("Online 2023, volume 2024", PII_2023, "2024", "J-EAAI"),
            row("Online 2023, volume 2025?", PII_2023, "2025", "J-EAAI"),  # 25
            row("Online 2023, year 2022?", PII_2023, "2022", "J-EAAI"),  # 26
        ),
    )
    assert summary(findings) == [("README.md", 25, None), ("README.md", 26, None)]
    assert findings[0].message == (
        "The link shows the paper went online in 2023 (ScienceDirect: ISSN 0952-1976), so its year is 2023 or "
        "2024, not 2025."
    )


def test_an_arxiv_id_does_not_date_a_published_paper() -> None:
    # Papers are often posted to arXiv a year before (or after) their conference.
    assert run(year, _list(row("GlanceVAD", ARXIV, "2025", "C-CVPR"))) == []


def test_json_years() -> None:
    files = {
        "scripts/data.json": data_file(
            ("Base one", CODE, "2024", "C-CVPR"),
            ("Base two", CODE, "2024", "C-CVPR"),
            ("OE-CTST", WACV, "2023", "C-WACV"),
            ("Typo", CODE, "20244", "C-CVPR"),
        )
    }
    assert summary(run(year, files)) == [("scripts/data.json", 26, "2024"), ("scripts/data.json", 41, None)]


def test_lists_without_a_year_field_are_not_judged() -> None:
    readme = "| Title | Venue |\n| --- | --- |\n| [One](https://github.com/o/r) | C-CVPR |\n"
    assert run(year, {"README.md": readme}) == []

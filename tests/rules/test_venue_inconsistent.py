"""venue-inconsistent: one venue the registry lacks, written with different codes within the list."""

from __future__ import annotations

from rules.checks import venue_inconsistent
from rules.model import Location
from tests.rules.venue_cases import data_file, row, run, summary, table

CODE = "https://github.com/o/r"
NEUROCOMPUTING = "https://www.sciencedirect.com/science/article/abs/pii/S0925231225004898"


def _cee(item: str) -> str:
    """A ScienceDirect link into Computers & Electrical Engineering (ISSN 0045-7906, not in the registry)."""
    return f"https://www.sciencedirect.com/science/article/pii/S004579062400{item}"


def test_a_spelling_that_differs_in_case_is_fixed_to_the_one_most_entries_use() -> None:
    readme = table(
        row("One", CODE, "2024", "J-Foo"), row("Two", CODE, "2024", "J-Foo"), row("Three", CODE, "2024", "J-FOO")
    )
    [finding] = run(venue_inconsistent, {"README.md": readme})
    assert summary([finding]) == [("README.md", 5, "J-Foo")]
    assert finding.related == (Location("README.md", 3, 3), Location("README.md", 4, 4))
    assert finding.message == (
        "This venue is written `J-FOO` here but `J-Foo` elsewhere (README.md line 3, README.md line 4): the codes "
        "differ only in case or punctuation. Write `J-Foo`, as most entries do."
    )


def test_on_a_tie_every_entry_is_reported_without_a_fix() -> None:
    readme = table(row("One", CODE, "2024", "J-Foo"), row("Two", CODE, "2024", "J_FOO"))
    findings = run(venue_inconsistent, {"README.md": readme})
    assert summary(findings) == [("README.md", 3, None), ("README.md", 4, None)]
    assert findings[0].message.endswith("Pick one code and use it everywhere.")


def test_links_to_one_unlisted_journal_under_two_codes() -> None:
    text = data_file(
        ("One", _cee("1234"), "2024", "J-CEE"),
        ("Two", _cee("2345"), "2024", "J-CEE"),
        ("Three", _cee("3456"), "2024", "J-CaEE"),
    )
    [finding] = run(venue_inconsistent, {"scripts/data.json": text})
    assert summary([finding]) == [("scripts/data.json", 26, "J-CEE")]
    assert "the links show the same venue (ISSN 0045-7906)" in finding.message


def test_registered_venues_and_distinct_venues_are_not_this_rules() -> None:
    readme = table(
        row("One", NEUROCOMPUTING, "2025", "J-N"),  # two spellings of Neurocomputing: venue-alias fixes them
        row("Two", NEUROCOMPUTING, "2025", "J-NC"),
        row("Three", CODE, "2024", "J-ABC"),  # two different unregistered venues
        row("Four", CODE, "2024", "J-ABD"),
    )
    assert run(venue_inconsistent, {"README.md": readme}) == []

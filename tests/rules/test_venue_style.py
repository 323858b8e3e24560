"""Venue codes in the list's own style: a list of bare names (``CVPR``, ``IEEE Access``) is held to its own
spelling, and fixes are spelt bare there; a list of prefixed codes keeps the registry's codes."""

from __future__ import annotations

from rules.checks import venue_alias, venue_contradicted, venue_placeholder, venue_unknown
from tests.rules.venue_cases import row, run, summary, table

CVF_WACV = "https://openaccess.thecvf.com/content/WACV2024/papers/A_WACV_2024_paper.pdf"
ARXIV = "https://arxiv.org/abs/2003.06979"
XPLORE = "https://ieeexplore.ieee.org/document/8581424"
CODE = "https://github.com/o/r"
BARE_LIST = (
    row("Anomaly detection one", CODE, "2018", "CVPR"),
    row("Anomaly detection two", XPLORE, "2018", "IEEE Access"),
    row("Anomaly detection three", CODE, "2021", "TPAMI"),
    row("Anomaly detection four", CODE, "2019", "KDD"),
)


def test_a_bare_list_is_held_to_the_case_of_the_bare_code_not_to_prefixed_codes() -> None:
    readme = table(*BARE_LIST, row("A survey of anomaly detection", ARXIV, "2020", "ArXiv"))
    findings = run(venue_alias, {"README.md": readme})
    assert summary(findings) == [("README.md", 7, "arXiv")]


def test_fixes_from_the_link_are_spelt_bare_in_a_bare_list() -> None:
    readme = table(*BARE_LIST, row("Wrong venue", CVF_WACV, "2024", "CVPR"), row("No venue", CVF_WACV, "2024", "?"))
    contradicted = run(venue_contradicted, {"README.md": readme})
    placeholder = run(venue_placeholder, {"README.md": readme})
    assert summary(contradicted) == [("README.md", 7, "WACV")]
    assert "Write `WACV`." in contradicted[0].message
    assert summary(placeholder) == [("README.md", 8, "WACV")]


def test_a_prefixed_list_keeps_the_registry_codes() -> None:
    readme = table(
        row("Anomaly detection one", CODE, "2018", "C-CVPR"),
        row("Anomaly detection two", XPLORE, "2018", "J-ACCESS"),
        row("Wrong venue", CVF_WACV, "2024", "C-CVPR"),
        row("Off style", CODE, "2021", "TPAMI"),
    )
    assert summary(run(venue_contradicted, {"README.md": readme})) == [("README.md", 5, "C-WACV")]
    assert summary(run(venue_alias, {"README.md": readme})) == [("README.md", 6, "J-TPAMI")]


def test_words_that_describe_a_work_are_no_unknown_venue() -> None:
    readme = table(
        *BARE_LIST,
        row("A thesis", CODE, "2010", "Thesis"),
        row("Pending", CODE, "2020", "Under Review"),
        row("A typo", CODE, "2020", "CVRP"),
    )
    assert summary(run(venue_unknown, {"README.md": readme})) == [("README.md", 9, None)]


def test_a_bare_list_hears_of_an_unknown_venue_only_when_it_is_a_slip_of_a_known_one() -> None:
    readme = table(
        *BARE_LIST,
        row("Free name", CODE, "2020", "PLOS ONE"),
        row("Track", CODE, "2025", "EMNLP 2025 Findings"),
        row("Slip", CODE, "2020", "NeurlPS"),
    )
    findings = run(venue_unknown, {"README.md": readme})
    assert summary(findings) == [("README.md", 9, None)]
    assert findings[0].message.endswith("Did you mean `NeurIPS`?")


def test_the_workshops_of_a_registered_conference_are_known_without_an_entry_of_their_own() -> None:
    readme = table(*BARE_LIST, row("A workshop paper", CODE, "2019", "ICMLW"))
    assert run(venue_unknown, {"README.md": readme}) == []

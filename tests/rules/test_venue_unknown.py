"""venue-unknown: codes neither the registry nor the list knows, with the closest canonical codes."""

from __future__ import annotations

from rules.checks import venue_unknown
from rules.context import CheckOptions
from rules.model import Severity
from rules.venues import VenueKind, VenueSpec
from tests.rules.venue_cases import data_file, row, run, summary, table

IEEE = "https://ieeexplore.ieee.org/document/11011326"
EAAI = "https://www.sciencedirect.com/science/article/pii/S0952197623020146"
CODE = "https://github.com/o/r"


def test_an_unknown_code_with_close_registry_codes_gets_suggestions() -> None:
    [finding] = run(venue_unknown, {"README.md": table(row("A GAN", CODE, "2024", "J-EPIA"))})
    assert (finding.rule, finding.severity, finding.location.line, finding.fix) == (
        "venue-unknown",
        Severity.WARNING,
        3,
        None,
    )
    assert finding.message == "`J-EPIA` is not a venue code I know. Did you mean `J-EAAI`?"


def test_an_unknown_code_without_close_codes_is_only_noted() -> None:
    [finding] = run(venue_unknown, {"README.md": table(row("CNN-LSTM autoencoder", IEEE, "2025", "C-CACCT"))})
    assert finding.severity is Severity.INFO
    assert finding.message == (
        "`C-CACCT` is not a venue code I know, and no other paper in this list uses it. Check it; if it is "
        "right, a maintainer can add it under `rules.venues` in the repository's config."
    )


def test_a_code_two_papers_of_the_list_use_is_the_lists_own() -> None:
    readme = table(row("Paper one", IEEE, "2025", "J-XYZ"), row("Paper two", IEEE, "2025", "J-XYZ"))
    assert run(venue_unknown, {"README.md": readme}) == []


def test_one_paper_listed_twice_does_not_establish_its_code() -> None:
    # The README row and the data file object are one paper, not two.
    files = {
        "README.md": table(row("Paper one", IEEE, "2025", "J-XYZ")),
        "scripts/data.json": data_file(("Paper one", IEEE, "2025", "J-XYZ")),
    }
    assert summary(run(venue_unknown, files)) == [("README.md", 3, None), ("scripts/data.json", 6, None)]


def test_codes_other_rules_judge_are_left_alone() -> None:
    readme = table(
        row("Known", CODE, "2024", "C-CVPR"),
        row("Alias", CODE, "2024", "J-N"),
        row("Placeholder", CODE, "2024", "C-X"),
        row("Contradicted, with a fix", EAAI, "2024", "J-EPIA"),  # venue-contradicted names J-EAAI
        row("Spelled otherwise one", CODE, "2024", "J-Foo"),
        row("Spelled otherwise two", CODE, "2024", "J-Foo"),
        row("Spelled otherwise three", CODE, "2024", "J-FOO"),  # venue-inconsistent's
    )
    assert run(venue_unknown, {"README.md": readme}) == []


def test_registry_venues_in_another_lists_style_are_known() -> None:
    readme = table(
        row("One", CODE, "2023", "ICCV'2023"),
        row("Two", CODE, "2024", "TPAMI'2024"),
        row("Three", CODE, "2024", "TMLR"),
    )
    assert run(venue_unknown, {"README.md": readme}) == []


def test_a_venue_added_in_the_config_is_known() -> None:
    options = CheckOptions(venues=(VenueSpec(code="C-CACCT", name="A regional conference", kind=VenueKind.CONFERENCE),))
    assert run(venue_unknown, {"README.md": table(row("CNN-LSTM", IEEE, "2025", "C-CACCT"))}, options) == []


def test_a_short_code_keeps_its_kind_and_finds_the_venues_that_contain_it() -> None:
    [finding] = run(
        venue_unknown, {"README.md": table(row("Some ICPR paper", "https://example.org/p", "2024", "C-PR"))}
    )
    assert finding.message == "`C-PR` is not a venue code I know. Did you mean `C-CVPR` or `C-CVPRW` or `C-ICPR`?"


def test_a_conference_code_on_a_conference_chapter_is_never_made_a_journal() -> None:
    # The bundled list's MCANet row: an ICPR 2024 chapter (Springer, ISBN 978-3-031-78125-4) coded C-PR.
    chapter = "https://link.springer.com/chapter/10.1007/978-3-031-78125-4_25"
    [finding] = run(venue_unknown, {"README.md": table(row("MCANet", chapter, "2024", "C-PR"))})
    assert finding.message.startswith("`C-PR` is not a venue code I know. Did you mean `C-ICPR` or ")
    assert "J-PR" not in finding.message


def test_a_journal_code_is_never_offered_a_conference() -> None:
    [finding] = run(venue_unknown, {"README.md": table(row("A paper", "https://example.org/p", "2024", "J-CVPR"))})
    assert finding.severity is Severity.INFO and "C-CVPR" not in finding.message


def test_a_code_without_prefix_takes_the_kind_the_link_shows() -> None:
    journal = "https://link.springer.com/article/10.1007/s99999-024-00001-2"  # an article of a journal not registered
    chapter = "https://link.springer.com/chapter/10.1007/978-3-031-78125-4_25"
    [article] = run(venue_unknown, {"README.md": table(row("A paper", journal, "2024", "TPAM"))})
    in_proceedings = run(venue_unknown, {"README.md": table(row("A paper", chapter, "2024", "TPAM"))})
    # A list written in bare names gets its suggestions bare, and hears of a name it writes freely only
    # when it is a slip of a known one of the kind the link shows.
    assert article.message == "`TPAM` is not a venue code I know. Did you mean `TPAMI`?"
    assert in_proceedings == []

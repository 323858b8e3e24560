"""Looking entries up: identifier first, safe title matching, publication before preprint, outages."""

from __future__ import annotations

import pytest

from bot.app_settings import SettingsError, load_settings
from rules.parse import parse_catalog
from rules.records import Record, Strength
from rules.venues import VenueKind
from scholarly import match
from scholarly.http import Fetcher
from scholarly.lookup import look_up
from tests.fakesources import FakeSources

HEADER = "| Title | Year | Venue |\n| --- | --- | --- |\n"
BN = "BatchNorm-Based Weakly Supervised Video Anomaly Detection"


def lookups(rows: str, fetcher: Fetcher, **options: object) -> list:
    catalog = parse_catalog({"README.md": HEADER + rows})
    found = look_up(catalog.entries, fetcher, **options)
    return [found[key] for key in found]


def test_an_xplore_number_ties_the_crossref_record_that_carries_it(fetcher: Fetcher) -> None:
    [lookup] = lookups(f"| [{BN}](https://ieeexplore.ieee.org/document/10649595) | 2024 | C-CVPR |\n", fetcher)
    assert [(item.record.evidence, item.strength) for item in lookup.found] == [
        ("Crossref 10.1109/tcsvt.2024.3450734", Strength.IDENTIFIER),
        ("DBLP journals/corr/abs-2311-15367", Strength.TITLE),  # its preprint, by title, year and authors
    ]


def test_an_arxiv_entry_finds_its_preprint_record_and_its_publication_by_title(
    fetcher: Fetcher, fake: FakeSources
) -> None:
    [lookup] = lookups(
        "| [BatchNorm-based Weakly Supervised Video Anomaly Detection](https://arxiv.org/abs/2311.15367v1)"
        " | 2023 | arXiv |\n",
        fetcher,
    )
    assert lookup.publication().record.evidence == "Crossref 10.1109/tcsvt.2024.3450734"
    assert lookup.publication().strength is Strength.TITLE
    assert {item.record.evidence for item in lookup.found if item.strength is Strength.IDENTIFIER} == {
        "arXiv 2311.15367",
        "DBLP journals/corr/abs-2311-15367",
    }
    assert fake.count("arxiv") == 1


def test_arxiv_ids_are_asked_in_one_batch(fetcher: Fetcher, fake: FakeSources) -> None:
    rows = "".join(f"| [Paper {n}](https://arxiv.org/abs/2401.0000{n}) | 2024 | arXiv |\n" for n in range(5))
    lookups(rows, fetcher)
    assert fake.count("arxiv") == 1


def test_a_title_search_with_another_papers_record_ties_nothing(fetcher: Fetcher) -> None:
    [lookup] = lookups(
        "| [Real-Time Weakly Supervised Video Anomaly Detection](https://example.org/rtwsvad) | 2024 | C-WACV |\n",
        fetcher,
    )
    assert lookup.found == ()


def test_a_source_that_is_down_leaves_the_entry_unverified_and_is_asked_once(
    fetcher: Fetcher, fake: FakeSources
) -> None:
    fake.trouble["crossref"] = ("down",)
    rows = "".join(
        f"| [{BN} {n}](https://ieeexplore.ieee.org/document/106495{n:02}) | 2024 | C-CVPR |\n" for n in range(12)
    )
    found = lookups(rows, fetcher, sources=("crossref",))
    assert [lookup.unverified for lookup in found] == [("Crossref",)] * 12
    assert fake.count("crossref") <= fetcher.settings.concurrency  # only those already in flight


def test_a_spent_budget_leaves_the_rest_unverified(fetcher: Fetcher) -> None:
    [lookup] = lookups(
        f"| [{BN}](https://ieeexplore.ieee.org/document/10649595) | 2024 | C-CVPR |\n", fetcher, budget=-1
    )
    assert lookup.found == () and lookup.unverified == ("Crossref", "DBLP")


def record(title: str, years: tuple[int, ...] = (2024,), authors: tuple[str, ...] = ()) -> Record:
    return Record("DBLP", "conf/x/1", title, VenueKind.CONFERENCE, "X", years, authors)


def test_a_title_match_needs_agreeing_titles_years_and_authors() -> None:
    assert match.by_title(BN, 2024, (), record(BN)) is Strength.TITLE
    assert match.by_title(BN.replace("Video", "Vdeo"), 2024, (), record(BN)) is Strength.TITLE  # a typo
    assert match.by_title(BN, 2021, (), record(BN)) is Strength.WEAK  # years apart
    assert match.by_title(BN, 2024, ("Zhou",), record(BN, authors=("Karim",))) is Strength.WEAK
    assert match.by_title(BN, 2024, ("Yixuan Zhou",), record(BN, authors=("Zhou",))) is Strength.TITLE
    assert match.by_title("Weakly Supervised Video Anomaly Detection", 2024, (), record(BN)) is None
    assert match.by_title(BN, None, (), record(BN, years=(2025,))) is Strength.TITLE


def test_an_entrys_authors_are_read_for_the_surname_test() -> None:
    assert match.authors_of("Y. Zhou, Y. Qu and X. Xu; F. Shen & J. Song") == (
        "Y. Zhou",
        "Y. Qu",
        "X. Xu",
        "F. Shen",
        "J. Song",
    )


def test_a_bad_source_setting_stops_the_app_at_start_up_by_its_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPER_TRIAGE_DBLP_URL", "dblp.org")
    with pytest.raises(SettingsError, match="PAPER_TRIAGE_DBLP_URL: must start with https://"):
        load_settings(github_token="t")

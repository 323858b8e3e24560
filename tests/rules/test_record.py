"""The record rule, with records given as data (no network): each concern, and its evidence."""

from __future__ import annotations

from rules import engine
from rules.identity import Identifier
from rules.parse import parse_catalog
from rules.records import Found, Lookup, Record, Strength, entry_key
from rules.venues import VenueKind

HEADER = "| Title | Year | Venue |\n| --- | --- | --- |\n"
TCSVT = Record(
    "Crossref",
    "10.1109/tcsvt.2024.3450734",
    "BatchNorm-Based Weakly Supervised Video Anomaly Detection",
    VenueKind.JOURNAL,
    "IEEE Transactions on Circuits and Systems for Video Technology",
    (2024,),
    identifiers=frozenset({Identifier("doi", "10.1109/tcsvt.2024.3450734"), Identifier("ieee", "10649595")}),
    url="https://doi.org/10.1109/TCSVT.2024.3450734",
    issn=("1051-8215",),
)
CVPR = Record(
    "DBLP",
    "conf/cvpr/WuL24",
    "Open-Vocabulary Video Anomaly Detection",
    VenueKind.CONFERENCE,
    "CVPR",
    (2024,),
    identifiers=frozenset({Identifier("dblp", "conf/cvpr/WuL24"), Identifier("arxiv", "2311.07042")}),
    url="https://doi.org/10.1109/CVPR52733.2024.01732",
    venue_codes=("CVPR",),
)
PREPRINT = Record(
    "arXiv",
    "2311.07042",
    "Open-Vocabulary Video Anomaly Detection",
    VenueKind.PREPRINT,
    "arXiv",
    (2023,),
    identifiers=frozenset({Identifier("arxiv", "2311.07042")}),
    url="https://arxiv.org/abs/2311.07042",
)


def findings(rows: str, records: dict[int, list[Found]], unverified: tuple[str, ...] = ()) -> list:
    catalog = parse_catalog({"README.md": HEADER + rows})
    by_row = {
        entry_key(entry): Lookup(tuple(records.get(number, ())), unverified)
        for number, entry in enumerate(catalog.entries)
    }
    return [
        (f.location.line, f.severity.value, f.message, f.fix)
        for f in engine.check(catalog, records=by_row)
        if f.rule == "record"
    ]


def tied(record: Record, strength: Strength = Strength.IDENTIFIER) -> list[Found]:
    return [Found(record, strength)]


def test_without_records_the_rule_is_silent() -> None:
    catalog = parse_catalog({"README.md": HEADER + "| [A](https://ieeexplore.ieee.org/document/1) | 2024 | C-CVPR |\n"})
    assert [f for f in engine.check(catalog) if f.rule == "record"] == []


def test_a_journal_article_coded_as_a_conference_gets_the_journal_in_the_lists_style() -> None:
    row = "| [BatchNorm-Based Weakly Supervised Video Anomaly Detection](https://ieeexplore.ieee.org/document/10649595) | 2024 | C-CVPR |\n"
    [(line, severity, message, fix)] = findings(row, {0: tied(TCSVT)})
    assert (line, severity) == (3, "warning")
    assert message == (
        "Crossref 10.1109/tcsvt.2024.3450734 has this paper in IEEE Transactions on Circuits and "
        "Systems for Video Technology (2024), not `C-CVPR`. Write `J-TCSVT`."
    )
    assert fix == row.rstrip("\n").replace("C-CVPR", "J-TCSVT")


def test_a_year_the_record_contradicts() -> None:
    row = "| [BatchNorm-Based Weakly Supervised Video Anomaly Detection](https://ieeexplore.ieee.org/document/10649595) | 2022 | J-TCSVT |\n"
    [(_, _, message, fix)] = findings(row, {0: tied(TCSVT)})
    assert message == "Crossref 10.1109/tcsvt.2024.3450734 gives 2024 for this paper, not `2022`."
    assert "| 2024 | J-TCSVT |" in fix


def test_a_typo_in_the_title_gets_the_records_title() -> None:
    row = "| [BatchNorm-Based Weakly Supervised Video Anomaly Detecton](https://ieeexplore.ieee.org/document/10649595) | 2024 | J-TCSVT |\n"
    [(_, severity, message, fix)] = findings(row, {0: tied(TCSVT)})
    assert severity == "warning"
    assert message == (
        "The title differs from the paper's record (Crossref 10.1109/tcsvt.2024.3450734): "
        "“BatchNorm-Based Weakly Supervised Video Anomaly Detection”."
    )
    assert "[BatchNorm-Based Weakly Supervised Video Anomaly Detection](https://ieeexplore" in fix


def test_a_link_to_another_work_is_an_error_naming_that_work() -> None:
    row = "| [Ada-VAD: Domain Adaptable Video Anomaly Detection](https://ieeexplore.ieee.org/document/10649595) | 2024 | J-TCSVT |\n"
    [(_, severity, message, fix)] = findings(row, {0: tied(TCSVT)})
    assert (severity, fix) == ("error", None)
    assert message == (
        "The link names another work: “BatchNorm-Based Weakly Supervised Video Anomaly Detection” "
        "(Crossref 10.1109/tcsvt.2024.3450734). Check the link and the title."
    )


def test_a_preprint_published_since_is_a_note_with_venue_year_and_link() -> None:
    row = "| [Open-Vocabulary Video Anomaly Detection](https://arxiv.org/abs/2311.07042) | 2023 | arXiv |\n"
    assert findings(row, {0: [Found(PREPRINT, Strength.IDENTIFIER), Found(CVPR, Strength.IDENTIFIER)]}) == [
        (
            3,
            "info",
            "Published since: CVPR 2024 (DBLP conf/cvpr/WuL24, https://doi.org/10.1109/CVPR52733.2024.01732). "
            "Write its venue and link the published paper.",
            None,
        )
    ]


def test_the_publication_decides_venue_and_year_over_the_preprint() -> None:
    row = "| [Open-Vocabulary Video Anomaly Detection](https://arxiv.org/abs/2311.07042) | 2024 | C-CVPR |\n"
    assert findings(row, {0: [Found(PREPRINT, Strength.IDENTIFIER), Found(CVPR, Strength.TITLE)]}) == []


def test_one_paper_under_its_preprint_title_and_its_published_title() -> None:
    rows = (
        "| [OVVAD: Open-Vocabulary Video Anomaly Detection](https://arxiv.org/abs/2311.07042) | 2023 | arXiv |\n"
        "| [Open-Vocabulary Video Anomaly Detection](https://doi.org/10.1109/CVPR52733.2024.01732) | 2024 | C-CVPR |\n"
    )
    published = tied(CVPR, Strength.TITLE)
    found = findings(rows, {0: [Found(PREPRINT, Strength.IDENTIFIER)], 1: published})
    assert (
        4,
        "warning",
        "Listed again under another title: README.md:3 “OVVAD: Open-Vocabulary Video Anomaly "
        "Detection” is the same paper (DBLP conf/cvpr/WuL24).",
        None,
    ) in found
    assert [line for line, *_ in found if "Listed again" in _[1]] == [4]


def test_a_near_match_is_a_note_asking_to_confirm_never_a_fix() -> None:
    row = "| [BatchNorm Weakly Supervised Video Anomaly Detection](https://example.org/bn) | 2021 | J-TCSVT |\n"
    assert findings(row, {0: tied(TCSVT, Strength.WEAK)}) == [
        (
            3,
            "info",
            "A record with a similar title: “BatchNorm-Based Weakly Supervised Video Anomaly Detection” "
            "(Crossref 10.1109/tcsvt.2024.3450734, IEEE Transactions on Circuits and Systems for Video Technology 2024). "
            "Is it this paper? Please confirm.",
            None,
        )
    ]


def test_a_title_match_whose_link_is_another_page_is_reported() -> None:
    row = "| [BatchNorm-Based Weakly Supervised Video Anomaly Detection](https://pku-yuangroup.github.io/Open-Sora-Plan/) | 2024 | J-TCSVT |\n"
    [(_, severity, message, _)] = findings(row, {0: tied(TCSVT, Strength.TITLE)})
    assert severity == "warning"
    assert message == (
        "The link is not a page of this paper: its record (Crossref 10.1109/tcsvt.2024.3450734) is at "
        "https://doi.org/10.1109/TCSVT.2024.3450734."
    )


def test_in_a_list_of_bare_names_the_venue_fix_is_spelt_bare() -> None:
    rows = (
        "| [BatchNorm-Based Weakly Supervised Video Anomaly Detection](https://ieeexplore.ieee.org/document/10649595) | 2024 | CVPR |\n"
        "| [Another paper](https://example.org/a) | 2023 | ICCV |\n"
    )
    [(_, _, message, fix)] = findings(rows, {0: tied(TCSVT)})
    assert message.endswith("not `CVPR`. Write `TCSVT`.") and "| 2024 | TCSVT |" in fix


def test_a_journal_articles_online_year_may_precede_its_volumes() -> None:
    row = "| [BatchNorm-Based Weakly Supervised Video Anomaly Detection](https://ieeexplore.ieee.org/document/10649595) | 2023 | J-TCSVT |\n"
    volume_only = Record(
        "DBLP",
        "journals/tcsv/x",
        TCSVT.title,
        VenueKind.JOURNAL,
        "IEEE Trans. Circuits Syst. Video Technol.",
        (2024,),
        identifiers=TCSVT.identifiers,
    )
    assert findings(row, {0: tied(volume_only)}) == []

"""The issue's cases, with the fake serving the papers' real records: the seed list's journal articles
coded C-CVPR (IEEE Xplore links), its OpenReview paper coded C-CVPR, and a history commit's title linked
to another work's page — each reported with its evidence."""

from __future__ import annotations

from pathlib import Path

from rules import engine
from rules.parse import parse_catalog
from scholarly.http import Fetcher
from scholarly.lookup import look_up

LIST = Path(__file__).resolve().parent.parent / "fixtures" / "lists" / "video-anomaly-detection"


def record_findings(texts: dict[str, str], fetcher: Fetcher) -> list:
    catalog = parse_catalog(texts)
    records = look_up(catalog.entries, fetcher)
    return [finding for finding in engine.check(catalog, records=records) if finding.rule == "record"]


def lines_of(findings: list, line: int) -> list[str]:
    return [finding.message for finding in findings if finding.location.line == line]


def test_journal_articles_and_an_acm_mm_paper_coded_c_cvpr_are_reported_with_their_records(fetcher: Fetcher) -> None:
    text = (LIST / "README.seed.md").read_text(encoding="utf-8")
    findings = record_findings({"README.md": text}, fetcher)
    bn_wvad = lines_of(findings, 136)
    assert bn_wvad == [
        "Crossref 10.1109/tcsvt.2024.3450734 has this paper in IEEE Transactions on Circuits and Systems for Video "
        "Technology (2024), not `C-CVPR`. Write `J-TCSVT`."
    ]
    fixed = next(finding.fix for finding in findings if finding.location.line == 136)
    assert "| 2024 | J-TCSVT |" in fixed
    assert lines_of(findings, 143) == [
        "Crossref 10.1109/tmm.2025.3557682 has this paper in IEEE Transactions on Multimedia (2025), not `C-CVPR`. "
        "Write `J-TMM`."
    ]
    assert lines_of(findings, 131) == [
        "OpenReview TAVtkpjS9P has this paper in ACM International Conference on Multimedia (2024), not `C-CVPR`. "
        "Write `C-ACMMM`."
    ]


def test_the_rows_already_coded_as_the_journal_are_left_alone(fetcher: Fetcher) -> None:
    text = (LIST / "README.seed.md").read_text(encoding="utf-8")
    findings = record_findings({"README.md": text}, fetcher)
    assert lines_of(findings, 117) == [] and lines_of(findings, 123) == []  # J-IToCnSVT: an alias of J-TCSVT


def test_a_title_linked_to_another_works_page_is_reported(fetcher: Fetcher) -> None:
    head = LIST / "history" / "039-528059c" / "head" / "scripts" / "data.json"
    findings = record_findings({"scripts/data.json": head.read_text(encoding="utf-8")}, fetcher)
    assert [(finding.location.line, finding.message) for finding in findings] == [
        (
            14,
            "The link is not a page of this paper: its record (Crossref 10.1016/j.engappai.2023.107830) is at "
            "https://doi.org/10.1016/j.engappai.2023.107830.",
        )
    ]

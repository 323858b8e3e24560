"""venue-contradicted: the link's evidence names another venue or kind; fixed only when it names a venue."""

from __future__ import annotations

from rules.checks import venue_contradicted, venue_unknown
from rules.model import Severity
from tests.rules.venue_cases import data_file, row, run, summary, table

JVCIR = "https://www.sciencedirect.com/science/article/abs/pii/S1047320325000288"
PR = "https://www.sciencedirect.com/science/article/abs/pii/S0031320324003017"
WACV = "https://openaccess.thecvf.com/content/WACV2024/papers/Majhi_OE-CTST_Outlier-Embedded_Cross_Temporal_Scale_Transformer_for_Weakly-Supervised_Video_Anomaly_WACV_2024_paper.pdf"
CVPRW = "https://openaccess.thecvf.com/content/CVPR2024W/VAND/papers/Yang_Context-aware_Video_Anomaly_Detection_in_Long-Term_Datasets_CVPRW_2024_paper.pdf"
CVPR = "https://openaccess.thecvf.com/content/CVPR2024/papers/Wu_Open-Vocabulary_Video_Anomaly_Detection_CVPR_2024_paper.pdf"
IEEE = "https://ieeexplore.ieee.org/abstract/document/10888431"
ARXIV = "https://arxiv.org/pdf/2403.06154"
ECCV_CHAPTER = "https://link.springer.com/chapter/10.1007/978-3-031-73004-7_18"
IJIT = "https://link.springer.com/article/10.1007/s41870-024-02363-2"
# Computers & Electrical Engineering (ISSN 0045-7906), a journal the registry does not list.
UNLISTED_JOURNAL = "https://www.sciencedirect.com/science/article/pii/S0045790624001234"


def test_a_link_naming_another_venue_gets_a_certain_fix() -> None:
    readme = table(
        row("A novel video anomaly detection using hybrid sand cat swarm", JVCIR, "2025", "C-ICASSP"),  # 3
        row("OE-CTST", WACV, "2024", "C-CVPR"),  # 4
        row("Context-aware VAD in Long-Term Datasets", CVPRW, "2024", "C-CVPR"),  # 5
        row("Human pose feature enhancement", IJIT, "2025", "J-IT"),  # 6
    )
    findings = run(venue_contradicted, {"README.md": readme})
    assert summary(findings) == [
        ("README.md", 3, "J-JVCIR"),
        ("README.md", 4, "C-WACV"),
        ("README.md", 5, "C-CVPRW"),
        ("README.md", 6, "J-IJIT"),
    ]
    assert {finding.severity for finding in findings} == {Severity.WARNING}
    assert findings[0].message == (
        "The link is published in Journal of Visual Communication and Image Representation "
        "(ScienceDirect: ISSN 1047-3203), not in `C-ICASSP`. Write `J-JVCIR`."
    )
    assert findings[2].message == (
        "The link is published in IEEE/CVF Conference on Computer Vision and Pattern Recognition Workshops "
        "(CVF open access: CVPR 2024 workshop), not in `C-CVPR`. Write `C-CVPRW`."
    )


def test_a_link_of_another_kind_is_reported_without_a_fix() -> None:
    readme = table(
        row("SUVAD", IEEE, "2025", "J-ArXiv"),  # 3: published, coded as a preprint
        row("Follow the Rules", ECCV_CHAPTER, "2024", "J-TPAMI"),  # 4: a proceedings chapter, coded a journal
        row("Some article", UNLISTED_JOURNAL, "2024", "C-FOO"),  # 5: a journal article, coded a conference
        row("Some PR paper", IEEE, "2024", "J-PR"),  # 6: Pattern Recognition is not on IEEE Xplore
    )
    findings = run(venue_contradicted, {"README.md": readme})
    assert summary(findings) == [
        ("README.md", 3, None),
        ("README.md", 4, None),
        ("README.md", 5, None),
        ("README.md", 6, None),
    ]
    assert [finding.message for finding in findings] == [
        "The link shows a published paper (IEEE Xplore), but `J-ArXiv` names a preprint. Write the venue the link shows.",
        "The link shows a proceedings paper (Springer: a chapter of the book with ISBN 978-3-031-73004-7), but "
        "`J-TPAMI` names a journal. Write the venue the link shows.",
        "The link shows a journal article (ScienceDirect: ISSN 0045-7906), but `C-FOO` names a conference. "
        "Write the venue the link shows.",
        "The link is on ieeexplore.ieee.org, which does not publish Pattern Recognition (`J-PR`). "
        "Correct the venue or the link.",
    ]


def test_a_published_venue_linked_to_its_preprint_is_only_noted() -> None:
    [finding] = run(venue_contradicted, {"README.md": table(row("GlanceVAD", ARXIV, "2024", "C-CVPR"))})
    assert (finding.severity, finding.fix) == (Severity.INFO, None)
    assert finding.message == (
        "The link is the arXiv preprint (arXiv 2403.06154, March 2024), not the IEEE/CVF Conference on Computer "
        "Vision and Pattern Recognition (`C-CVPR`) version. Link the published paper if there is one, or write "
        "`arXiv` if it was not published."
    )


def test_venues_the_link_agrees_with_pass() -> None:
    readme = table(
        row("Open-Vocabulary VAD", CVPR, "2024", "C-CVPR"),
        row("Clustering learning", PR, "2024", "J-PR"),
        row("Clustering learning (alias)", PR, "2024", "j-pr"),
        row("SUVAD", IEEE, "2025", "C-ICASSP"),
        row("GlanceVAD preprint", ARXIV, "2024", "ArXiv"),
        row("Follow the Rules", ECCV_CHAPTER, "2024", "C-ECCV"),
        row("Unlisted journal article", UNLISTED_JOURNAL, "2024", "J-CEE"),
        row("No link evidence", "https://github.com/o/r", "2024", "C-CVPR"),
        row("A placeholder", JVCIR, "2025", "?"),
    )
    assert run(venue_contradicted, {"README.md": readme}) == []


NEURIPS_DB = "https://papers.nips.cc/paper_files/paper/2024/file/c3f3c690b7a99fba16d0efd35cb83b2c-Paper-Datasets_and_Benchmarks_Track.pdf"


def test_a_track_of_the_linked_venue_agrees_with_it_and_another_venues_track_does_not() -> None:
    readme = table(
        row("A benchmark", NEURIPS_DB, "2024", "NeurIPS D&B"), row("Another", NEURIPS_DB, "2024", "ICML D&B")
    )
    findings = run(venue_contradicted, {"README.md": readme})
    assert [(finding.location.line, finding.code) for finding in findings] == [(4, "venue-contradicted/other-venue")]
    assert run(venue_unknown, {"README.md": readme}) == []  # both name a known venue's track


def test_a_json_fix_rewrites_the_venue_field() -> None:
    text = data_file(("OE-CTST", WACV, "2024", "C-CVPR"))
    [finding] = run(venue_contradicted, {"scripts/data_weakly.json": text})
    assert summary([finding]) == [("scripts/data_weakly.json", 2, "C-WACV")]


def test_a_json_finding_without_fix_points_at_the_venue_field() -> None:
    [finding] = run(venue_contradicted, {"scripts/data.json": data_file(("SUVAD", IEEE, "2025", "J-ArXiv"))})
    assert (finding.location.line, finding.location.end_line, finding.fix) == (6, 6, None)


def test_a_list_that_links_preprints_by_habit_hears_of_it_once_with_the_lines() -> None:
    preprinted = [
        row(f"Paper {n} about anomalies", f"https://arxiv.org/abs/2401.0000{n}", "2024", "C-CVPR") for n in range(6)
    ]
    published = [
        row(
            "A published one",
            "https://openaccess.thecvf.com/content/CVPR2024/papers/A_CVPR_2024_paper.pdf",
            "2024",
            "C-CVPR",
        )
    ]
    findings = run(venue_contradicted, {"README.md": table(*preprinted, *published)})
    assert [(finding.location.line, len(finding.related)) for finding in findings] == [(3, 5)]
    assert findings[0].message.startswith("6 papers of this list that name a published venue link their arXiv preprint")


def test_one_preprint_link_among_published_links_is_noted_on_its_own() -> None:
    cvf = "https://openaccess.thecvf.com/content/CVPR2024/papers/{}_CVPR_2024_paper.pdf"
    rows = [row(f"Paper {n}", cvf.format(n), "2024", "C-CVPR") for n in range(9)]
    findings = run(
        venue_contradicted,
        {"README.md": table(*rows, row("On arXiv", "https://arxiv.org/abs/2401.00001", "2024", "C-CVPR"))},
    )
    assert [(finding.location.line, finding.severity.value) for finding in findings] == [(12, "info")]
    assert "arXiv preprint" in findings[0].message

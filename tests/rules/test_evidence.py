"""What links say about venue and year: each evidence reader on real URLs (most from the shared list)."""

from __future__ import annotations

import pytest

from rules import evidence
from rules.evidence import Evidence, LinkKind

PROCEEDINGS, JOURNAL, PREPRINT, PUBLISHED = (
    LinkKind.PROCEEDINGS,
    LinkKind.JOURNAL,
    LinkKind.PREPRINT,
    LinkKind.PUBLISHED,
)
CVF = "openaccess.thecvf.com"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://openaccess.thecvf.com/content/CVPR2024/papers/Zhang_Multi-Scale_Video_Anomaly_Detection_by_Multi-Grained_Spatio-Temporal_Representation_Learning_CVPR_2024_paper.pdf",
            Evidence("CVF open access", PROCEEDINGS, CVF, ("cvf", "CVPR"), 2024, detail="CVPR 2024"),
        ),
        (
            "https://openaccess.thecvf.com/content/CVPR2024W/VAND/papers/Yang_Context-aware_Video_Anomaly_Detection_in_Long-Term_Datasets_CVPRW_2024_paper.pdf",
            Evidence("CVF open access", PROCEEDINGS, CVF, ("cvf", "CVPRW"), 2024, detail="CVPR 2024 workshop"),
        ),
        (
            "https://openaccess.thecvf.com/content/WACV2024/html/Karim_Real-Time_Weakly_Supervised_Video_Anomaly_Detection_WACV_2024_paper.html",
            Evidence("CVF open access", PROCEEDINGS, CVF, ("cvf", "WACV"), 2024, detail="WACV 2024"),
        ),
        (
            "https://openaccess.thecvf.com/content/WACV2024W/ASTAD/papers/Noghre_An_Exploratory_Study_on_Human-Centric_Video_Anomaly_Detection_Through_Variational_WACVW_2024_paper.pdf",
            Evidence("CVF open access", PROCEEDINGS, CVF, ("cvf", "WACVW"), 2024, detail="WACV 2024 workshop"),
        ),
        (
            "https://openaccess.thecvf.com/content/CVPR2025/papers/Ye_VERA_Explainable_Video_Anomaly_Detection_via_Verbalized_Learning_of_Vision-Language_CVPR_2025_paper.pdf",
            Evidence("CVF open access", PROCEEDINGS, CVF, ("cvf", "CVPR"), 2025, detail="CVPR 2025"),
        ),
        (
            "https://openaccess.thecvf.com/content_cvpr_2018/papers/Liu_Future_Frame_Prediction_CVPR_2018_paper.pdf",
            Evidence("CVF open access", PROCEEDINGS, CVF, ("cvf", "CVPR"), 2018, detail="CVPR 2018"),
        ),
        (
            "https://openaccess.thecvf.com/content_cvpr_2018_workshops/papers/w9/Doshi_Fast_Unsupervised_Anomaly_CVPR_2018_paper.pdf",
            Evidence("CVF open access", PROCEEDINGS, CVF, ("cvf", "CVPRW"), 2018, detail="CVPR 2018 workshop"),
        ),
        (
            "https://openaccess.thecvf.com/content_ICCV_2019/html/Gong_Memorizing_Normality_ICCV_2019_paper.html",
            Evidence("CVF open access", PROCEEDINGS, CVF, ("cvf", "ICCV"), 2019, detail="ICCV 2019"),
        ),
        (
            "https://openaccess.thecvf.com/content_ICCVW_2019/papers/HBU/Lee_Anomaly_ICCVW_2019_paper.pdf",
            Evidence("CVF open access", PROCEEDINGS, CVF, ("cvf", "ICCVW"), 2019, detail="ICCV 2019 workshop"),
        ),
        (
            "https://openaccess.thecvf.com/content_ECCV_2018/papers/Hyunjong_Park_ECCV_2018_paper.pdf",
            Evidence("CVF open access", PROCEEDINGS, CVF, ("cvf", "ECCV"), 2018, detail="ECCV 2018"),
        ),
    ],
)
def test_cvf_open_access_names_the_conference_and_year(url: str, expected: Evidence) -> None:
    assert evidence.cvf_open_access(url) == expected
    assert evidence.read(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://openaccess.thecvf.com/CVPR2024?day=all",  # a proceedings index, not a paper
        "https://openaccess.thecvf.com/menu",
        "https://arxiv.org/pdf/2401.05702",
    ],
)
def test_cvf_open_access_says_nothing_of_other_pages(url: str) -> None:
    assert evidence.cvf_open_access(url) is None


@pytest.mark.parametrize(
    ("url", "year", "detail"),
    [
        ("https://arxiv.org/pdf/2401.05702", 2024, "arXiv 2401.05702, January 2024"),
        ("https://arxiv.org/abs/2503.04504", 2025, "arXiv 2503.04504, March 2025"),
        ("https://arxiv.org/pdf/2409.05383?", 2024, "arXiv 2409.05383, September 2024"),
        ("https://arxiv.org/abs/2310.02835v3", 2023, "arXiv 2310.02835, October 2023"),
        ("https://arxiv.org/html/2507.20629", 2025, "arXiv 2507.20629, July 2025"),
        ("http://arxiv.org/abs/cs/0701001", 2007, "arXiv cs/0701001, January 2007"),
        ("https://arxiv.org/abs/hep-th/9901001", 1999, "arXiv hep-th/9901001, January 1999"),
    ],
)
def test_arxiv_ids_date_the_preprint(url: str, year: int, detail: str) -> None:
    assert evidence.arxiv(url) == Evidence("arXiv", PREPRINT, "arxiv.org", None, year, detail=detail)


@pytest.mark.parametrize("url", ["https://arxiv.org/abs/2413.00001", "https://arxiv.org/list/cs.CV/recent"])
def test_arxiv_rejects_impossible_months_and_listings(url: str) -> None:
    assert evidence.arxiv(url) is None


@pytest.mark.parametrize(
    ("url", "issn", "year"),
    [
        ("https://www.sciencedirect.com/science/article/abs/pii/S1047320325000288", "1047-3203", 2025),  # JVCIR
        (
            "https://www.sciencedirect.com/science/article/abs/pii/S0031320324003017",
            "0031-3203",
            2024,
        ),  # Pattern Recognition
        ("https://www.sciencedirect.com/science/article/pii/S0952197623020146", "0952-1976", 2023),  # EAAI
        (
            "https://www.sciencedirect.com/science/article/abs/pii/S0925231225004898",
            "0925-2312",
            2025,
        ),  # Neurocomputing
        ("https://www.sciencedirect.com/science/article/abs/pii/S107731422500102X", "1077-3142", 2025),  # CVIU, check X
        ("https://www.sciencedirect.com/science/article/pii/S2590123025002506", "2590-1230", 2025),  # Results in Eng.
        ("https://linkinghub.elsevier.com/retrieve/pii/S0893608024000546", "0893-6080", 2024),  # Neural Networks
    ],
)
def test_sciencedirect_pii_holds_the_issn_and_online_year(url: str, issn: str, year: int) -> None:
    assert evidence.sciencedirect_pii(url) == Evidence(
        "ScienceDirect", JOURNAL, "sciencedirect.com", ("issn", issn), year, 1, f"ISSN {issn}"
    )


def test_sciencedirect_pii_with_a_wrong_issn_check_digit_says_nothing() -> None:
    # 1047-3204 is not an ISSN (its check digit would be 3): a mangled PII identifies nothing.
    assert evidence.sciencedirect_pii("https://www.sciencedirect.com/science/article/pii/S1047320425000288") is None


@pytest.mark.parametrize(
    ("url", "journal", "year"),
    [
        ("https://link.springer.com/article/10.1007/s11042-023-17770-z", "11042", 2023),  # MTAP
        ("https://link.springer.com/content/pdf/10.1007/s11042-024-19116-9.pdf", "11042", 2024),
        ("https://link.springer.com/article/10.1007/s00530-025-01735-3#citeas", "00530", 2025),  # Multimedia Systems
        ("https://link.springer.com/article/10.1007/s41870-024-02363-2", "41870", 2024),  # Int. J. Inf. Technol.
        ("https://doi.org/10.1007/s11263-023-01896-8", "11263", 2023),  # IJCV, by DOI
    ],
)
def test_springer_article_dois_name_the_journal(url: str, journal: str, year: int) -> None:
    found = evidence.springer(url)
    assert (found.kind, found.ref, found.year, found.year_slack) == (JOURNAL, ("springer", journal), year, 1)


def test_springer_chapter_dois_name_the_book() -> None:
    found = evidence.springer("https://link.springer.com/chapter/10.1007/978-3-031-73004-7_18")
    assert found == Evidence(
        "Springer",
        PROCEEDINGS,
        "link.springer.com",
        ("isbn", "9783031730047"),
        detail="a chapter of the book with ISBN 978-3-031-73004-7",
    )


def test_elsevier_dois_name_the_journal() -> None:
    found = evidence.elsevier_doi("https://doi.org/10.1016/j.patcog.2024.110123")
    assert found == Evidence(
        "Elsevier DOI", JOURNAL, "doi.org", ("elsevier", "patcog"), 2024, 1, "DOI journal code patcog"
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://ieeexplore.ieee.org/abstract/document/10471334",
            Evidence("IEEE Xplore", PUBLISHED, "ieeexplore.ieee.org"),
        ),
        (
            "https://ieeexplore.ieee.org/document/10462921?denied=",
            Evidence("IEEE Xplore", PUBLISHED, "ieeexplore.ieee.org"),
        ),
        (
            "https://ieeexplore.ieee.org/stamp/stamp.jsp?arnumber=10613764",
            Evidence("IEEE Xplore", PUBLISHED, "ieeexplore.ieee.org"),
        ),
        (
            "https://doi.org/10.1109/TCSVT.2024.3450734",
            Evidence("IEEE DOI", PUBLISHED, "doi.org", ("ieee", "TCSVT"), 2024, 1, "DOI names TCSVT"),
        ),
        (
            "https://doi.org/10.1109/CVPR52729.2023.01234",
            Evidence("IEEE DOI", PUBLISHED, "doi.org", ("ieee", "CVPR"), 2023, 0, "DOI names CVPR"),
        ),
    ],
)
def test_ieee_links_say_published_and_dois_say_where(url: str, expected: Evidence) -> None:
    assert evidence.ieee(url) == expected


def test_an_ieee_journal_home_page_is_no_paper() -> None:
    assert evidence.read("https://ieeexplore.ieee.org/xpl/RecentIssue.jsp?punumber=76") is None


def test_acm_proceedings_dois_name_the_volume() -> None:
    assert evidence.acm("https://dl.acm.org/doi/10.1145/3581783.3612345") == Evidence(
        "ACM Digital Library", PUBLISHED, "dl.acm.org", ("proceedings", "acm:3581783"), detail="DOI 10.1145/3581783"
    )
    assert evidence.acm("https://dl.acm.org/doi/abs/10.1145/3617596").ref is None


@pytest.mark.parametrize(
    "url",
    [
        "https://ojs.aaai.org/index.php/AAAI/article/view/28423/28826",
        "https://ojs.aaai.org/index.php/AAAI/article/view/32705",
    ],
)
def test_aaai_ojs_is_the_aaai_conference(url: str) -> None:
    assert evidence.aaai_ojs(url) == Evidence(
        "AAAI proceedings", PROCEEDINGS, "ojs.aaai.org", ("ojs", "AAAI"), detail="AAAI proceedings"
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://epubs.siam.org/doi/10.1137/1.9781611978032.73",
        "https://epubs.siam.org/doi/pdf/10.1137/1.9781611978032.73",
    ],
)
def test_siam_book_chapters_name_the_volume(url: str) -> None:
    assert evidence.siam(url) == Evidence(
        "SIAM",
        PROCEEDINGS,
        "epubs.siam.org",
        ("isbn", "9781611978032"),
        detail="a chapter of the SIAM book with ISBN 9781611978032",
    )


def test_siam_journal_articles_are_journal_articles() -> None:
    found = evidence.siam("https://epubs.siam.org/doi/10.1137/22M1512345")
    assert (found.kind, found.ref) == (JOURNAL, None)


@pytest.mark.parametrize(
    ("url", "year"),
    [
        ("https://proceedings.neurips.cc/paper_files/paper/2023/hash/abc123-Abstract-Conference.html", 2023),
        ("https://proceedings.neurips.cc/paper/2021/file/abc123-Paper.pdf", 2021),
        ("https://papers.nips.cc/paper/2019/hash/abc123-Abstract.html", 2019),
    ],
)
def test_neurips_proceedings_give_the_year(url: str, year: int) -> None:
    found = evidence.neurips(url)
    assert (found.kind, found.ref, found.year) == (PROCEEDINGS, ("site", "neurips"), year)


def test_pmlr_ijcai_and_mdpi_links() -> None:
    assert evidence.pmlr("https://proceedings.mlr.press/v235/smith24a.html").ref == ("proceedings", "pmlr:v235")
    assert evidence.ijcai("https://www.ijcai.org/proceedings/2023/0123.pdf").year == 2023
    assert evidence.mdpi("https://www.mdpi.com/1424-8220/22/16/6080").ref == ("issn", "1424-8220")


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "not a url",
        "https://github.com/o/r",
        "https://www.researchgate.net/publication/352755697_A_survey",
        "https://openreview.net/pdf?id=TAVtkpjS9P",  # an OpenReview id names no venue
        "https://rest.neptune-prod.its.unimelb.edu.au/server/api/core/bitstreams/979e7b44/content",
    ],
)
def test_links_that_say_nothing_give_no_evidence(url: str | None) -> None:
    assert evidence.read(url) is None

"""Link normalisation and paper identifiers: every link form of one paper gives the same identifier,
placeholders and home pages give none."""

from __future__ import annotations

import pytest

from rules.identity import Identifier, code_key, identifiers, is_placeholder, normalize_url
from rules.text import normalize_title


@pytest.mark.parametrize(
    ("url", "scheme", "value"),
    [
        # arXiv: abs, pdf, html, versions, .pdf, old-style ids, the export mirror, arXiv's own DOI
        ("https://arxiv.org/abs/2401.05702", "arxiv", "2401.05702"),
        ("https://arxiv.org/pdf/2401.05702", "arxiv", "2401.05702"),
        ("http://arxiv.org/pdf/2401.05702v3.pdf", "arxiv", "2401.05702"),
        ("https://arxiv.org/html/2401.05702v1", "arxiv", "2401.05702"),
        ("https://www.arxiv.org/abs/2401.05702v2/", "arxiv", "2401.05702"),
        ("https://arxiv.org/pdf/2409.05383?", "arxiv", "2409.05383"),
        ("https://export.arxiv.org/abs/cs/0112017v1", "arxiv", "cs/0112017"),
        ("https://arxiv.org/abs/hep-th/9901001", "arxiv", "hep-th/9901001"),
        ("https://doi.org/10.48550/arXiv.2401.05702", "arxiv", "2401.05702"),
        # DOIs: doi.org, publishers' pages that embed them (case-insensitive, views stripped)
        ("https://doi.org/10.1109/TIP.2024.3372451", "doi", "10.1109/tip.2024.3372451"),
        ("https://dx.doi.org/10.1109/tip.2024.3372451", "doi", "10.1109/tip.2024.3372451"),
        ("https://epubs.siam.org/doi/10.1137/1.9781611978032.73", "doi", "10.1137/1.9781611978032.73"),
        ("https://epubs.siam.org/doi/pdf/10.1137/1.9781611978032.73", "doi", "10.1137/1.9781611978032.73"),
        ("https://dl.acm.org/doi/abs/10.1145/3581783.3612345", "doi", "10.1145/3581783.3612345"),
        ("https://dl.acm.org/doi/pdf/10.1145/3581783.3612345", "doi", "10.1145/3581783.3612345"),
        ("https://onlinelibrary.wiley.com/doi/epdf/10.1002/int.23045", "doi", "10.1002/int.23045"),
        ("https://www.frontiersin.org/articles/10.3389/fnins.2023.1234/full", "doi", "10.3389/fnins.2023.1234"),
        ("https://link.springer.com/chapter/10.1007/978-3-031-73004-7_18", "doi", "10.1007/978-3-031-73004-7_18"),
        ("https://link.springer.com/article/10.1007/s00371-024-03634-6#Sec16", "doi", "10.1007/s00371-024-03634-6"),
        ("https://link.springer.com/content/pdf/10.1007/s11042-024-19116-9.pdf", "doi", "10.1007/s11042-024-19116-9"),
        ("https://link.springer.com/content/pdf/10.1007%2Fs11042-024-19116-9.pdf", "doi", "10.1007/s11042-024-19116-9"),
        (
            "https://link.springer.com/article/10.1007/s10489-024-06042-4?utm_source=rct&utm_medium=email",
            "doi",
            "10.1007/s10489-024-06042-4",
        ),
        # ScienceDirect PIIs, with or without /abs/, dashes and parentheses dropped
        ("https://www.sciencedirect.com/science/article/pii/S0952197623020146", "pii", "S0952197623020146"),
        ("https://www.sciencedirect.com/science/article/abs/pii/S0952197623020146", "pii", "S0952197623020146"),
        ("https://www.sciencedirect.com/science/article/pii/S089360802401044X", "pii", "S089360802401044X"),
        ("https://linkinghub.elsevier.com/retrieve/pii/S0031-3203(24)00301-7", "pii", "S0031320324003017"),
        # IEEE Xplore document numbers
        ("https://ieeexplore.ieee.org/document/10649595", "ieee", "10649595"),
        ("https://ieeexplore.ieee.org/abstract/document/10649595/", "ieee", "10649595"),
        ("https://ieeexplore.ieee.org/document/10462921?denied=", "ieee", "10462921"),
        ("https://ieeexplore.ieee.org/stamp/stamp.jsp?tp=&arnumber=10613764", "ieee", "10613764"),
        ("https://ieeexplore.ieee.org/iel7/76/4358651/10649595.pdf", "ieee", "10649595"),
        # proceedings
        (
            "https://openaccess.thecvf.com/content/CVPR2024/papers/Wu_Open-Vocabulary_Video_Anomaly_Detection_CVPR_2024_paper.pdf",
            "cvf",
            "wu_open-vocabulary_video_anomaly_detection_cvpr_2024",
        ),
        (
            "https://openaccess.thecvf.com/content/CVPR2024/html/Wu_Open-Vocabulary_Video_Anomaly_Detection_CVPR_2024_paper.html",
            "cvf",
            "wu_open-vocabulary_video_anomaly_detection_cvpr_2024",
        ),
        (
            "https://openaccess.thecvf.com/content_ICCV_2017/papers/Luo_A_Revisit_ICCV_2017_paper.pdf",
            "cvf",
            "luo_a_revisit_iccv_2017",
        ),
        ("https://openreview.net/pdf?id=TAVtkpjS9P", "openreview", "TAVtkpjS9P"),
        ("https://openreview.net/forum?id=TAVtkpjS9P&noteId=abc", "openreview", "TAVtkpjS9P"),
        ("https://ojs.aaai.org/index.php/AAAI/article/view/28423/28826", "aaai", "28423"),
        ("https://ojs.aaai.org/index.php/AAAI/article/view/28423", "aaai", "28423"),
        (
            "https://proceedings.neurips.cc/paper_files/paper/2023/hash/0123456789abcdef0123456789ABCDEF-Abstract-Conference.html",
            "neurips",
            "0123456789abcdef0123456789abcdef",
        ),
        (
            "https://proceedings.neurips.cc/paper_files/paper/2023/file/0123456789abcdef0123456789abcdef-Paper-Conference.pdf",
            "neurips",
            "0123456789abcdef0123456789abcdef",
        ),
        ("https://www.ecva.net/papers/eccv_2024/papers_ECCV/papers/00123.pdf", "ecva", "eccv_2024/123"),
        ("https://aclanthology.org/2023.acl-long.1.pdf", "acl", "2023.acl-long.1"),
        ("https://proceedings.mlr.press/v202/smith23a.html", "pmlr", "v202/smith23a"),
        ("https://proceedings.mlr.press/v202/smith23a/smith23a.pdf", "pmlr", "v202/smith23a"),
        ("https://dl.acm.org/citation.cfm?id=3123266", "acm", "3123266"),
    ],
)
def test_every_link_form_names_its_paper(url: str, scheme: str, value: str) -> None:
    assert identifiers(url) == frozenset({Identifier(scheme, value)})


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        " ",
        "-",
        "#",
        "TBD",
        "none",
        "N/A",
        "ftp://example.org/paper.pdf",
        "mailto:someone@example.org",
        "paper.pdf",
        "www.example.org/paper",
        "https://",
        "https://github.com",
        "https://www.sciencedirect.com/",
        "https://ieeexplore.ieee.org/xpl/RecentIssue.jsp?punumber=76",
        "https://www.sciencedirect.com/journal/pattern-recognition",
        "https://openaccess.thecvf.com/CVPR2024?day=all",
        "https://link.springer.com/journal/11042",
    ],
)
def test_placeholders_home_pages_and_non_web_links_name_no_paper(url: str | None) -> None:
    assert identifiers(url) == frozenset()


def test_other_pages_are_named_by_their_normalised_link() -> None:
    forms = [
        "https://www.researchgate.net/publication/352755697_A_survey/links/60dd/A-survey.pdf",
        "http://researchgate.net/publication/352755697_A_survey/links/60dd/A-survey.pdf/",
        "https://www.researchgate.net/publication/352755697_A_survey/links/60dd/A-survey.pdf?utm_source=x#page=2",
    ]
    expected = Identifier("url", "researchgate.net/publication/352755697_A_survey/links/60dd/A-survey.pdf")
    assert {frozenset(identifiers(url)) for url in forms} == {frozenset({expected})}


def test_distinct_papers_have_distinct_identifiers() -> None:
    assert identifiers("https://arxiv.org/abs/2401.05702") != identifiers("https://arxiv.org/abs/2401.05720")
    assert identifiers("https://ieeexplore.ieee.org/document/10649595") != identifiers(
        "https://ieeexplore.ieee.org/document/10649596"
    )


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://www.Example.org/a/b/", "example.org/a/b"),
        ("http://example.org:80/a#section", "example.org/a"),
        ("https://example.org/a?b=2&a=1&utm_source=mail&fbclid=x", "example.org/a?a=1&b=2"),
        ("https://ieeexplore.ieee.org/document/1?denied=", "ieeexplore.ieee.org/document/1"),
        ("https://example.org/a?denied=", "example.org/a?denied="),  # junk only on IEEE Xplore
        ("not a url", "not a url"),
    ],
)
def test_normalize_url(url: str, key: str) -> None:
    assert normalize_url(url) == key


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://github.com/cool-xuan/BN-WVAD", "github.com/cool-xuan/bn-wvad"),
        ("https://github.com/cool-xuan/bn-wvad/", "github.com/cool-xuan/bn-wvad"),
        ("https://github.com/Rituraj-ksi/CVAD-GAN/tree/main", "github.com/rituraj-ksi/cvad-gan"),
        ("https://github.com/owner/repo.git", "github.com/owner/repo"),
        ("https://lucazanella.github.io/lavad/", "lucazanella.github.io/lavad"),
    ],
)
def test_code_key(url: str, key: str) -> None:
    assert code_key(url) == key


@pytest.mark.parametrize(
    ("url", "placeholder"),
    [(None, True), ("", True), (" - ", True), ("#", True), ("TODO", True), ("https://x.org/p", False), ("x", False)],
)
def test_is_placeholder(url: str | None, placeholder: bool) -> None:
    assert is_placeholder(url) is placeholder


def test_describe_names_the_kind_and_shortens_long_values() -> None:
    assert Identifier("arxiv", "2401.05702").describe() == "arXiv id 2401.05702"
    assert Identifier("cvf", "x" * 60).describe() == "CVF paper " + "x" * 47 + "…"


@pytest.mark.parametrize(
    ("title", "folded"),
    [
        (
            "BatchNorm-Based Weakly Supervised  Video Anomaly Detection",
            "batchnorm based weakly supervised video anomaly detection",
        ),
        (
            "Spatio–Temporal\nAttention ‑ Network",
            "spatio temporal attention network",
        ),  # en dash, line break, non-breaking hyphen
        ("ＦＵＬＬ　ｗｉｄｔｈ", "full width"),  # NFKC
        ("Straße Naïve Café", "strasse naive cafe"),  # case-folding, accents dropped
        ("  (C2FPL): a _test_! ", "c2fpl a test"),
        ("", ""),
    ],
)
def test_normalize_title(title: str, folded: str) -> None:
    assert normalize_title(title) == folded

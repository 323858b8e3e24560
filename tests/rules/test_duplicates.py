"""The matching API: how sure two entries are one paper, and why; the index that finds the candidates
("is this entry already in the list?") and every pair of one paper in a list."""

from __future__ import annotations

from pathlib import Path

import pytest

from rules import duplicates, parse
from rules.identity import Identifier
from rules.model import Entry

LIST = Path(__file__).parent.parent / "fixtures" / "lists" / "video-anomaly-detection"
HEADER = "| Title | Date | Venue | Task | Resource | Model |\n| --- | --- | --- | --- | --- | --- |\n"
CODE = "[![](./assets/code.svg)]({url})"


def row(title: str, url: str = "", year: str = "2024", code: str = "", venue: str = "C-CVPR") -> str:
    return f"| [{title}]({url}) | {year} | {venue} | ![](./assets/video.svg) | {CODE.format(url=code) if code else '-'} | - |"


def entries(*rows: str) -> list[Entry]:
    return list(parse.parse_catalog({"list.md": HEADER + "\n".join(rows) + "\n"}).entries)


def compare(first: str, second: str) -> duplicates.Match:
    a, b = entries(first, second)
    return duplicates.compare(duplicates.paper_of(a), duplicates.paper_of(b))


def readme() -> list[Entry]:
    text = (LIST / "README.md").read_text(encoding="utf-8")
    return list(parse.parse_catalog({"README.md": text}).entries)


# The real list's near misses: different papers with alike titles, kept apart by the words that differ.
@pytest.mark.parametrize(
    ("first", "second", "score", "reasons"),
    [
        (
            row(
                "Federated Weakly Supervised Video Anomaly Detection with Multimodal Prompt",
                "",
                "2025",
                "https://github.com/wbfwonderful/Fed-WSVAD",
            ),
            row(
                "Federated weakly-supervised video anomaly detection with mixture of local-to-global experts",
                "https://www.sciencedirect.com/science/article/abs/pii/S156625352500329X",
                "2025",
            ),
            56,
            ("titles 82% alike but “multimodal prompt” vs “mixture local global experts”", "same year"),
        ),
        (
            row(
                "Open-Vocabulary Video Anomaly Detection",
                "https://openaccess.thecvf.com/content/CVPR2024/papers/Wu_Open-Vocabulary_Video_Anomaly_Detection_CVPR_2024_paper.pdf",
            ),
            row(
                "PLOVAD: Prompting Vision-Language Models for Open Vocabulary Video Anomaly Detection",
                "https://ieeexplore.ieee.org/abstract/document/10836858",
                "2025",
                "https://github.com/ctX-u/PLOVAD",
            ),
            44,
            ("titles 63% alike but “—” vs “plovad prompting vision language …”",),
        ),
        (
            row(
                "Real-Time Weakly Supervised Video Anomaly Detection",
                "https://openaccess.thecvf.com/content/WACV2024/html/Karim_Real-Time_Weakly_Supervised_Video_Anomaly_Detection_WACV_2024_paper.html",
            ),
            row(
                "BatchNorm-based Weakly Supervised Video Anomaly Detection",
                "https://ieeexplore.ieee.org/document/10649595",
            ),
            76,
            ("titles 85% alike but “real time” vs “batchnorm”", "same year"),
        ),
        (
            row("3D convolutional autoencoders for video anomaly detection"),
            row("2D convolutional autoencoders for video anomaly detection"),
            89,
            ("titles 98% alike but “3d” vs “2d”", "same year"),
        ),  # digits are never a typo
        (
            row("Anomaly detection in videos", "https://arxiv.org/abs/2001.00001"),
            row("Anomaly detection in videos", "https://arxiv.org/abs/2002.00002"),
            83,
            ("same title", "same year", "different arXiv ids (2001.00001, 2002.00002)"),
        ),
        (
            row("Anomaly detection in videos", "", "2019"),
            row("Anomaly detection in videos", "", "2024"),
            80,
            ("same title", "years 2019 and 2024"),
        ),
        (row("Same paper", "-"), row("Other paper", "-"), 58, ("titles 66% alike but “same” vs “other”", "same year")),
        (
            row("Learning Memory-Guided Normality for Anomaly Detection", "https://arxiv.org/abs/2003.13328"),
            row("[Re] Learning Memory Guided Normality for Anomaly Detection", "https://arxiv.org/abs/2101.12382"),
            0,
            ("one title answers or reproduces the other", "same year", "different arXiv ids (2003.13328, 2101.12382)"),
        ),
        (
            row("Erratum: Deep one-class classification", "-"),
            row("Deep one-class classification", "-"),
            3,
            ("one title answers or reproduces the other", "same year"),
        ),
    ],
)
def test_different_papers_score_below_the_threshold(
    first: str, second: str, score: int, reasons: tuple[str, ...]
) -> None:
    match = compare(first, second)
    assert (match.score, match.reasons, match.shared) == (score, reasons, ())
    assert match.score < duplicates.DEFAULT_THRESHOLD


@pytest.mark.parametrize(
    ("first", "second", "score", "exact", "reasons"),
    [
        (
            row(
                "Video Anomaly Detection and Explanation via Large Language Models", "https://arxiv.org/pdf/2401.05702"
            ),
            row(
                "Video Anomaly Detecton and Explanation via Large Langauge Models", "https://arxiv.org/abs/2401.05702v2"
            ),
            100,
            False,
            ("same arXiv id 2401.05702", "titles 97% alike", "same year"),
        ),
        (
            row(
                "Video Anomaly Detection and Explanation via Large Language Models", "https://arxiv.org/pdf/2401.05702"
            ),
            row(
                "Video Anomaly Detecton and Explanation via Large Langauge Models",
                "https://openreview.net/forum?id=abc",
            ),
            99,
            False,
            ("titles 97% alike", "same year"),
        ),
        (
            row(
                "A novel spatio-temporal memory network for video anomaly detection",
                "https://link.springer.com/article/10.1007/s11042-024-18957-8",
            ),
            row("A spatio-temporal memory network for video anomaly detection"),
            98,
            False,
            ("titles 95% alike but “novel” vs “—”", "same year"),
        ),
        (
            row("MULDE: Multiscale Log-Density Estimation via Denoising Score Matching for Video Anomaly Detection"),
            row(
                "Multiscale Log-Density Estimation via Denoising Score Matching for Video Anomaly Detection",
                "https://arxiv.org/abs/2403.14497",
            ),
            98,
            False,
            ("same title apart from the name “MULDE”", "same year"),
        ),
        (
            row("A Survey on Diffusion Models for Anomaly Detection: Taxonomy and Open Problems"),
            row("A Survey on Diffusion Models for Anomaly Detection"),
            98,
            False,
            ("same title apart from the subtitle", "same year"),
        ),
        (
            row("Convolutional autoencoders for video anomaly detection"),
            row("Convolutional Auto-Encoders for\u00a0Video Anomaly‑Detection"),
            100,
            True,
            ("same title", "same year"),
        ),
        (
            row("Convolutional autoencoders for video anomaly detection"),
            row("Convolutional auto encoders for video anomaly detecton"),
            99,
            False,
            ("titles 98% alike", "same year"),
        ),
        # a long title given twice word for word is one paper even when an arXiv id was mistyped
        (
            row(
                "Harnessing Large Language Models for Training-free Video Anomaly Detection",
                "https://arxiv.org/abs/2404.01014",
            ),
            row(
                "Harnessing Large Language Models for Training-free Video Anomaly Detection",
                "https://arxiv.org/abs/2404.01041",
            ),
            100,
            False,
            ("same title", "same year", "different arXiv ids (2404.01014, 2404.01041)"),
        ),
        (
            row("Weakly Supervised Video Anomaly Detection", "", "2024", "https://github.com/a/b"),
            row("Weakly Supervised Video Anomaly Detection", "", "2024", "https://github.com/c/d"),
            98,
            True,
            ("same title", "same year", "different code links"),
        ),
    ],
)
def test_one_paper_scores_at_or_above_the_threshold(
    first: str, second: str, score: int, exact: bool, reasons: tuple[str, ...]
) -> None:
    match = compare(first, second)
    assert (match.score, match.exact, match.reasons) == (score, exact, reasons)


def test_a_shared_link_on_different_titles_is_a_wrong_link_not_one_paper() -> None:
    match = compare(
        row("Video anomaly detection guided by clustering learning", "https://arxiv.org/abs/2001.00001"),
        row("Dual GroupGAN: An unsupervised four-competitor (2V2) approach", "https://arxiv.org/pdf/2001.00001"),
    )
    assert (match.score, match.shared) == (0, (Identifier("arxiv", "2001.00001"),))
    assert match.reasons[0] == "same arXiv id 2001.00001"


def test_empty_and_placeholder_links_never_match_each_other() -> None:
    a, b, c = entries(
        row("Alpha method for crowd counting", ""),
        row("Beta network for pose estimation", "-"),
        row("Gamma transformer for video captioning", "#"),
    )
    index = duplicates.PaperIndex([a, b, c])
    assert list(index.pairs(min_score=0)) == []


def test_same_paper() -> None:
    a, b, c = entries(
        row(
            "BatchNorm-based Weakly Supervised Video Anomaly Detection", "https://ieeexplore.ieee.org/document/10649595"
        ),
        row(
            "BatchNorm-Based Weakly Supervised Video Anomaly Detection", "https://ieeexplore.ieee.org/document/10649595"
        ),
        row("Real-Time Weakly Supervised Video Anomaly Detection"),
    )
    assert (duplicates.same_paper(a, b), duplicates.same_paper(a, c), duplicates.same_paper(a, c, threshold=70)) == (
        True,
        False,
        True,
    )


# Every pair of one paper in the real README, verified by opening the rows: (later line, earlier line).
README_PAIRS = {
    (14, 31),
    (15, 24),
    (16, 23),
    (18, 29),
    (19, 56),
    (20, 54),
    (22, 55),
    (53, 127),
    (57, 126),
    (66, 70),
    (81, 114),
    (90, 107),
    (93, 118),
    (97, 115),
    (105, 111),
    (125, 131),
    (125, 144),
    (125, 146),
    (131, 144),
    (131, 146),
    (144, 146),
    (128, 132),
    (128, 145),
    (132, 145),
    (130, 133),
    (148, 158),
    (166, 171),
    (173, 175),
}


def test_every_pair_of_one_paper_in_the_real_readme_and_no_other() -> None:
    pairs = {(entry.line, match.entry.line) for entry, match in duplicates.PaperIndex(readme()).pairs()}
    assert pairs == README_PAIRS


def test_find_matches_answers_is_this_paper_already_listed() -> None:
    index = duplicates.PaperIndex(readme())
    (candidate,) = entries(
        row(
            "Video Anomaly Detection and Explanation via Large Language Model",
            "https://arxiv.org/abs/2401.05702v2",
            "2024",
        )
    )
    matches = duplicates.find_matches(index, candidate)
    assert [(match.entry.line, match.score, match.reasons) for match in matches] == [
        (20, 100, ("same arXiv id 2401.05702", "titles 99% alike", "same year")),
        (54, 100, ("same arXiv id 2401.05702", "titles 99% alike", "same year")),
    ]
    assert duplicates.find_matches(index, candidate, limit=1)[0].entry.line == 20


def test_find_matches_by_title_alone_and_near_misses_below_the_bar() -> None:
    index = duplicates.PaperIndex(readme())
    retyped, new = entries(
        row(
            "Prototype-guided and dynamic-aware video anomaly detecton",
            "https://doi.org/10.1016/j.neunet.2025.107600",
            "2025",
        ),
        row("Open Vocabulary Video Anomaly Detection with Prompted Experts", "", "2025"),
    )
    assert [(match.entry.line, match.score) for match in duplicates.find_matches(index, retyped)] == [(67, 99)]
    assert duplicates.find_matches(index, new) == []
    near = duplicates.find_matches(index, new, min_score=60)
    assert [(match.entry.line, match.score) for match in near] == [(53, 73), (127, 73)]


def test_a_listed_entry_is_not_its_own_match() -> None:
    listed = readme()
    index = duplicates.PaperIndex(listed)
    lonely = next(entry for entry in listed if entry.line == 17)
    assert duplicates.find_matches(index, lonely) == []
    assert [match.entry.line for match in duplicates.find_matches(index, listed[0])] == [31]


def test_an_index_of_nothing_finds_nothing() -> None:
    index = duplicates.PaperIndex([])
    (candidate,) = entries(row("Anything", "https://arxiv.org/abs/2401.05702"))
    assert (len(index), list(index.pairs()), duplicates.find_matches(index, candidate)) == (0, [], [])


def test_a_derived_index_writes_its_own_layer_and_never_the_index_it_derives_from() -> None:
    base: duplicates.Buckets = {"a": 1, "b": [2, 3], "c": 4}
    layer = duplicates.Layer(base)
    duplicates._put(layer, "b", 5)
    duplicates._drop(layer, "c", 4)
    duplicates._put(layer, "d", 6)
    assert base == {"a": 1, "b": [2, 3], "c": 4}
    assert dict(layer) == {"a": 1, "b": [2, 3, 5], "d": 6} and len(layer) == 3
    assert "c" not in layer and layer.get("c") is None and layer.get("c", ()) == ()
    with pytest.raises(KeyError):
        layer["c"]
    # A layer over a layer reads the first index's map and a copy of the keys the second one wrote.
    again = duplicates.Layer(layer)
    duplicates._drop(again, "b", 2)
    duplicates._put(again, "c", 7)
    assert dict(again) == {"a": 1, "b": [3, 5], "c": 7, "d": 6}
    assert dict(layer) == {"a": 1, "b": [2, 3, 5], "d": 6} and again._base is base
    assert set(again.keys() & base.keys()) == {"a", "b", "c"}

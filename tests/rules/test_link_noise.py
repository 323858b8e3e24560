"""title-link on what a paper link carries beyond the paper's address: a fragment pointing inside the
page, an IEEE Xplore tab, an empty query get the tidy fix (with tracking parameters, in one finding);
fragments that are part of the address (a hash route, a viewer's `page=` or `gid=`) and queries that name
the paper (OpenReview's `forum?id=`) are kept. Shapes from the bundled list (`#citeas`, `#Sec16`, `?`)."""

from __future__ import annotations

import pytest

from rules import engine, links, parse

HEADER = "| Title | Date |\n| --- | --- |\n"


def link_findings(url: str):
    text = HEADER + f"| [Video Anomaly Detection]({url}) | 2024 |\n"
    return [
        finding for finding in engine.check(parse.parse_catalog({"README.md": text})) if finding.rule == "title-link"
    ]


@pytest.mark.parametrize(
    ("url", "noise", "clean"),
    [
        (
            "https://link.springer.com/article/10.1007/s00530-025-01735-3#citeas",
            ["#citeas"],
            "https://link.springer.com/article/10.1007/s00530-025-01735-3",
        ),
        (
            "https://link.springer.com/article/10.1007/s00371-024-03634-6#Sec16",
            ["#Sec16"],
            "https://link.springer.com/article/10.1007/s00371-024-03634-6",
        ),
        ("https://arxiv.org/pdf/2409.05383?", ["?"], "https://arxiv.org/pdf/2409.05383"),
        (
            "https://ieeexplore.ieee.org/document/10462921/authors#authors",
            ["/authors", "#authors"],
            "https://ieeexplore.ieee.org/document/10462921",
        ),
        (
            "https://ieeexplore.ieee.org/abstract/document/10462921/figures/",
            ["/figures/"],
            "https://ieeexplore.ieee.org/abstract/document/10462921",
        ),
        (
            "https://openreview.net/forum?id=Ab12Cd#discussion",
            ["#discussion"],
            "https://openreview.net/forum?id=Ab12Cd",
        ),
        ("https://example.org/paper.html#:~:text=anomaly", ["#:~:text=anomaly"], "https://example.org/paper.html"),
        ("https://zenodo.org/records/4783701#.Yfv53urMJD8", ["#.Yfv53urMJD8"], "https://zenodo.org/records/4783701"),
    ],
)
def test_page_noise_gets_the_tidy_fix(url: str, noise: list[str], clean: str) -> None:
    assert links.page_noise(url) == noise
    [finding] = link_findings(url)
    assert finding.message.endswith(f"Link the paper's page itself: `{clean}`.")
    assert finding.fix == f"| [Video Anomaly Detection]({clean}) | 2024 |"


@pytest.mark.parametrize(
    "url",
    [
        "https://openreview.net/forum?id=Ab12Cd",  # the query names the paper
        "https://proceedings.example.org/volume-3.pdf#page=113",  # one paper of a proceedings PDF
        "https://docs.google.com/spreadsheets/d/1bmpDd/edit#gid=0",  # a viewer's parameter: one sheet
        "https://paper-app.example.org/#/paper/12",  # a hash-routed app
        "https://example.org/#!/paper/12",
        "https://ieeexplore.ieee.org/document/10462921/",  # the paper's page itself
        "https://www.sciencedirect.com/science/article/pii/S0031320324003017",
        "https://example.org/authors/jane",  # a tab is IEEE Xplore's only
    ],
)
def test_what_names_the_paper_is_kept(url: str) -> None:
    assert links.page_noise(url) == []
    assert links.without_page_noise(url) == url
    assert not any("the paper's address" in finding.message for finding in link_findings(url))


def test_tracking_parameters_and_page_noise_are_one_finding() -> None:
    [finding] = link_findings("https://link.springer.com/article/10.1007/s00530-025-01735-3?utm_source=x#citeas")
    assert finding.message.startswith(
        "The paper link carries tracking parameters (`utm_source`) and more than the paper's address (`#citeas`)."
    )
    assert "(https://link.springer.com/article/10.1007/s00530-025-01735-3)" in finding.fix


def test_ieee_denied_stays_named_as_junk() -> None:
    [finding] = link_findings("https://ieeexplore.ieee.org/document/10462921?denied=")
    assert finding.message.startswith("The paper link carries tracking or junk parameters (`denied`).")
    assert "(https://ieeexplore.ieee.org/document/10462921)" in finding.fix

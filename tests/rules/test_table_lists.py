"""Real lists written as tables of other layouts: Hannibal046/Awesome-LLM (Date | keywords | Institute |
Paper), dair-ai/ML-Papers-of-the-Week (weekly ``| 1) Name  description | [Paper](url), [Tweet](url) |``
tables) and yzhao062/anomaly-detection-resources (reStructuredText simple tables). Each is read within 5 %
of a hand count, and the findings pinned here were checked by hand against the list.

How the hand counts were made (see each fixture's PROVENANCE.md for the commits):
- Awesome-LLM README.md: the one paper table, "Milestone Papers", lines 43–104: 62 rows, one paper each
  (``grep -c '^| 20' README.md``); no other table in the file.
- ML-Papers-of-the-Week README.md: 130 weekly tables, each a ``**Paper** | **Links**`` header and ten
  numbered rows: 1300 rows (``grep -c '^| *[0-9]\\+)'``), one paper (or model, report) each.
- anomaly-detection-resources README.rst: the "Paper Title" tables under sections 1.1 and 4.1–4.22, each
  row one paper with a citation ``[#Key]_``: 137 ref-carrying rows before the references, less the 8
  rows of the "Tutorial Title" table (tutorials, not papers): 129.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from rules import engine
from rules.model import LinkRole, Role
from rules.parse import parse_catalog

LISTS = Path(__file__).parents[1] / "fixtures" / "lists"


def read(path: Path) -> str:
    return gzip.decompress(path.read_bytes()).decode("utf-8")


def load(owner_repo: str, name: str):
    text = read(LISTS / owner_repo / f"{name}.gz")
    catalog = parse_catalog({name: text})
    return catalog.documents[0], catalog


def findings(catalog) -> set[tuple[int, str]]:
    return {(finding.location.line, finding.rule) for finding in engine.check(catalog)}


@pytest.mark.parametrize(
    ("owner_repo", "name", "hand_count", "dialect"),
    [
        ("Hannibal046__Awesome-LLM", "README.md", 62, "markdown table"),
        ("dair-ai__ML-Papers-of-the-Week", "README.md", 1300, "markdown table"),
        ("yzhao062__anomaly-detection-resources", "README.rst", 129, "reStructuredText table"),
    ],
)
def test_entries_read_are_within_five_percent_of_the_hand_count(
    owner_repo: str, name: str, hand_count: int, dialect: str
) -> None:
    document, _ = load(owner_repo, name)
    assert abs(len(document.entries) - hand_count) <= 0.05 * hand_count
    assert document.dialect == dialect


def test_awesome_llm_rows_read_the_date_column_and_the_paper_link() -> None:
    document, catalog = load("Hannibal046__Awesome-LLM", "README.md")
    first = document.entries[0]
    assert (first.title, first.url, first.year) == (
        "Attention Is All You Need",
        "https://arxiv.org/pdf/1706.03762.pdf",
        "2017-06",
    )
    assert first.table is not None and first.table.roles[0] is Role.YEAR
    # Checked by hand: PaLM-E's title links the project site, not the paper (arXiv 2303.03378).
    assert findings(catalog) == {(84, "title-link")}


def test_weekly_tables_read_the_title_before_its_description_and_the_paper_from_the_links_cell() -> None:
    document, _ = load("dair-ai__ML-Papers-of-the-Week", "README.md")
    first = document.entries[0]
    assert first.title == "Ultra-Fast Diffusion-based Language Models"
    assert first.url == "https://arxiv.org/abs/2506.17298"
    assert [link.role for link in first.links] == [LinkRole.PAPER, LinkRole.OTHER]
    assert first.raw[first.span(Role.TITLE).start : first.span(Role.TITLE).end] == first.title
    bold = next(entry for entry in document.entries if entry.line == 795)
    assert bold.title == "The AI Scientist"  # ``1) **The AI Scientist** - a novel AI agent …``
    inside = next(entry for entry in document.entries if entry.line == 163)
    assert inside.title == "Claude for Affective Use"  # a link inside the description is not the title's
    labelled = next(entry for entry in document.entries if entry.line == 1984)
    assert labelled.url == "https://arxiv.org/abs/2303.04129"  # ``[Project](arXiv)`` is the paper


def test_weekly_tables_true_defects() -> None:
    _, catalog = load("dair-ai__ML-Papers-of-the-Week", "README.md")
    found = findings(catalog)
    assert {
        (317, "title-link"),  # only a Tweet link: no paper
        (2098, "title-link"),  # only a Blog link
        (804, "duplicate"),  # "Survey of NL2QL" links the arXiv id of "Scaling LLM Test-Time Compute" (802)
        (1650, "duplicate"),  # FacTool is line 1562's paper again (arXiv 2307.13528)
        (1763, "duplicate"),  # arXiv 2306.05284 listed twice under one title
        (1047, "title-link"),  # utm_* parameters on the paper link
        (2084, "cells"),  # a [GitHub] link to a project page
    } <= found
    assert (1984, "title-link") not in found


def test_rst_rows_read_venue_year_and_links() -> None:
    document, _ = load("yzhao062__anomaly-detection-resources", "README.rst")
    first = document.entries[0]
    assert (first.section, first.title, first.venue, first.year) == (
        "1.1. Benchmarks",
        "NLP-ADBench: NLP Anomaly Detection Benchmark",
        "Preprint",
        "2024",
    )
    assert first.url == "https://arxiv.org/abs/2412.04784"
    assert first.code_urls == ("https://github.com/USC-FORTIS/NLP-ADBench",)
    assert first.kind == "rst" and first.table is None
    # Authors come from the citation its Ref cell names (``.. [#Li2024NLPADBench] Li, Y., …, 2024. …``).
    assert first.authors == "Li, Y., Li, J., Xiao, Z., Yang, T., Nian, Y., Hu, X. and Zhao, Y."
    assert sum(1 for entry in document.entries if entry.authors) >= 0.95 * len(document.entries)


def test_rst_true_defects_and_bare_venue_codes_left_alone() -> None:
    _, catalog = load("yzhao062__anomaly-detection-resources", "README.rst")
    found = findings(catalog)
    assert {
        (307, "duplicate"),  # AD-LLM again in 4.1 (also in 1.1): a warning, it may belong in both
        (413, "duplicate"),  # XGBOD in 4.3 and 4.8
        (379, "order"),  # a 2018 paper among the 2019 ones of an ascending table
        (425, "cells"),  # a [Code] link to a project site
    } <= found
    # The list writes bare codes and full names (SDM, Neurocomputing, Pattern Recognition): its own style.
    assert not {rule for _, rule in found if rule == "venue-alias"}
    # Well-known venues it cites are registered: no "Did you mean `KDD`?" for PAKDD, WSDM, JMLR.
    assert not {(351, "venue-unknown"), (443, "venue-unknown"), (608, "venue-unknown")} & found

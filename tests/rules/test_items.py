"""The item dialect: list items and paper blocks read into entries, with exact spans for fixes."""

from __future__ import annotations

import pytest

from rules import edit, parse
from rules.facts import venue_and_year
from rules.model import LinkRole, Role
from rules.parse import parse_document


def _entries(text: str):
    return parse_document("README.md", text).entries


def _one(text: str):
    entries = _entries(text)
    assert len(entries) == 1, entries
    return entries[0]


def _written(entry, role: Role) -> str:
    span = entry.span(role)
    assert span is not None, role
    return entry.raw[span.start : span.end]


SHAPES = [
    # (item, title, url, venue, year, code)
    (
        "- Deep Learning for Anomaly Detection: A Survey | **[CVPR' 18]** | [`[pdf]`](https://arxiv.org/pdf/1901.03407.pdf) "
        "[`[project page]`](https://example.org/p)",
        "Deep Learning for Anomaly Detection: A Survey",
        "https://arxiv.org/pdf/1901.03407.pdf",
        "CVPR",
        "' 18",
        (),
    ),
    (
        "- (arXiv 2022.06) Anomaly detection in videos, [[Paper]](https://arxiv.org/pdf/2206.01524.pdf), "
        "[[Code]](https://github.com/o/r)",
        "Anomaly detection in videos",
        "https://arxiv.org/pdf/2206.01524.pdf",
        "arXiv",
        "2022.06",
        ("https://github.com/o/r",),
    ),
    (
        "- (2023-08) **Aligning Large Language Models with Human: A Survey** [paper](https://arxiv.org/abs/2307.12966)",
        "Aligning Large Language Models with Human: A Survey",
        "https://arxiv.org/abs/2307.12966",
        "",
        "2023-08",
        (),
    ),
    (
        "- **Direct Preference Optimization**, NeurIPS 2023, *Rafailov, Sharma*, [[Paper]](https://arxiv.org/abs/2305.18290)",
        "Direct Preference Optimization",
        "https://arxiv.org/abs/2305.18290",
        "NeurIPS",
        "2023",
        (),
    ),
    (
        "1. **[CVPR 2024]** [Harnessing Large Language Models](https://arxiv.org/abs/2404.01014) [[code]](https://github.com/a/b)",
        "Harnessing Large Language Models",
        "https://arxiv.org/abs/2404.01014",
        "CVPR",
        "2024",
        ("https://github.com/a/b",),
    ),
    (
        "- [Learning Memory-Guided Normality](https://openaccess.thecvf.com/x.pdf) - CVPR 2020",
        "Learning Memory-Guided Normality",
        "https://openaccess.thecvf.com/x.pdf",
        "CVPR",
        "2020",
        (),
    ),
    (
        "1. 2024-06-20 - [Transferable Boltzmann Generators](https://arxiv.org/abs/2406.14426) by Klein, Noé<br>\n"
        "   Boltzmann Generators generate samples. [[Code](https://github.com/c/d)]",
        "Transferable Boltzmann Generators",
        "https://arxiv.org/abs/2406.14426",
        "",
        "2024-06-20",
        ("https://github.com/c/d",),
    ),
]


@pytest.mark.parametrize(("text", "title", "url", "venue", "year", "code"), SHAPES)
def test_item_shapes(text, title, url, venue, year, code):
    entry = _one("# Papers\n\n" + text + "\n")
    assert (entry.title, entry.url, entry.venue, entry.year, entry.code_urls) == (title, url, venue, year, code)
    assert entry.kind == "item" and entry.section == "Papers"
    assert _written(entry, Role.TITLE) == title
    assert _written(entry, Role.URL) == url
    if venue:
        assert _written(entry, Role.VENUE) == venue
    assert _written(entry, Role.YEAR) == year


def test_block_with_key_lines():
    text = (
        "# OCR\n\n"
        "**An Empirical Study of Scaling Law for OCR**\n\n"
        "- Homepage: https://example.github.io/ocr/\n\n"
        "- Paper : https://arxiv.org/abs/2401.00028\n"
        "- Code: https://github.com/large-ocr-model/large-ocr-model.github.io\n\n"
        "**Next Paper**\n"
    )
    entry = _entries(text)[0]
    assert (entry.line, entry.end_line) == (3, 8)
    assert entry.url == "https://arxiv.org/abs/2401.00028"
    assert [link.role for link in entry.links] == [LinkRole.PROJECT, LinkRole.PAPER, LinkRole.CODE]
    assert entry.code_urls == ("https://github.com/large-ocr-model/large-ocr-model.github.io",)


def test_multi_line_block():
    text = (
        "## Survey\n\n"
        "**Diffusion Models in Vision: A Survey** \\\n"
        "*Florinel-Alin Croitoru, Vlad Hondru* \\\n"
        "arXiv 2022. [[Paper](https://arxiv.org/abs/2209.04747)] [[Github](https://github.com/e/f)] \\\n"
        "10 Sep 2022\n"
    )
    entry = _one(text)
    assert (entry.title, entry.authors, entry.venue, entry.year) == (
        "Diffusion Models in Vision: A Survey",
        "Florinel-Alin Croitoru, Vlad Hondru",
        "arXiv",
        "10 Sep 2022",
    )
    assert (entry.line, entry.end_line) == (3, 6)
    assert _written(entry, Role.AUTHORS) == "Florinel-Alin Croitoru, Vlad Hondru"
    assert edit.with_spans(entry, {Role.VENUE: "CVPR"}).splitlines()[2].startswith("CVPR 2022. [[Paper]")


def test_a_fix_splices_into_the_item():
    entry = _one("- Re Learning Memory | **[Arxiv' 20]** | [`[pdf]`](https://arxiv.org/abs/2101.12382)\n")
    assert edit.with_spans(entry, {Role.VENUE: "arXiv"}) == (
        "- Re Learning Memory | **[arXiv' 20]** | [`[pdf]`](https://arxiv.org/abs/2101.12382)"
    )


@pytest.mark.parametrize(
    "text",
    [
        "- [Survey](main/survey.md)\n- [Time-series anomaly detection](#time-series)\n",  # tables of contents
        "- [TinyZero](https://github.com/Jiayi-Pan/TinyZero) - Clean, minimal reproduction of R1-Zero\n",  # a tool
        "- [Kimi-K2](https://huggingface.co/moonshotai/Kimi-K2) - MoE model\n",  # a model
        "1. 2021-01-16 - [Normalizing Flows - Motivations](https://youtu.be/IuXU2dBOJyw) by [K S](https://github.com/k)<br>\n",
        "- [Instruction-Tuning-Papers](https://github.com/S/I) - A trend starts from `N-I` (ACL 2022).\n",
        "**:fast_forward: DiffusionFastForward** \\\n*Mikolaj* \\\n[[Video](https://www.youtube.com/x)] \\\n4 Mar 2023\n",
        "> - [ECCV 2024](https://github.com/amusi/ECCV2024-Papers-with-Code)\n",  # a note in a block quote
        "- [e-mail](mailto:someone@example.org)\n",
        "- [DeepSeek-v2-236B-MoE](https://arxiv.org/abs/2405.04434)\n",  # a model, named
        "- [The Chinese Book for LLMs](http://aibox.ruc.edu.cn/zws/index.htm) - based on "
        "[A Survey of Large Language Models](https://arxiv.org/abs/2303.18223).\n",  # a book, citing a paper
    ],
)
def test_not_papers(text):
    assert _entries("# Section\n\n" + text) == ()


def test_a_paper_without_link_is_read_by_its_venue():
    entry = _one("- Few-Shot Scene-Adaptive Anomaly Detection\t | **[ECCV' 20]** \n")
    assert (entry.title, entry.url, entry.venue) == ("Few-Shot Scene-Adaptive Anomaly Detection", None, "ECCV")


def test_tables_fences_and_items_in_one_file():
    text = (
        "# List\n\n"
        "| Title | Year |\n| --- | --- |\n| [A Table Paper](https://arxiv.org/abs/2401.00001) | 2024 |\n\n"
        "```\n- (arXiv 2022.06) Not A Paper, [[Paper]](https://arxiv.org/abs/2206.00001)\n```\n\n"
        "- (arXiv 2022.06) An Item Paper, [[Paper]](https://arxiv.org/abs/2206.00002)\n"
    )
    document = parse_document("README.md", text)
    assert [(entry.kind, entry.title) for entry in document.entries] == [
        ("markdown", "A Table Paper"),
        ("item", "An Item Paper"),
    ]
    assert document.dialect == "markdown table + items"


def test_repeated_headings_name_their_parent():
    text = (
        "# Vision\n## Generation\n- (arXiv 2022.06) Paper One, [[Paper]](https://arxiv.org/abs/2206.00001)\n"
        "# Audio\n## Generation\n- (arXiv 2022.06) Paper Two, [[Paper]](https://arxiv.org/abs/2206.00002)\n"
    )
    assert [entry.section for entry in _entries(text)] == ["Generation", "Audio / Generation"]


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        (
            "- Explainable Deep One-Class Classification | **[ICLR' 21**| [`[pdf]`](https://openreview.net/forum?id=A5)\n",
            "- Explainable Deep One-Class Classification | **[ICLR' 21]**| [`[pdf]`](https://openreview.net/forum?id=A5)",
        ),
        (
            "1. 2019-04-09 - [Block Neural Autoregressive Flow](https://arxiv.org/abs/1904.04676)) by Cao, Titov<br>\n",
            "1. 2019-04-09 - [Block Neural Autoregressive Flow](https://arxiv.org/abs/1904.04676) by Cao, Titov<br>",
        ),
        (
            "**Preconditioned Models** \\\n*Li Zhang* \\\n"
            "arXiv 2023. [[Paper](https://arxiv.org/abs/2302.06504)] [Github](https://github.com/f/PDS)] \\\n13 Feb 2023\n",
            "**Preconditioned Models** \\\n*Li Zhang* \\\n"
            "arXiv 2023. [[Paper](https://arxiv.org/abs/2302.06504)] [[Github](https://github.com/f/PDS)] \\\n13 Feb 2023",
        ),
        (
            "**Diffusion Bridge Matching** \\\n*Yuyang Shi* \\\narXiv 2023. [[Paper(https://arxiv.org/abs/2303.16852)] \\\n29 Mar 2023\n",
            "**Diffusion Bridge Matching** \\\n*Yuyang Shi* \\\narXiv 2023. [[Paper](https://arxiv.org/abs/2303.16852)] \\\n29 Mar 2023",
        ),
    ],
)
def test_bracket_defects_get_certain_fixes(text, fixed):
    document = parse_document("README.md", text)
    assert len(document.entries) == 1
    (problem,) = document.problems
    assert problem.fix == fixed


@pytest.mark.parametrize(
    ("text", "venue", "year"),
    [
        ("arXiv.2021.02", "arXiv", "2021.02"),
        ("arXiv 2023.", "arXiv", "2023"),
        ("IEEE Trans. 2020", "IEEE Trans.", "2020"),
        ("v1.2021", "v1.2021", ""),
    ],
)
def test_venue_and_year_around_dots(text, venue, year):
    found = venue_and_year(text)
    assert (found.venue, found.year) == (venue, year)


# A list of bare venue codes (`CVPR' 18`, `arXiv`, full journal names): judged by venue identity, fixed and
# suggested in its own spelling, never asked for `C-`/`J-` prefixes.
BARE_LIST = """# Papers

- Paper About Alpha Things | **[CVPR' 18]** | [`[pdf]`](https://arxiv.org/abs/1801.00001)
- Paper About Beta Things | **[Arxiv' 20]** | [`[pdf]`](https://arxiv.org/abs/2001.00002)
- Paper About Gamma Things | **[Pattern Recognition' 16]** | [`[link]`](https://example.org/gamma)
- Paper About Delta Things | **[SDM' 17]** | [`[pdf]`](https://example.org/delta.pdf)
- Paper About Epsilon Things | **[Sensors' 17]** | [`[pdf]`](https://example.org/epsilon.pdf)
- Paper About Zeta Things | **[CVPR' 18]** | [`[pdf]`](http://openaccess.thecvf.com/content_cvpr_2018_workshops/papers/w3/Z_CVPR_2018_paper.pdf)
- Paper About Eta Things | **[CVPR Workshop' 18]** | [`[pdf]`](http://openaccess.thecvf.com/content_cvpr_2018_workshops/papers/w3/E_CVPR_2018_paper.pdf)
- Paper About Theta Things | **[IEEE TNNLS' 20]** | [`[pdf]`](https://example.org/theta.pdf)
"""


def _bare_findings(rule: str):
    from rules import engine
    from rules.context import Catalog

    document = parse_document("README.md", BARE_LIST)
    return {finding.location.line: finding for finding in engine.check(Catalog((document,))) if finding.rule == rule}


def test_bare_list_alias_fixes_only_casing_in_its_own_spelling():
    found = _bare_findings("venue-alias")
    assert set(found) == {4}
    assert "**[arXiv' 20]**" in found[4].fix


def test_bare_list_contradiction_is_fixed_without_prefix():
    found = _bare_findings("venue-contradicted")
    # `CVPR Workshop` is the workshop the link names: not contradicted (line 3 is an arXiv note)
    assert {line for line, finding in found.items() if finding.severity == "warning"} == {8}
    assert "**[CVPRW' 18]**" in found[8].fix


def test_bare_list_names_its_venues_freely():
    # `IEEE TNNLS` is a fair way to write TNNLS where venues are names: no "Did you mean" (a slip would get one,
    # in the list's spelling: see tests/rules/test_venue_style.py)
    assert _bare_findings("venue-unknown") == {}


def test_empty_links_in_items():
    from rules import engine
    from rules.context import Catalog

    text = (
        "# P\n\n"
        "- (arXiv 2022.06) A Good Paper Title, [[Paper]](), [[Code]]()\n"
        "- (arXiv 2022.07) Another Good Title, [[Paper]](https://arxiv.org/abs/2207.00001), [[Code]]()\n"
    )
    findings = engine.check(Catalog((parse_document("README.md", text),)))
    by_place = {(finding.rule, finding.location.line): finding for finding in findings}
    assert "`[[Paper]]()` goes nowhere" in by_place[("title-link", 3)].message
    assert (
        by_place[("cells", 4)].fix
        == "- (arXiv 2022.07) Another Good Title, [[Paper]](https://arxiv.org/abs/2207.00001)"
    )
    assert by_place[("cells", 3)].fix is None  # two empty links alike: which one to drop is not certain


def test_year_fix_in_the_items_own_style():
    from rules import engine
    from rules.context import Catalog

    text = (
        "# P\n\n"
        "- A Paper About Year Things | **[CVPR' 19]** | "
        "[`[pdf]`](https://openaccess.thecvf.com/content_cvpr_2018/papers/X_A_Paper_CVPR_2018_paper.pdf)\n"
        "- (arXiv 2021.06) A Second Paper Title, [[Paper]](https://arxiv.org/abs/2205.00001)\n"
    )
    findings = [f for f in engine.check(Catalog((parse_document("README.md", text),))) if f.rule == "year"]
    assert [f.location.line for f in findings] == [3, 4]
    assert "**[CVPR' 18]**" in findings[0].fix
    assert findings[1].fix is None  # `2021.06`: the month is not the link's to say


def test_a_paper_as_a_table_row_and_as_an_item_is_one_paper():
    from rules import engine

    catalog = parse.parse_catalog(
        {
            "README.md": "# List\n\n| Title | Year | Venue |\n| --- | --- | --- |\n"
            "| [Video Swin Transformer](https://arxiv.org/abs/2106.13230) | 2021 | arXiv |\n",
            "main/video.md": "### Video\n- (arXiv 2021.06) Video Swin Transformer, [[Paper]](https://arxiv.org/pdf/2106.13230.pdf)\n",
        }
    )
    findings = [f for f in engine.check(catalog) if f.rule == "duplicate"]
    assert len(findings) == 1
    assert {findings[0].location.path, findings[0].related[0].path} == {"README.md", "main/video.md"}


def test_presentation_kind_and_brackets_stay_with_the_venue():
    from rules import engine
    from rules.context import Catalog

    text = (
        "## Generation\n\n"
        "**A Diffusion Paper** \\\n*A. Author* \\\nNeurIPS Oral 2022. [[Paper](https://arxiv.org/abs/2206.00364)] \\\n1 Jun 2022\n\n"
        "**Another Diffusion Paper** \\\n*B. Author* \\\nICLR 2022 Workshop (Oral). [[Paper](https://arxiv.org/abs/2201.11793)] \\\n27 Jan 2022\n"
    )
    document = parse_document("README.md", text)
    assert [entry.venue for entry in document.entries] == ["NeurIPS Oral", "ICLR Workshop (Oral)"]
    unknown = [f.location.line for f in engine.check(Catalog((document,))) if f.rule == "venue-unknown"]
    assert 3 not in unknown  # NeurIPS, presented as an oral

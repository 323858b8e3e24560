"""Tables of any layout (markdown and reStructuredText): column roles from headers, the config or the
cells; facts combined in one cell; several links in one cell; fixes that change only their part."""

from __future__ import annotations

from rules import edit, venues
from rules.checks import title_link
from rules.context import Catalog, RuleContext
from rules.dialects import ListFormat
from rules.dialects.markdown import parse_markdown
from rules.dialects.rst import parse_rst
from rules.model import LinkRole, Role


def one(text: str, fmt: ListFormat | None = None):
    [entry] = parse_markdown("README.md", text, fmt).entries
    return entry


def test_a_venue_cell_with_its_year_gives_both_and_a_fix_rewrites_only_the_venue() -> None:
    entry = one(
        "| Title | Venue |\n| --- | --- |\n| [A long paper title](https://arxiv.org/abs/2401.00001) | **CVPR' 18** |\n"
    )
    assert (entry.venue, entry.year) == ("CVPR", "' 18")
    assert venues.with_field(entry, Role.VENUE, "ICCV") == (
        "| [A long paper title](https://arxiv.org/abs/2401.00001) | **ICCV' 18** |"
    )


def test_a_year_fix_in_a_combined_cell_rewrites_the_year_alone() -> None:
    entry = one("| Title | Venue |\n| --- | --- |\n| [A long paper title](https://x.org/p) | CVPR 2023 |\n")
    assert venues.with_field(entry, Role.YEAR, "2022") == "| [A long paper title](https://x.org/p) | CVPR 2022 |"


def test_a_date_cell_with_a_venue_in_a_table_without_a_venue_column() -> None:
    entry = one("| Paper | Date |\n| --- | --- |\n| [A long paper title](https://x.org/p) | arXiv 2022.06 |\n")
    assert (entry.venue, entry.year) == ("arXiv", "2022.06")


def test_with_both_columns_each_cell_is_read_whole() -> None:
    entry = one(
        "| Title | Date | Venue |\n| --- | --- | --- |\n| [A long paper title](https://x.org/p) | Spring 2024 | CVPR 2024 |\n"
    )
    assert (entry.year, entry.venue) == ("Spring 2024", "CVPR 2024")


def test_the_config_names_a_column_its_header_does_not() -> None:
    text = "| Title | Pub. & Date | When |\n| --- | --- | --- |\n| [A long paper title](https://x.org/p) | NeurIPS | 2023 |\n"
    assert one(text).year == "NeurIPS"  # by its name, "Pub. & Date" is the date column
    configured = one(text, ListFormat(fields={"year": "When", "venue": "Pub. & Date"}))
    assert (configured.year, configured.venue) == ("2023", "NeurIPS")


def test_column_roles_from_the_cells_when_headers_say_nothing() -> None:
    text = (
        "| A | B |\n| --- | --- |\n"
        "| [Attention Is All You Need](https://arxiv.org/abs/1706.03762) | 2017 |\n"
        "| [Deep Residual Learning for Image Recognition](https://arxiv.org/abs/1512.03385) | 2015 |\n"
    )
    entries = parse_markdown("README.md", text).entries
    assert [(entry.title, entry.year) for entry in entries] == [
        ("Attention Is All You Need", "2017"),
        ("Deep Residual Learning for Image Recognition", "2015"),
    ]


def test_a_table_of_contents_stays_unread() -> None:
    text = "| Section | Section |\n| --- | --- |\n| [Intro](#intro) | [Papers](#papers) |\n"
    assert parse_markdown("README.md", text).entries == ()


def test_a_resource_cell_website_badge_is_not_the_code_link() -> None:
    entry = one(
        "| Title | Resource |\n| --- | --- |\n| [A long paper title](https://x.org/p) | "
        "[![](./assets/project.svg)](https://a.github.io/p) [![](./assets/code.svg)](https://github.com/o/r) |\n"
    )
    assert entry.code_urls == ("https://github.com/o/r",)
    assert [link.role for link in entry.links] == [LinkRole.PAPER, LinkRole.PROJECT, LinkRole.CODE]


def test_a_links_cell_gives_the_paper_link_to_a_title_written_without_one() -> None:
    entry = one(
        "| **Paper** | **Links** |\n| --- | --- |\n"
        "| 3) **Name Of Work** - a description that goes on | [Tweet](https://x.com/a/status/1), [Paper 1](https://arxiv.org/abs/2401.00001) |\n"
    )
    assert (entry.title, entry.url) == ("Name Of Work", "https://arxiv.org/abs/2401.00001")
    assert edit.with_spans(entry, {Role.URL: "https://arxiv.org/abs/2401.00002"}).endswith(
        "[Paper 1](https://arxiv.org/abs/2401.00002) |"
    )


def test_a_plain_title_with_a_double_space_is_one_messy_title() -> None:
    assert (
        one("| Title | Year |\n| --- | --- |\n| Video  anomaly detection | 2024 |\n").title
        == "Video  anomaly detection"
    )


RST = """\
Papers
------

=====================  ==========  =====  =========================================
Paper Title            Venue       Year   Materials
=====================  ==========  =====  =========================================
A Paper On Outliers    SDM         2019   `[PDF] <https://arxiv.org/abs/1901.00001>`_
Another Paper          TKDE        2020   `[PDF] <https://x.org/a.pdf>`_, `[Code] <https://github.com/o/r>`_
                       Letters
=====================  ==========  =====  =========================================
"""


def test_rst_simple_table_rows_under_their_section() -> None:
    document = parse_rst("README.rst", RST)
    first, second = document.entries
    assert (first.section, first.title, first.venue, first.year, first.url) == (
        "Papers",
        "A Paper On Outliers",
        "SDM",
        "2019",
        "https://arxiv.org/abs/1901.00001",
    )
    assert (second.venue, second.code_urls, second.end_line) == (
        "TKDE Letters",
        ("https://github.com/o/r",),
        second.line + 1,
    )
    assert document.dialect == "reStructuredText table"


def test_rst_fixes_keep_the_columns_aligned_or_are_not_given() -> None:
    first = parse_rst("README.rst", RST).entries[0]
    fixed = edit.with_value(first, Role.VENUE, "ICDM")
    assert fixed == first.raw.replace("SDM         ", "ICDM        ")
    assert edit.with_value(first, Role.VENUE, "A venue name far too wide") is None
    second = parse_rst("README.rst", RST).entries[1]
    assert second.span(Role.VENUE) is None  # a venue over two lines has no certain place
    assert edit.with_value(second, Role.VENUE, "TKDE") is None


def test_rst_text_running_into_a_column_gap_is_a_structure_problem() -> None:
    broken = RST.replace("A Paper On Outliers    SDM", "A Paper On Outliers Too SDM")
    [problem] = parse_rst("README.rst", broken).problems
    assert problem.kind == "rst-margin" and problem.location.line == 7


def test_a_year_column_under_an_unknown_header_is_read_from_its_cells() -> None:
    text = (
        "| Paper | When |\n| --- | --- |\n| [A long paper title](https://x.org/a) | 2021 |\n"
        "| [Another long paper title](https://x.org/b) | 2023 |\n"
    )
    assert [entry.year for entry in parse_markdown("README.md", text).entries] == ["2021", "2023"]


GRID = """\
Papers
======

+-----------------------+-------+------------------------------------------------+
| Paper Title           | Year  | Materials                                      |
+=======================+=======+================================================+
| A Grid Paper          | 2021  | `[PDF] <https://arxiv.org/abs/2101.00001>`_    |
+-----------------------+-------+------------------------------------------------+
| A Grid Paper Whose    | 2022  | `[Code] <https://github.com/o/r>`_             |
| Title Goes On         |       |                                                |
+-----------------------+-------+------------------------------------------------+
"""


def test_rst_grid_tables_read_rows_between_borders_and_fix_within_the_cell() -> None:
    first, second = parse_rst("README.rst", GRID).entries
    assert (first.section, first.title, first.year, first.url) == (
        "Papers",
        "A Grid Paper",
        "2021",
        "https://arxiv.org/abs/2101.00001",
    )
    assert (second.title, second.code_urls, second.end_line) == (
        "A Grid Paper Whose Title Goes On",
        ("https://github.com/o/r",),
        second.line + 1,
    )
    assert edit.with_value(first, Role.YEAR, "2020") == first.raw.replace("| 2021  |", "| 2020  |")
    assert edit.with_value(first, Role.YEAR, "2020-01-01") is None  # wider than its cell


def test_a_row_linking_only_to_a_tweet_is_asked_for_a_paper_link_in_the_lists_style() -> None:
    text = (
        "| **Paper** | **Links** |\n| --- | --- |\n"
        "| 1) Compute Agent Arena  a platform for agents | [Blog](https://example.org/b), [Tweet](https://x.com/a/status/1) |\n"
        "| 2) Linked Paper Here  it does things | [Paper](https://arxiv.org/abs/2401.00001), [Tweet](https://x.com/a/status/2) |\n"
    )
    catalog = Catalog((parse_markdown("README.md", text),))
    [finding] = title_link.check(RuleContext(catalog, catalog.entries))
    assert finding.location.line == 3
    assert "links only to `[Blog]`, `[Tweet]`" in finding.message and "`[Paper](https://…)`" in finding.message

"""The markdown parser: tables anywhere, columns by header name, exact lines, defects as problems."""

from __future__ import annotations

from pathlib import Path

from rules.dialects.markdown import parse_markdown, render_row
from rules.model import Link, Role

LIST = Path(__file__).parent.parent / "fixtures" / "lists" / "video-anomaly-detection"


def test_the_real_list_has_four_tables_and_151_entries() -> None:
    document = parse_markdown("README.md", (LIST / "README.md").read_text(encoding="utf-8"))
    assert [(table.header_line, table.section) for table in document.tables] == [
        (12, ""),
        (123, "Weakly Supervised VAD"),
        (163, "Surveys"),
        (180, "New VAD Datasets"),
    ]
    assert len(document.entries) == 151
    assert document.problems == ()


def test_an_entry_keeps_its_line_raw_text_and_parsed_cells() -> None:
    text = (LIST / "README.md").read_text(encoding="utf-8")
    entry = parse_markdown("README.md", text).entries[0]
    assert (entry.line, entry.end_line, entry.position) == (14, 14, 0)
    assert entry.raw == text.splitlines()[13]
    assert entry.title == "Ada-VAD: Domain Adaptable Video Anomaly Detection"
    assert entry.url == "https://epubs.siam.org/doi/10.1137/1.9781611978032.73"
    assert (entry.year, entry.venue, entry.tasks) == ("2024", "C-SIAM", ("video",))
    assert entry.code_urls == ("https://github.com/donglgcn/ADA-VAD",)
    assert entry.model == Link(
        "Model", "https://drive.google.com/file/d/1LX_mihqutn4iq57Liy9LfJ5Z6GE7eWi_/view?usp=sharing"
    )


def test_every_clean_row_of_the_real_list_round_trips_byte_for_byte() -> None:
    document = parse_markdown("README.md", (LIST / "README.md").read_text(encoding="utf-8"))
    assert [entry.line for entry in document.entries if render_row(entry.cells) != entry.raw] == []


def test_the_seed_list_header_glued_onto_prose_is_found_and_reported() -> None:
    document = parse_markdown("README.seed.md", (LIST / "README.seed.md").read_text(encoding="utf-8"))
    assert len(document.entries) == 151
    assert [(problem.kind, problem.location.line) for problem in document.problems] == [("glued-header", 4)]
    assert document.problems[0].fix == (
        "](https://vt-le.github.io/HSTforU/).\n\n| Title | Date | Venue | Task | Resource | Model |"
    )


def test_columns_are_found_by_header_name_in_any_order_with_extra_columns() -> None:
    text = (
        "## Detection\n\n"
        "| Year | Notes | Paper | Conference | Code |\n"
        "|:----:|-------|-------|------------|------|\n"
        "| 2023 | nice | [X](https://arxiv.org/abs/2301.00001) | C-ICCV | [code](https://github.com/a/b) |\n"
    )
    document = parse_markdown("list.md", text)
    table = document.tables[0]
    assert table.roles == (Role.YEAR, Role.OTHER, Role.TITLE, Role.VENUE, Role.CODE)
    entry = document.entries[0]
    assert (entry.section, entry.title, entry.year, entry.venue, entry.code_urls) == (
        "Detection",
        "X",
        "2023",
        "C-ICCV",
        ("https://github.com/a/b",),
    )


def test_tables_without_a_title_column_and_tables_in_code_fences_are_not_paper_tables() -> None:
    text = (
        "| Dataset | Size |\n| --- | --- |\n| UCF | 128h |\n\n"
        "```\n| Title | Year |\n| --- | --- |\n| [X](https://x.org/1) | 2020 |\n```\n"
    )
    document = parse_markdown("list.md", text)
    assert (document.tables, document.entries, document.problems) == ((), (), ())


def test_a_row_broken_across_lines_becomes_one_entry_and_a_problem_with_the_join() -> None:
    text = "| Title | Year |\n| --- | --- |\n| [Half\n title](https://x.org/1) | 2020 |\n"
    document = parse_markdown("list.md", text)
    entry = document.entries[0]
    assert (entry.line, entry.end_line, entry.title, entry.year) == (3, 4, "Half title", "2020")
    assert [(problem.kind, problem.fix) for problem in document.problems] == [
        ("broken-row", "| [Half title](https://x.org/1) | 2020 |")
    ]


def test_escaped_pipes_stay_inside_their_cell() -> None:
    document = parse_markdown("list.md", "| Title | Year |\n| --- | --- |\n| [A \\| B](https://x.org/1) | 2020 |\n")
    assert (document.entries[0].title, document.problems) == ("A | B", ())


def test_rows_with_missing_cells_are_reported_without_a_fix() -> None:
    document = parse_markdown(
        "list.md", "| Title | Year | Venue |\n| --- | --- | --- |\n| [A](https://x.org/1) | 2020 |\n"
    )
    assert [(problem.kind, problem.fix) for problem in document.problems] == [("cell-count", None)]
    assert document.entries[0].venue == ""


def test_a_leading_byte_order_mark_is_no_text_glued_before_the_table() -> None:
    text = "\ufeff| Title | Date |\n| --- | --- |\n| [A](https://arxiv.org/abs/2401.05702) | 2024 |\n"
    document = parse_markdown("list.md", text)
    assert (document.problems, [entry.line for entry in document.entries], document.text) == ((), [3], text)


def test_rows_of_one_layout_share_their_span_objects_and_keep_their_own_tasks() -> None:
    table = (
        "| Title | Year | Venue | Task |\n| --- | --- | --- | --- |\n"
        "| [Ab](https://arxiv.org/abs/1) | 2023 | CVPR | ![](./assets/video.svg) |\n"
        "| [Cd](https://arxiv.org/abs/2) | 2024 | ICCV | ![](./assets/video.svg) |\n"
        "| [Efg](https://arxiv.org/abs/3) | 2024 | ICCV | text, audio |\n"
    )
    first, second, third = parse_markdown("README.md", table).entries
    assert first.spans == second.spans and all(a is b for a, b in zip(first.spans, second.spans))
    year = third.span(Role.YEAR)
    assert year is not None and year is not second.span(Role.YEAR) and third.raw[year.start : year.end] == "2024"
    assert first.tasks is second.tasks and first.tasks == ("video",) and third.tasks == ("text", "audio")

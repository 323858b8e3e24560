"""Building a new paper's entry in the list's own style and inserting it where it belongs, on the real list."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from rules import insert, parse, sections, venues, year_order
from rules.candidate import NewPaper, render_object, render_row
from rules.context import Catalog
from rules.insert import ProblemKind, RequestProblem, propose
from rules.model import Severity
from rules.venues import VenueKind

LIST = Path(__file__).resolve().parent.parent / "fixtures" / "lists" / "video-anomaly-detection"
DATA_FILES = (
    "scripts/data.json",
    "scripts/data_weakly.json",
    "scripts/data_surveys.json",
    "scripts/data_datasets.json",
)

CVF_URL = "https://openaccess.thecvf.com/content/CVPR2024/papers/Doe_A_Brand_New_Approach_CVPR_2024_paper.pdf"
CVF_2025_URL = CVF_URL.replace("2024", "2025")
NEW_2024 = {
    "title": "A Brand New Approach to Video Anomaly Detection",
    "url": CVF_URL,
    "year": "2024",
    "venue": "C-CVPR",
    "code": "https://github.com/someone/new-vad",
}
NEW_2024_ROW = (
    "| [A Brand New Approach to Video Anomaly Detection](https://openaccess.thecvf.com/content/CVPR2024/papers/Doe_A_Brand_New_Approach_CVPR_2024_paper.pdf) | 2024 | C-CVPR "
    "| ![](./assets/video.svg) | [![](./assets/code.svg)](https://github.com/someone/new-vad) | - |"
)
NEW_2024_OBJECT = """\
  {
    "Title": "A Brand New Approach to Video Anomaly Detection",
    "Link": "https://openaccess.thecvf.com/content/CVPR2024/papers/Doe_A_Brand_New_Approach_CVPR_2024_paper.pdf",
    "Date": "2024",
    "Venue": "C-CVPR",
    "Task": [ "Video" ],
    "Resource": {
      "Code": "https://github.com/someone/new-vad"
    },
    "Model": "Model",
    "ModelLink": ""
  }"""


def read(path: str) -> str:
    return (LIST / path).read_text(encoding="utf-8")


def catalog_of(*paths: str, **overrides: str) -> Catalog:
    texts = {path: read(path) for path in paths}
    texts.update({path.replace("__", "/").replace("_dot_", "."): text for path, text in overrides.items()})
    return parse.parse_catalog(texts)


def markdown_only() -> Catalog:
    return catalog_of("README.md")


def generated_list() -> Catalog:
    return catalog_of("README.md", *DATA_FILES)


def changes(old: str, new: str) -> list[str]:
    """The diff as +/- lines, without context (for single-line changes, where no alignment is ambiguous)."""
    return [
        line.rstrip("\n")
        for line in difflib.unified_diff(old.splitlines(True), new.splitlines(True), n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


# --- a list of markdown tables: one row added ------------------------------------------------------


def test_a_2024_paper_goes_after_the_last_2024_row_of_the_main_table() -> None:
    proposal = propose(markdown_only(), NewPaper.from_fields(NEW_2024))
    assert proposal.ready
    assert proposal.row == NEW_2024_ROW
    assert proposal.json_object is None
    assert changes(read("README.md"), proposal.new_text) == ["+" + NEW_2024_ROW]
    placement = proposal.placement
    assert (placement.path, placement.line, placement.target.label) == (
        "README.md",
        64,
        "Awesomme Video Anomaly Detection",
    )
    assert placement.after.title == "A novel spatio-temporal memory network for video anomaly detection"
    assert (
        placement.before.title
        == "AADC-Net: A Multimodal Deep Learning Framework for Automatic Anomaly Detection in Real-Time Surveillance"
    )
    assert proposal.new_text.splitlines()[63] == NEW_2024_ROW


def test_a_2025_paper_goes_after_the_last_row_of_its_section() -> None:
    paper = NewPaper.from_fields(
        {**NEW_2024, "url": CVF_2025_URL, "year": "2025", "section": "Weakly Supervised VAD", "code": ""}
    )
    proposal = propose(markdown_only(), paper)
    expected = f"| [A Brand New Approach to Video Anomaly Detection]({CVF_2025_URL}) | 2025 | C-CVPR | ![](./assets/video.svg) | - | - |"
    assert changes(read("README.md"), proposal.new_text) == ["+" + expected]
    assert proposal.placement.line == 159
    assert proposal.placement.before is None


def test_the_row_escapes_what_would_break_the_table() -> None:
    paper = NewPaper.from_fields({**NEW_2024, "title": "A | B [C] \\ D", "url": "https://a.org/x (1)|y"})
    proposal = propose(markdown_only(), paper)
    assert proposal.row.startswith(r"| [A \| B \[C\] \\ D](https://a.org/x%20%281%29%7Cy) | 2024 |")
    assert proposal.entry.title == r"A | B [C] \ D"
    assert proposal.entry.url == "https://a.org/x%20%281%29%7Cy"


def test_a_crlf_file_gets_a_crlf_row() -> None:
    crlf = read("README.md").replace("\n", "\r\n")
    proposal = propose(parse.parse_catalog({"README.md": crlf}), NewPaper.from_fields(NEW_2024))
    assert proposal.new_text.split("\r\n")[63] == NEW_2024_ROW
    assert proposal.new_text.count("\r\n") == crlf.count("\r\n") + 1
    assert "\n" not in proposal.new_text.replace("\r\n", "")


def test_a_file_without_a_final_newline_keeps_having_none() -> None:
    text = "# Papers\n\n| Title | Year |\n| --- | --- |\n| [A](https://a.org/1) | 2020 |"
    paper = NewPaper.from_fields({"title": "B", "url": "https://b.org/2", "year": "2021", "venue": "X"})
    proposal = propose(parse.parse_catalog({"list.md": text}), paper)
    assert proposal.new_text == text + "\n| [B](https://b.org/2) | 2021 |"


def test_a_compact_table_gets_a_compact_row() -> None:
    head = "|Title|Year|Venue|\n|---|---|---|\n|[A](https://a.org/1)|2020|X|\n|[B](https://b.org/2)|2020|X|\n"
    tail = "|[C](https://c.org/3)|2022|X|\n|[D](https://d.org/4)|2023|X|\n"
    paper = NewPaper.from_fields({"title": "New", "url": "https://n.org/9", "year": "2021", "venue": "X"})
    proposal = propose(parse.parse_catalog({"list.md": head + tail}), paper)
    assert proposal.new_text == head + "|[New](https://n.org/9)|2021|X|\n" + tail


NEWEST_FIRST = """\
| Title | Year | Venue |
| --- | --- | --- |
| [Paper E](https://e.org/5) | 2025 | C-CVPR |
| [Paper D](https://d.org/4) | 2024 | C-CVPR |
| [Paper C](https://c.org/3) | 2024 | C-CVPR |
| [Paper B](https://b.org/2) | 2022 | C-CVPR |
| [Paper A](https://a.org/1) | 2021 | C-CVPR |
"""


def test_a_newest_first_table_gets_the_paper_on_top_of_its_year() -> None:
    paper = NewPaper.from_fields({"title": "New paper", "url": "https://n.org/9", "year": "2024", "venue": "C-CVPR"})
    proposal = propose(parse.parse_catalog({"list.md": NEWEST_FIRST}), paper)
    assert proposal.new_text.splitlines()[3] == "| [New paper](https://n.org/9) | 2024 | C-CVPR |"
    assert proposal.placement.after.title == "Paper E"
    assert [f.rule for f in proposal.findings] == []


def test_an_unsorted_table_gets_the_paper_at_its_end() -> None:
    text = "| Title | Year |\n| --- | --- |\n" + "".join(
        f"| [P{year}](https://p.org/{year}) | {year} |\n" for year in (2020, 2023, 2019, 2024, 2018, 2021)
    )
    paper = NewPaper.from_fields({"title": "New", "url": "https://n.org/9", "year": "2022", "venue": "X"})
    proposal = propose(parse.parse_catalog({"list.md": text}), paper)
    assert proposal.new_text == text + "| [New](https://n.org/9) | 2022 |\n"


# --- a list generated from JSON data files: only the data file changes ---------------------------


def test_a_2024_paper_is_added_to_the_data_file_before_the_first_2025_object() -> None:
    proposal = propose(generated_list(), NewPaper.from_fields(NEW_2024))
    assert proposal.ready
    assert proposal.placement.path == "scripts/data.json"
    assert proposal.json_object == NEW_2024_OBJECT
    assert proposal.row == NEW_2024_ROW  # how the generated table will show it
    old_lines = read("scripts/data.json").splitlines(keepends=True)
    added = [line + "\n" for line in (NEW_2024_OBJECT + ",").split("\n")]
    # Lines 1-589 end with the last 2024 object's "  },"; the 2025 objects follow the new one.
    assert proposal.new_text == "".join(old_lines[:589] + added + old_lines[589:])
    assert old_lines[588] == "  },\n"
    assert (
        old_lines[590]
        == '    "Title": "AADC-Net: A Multimodal Deep Learning Framework for Automatic Anomaly Detection in Real-Time Surveillance",\n'
    )
    assert proposal.placement.line == 590
    assert (
        proposal.placement.after.title
        == "CroSA: Unsupervised domain adaptation abnormal behavior detection via cross-space alignment"
    )


def test_appending_to_a_data_file_adds_a_comma_to_the_last_object_only() -> None:
    paper = NewPaper.from_fields({**NEW_2024, "url": CVF_2025_URL, "year": "2025", "section": "surveys"})
    proposal = propose(generated_list(), paper)
    assert proposal.placement.path == "scripts/data_surveys.json"
    old_lines = read("scripts/data_surveys.json").splitlines(keepends=True)
    added = [line + "\n" for line in NEW_2024_OBJECT.replace("2024", "2025").split("\n")]
    assert old_lines[-2:] == ["  }\n", "]\n"]
    assert proposal.new_text == "".join(old_lines[:-2] + ["  },\n"] + added + ["]\n"])


def test_a_small_data_file_keeps_its_own_blank_value_style() -> None:
    paper = NewPaper.from_fields({**NEW_2024, "section": "New VAD Datasets"})
    proposal = propose(generated_list(), paper)
    assert proposal.placement.path == "scripts/data_datasets.json"
    assert proposal.json_object.endswith('"ModelLink": "-"\n  }')
    assert proposal.new_text.endswith('"ModelLink": "-"\n  }\n\n\n\n\n]\n')


def test_every_data_file_is_found_for_its_section() -> None:
    found = sections.targets(generated_list())
    assert [(target.label, target.path) for target in found] == [
        ("Awesomme Video Anomaly Detection", "scripts/data.json"),
        ("Weakly Supervised VAD", "scripts/data_weakly.json"),
        ("Surveys", "scripts/data_surveys.json"),
        ("New VAD Datasets", "scripts/data_datasets.json"),
    ]


def test_the_config_can_say_which_data_files_a_table_comes_from() -> None:
    found = sections.targets(generated_list(), {"README.md": ["docs/*.json"]})
    assert [target.path for target in found] == ["README.md"] * 4


def test_a_list_of_data_files_only_is_targeted_by_file() -> None:
    found = sections.targets(catalog_of(*DATA_FILES))
    assert [(target.label, target.path) for target in found] == [
        ("Main list", "scripts/data.json"),
        ("weakly", "scripts/data_weakly.json"),
        ("surveys", "scripts/data_surveys.json"),
        ("datasets", "scripts/data_datasets.json"),
    ]
    proposal = propose(catalog_of(*DATA_FILES), NewPaper.from_fields({**NEW_2024, "section": "weakly"}))
    assert proposal.row is None
    assert proposal.placement.path == "scripts/data_weakly.json"


def test_a_task_is_spelt_as_the_data_file_spells_it() -> None:
    proposal = propose(generated_list(), NewPaper.from_fields({**NEW_2024, "task": "video"}))
    assert '"Task": [ "Video" ],' in proposal.json_object


def test_a_number_year_stays_a_number() -> None:
    text = '[\n  {"Title": "A", "Link": "https://a.org/1", "Date": 2020, "Venue": "X"}\n]\n'
    paper = NewPaper.from_fields({"title": "B", "url": "https://b.org/2", "year": "2021", "venue": "X"})
    proposal = propose(parse.parse_catalog({"data.json": text}), paper)
    assert proposal.new_text == (
        '[\n  {"Title": "A", "Link": "https://a.org/1", "Date": 2020, "Venue": "X"},\n'
        '  {\n    "Title": "B",\n    "Link": "https://b.org/2",\n    "Date": 2021,\n    "Venue": "X"\n  }\n]\n'
    )


def test_an_empty_data_file_gets_its_first_object() -> None:
    entries = (("A", 2020), ("B", 2021))
    text = (
        "[\n"
        + ",\n".join(f'  {{"Title": "{t}", "Link": "https://x.org/{t}", "Date": "{y}"}}' for t, y in entries)
        + "\n]\n"
    )
    catalog = parse.parse_catalog({"data.json": text})
    document = catalog.documents[0]
    assert insert.insert_object("[]\n", (), '  {\n    "Title": "N"\n  }', 0) == (
        '[\n  {\n    "Title": "N"\n  }\n]\n',
        2,
    )
    assert insert.insert_object(text, document.entries, '  {"Title": "N"}', 0) == (
        '[\n  {"Title": "N"},\n' + text[2:],
        2,
    )


@pytest.mark.parametrize(
    "text",
    [
        '[{"Title": "A", "Venue": "X"}, {"Title": "B", "Venue": "X"}]\n',  # every object on one line
        '[\n  {"Title": "A", "Venue": "X"}]\n',  # "}]" on one line
    ],
)
def test_a_layout_without_room_for_a_clean_insertion_is_refused(text: str) -> None:
    document = parse.parse_catalog({"data.json": text}).documents[0]
    assert insert.insert_object(text, document.entries, '  {"Title": "N"}', len(document.entries)) is None
    assert insert.insert_object(text, document.entries, '  {"Title": "N"}', 1) is None
    paper = NewPaper.from_fields({"title": "N", "url": "https://n.org/1", "year": "2022", "venue": "X"})
    proposal = propose(parse.parse_catalog({"data.json": text}), paper)
    assert proposal.problems == (RequestProblem(ProblemKind.UNPLACEABLE, "section", "data.json"),)
    assert not proposal.ready


# --- problems with the request ----------------------------------------------------------------------


def test_missing_fields_and_a_bad_year_are_problems_before_anything_is_built() -> None:
    proposal = propose(markdown_only(), NewPaper.from_fields({"title": "T", "year": "24"}))
    assert proposal.problems == (
        RequestProblem(ProblemKind.MISSING, "url"),
        RequestProblem(ProblemKind.MISSING, "venue", choices=("C-CVPR", "C-WACV", "J-PR")),
        RequestProblem(ProblemKind.BAD_YEAR, "year", "24"),
    )
    assert proposal.placement is None and not proposal.ready


def test_an_unknown_section_is_a_problem_with_suggestions() -> None:
    proposal = propose(markdown_only(), NewPaper.from_fields({**NEW_2024, "section": "Weakly supervised"}))
    assert proposal.problems == (
        RequestProblem(
            ProblemKind.UNKNOWN_SECTION,
            "section",
            "Weakly supervised",
            ("Weakly Supervised VAD",),
            ("Awesomme Video Anomaly Detection", "Weakly Supervised VAD", "Surveys", "New VAD Datasets"),
        ),
    )


def test_a_section_is_found_whatever_its_case_and_spacing() -> None:
    proposal = propose(markdown_only(), NewPaper.from_fields({**NEW_2024, "section": "  weakly supervised  vad "}))
    assert proposal.placement.target.label == "Weakly Supervised VAD"


def test_a_repository_without_a_list_is_a_problem() -> None:
    proposal = propose(parse.parse_catalog({"README.md": "# Nothing here\n"}), NewPaper.from_fields(NEW_2024))
    assert proposal.problems == (RequestProblem(ProblemKind.NO_LIST, "section"),)


ECCV_URL = "https://www.ecva.net/papers/eccv_2024/papers_ECCV/papers/01234.pdf"


@pytest.mark.parametrize(
    ("written", "url", "canonical"),
    [
        ("C-CVPR", CVF_URL, "C-CVPR"),
        ("c-cvpr", CVF_URL, "C-CVPR"),
        ("CVPR", CVF_URL, "C-CVPR"),
        ("eccv", ECCV_URL, "C-ECCV"),
    ],
)
def test_the_venue_takes_the_lists_own_spelling(written: str, url: str, canonical: str) -> None:
    proposal = propose(markdown_only(), NewPaper.from_fields({**NEW_2024, "url": url, "venue": written}))
    assert proposal.paper.venue == canonical
    assert f"| 2024 | {canonical} |" in proposal.row
    assert proposal.ready


def test_an_unknown_venue_is_a_problem_with_the_closest_spellings() -> None:
    proposal = propose(markdown_only(), NewPaper.from_fields({**NEW_2024, "venue": "C-CVRP"}))
    assert proposal.problems[0].kind is ProblemKind.UNKNOWN_VENUE
    assert proposal.problems[0].suggestions[0] == "C-CVPR"
    assert proposal.row is not None  # the row is still shown, so the contributor sees what it would be
    assert not proposal.ready


# --- the rules judge the entry in place ---------------------------------------------------------------


def test_certain_fixes_are_applied_to_the_new_entry_and_listed() -> None:
    dirty = {**NEW_2024, "url": CVF_URL + "?utm_source=twitter&utm_medium=social"}
    proposal = propose(markdown_only(), NewPaper.from_fields(dirty))
    assert proposal.row == NEW_2024_ROW
    assert [finding.rule for finding in proposal.fixed] == ["title-link"]
    assert proposal.findings == ()
    assert proposal.ready


def test_links_that_are_not_web_addresses_are_problems_before_anything_is_built() -> None:
    paper = NewPaper.from_fields(
        {**NEW_2024, "url": "javascript:alert(1)", "code": "github.com/x", "model": "https://hf.co/m"}
    )
    proposal = propose(markdown_only(), paper)
    assert proposal.problems == (
        RequestProblem(ProblemKind.NOT_A_LINK, "url", "javascript:alert(1)"),
        RequestProblem(ProblemKind.NOT_A_LINK, "code", "github.com/x"),
    )
    assert proposal.row is None and not proposal.ready


def test_every_field_is_checked_on_its_own_so_every_problem_is_listed() -> None:
    no_year = propose(markdown_only(), NewPaper.from_fields({**NEW_2024, "year": "", "venue": "NOPE"}))
    assert [(p.kind, p.field) for p in no_year.problems] == [
        (ProblemKind.MISSING, "year"),
        (ProblemKind.UNKNOWN_VENUE, "venue"),
    ]
    no_title = propose(
        markdown_only(), NewPaper.from_fields({"url": "notaurl", "year": "2025", "venue": "NOPE", "section": "Nowhere"})
    )
    assert [(p.kind, p.field, p.value) for p in no_title.problems] == [
        (ProblemKind.MISSING, "title", ""),
        (ProblemKind.NOT_A_LINK, "url", "notaurl"),
        (ProblemKind.UNKNOWN_SECTION, "section", "Nowhere"),
        (ProblemKind.UNKNOWN_VENUE, "venue", "NOPE"),
    ]


def test_a_title_with_an_html_tag_is_refused_and_angle_brackets_are_escaped_in_the_row() -> None:
    hostile = propose(
        markdown_only(), NewPaper.from_fields({**NEW_2024, "title": "Hi <img src=x onerror=alert(1)> there"})
    )
    assert hostile.problems == (RequestProblem(ProblemKind.HTML_TITLE, "title", "<img src=x onerror=alert(1)>"),)
    assert hostile.row is None and hostile.new_text is None
    compared = propose(
        markdown_only(), NewPaper.from_fields({**NEW_2024, "title": "Why a < b and c > d in Anomaly Scores"})
    )
    assert compared.ready
    assert compared.row.startswith(r"| [Why a \< b and c \> d in Anomaly Scores](")


def test_warnings_do_not_block() -> None:
    proposal = propose(markdown_only(), NewPaper.from_fields({**NEW_2024, "code": "https://example.org/project"}))
    assert [(f.rule, f.severity) for f in proposal.findings] == [("cells", Severity.INFO)]
    assert proposal.ready


def test_only_the_new_entry_is_judged() -> None:
    # The real list has a glued header and broken rows; none of that is the new entry's business.
    seed = catalog_of("README.seed.md")
    proposal = propose(seed, NewPaper.from_fields(NEW_2024))
    assert all(f.location.line == proposal.placement.line for f in proposal.findings)


# --- the pieces ---------------------------------------------------------------------------------------


def test_a_row_follows_the_column_order_of_its_table() -> None:
    text = "| Year | Title | Code |\n| --- | --- | --- |\n| 2020 | [A](https://a.org/1) | [code](https://github.com/a/a) |\n"
    catalog = parse.parse_catalog({"list.md": text})
    target = sections.targets(catalog)[0]
    paper = NewPaper.from_fields(
        {"title": "B", "url": "https://b.org/2", "year": "2021", "venue": "X", "code": "https://github.com/b/b"}
    )
    assert (
        render_row(target.table, target.rows, paper)
        == "| 2021 | [B](https://b.org/2) | [code](https://github.com/b/b) |"
    )


def test_an_unknown_task_gets_a_badge_in_the_lists_style() -> None:
    target = sections.targets(markdown_only())[0]
    paper = NewPaper.from_fields({**NEW_2024, "task": "Audio, video"})
    assert (
        render_row(target.table, target.rows, paper).split(" | ")[3]
        == "![](./assets/audio.svg) ![](./assets/video.svg)"
    )


def test_an_object_keeps_the_files_key_order_and_indentation_and_fills_its_own_year_key() -> None:
    text = '[\n    {\n        "Link": "https://a.org/1",\n        "Title": "A",\n        "Year": "2020"\n    }\n]\n'
    document = parse.parse_catalog({"d.json": text}).documents[0]
    paper = NewPaper.from_fields({"title": "B", "url": "https://b.org/2", "year": "2021", "venue": "X"})
    assert (
        render_object(document, paper)
        == '    {\n        "Link": "https://b.org/2",\n        "Title": "B",\n        "Year": "2021"\n    }'
    )


@pytest.mark.parametrize(
    ("years", "year", "slot"),
    [
        ([2020, 2021, 2021, 2023], 2021, 3),  # oldest first: after its year
        ([2020, 2021, 2021, 2023], 2019, 0),
        ([2020, 2021, 2021, 2023], 2030, 4),
        ([2023, 2021, 2021, 2020], 2021, 1),  # newest first: before its year
        ([2023, 2021, 2021, 2020], 2019, 4),
    ],
)
def test_year_slots(years: list[int], year: int, slot: int) -> None:
    order = year_order.learn(years)
    assert year_order.slot(order, years, year) == slot


def test_year_order_needs_enough_sorted_rows() -> None:
    assert year_order.learn([2020, 2021, 2022]) is None
    assert year_order.learn([2020, 2024, 2019, 2023, 2018]) is None
    assert year_order.learn([2020, 2021, 2019, 2022, 2023]) == year_order.YearOrder(False, (0, 1, 3, 4))


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("J-PR", "J-PR"),  # the list's own spelling
        ("arxiv", "arxiv"),  # also the list's own, though the registry writes arXiv
        ("Pattern Recognition", "J-PR"),  # a registry venue's full name
        ("j-itocnsvt", "J-TCSVT"),  # a registry alias
        ("TPAMI", "J-TPAMI"),  # a bare name in a list of C-/J- codes
        ("c-wacv", "C-WACV"),
    ],
)
def test_venues_are_canonicalised_by_the_list_then_the_registry(written: str, canonical: str) -> None:
    assert insert.canonical_venue(written, markdown_only()) == (canonical, None)


def test_a_venue_from_the_repository_config_is_known() -> None:
    workshop = venues.VenueSpec(code="C-VADW", name="Video Anomaly Detection Workshop", kind=VenueKind.WORKSHOP)
    registry = venues.registry([workshop])
    assert insert.canonical_venue("video anomaly detection workshop", markdown_only(), registry) == ("C-VADW", None)
    venue, problem = insert.canonical_venue("video anomaly detection workshop", markdown_only())
    assert problem is not None and problem.kind is ProblemKind.UNKNOWN_VENUE


def test_an_unknown_venue_gets_registry_and_list_suggestions() -> None:
    venue, problem = insert.canonical_venue("C-CVRP", markdown_only())
    assert venue == "C-CVRP"
    assert problem == RequestProblem(
        ProblemKind.UNKNOWN_VENUE, "venue", "C-CVRP", problem.suggestions, ("C-CVPR", "C-WACV", "J-PR")
    )
    assert problem.suggestions[0] == "C-CVPR" and len(problem.suggestions) <= 3


def test_an_unknown_venue_is_told_once() -> None:
    # A link that names no venue: the venue-unknown rule has something to say, and is left out.
    fields = {**NEW_2024, "url": "https://example.org/papers/123", "venue": "J-NOSUCHVENUE"}
    proposal = propose(markdown_only(), NewPaper.from_fields(fields))
    assert [problem.kind for problem in proposal.problems] == [ProblemKind.UNKNOWN_VENUE]
    assert [finding.rule for finding in proposal.findings] == []


# --- duplicates (helper B's lookup) ---------------------------------------------------------------------


BN_WVAD = {
    "title": "BatchNorm-based weakly supervised video anomaly detection",
    "url": "https://ieeexplore.ieee.org/document/10649595",
    "year": "2024",
    "venue": "J-TCSVT",
    "section": "weakly",
}


def test_a_paper_already_listed_is_said_where_it_is_with_default_branch_lines() -> None:
    proposal = propose(generated_list(), NewPaper.from_fields(BN_WVAD))
    # The real list has this paper four times in its data file; the README's rows are its generated copies.
    assert [(listed.entry.path, listed.entry.line, listed.section) for listed in proposal.existing] == [
        ("scripts/data_weakly.json", 2, "Weakly Supervised VAD"),
        ("scripts/data_weakly.json", 74, "Weakly Supervised VAD"),
        ("scripts/data_weakly.json", 230, "Weakly Supervised VAD"),
        ("scripts/data_weakly.json", 254, "Weakly Supervised VAD"),
    ]
    assert (
        read("scripts/data_weakly.json").splitlines()[2]
        == '    "Title": "BatchNorm-based Weakly Supervised Video Anomaly Detection",'
    )
    assert not proposal.ready and proposal.fixed == ()


def test_a_paper_listed_in_another_section_is_a_duplicate_too() -> None:
    proposal = propose(markdown_only(), NewPaper.from_fields({**BN_WVAD, "section": "Surveys"}))
    assert (proposal.existing[0].entry.path, proposal.existing[0].entry.line, proposal.existing[0].section) == (
        "README.md",
        125,
        "Weakly Supervised VAD",
    )
    assert not proposal.ready


def test_a_link_naming_another_listed_paper_blocks_without_being_a_duplicate() -> None:
    fields = {**BN_WVAD, "title": "Something Completely Different About Crowds"}
    proposal = propose(generated_list(), NewPaper.from_fields(fields))
    assert proposal.existing == ()
    assert proposal.blocking and all(finding.rule == "duplicate" for finding in proposal.blocking)
    assert not proposal.ready


def test_a_title_that_only_looks_like_a_listed_one_is_a_note_not_a_block() -> None:
    fields = {**BN_WVAD, "title": BN_WVAD["title"] + " revisited", "url": "https://arxiv.org/abs/2501.09999"}
    proposal = propose(generated_list(), NewPaper.from_fields(fields))
    assert proposal.existing == ()
    assert [(listed.entry.line, listed.section) for listed in proposal.similar] == [
        (2, "Weakly Supervised VAD"),
        (74, "Weakly Supervised VAD"),
        (230, "Weakly Supervised VAD"),
        (254, "Weakly Supervised VAD"),
    ]
    assert [finding.rule for finding in proposal.findings] == ["venue-contradicted"]
    assert proposal.ready


def test_a_table_under_a_bare_heading_is_named_by_the_lists_title_and_main_list_still_finds_it() -> None:
    found = sections.targets(markdown_only())
    # The same name reviews give the table when it sits right under the title (older versions of this README).
    assert found[0].label == "Awesomme Video Anomaly Detection" and found[0].table.section == ""
    assert sections.find(found, "main list") is found[0]
    untitled = parse.parse_catalog({"README.md": "| Title | Year |\n| --- | --- |\n| [A](https://a.org/1) | 2020 |\n"})
    assert [target.label for target in sections.targets(untitled)] == ["Main list"]

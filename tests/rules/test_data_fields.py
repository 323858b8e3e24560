"""Data-file fields the generated page shows (``data-field``) and the dates of data objects (``year``): on
the first list's data files and its history (a template's ``000001.jpg`` model, ``Conf`` and ``Jour``,
``00 Jan 2024``, a website that is the code link, ``ICCV'2023`` dated 2022), and on cases built here in
JSON and YAML, bad input included."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest
import yaml

from rules import engine, fixes, parse
from rules.dialects import jsondata
from rules.model import Finding, Severity
from tests.conftest import LIST_DIR

HISTORY = LIST_DIR / "history"
OURS = ("data-field/", "year/no-such-date", "year/date-contradicts-year")


def findings(texts: dict[str, str]) -> list[Finding]:
    return [finding for finding in engine.check(parse.parse_catalog(texts)) if finding.code.startswith(OURS)]


def found(texts: dict[str, str]) -> list[tuple[str, str, int]]:
    return [(finding.code, finding.location.path, finding.location.line) for finding in findings(texts)]


def history(case: str, path: str) -> dict[str, str]:
    return {path: (HISTORY / case / "head" / path).read_text(encoding="utf-8")}


def vad_object(title: str, **fields: object) -> dict[str, object]:
    """An object in the first list's shape: its keys, its order, a code link and a model label."""
    data: dict[str, object] = {
        "Title": title,
        "Link": f"https://arxiv.org/abs/2401.{zlib.crc32(title.encode()) % 90000 + 10000}",
        "Date": "2024",
        "Venue": "arXiv",
        "Task": ["Video"],
        "Resource": {"Code": "-"},
        "Model": "Model",
        "ModelLink": "https://drive.google.com/file/d/x/view",
    }
    data.update(fields)
    return data


def vad_file(*objects: dict[str, object]) -> str:
    """The objects written as the first list writes them: one key a line, short arrays inline."""
    return "[\n" + ",\n".join(jsondata.render_object(data) for data in objects) + "\n]\n"


def papers(count: int, **fields: object) -> list[dict[str, object]]:
    return [vad_object(f"Video anomaly paper number {number}", **fields) for number in range(count)]


# The first list today: every `[Model]()` of its README comes from an empty `ModelLink`.


def test_the_first_lists_empty_model_links_are_one_note_per_file_and_one_for_a_lone_dash() -> None:
    texts = {
        f"scripts/{path.name}": path.read_text(encoding="utf-8")
        for path in sorted((LIST_DIR / "scripts").glob("data*.json"))
    }
    result = findings(texts)
    # Hand count (python: Counter of each file's ModelLink values): data.json 97 "" of 105 (the first at
    # line 108), data_surveys.json 11 of 11, data_weakly.json 33 "" and one "-" of 34, data_datasets.json
    # its one object's "-".
    assert [(f.code, f.location.path, f.location.line, len(f.related)) for f in result] == [
        ("data-field/empty-link", "scripts/data.json", 108, 96),
        ("data-field/empty-link", "scripts/data_datasets.json", 12, 0),
        ("data-field/empty-link", "scripts/data_surveys.json", 12, 10),
        ("data-field/empty-link", "scripts/data_weakly.json", 12, 33),
    ]
    weakly, datasets = result[3], result[1]
    assert weakly.message.startswith("34 objects of this file leave `ModelLink` without a link beside `Model`")
    assert "`[Model]()` or `[Model](-)`" in weakly.message
    assert datasets.message.startswith("`ModelLink` is `-`, so the generated page shows `[Model](-)`")
    assert all(f.fix is None and f.severity is Severity.WARNING for f in result)
    assert [location.line for location in result[0].related[:3]] == [120, 132, 144]


def test_a_few_empty_model_links_are_reported_one_by_one_at_their_key() -> None:
    objects = papers(8)
    objects[2]["ModelLink"] = ""
    objects[5]["ModelLink"] = "#"
    text = vad_file(*objects)
    result = findings({"scripts/data.json": text})
    lines = text.splitlines()
    assert [(f.code, lines[f.location.line - 1].strip()) for f in result] == [
        ("data-field/empty-link", '"ModelLink": "",'.rstrip(",")),
        ("data-field/empty-link", '"ModelLink": "#"'),
    ]
    assert "shows `[Model]()`" in result[0].message and "shows `[Model](#)`" in result[1].message


def test_a_model_link_without_a_label_or_without_its_key_is_not_an_empty_link() -> None:
    objects = papers(6)
    for data in objects:
        del data["Model"]  # no label: the page shows no link for an empty ModelLink
        data["ModelLink"] = ""
    assert found({"scripts/data.json": vad_file(*objects)}) == []
    objects = papers(6)
    for data in objects:
        del data["ModelLink"]  # the file has no model links at all
    assert found({"scripts/data.json": vad_file(*objects)}) == []


def test_a_habit_note_is_given_when_its_first_object_is_judged_and_silenced_by_its_suppression() -> None:
    objects = papers(6, ModelLink="")
    text = vad_file(*objects)
    catalog = parse.parse_catalog({"scripts/data.json": text})
    first, last = catalog.entries[0], catalog.entries[-1]
    codes = [f.code for f in engine.check(catalog, targets=[first]) if f.code.startswith(OURS)]
    assert codes == ["data-field/empty-link"]
    assert [f for f in engine.check(catalog, targets=[last]) if f.code.startswith(OURS)] == []
    objects[0]["paper-triage"] = "ignore data-field/empty-link"
    assert found({"scripts/data.json": vad_file(*objects)}) == []


# The list's history: another list's template copied in, and the slips it brought.


def test_a_templates_image_file_and_its_website_badge_on_the_code_link_are_reported() -> None:
    texts = history("016-7c08a40", "data.json")
    result = findings(texts)
    assert [(f.code, f.location.line) for f in result] == [
        ("data-field/file-name", 11),
        ("data-field/website-is-code", 20),
    ]
    assert result[0].message.startswith("`Model` holds a file name (`000001.jpg`)")
    assert "`Resource.Website` is the same link as `Resource.Code`" in result[1].message


def test_kind_words_in_the_model_label_and_a_year_the_venue_contradicts() -> None:
    result = findings(history("037-4825973", "scripts/data.json"))
    assert [(f.code, f.location.line) for f in result] == [
        ("year/date-contradicts-year", 5),
        ("data-field/kind-word", 12),
        ("data-field/kind-word", 24),
    ]
    assert result[0].message == "`Venue` says 2023 (`ICCV'2023`), but `Date` says 2022. Make them agree."
    assert result[0].related[0].line == 6
    assert result[1].message.startswith("`Model` holds `Conf`, a kind of venue, which the page shows")
    later = findings(history("039-528059c", "scripts/data.json"))
    assert [(f.code, f.message.split(",")[0]) for f in later] == [
        ("data-field/kind-word", "`Model` holds `Conf`"),
        ("data-field/kind-word", "`Model` holds `Jour`"),
    ]


def test_a_date_that_does_not_exist_is_reported_at_its_key() -> None:
    result = findings(history("002-03fde4f", "data.json"))
    assert [(f.code, f.location.line, f.severity) for f in result][:1] == [("year/no-such-date", 5, Severity.ERROR)]
    assert result[0].message.startswith("`00 Jan 2024` is not a real date: there is no day 0 of January.")


def test_a_first_online_date_before_the_venues_year_agrees_with_it() -> None:
    # The template's own data: "Initial Date": "19 Dec 2022" beside "ICCV'2023" is the arXiv date.
    assert found(history("027-98423e6", "scripts/data.json")) == []


def test_the_lower_case_task_of_the_lists_history_is_fixed_where_the_others_write_it_capitalised() -> None:
    # Commit 042 wrote `"Task": ["video"]` (its two objects) while the data files after it write "Video":
    # judged with the 67 objects of the next state's data.json, both are near misses with a certain fix.
    texts = history("042-05479ba", "scripts/data.json")
    texts["scripts/data_weakly.json"] = (HISTORY / "068-407dcbf" / "head" / "scripts" / "data_weakly.json").read_text(
        encoding="utf-8"
    )
    result = findings(texts)
    assert [(f.code, f.location.line, f.fix) for f in result if f.location.path == "scripts/data.json"] == [
        ("data-field/unknown-task", 7, '        "Task": ["Video"],'),
        ("data-field/unknown-task", 19, '        "Task": ["Video"],'),
    ]
    assert (
        result[0].message == "The task `video` is not one of this list's tasks; it looks like `Video`. Write `Video`."
    )
    fixed, _ = fixes.apply_fixes(texts["scripts/data.json"], result)
    assert {tuple(data["Task"]) for data in json.loads(fixed)} == {("Video",)}
    alone = findings(history("042-05479ba", "scripts/data.json"))
    assert alone == []  # on their own, the two are the list's whole set


def test_an_empty_task_is_reported_without_a_fix() -> None:
    # Commit 068's data_surveys.json: eight objects of "Video" and one of "" (line 91).
    empty = [f for f in findings(history("068-407dcbf", "scripts/data_surveys.json")) if "task" in f.code]
    assert [(f.code, f.location.line, f.fix) for f in empty] == [("data-field/unknown-task", 91, None)]
    assert empty[0].message == (
        "A task of this object is empty: the page has no badge for it. Write one of the list's tasks (`Video`)."
    )


# Tasks: near misses of the list's own, not tasks that are only rare.


@pytest.mark.parametrize(
    ("task", "meant", "fixed"),
    [
        ("video", "Video", True),
        ("VIDEO ", "Video", True),
        ("Vidoe", "Video", False),
        ("Videos", "Video", False),
    ],
)
def test_a_rare_task_alike_a_common_one_is_a_near_miss(task: str, meant: str, fixed: bool) -> None:
    objects = [*papers(12), vad_object("A paper with an odd task", Task=[task])]
    result = findings({"scripts/data.json": vad_file(*objects)})
    assert [f.code for f in result] == ["data-field/unknown-task"]
    assert f"it looks like `{meant}`" in result[0].message
    assert (result[0].fix is not None) is fixed


def test_a_rare_task_unlike_the_others_is_left_alone_and_so_are_tasks_with_no_common_set() -> None:
    objects = [*papers(12), vad_object("An image paper", Task=["Image"]), vad_object("Audio", Task=["Speech"])]
    assert found({"scripts/data.json": vad_file(*objects)}) == []
    assert found({"scripts/data.json": vad_file(vad_object("Only one", Task=["Vidoe"]))}) == []


def test_the_markdown_badge_check_leaves_data_tasks_to_data_field() -> None:
    objects = [*papers(24), vad_object("A few-shot paper", Task=["Few-shot"])]
    codes = {f.code for f in engine.check(parse.parse_catalog({"scripts/data.json": vad_file(*objects)}))}
    assert "cells/unknown-badge" not in codes


# YAML, keys of other names, and bad input.

YAML_PAPERS = "".join(
    f"- title: Flow paper {number}\n  url: https://arxiv.org/abs/2301.{10000 + number}\n  date: 2023-01-0{number + 1}\n"
    f"  tasks: [density]\n  repo: https://github.com/o/flow{number}\n"
    for number in range(6)
)


def test_yaml_keys_of_other_names_are_judged_at_their_lines() -> None:
    text = YAML_PAPERS + (
        "- title: A flow with a template's fields\n"  # line 31
        "  url: https://arxiv.org/abs/2302.00001\n"
        "  date: 2023-02-30\n"
        "  year: 2022\n"
        "  tasks: [Densty]\n"
        "  repo: https://github.com/o/flowx\n"
        "  homepage: https://github.com/o/flowx/\n"
        "  model_name: thumbnail.png\n"
        "  weights: ''\n"
    )
    assert found({"data/publications.yml": text}) == [
        ("year/no-such-date", "data/publications.yml", 33),
        ("data-field/unknown-task", "data/publications.yml", 35),
        ("data-field/website-is-code", "data/publications.yml", 37),
        ("data-field/file-name", "data/publications.yml", 38),
        ("data-field/empty-link", "data/publications.yml", 39),
    ]


def test_yaml_date_and_year_that_disagree_and_a_first_online_date_that_may_precede() -> None:
    text = (
        YAML_PAPERS
        + "- title: Dated twice\n  url: https://arxiv.org/abs/2302.00002\n  date: 2024-01-05\n  year: 2023\n"
    )
    result = findings({"data/publications.yml": text})
    assert [(f.code, f.location.line, f.related[0].line) for f in result] == [("year/date-contradicts-year", 33, 34)]
    assert result[0].message == "`year` says 2023, but `date` says 2024. Make them agree."
    # A file dated by year, some objects with the day they went online: that day may come first, not after.
    dated = "".join(
        f"- title: Paper {name}\n  url: https://arxiv.org/abs/2302.0000{number}\n  year: {year}\n  initial_date: {online}\n"
        for number, (name, year, online) in enumerate(
            [
                ("first online", 2024, "2023-12-20"),
                ("same year", 2023, "2023-01-02"),
                ("online after", 2023, "2024-01-02"),
            ]
        )
    )
    assert found({"data/publications.yml": dated}) == [("year/date-contradicts-year", "data/publications.yml", 11)]


def test_a_yaml_file_with_a_date_no_calendar_has_is_read_not_refused() -> None:
    text = "- title: A\n  url: https://arxiv.org/abs/2401.00001\n  date: 2024-02-30\n  month_date: 2024-13-01\n"
    document = parse.parse_document("data/publications.yml", text)
    assert (len(document.entries), document.entries[0].year) == (1, "2024-02-30")
    assert document.entries[0].data == yaml.load(text, Loader=yaml.BaseLoader)[0]


@pytest.mark.parametrize(
    ("fields", "codes"),
    [
        ({"Model": None, "ModelLink": None, "Task": None}, []),
        ({"Model": "Model", "ModelLink": None}, ["data-field/empty-link"]),
        ({"Model": 3, "ModelLink": 0, "Task": [1, None]}, []),
        ({"Model": ["Conf"], "Task": "Video"}, []),
        (
            {"Resource": {"Code": ["https://github.com/o/r"], "Website": ["https://github.com/o/r"]}},
            ["data-field/website-is-code"],
        ),
        (
            {"Resource": {"Code": "https://github.com/o/r", "Website": "http://www.github.com/o/r/"}},
            ["data-field/website-is-code"],
        ),
        ({"Resource": "https://github.com/o/r", "Website": None}, []),
        ({"Date": 2024}, []),
        ({"Date": 20240230}, []),
    ],
)
def test_values_of_other_types_never_crash_the_rule(fields: dict[str, object], codes: list[str]) -> None:
    objects = [*papers(8), vad_object("The odd one", **fields)]
    result = engine.check(parse.parse_catalog({"scripts/data.json": vad_file(*objects)}))
    assert not [f for f in result if "failed on this list" in f.message]
    assert [f.code for f in result if f.code.startswith(OURS)] == codes


def test_a_task_written_as_text_is_judged_like_a_list_of_one() -> None:
    objects = [*papers(8, Task="Video"), vad_object("The odd one", Task="video")]
    assert [code for code, _, _ in found({"scripts/data.json": vad_file(*objects)})] == ["data-field/unknown-task"]


def test_markdown_rows_are_not_data_fields_but_their_dates_are_dates() -> None:
    table = "| Title | Date | Venue |\n| --- | --- | --- |\n"
    rows = "".join(f"| [Paper {n}](https://arxiv.org/abs/2401.0000{n}) | 1{n} Jan 2024 | arXiv |\n" for n in range(5))
    text = table + rows + "| [Paper x](https://arxiv.org/abs/2401.00009) | 31 Apr 2024 | arXiv |\n"
    assert found({"README.md": text}) == [("year/no-such-date", "README.md", 8)]


def test_the_janosh_yaml_has_no_data_field_findings() -> None:
    path = Path(__file__).parents[1] / "fixtures/lists/janosh__awesome-normalizing-flows/snapshot/data/publications.yml"
    assert found({"data/publications.yml": path.read_text(encoding="utf-8")}) == []


def test_a_suppression_in_yaml_silences_a_data_field_code() -> None:
    text = YAML_PAPERS + (
        "- title: Thumbnail  # paper-triage: ignore data-field/file-name\n"
        "  url: https://arxiv.org/abs/2302.00001\n  date: 2023-02-01\n  model: cover.jpg\n"
    )
    catalog = parse.parse_catalog({"data/publications.yml": text})
    assert [f.code for f in engine.check(catalog) if f.code.startswith(("data-field", "suppression"))] == []
    unsuppressed = text.replace("  # paper-triage: ignore data-field/file-name", "")
    assert [code for code, _, _ in found({"data/publications.yml": unsuppressed})] == ["data-field/file-name"]


def test_a_date_to_the_day_may_precede_its_venues_year_a_bare_year_may_not() -> None:
    def paper(number: int, date: str, venue: str) -> str:
        return f"- title: Paper {number}\n  url: https://arxiv.org/abs/2312.0000{number}\n  date: {date}\n  venue: {venue}\n"

    text = paper(1, "2023-12-20", "CVPR 2024") + paper(2, "2023", "CVPR 2024") + paper(3, "2024", "arXiv 2023")
    result = findings({"data/publications.yml": text})
    assert [(f.code, f.location.line) for f in result] == [("year/date-contradicts-year", 7)]
    assert result[0].message == "`venue` says 2024 (`CVPR 2024`), but `date` says 2023. Make them agree."

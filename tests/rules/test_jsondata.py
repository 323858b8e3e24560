"""The JSON data-file parser: entries with exact field lines, style-preserving rendering, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rules.dialects.jsondata import JsonListError, parse_json, render_entry, replace_fields

LIST = Path(__file__).parent.parent / "fixtures" / "lists" / "video-anomaly-detection"


@pytest.mark.parametrize("name", ["data.json", "data_weakly.json", "data_surveys.json", "data_datasets.json"])
def test_every_object_of_the_real_data_files_round_trips_byte_for_byte(name: str) -> None:
    document = parse_json(name, (LIST / "scripts" / name).read_text(encoding="utf-8"))
    assert document.entries
    assert [entry.line for entry in document.entries if render_entry(entry, entry.data) != entry.raw] == []


def test_an_entry_knows_the_line_of_each_field() -> None:
    document = parse_json("scripts/data.json", (LIST / "scripts" / "data.json").read_text(encoding="utf-8"))
    entry = document.entries[0]
    assert (entry.line, entry.end_line, entry.section) == (2, 13, "")
    assert dict(entry.field_lines.pairs(entry.line)) == {
        "Title": 3,
        "Link": 4,
        "Date": 5,
        "Venue": 6,
        "Task": 7,
        "Resource": 8,
        "Resource.Code": 9,
        "Model": 11,
        "ModelLink": 12,
    }
    assert (entry.title, entry.year, entry.venue, entry.tasks) == (
        "Ada-VAD: Domain Adaptable Video Anomaly Detection",
        "2024",
        "C-SIAM",
        ("video",),
    )
    assert parse_json("scripts/data_weakly.json", "[]").entries == ()
    assert parse_json("scripts/data_weakly.json", '[{"Title": "x"}]').entries[0].section == "weakly"


def test_objects_written_alike_share_one_record_of_their_key_lines() -> None:
    text = (
        '[\n  {"Title": "A",\n   "Date": "2020"},\n  {"Title": "B",\n   "Date": "2021"},\n'
        '  {"Title": "C", "Date": "2022"},\n  {"Title": "D",\n   "Title": "E"}\n]'
    )
    first, second, third, repeated = parse_json("d.json", text).entries
    assert first.field_lines is second.field_lines  # the same keys at the same places below the first line
    assert third.field_lines is not first.field_lines
    assert [entry.field_line("Date") for entry in (first, second, third)] == [3, 5, 6]
    assert first.field_line("Venue") == first.line  # no such key: the object's first line
    assert repeated.field_line("Title") == 8  # a repeated key: the line of the value decoding keeps


def test_replacing_a_field_keeps_style_key_order_and_the_trailing_comma() -> None:
    text = '[\n  {\n    "title": "A",\n    "Venue": "arxiv",\n    "Task": [ "Video" ]\n  },\n  {\n    "title": "B"\n  }\n]\n'
    first = parse_json("d.json", text).entries[0]
    assert (
        replace_fields(first, Venue="arXiv")
        == '  {\n    "title": "A",\n    "Venue": "arXiv",\n    "Task": [ "Video" ]\n  },'
    )
    assert first.title == "A"  # keys match case-insensitively


def test_a_text_value_is_replaced_where_it_is_written_in_the_files_own_layout() -> None:
    # json.dump(indent=4)'s layout: arrays over several lines, escapes kept as written
    data = [{"Title": 'A "Venue": "arxiv" study', "Task": ["Video"], "Venue": "arxiv", "Note": "caf\u00e9"}]
    text = json.dumps(data, indent=4) + "\n"
    entry = parse_json("d.json", text).entries[0]
    replaced = replace_fields(entry, Venue="arXiv")
    assert replaced == entry.raw.replace('"Venue": "arxiv",', '"Venue": "arXiv",')
    assert '"Task": [\n            "Video"\n        ]' in replaced and "caf\\u00e9" in replaced
    assert json.loads(replaced) == {**data[0], "Venue": "arXiv"}
    title_and_venue = replace_fields(entry, Title="B", Venue="arXiv")
    assert json.loads(title_and_venue) == {**data[0], "Title": "B", "Venue": "arXiv"}
    assert 'Task": [\n' in title_and_venue


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"Date": "2024"}, {"Title": "A", "Date": "2024", "Venue": "x"}),  # a number becomes a text
        (
            {"Venue": "arXiv", "Code": "https://github.com/a/b"},
            {"Title": "A", "Date": 2024, "Venue": "arXiv", "Code": "https://github.com/a/b"},
        ),  # a new key
    ],
)
def test_a_change_that_is_not_text_for_text_renders_the_object_whole(
    changes: dict[str, str], expected: dict[str, object]
) -> None:
    text = '[\n  {"Title": "A", "Date": 2024,\n   "Venue": "x"}\n]\n'
    entry = parse_json("d.json", text).entries[0]
    replaced = replace_fields(entry, **changes)
    assert replaced is not None and replaced.startswith('  {\n    "Title": "A",\n')  # the data files' style
    assert json.loads(replaced) == expected


def test_a_key_written_twice_has_the_value_the_decoder_keeps_replaced() -> None:
    text = '[\n  {\n    "Venue": "first",\n    "Venue": "arxiv"\n  }\n]\n'
    entry = parse_json("d.json", text).entries[0]
    assert replace_fields(entry, Venue="arXiv") == '  {\n    "Venue": "first",\n    "Venue": "arXiv"\n  }'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[{"Title": "x",}]', "invalid JSON at line 1, column 16: Expecting property name enclosed in double quotes"),
        ('{"Title": "x"}', "expected a JSON array of paper objects"),
        ("", "invalid JSON at line 1, column 1: Expecting value"),
    ],
)
def test_broken_files_raise_one_clear_error_with_the_position(text: str, message: str) -> None:
    with pytest.raises(JsonListError) as raised:
        parse_json("d.json", text)
    assert str(raised.value) == message


def test_items_that_are_not_objects_and_repeated_keys_are_problems_not_crashes() -> None:
    document = parse_json("d.json", '[\n  "stray",\n  {"Title": "A", "Title": "B"}\n]')
    assert [(problem.kind, problem.location.line) for problem in document.problems] == [
        ("not-an-object", 2),
        ("duplicate-key", 3),  # no Date, no Venue: keys this file never uses are not missing
    ]
    assert [entry.title for entry in document.entries] == ["B"]
    json.loads(document.text)


@pytest.mark.parametrize(
    "text", ['[{"Title": "A", "Venue": "x"}, {"Title": "B"}]', '[\n  {"Title": "A"}, {"Title": "B"}\n]']
)
def test_an_object_sharing_its_lines_is_never_rewritten_whole(text: str) -> None:
    assert [replace_fields(entry, Venue="arXiv") for entry in parse_json("d.json", text).entries] == [None, None]


def test_an_object_alone_on_its_line_is_rewritten_into_valid_json() -> None:
    text = '[\n  {"Title": "A", "Venue": "x"},\n  {"Title": "B"}\n]\n'
    first = parse_json("d.json", text).entries[0]
    lines = text.split("\n")
    lines[first.line - 1] = replace_fields(first, Venue="arXiv")
    assert json.loads("\n".join(lines)) == [{"Title": "A", "Venue": "arXiv"}, {"Title": "B"}]


def test_a_leading_byte_order_mark_is_skipped() -> None:
    text = '\ufeff[\n  {"Title": "A", "Date": "2024"}\n]\n'
    document = parse_json("d.json", text)
    assert ([(entry.line, entry.title) for entry in document.entries], document.text) == ([(2, "A")], text)


def test_missing_keys_and_values_of_the_wrong_type_are_reported_in_json_terms() -> None:
    text = '[\n  {"Title": 123, "Link": ["https://arxiv.org/abs/2401.00009"], "Date": true},\n  {"Title": "A", "Link": "", "Date": "2024", "Venue": null}\n]\n'
    document = parse_json("d.json", text)
    assert [(problem.kind, problem.location.line, problem.message) for problem in document.problems] == [
        (
            "missing-key",
            2,
            'This object has no `Venue` key, which the file\'s other objects have. Add it (`"Venue": "…"`).',
        ),
        ("wrong-type", 2, "`Title` must be a JSON string, not a number (`123`). Write it in quotes."),
        (
            "wrong-type",
            2,
            '`Link` must be a JSON string, not an array (`["https://arxiv.org/abs/2401.00009"]`). Write it in quotes.',
        ),
        ("wrong-type", 2, "`Date` must be a JSON string, not a boolean (`true`). Write it in quotes."),
    ]
    assert (document.entries[0].year, document.entries[0].url) == ("true", '["https://arxiv.org/abs/2401.00009"]')

"""The duplicate rule: on the real list (every repeated paper, verified by hand, and nothing else), its
fixes (markdown rows and JSON objects, the array kept valid), review mode, options, wrong links."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from pydantic import TypeAdapter, ValidationError

from rules import checks, edit, engine, fixes, parse
from rules.context import CheckOptions
from rules.model import Finding, Location, Severity

LIST = Path(__file__).parent.parent / "fixtures" / "lists" / "video-anomaly-detection"
FILES = (
    "README.md",
    "scripts/data.json",
    "scripts/data_weakly.json",
    "scripts/data_surveys.json",
    "scripts/data_datasets.json",
)
ONLY_DUPLICATE = CheckOptions(disable=frozenset(rule.ID for rule in checks.ALL_RULES if rule.ID != "duplicate"))
HEADER = "| Title | Date | Venue | Task | Resource | Model |\n| --- | --- | --- | --- | --- | --- |\n"

# Each redundant row of the README → the row it repeats, verified by opening both. 126 and 127 repeat
# rows of the first table under "Weakly Supervised VAD" (warnings, may be intentional); 133 is the
# journal version (IEEE) of 130's arXiv preprint, same title: a person picks the link to keep.
README_REPEATS = {
    23: 16,
    24: 15,
    29: 18,
    31: 14,
    54: 20,
    55: 22,
    56: 19,
    70: 66,
    107: 90,
    111: 105,
    114: 81,
    115: 97,
    118: 93,
    126: 57,
    127: 53,
    131: 125,
    132: 128,
    133: 130,
    144: 125,
    145: 128,
    146: 125,
    158: 148,
    171: 166,
    175: 173,
}
ELSEWHERE = {126, 127}
NEEDS_A_PERSON = {126, 127, 133}
# The data files hold the same papers; a last object's deletion starts at the comma of the object before.
JSON_REPEATS = {
    ("scripts/data.json", 110, 121): ("scripts/data.json", 26),
    ("scripts/data.json", 122, 133): ("scripts/data.json", 14),
    ("scripts/data.json", 182, 193): ("scripts/data.json", 50),
    ("scripts/data.json", 206, 217): ("scripts/data.json", 2),
    ("scripts/data.json", 482, 493): ("scripts/data.json", 74),
    ("scripts/data.json", 494, 505): ("scripts/data.json", 98),
    ("scripts/data.json", 506, 517): ("scripts/data.json", 62),
    ("scripts/data.json", 662, 673): ("scripts/data.json", 614),
    ("scripts/data.json", 1118, 1129): ("scripts/data.json", 902),
    ("scripts/data.json", 1166, 1177): ("scripts/data.json", 1094),
    ("scripts/data.json", 1202, 1213): ("scripts/data.json", 794),
    ("scripts/data.json", 1214, 1225): ("scripts/data.json", 998),
    ("scripts/data.json", 1249, 1261): ("scripts/data.json", 950),
    ("scripts/data_surveys.json", 74, 85): ("scripts/data_surveys.json", 14),
    ("scripts/data_surveys.json", 121, 133): ("scripts/data_surveys.json", 98),
    ("scripts/data_weakly.json", 14, 25): ("scripts/data.json", 518),
    ("scripts/data_weakly.json", 26, 37): ("scripts/data.json", 470),
    ("scripts/data_weakly.json", 74, 85): ("scripts/data_weakly.json", 2),
    ("scripts/data_weakly.json", 86, 97): ("scripts/data_weakly.json", 38),
    ("scripts/data_weakly.json", 98, 109): ("scripts/data_weakly.json", 62),
    ("scripts/data_weakly.json", 230, 241): ("scripts/data_weakly.json", 2),
    ("scripts/data_weakly.json", 242, 253): ("scripts/data_weakly.json", 38),
    ("scripts/data_weakly.json", 254, 265): ("scripts/data_weakly.json", 2),
    ("scripts/data_weakly.json", 397, 409): ("scripts/data_weakly.json", 278),
}


def texts(*names: str) -> dict[str, str]:
    return {name: (LIST / name).read_text(encoding="utf-8") for name in names}


def duplicates_of(files: dict[str, str], options: CheckOptions = ONLY_DUPLICATE, targets_at=None) -> list[Finding]:
    catalog = parse.parse_catalog(files)
    targets = (
        None if targets_at is None else [entry for entry in catalog.entries if (entry.path, entry.line) in targets_at]
    )
    return engine.check(catalog, options, targets)


def test_every_repeated_row_of_the_real_readme_once_against_the_row_it_repeats() -> None:
    findings = duplicates_of(texts("README.md"))
    assert {finding.location.line: finding.related[0].line for finding in findings} == README_REPEATS
    assert len(findings) == len(README_REPEATS) == 151 - 127
    for finding in findings:
        elsewhere = finding.location.line in ELSEWHERE
        assert finding.severity is (Severity.WARNING if elsewhere else Severity.ERROR)
        assert (finding.fix is None) is (finding.location.line in NEEDS_A_PERSON)
        assert finding.fix in (None, "")


def test_the_messages_say_where_and_why() -> None:
    by_line = {finding.location.line: finding.message for finding in duplicates_of(texts("README.md"))}
    assert by_line[146] == (
        "This paper is already listed at line 125 in this table: same IEEE Xplore document 10649595, same title, "
        "same year, same code link. Delete this row; the copy there has everything this one has. "
        "The copies disagree on the venue: `C-CVPR` here, `J-IToCnSVT` there."
    )
    assert by_line[127] == (
        "This paper is already listed at line 53 in the table at line 12: same CVF paper "
        "wu_open-vocabulary_video_anomaly_detection_cvpr…, same title, same year. If the paper belongs in both "
        "places, leave it; otherwise delete one copy."
    )
    assert by_line[133] == (
        "This paper is already listed at line 130 in this table: same title, same year, same code link. "
        "This copy has another link to the paper that the copy there lacks: carry over what is worth keeping, then "
        "delete this row. The copies disagree on the venue: `J-IToIP` here, `J-IRoIP` there."
    )


def test_the_readme_and_its_data_files_are_compared_within_their_own_form() -> None:
    findings = duplicates_of(texts(*FILES))
    markdown = {(f.location.line): f.related[0].line for f in findings if f.location.path == "README.md"}
    data = {
        (f.location.path, f.location.line, f.location.last_line): (f.related[0].path, f.related[0].line)
        for f in findings
        if f.location.path != "README.md"
    }
    assert (markdown, data) == (README_REPEATS, JSON_REPEATS)


def test_the_certain_fixes_delete_every_exact_copy_and_keep_the_json_valid() -> None:
    files = texts(*FILES)
    fixed, applied = fixes.fix_until_stable(files, parse.parse_catalog, ONLY_DUPLICATE)
    arrays = {name: json.loads(fixed[name]) for name in FILES[1:]}
    assert {name: len(array) for name, array in arrays.items()} == {
        "scripts/data.json": 105 - 13,
        "scripts/data_weakly.json": 34 - 6,
        "scripts/data_surveys.json": 11 - 2,
        "scripts/data_datasets.json": 1,
    }
    assert sum(line.startswith("| [") for line in fixed["README.md"].splitlines()) == 151 - 21
    assert len(applied) == 21 + 21
    remaining = duplicates_of(fixed)
    assert [(finding.location.path, finding.fix) for finding in remaining] == [
        ("README.md", None),
        ("README.md", None),
        ("README.md", None),
        ("scripts/data_weakly.json", None),
        ("scripts/data_weakly.json", None),
        ("scripts/data_weakly.json", None),
    ]


def test_the_last_object_of_an_array_takes_the_comma_before_it() -> None:
    text = (
        '[\n  {\n    "Title": "A paper",\n    "Link": "https://arxiv.org/abs/2401.00001"\n  },\n'
        '  {\n    "Title": "A Paper",\n    "Link": "https://arxiv.org/pdf/2401.00001v2"\n  }\n]\n'
    )
    (finding,) = duplicates_of({"data.json": text})
    assert (finding.location, finding.fix) == (Location("data.json", 5, 9), "  }")
    fixed, _ = fixes.apply_fixes(text, [finding])
    assert json.loads(fixed) == [{"Title": "A paper", "Link": "https://arxiv.org/abs/2401.00001"}]
    assert fixed == '[\n  {\n    "Title": "A paper",\n    "Link": "https://arxiv.org/abs/2401.00001"\n  }\n]\n'


def test_removal_edits() -> None:
    markdown = parse.parse_document("list.md", HEADER + "| [A](https://x.org/a) | 2024 | - | - | - | - |\n")
    assert edit.removal(markdown, markdown.entries[0]) == (Location("list.md", 3, 3), "")
    middle = parse.parse_document("d.json", '[\n  {"Title": "A"},\n  {"Title": "B"},\n  {"Title": "C"}\n]\n')
    assert edit.removal(middle, middle.entries[1]) == (Location("d.json", 3, 3), "")
    assert edit.removal(middle, middle.entries[2]) == (Location("d.json", 3, 4), '  {"Title": "B"}')
    one_line = parse.parse_document("d.json", '[{"Title": "A"}, {"Title": "B"}]\n')
    assert [edit.removal(one_line, entry) for entry in one_line.entries] == [None, None]
    after_a_non_object = parse.parse_document("d.json", '[\n  {"Title": "A"},\n  7,\n  {"Title": "B"}\n]\n')
    assert edit.removal(after_a_non_object, after_a_non_object.entries[1]) is None
    spaced = parse.parse_document("d.json", '[\n  {"Title": "A"},\n\n \r\n  {"Title": "B"}\n]\n')
    assert edit.removal(spaced, spaced.entries[1]) == (Location("d.json", 2, 5), '  {"Title": "A"}')


def test_a_yaml_item_goes_with_the_blank_lines_after_it() -> None:
    text = "- title: A\n  year: 2020\n\n  \r\n- title: B\n\n- title: C\n\n"
    document = parse.parse_document("d.yml", text)
    assert [edit.removal(document, entry) for entry in document.entries] == [
        (Location("d.yml", 1, 4), ""),
        (Location("d.yml", 5, 6), ""),
        (Location("d.yml", 7, 7), ""),  # the last item leaves the file's end as it is
    ]


def test_in_review_the_new_entry_is_the_copy_even_when_it_tells_more() -> None:
    listed = (
        "| [Open-Vocabulary Video Anomaly Detection](https://arxiv.org/abs/2311.07042) | 2024 | C-CVPR | - | - | - |"
    )
    added = (
        "| [Open-vocabulary video anomaly detection](https://arxiv.org/pdf/2311.07042v2) | 2024 | C-CVPR | - "
        "| [![](./assets/code.svg)](https://github.com/a/ovvad) | - |"
    )
    files = {"README.md": HEADER + listed + "\n" + added + "\n"}
    (finding,) = duplicates_of(files, targets_at={("README.md", 4)})
    assert (finding.location.line, finding.related[0].line, finding.severity, finding.fix) == (
        4,
        3,
        Severity.ERROR,
        None,
    )
    assert "This copy has a code link that the copy there lacks" in finding.message
    (changed,) = duplicates_of(files, targets_at={("README.md", 3)})  # an edited row: the one under review goes
    assert (changed.location.line, changed.related[0].line, changed.fix) == (3, 4, "")
    (full,) = duplicates_of(files)  # a full check keeps the copy with the code link instead
    assert (full.location.line, full.related[0].line, full.fix) == (3, 4, "")


def added_lines(diff: str) -> set[int]:
    """Line numbers (in the new file) of the lines a unified diff adds."""
    added, line = set(), None
    for text in diff.splitlines():
        if hunk := re.match(r"@@ -\d+(?:,\d+)? \+(\d+)", text):
            line = int(hunk.group(1))
        elif line is None:
            continue  # the file header, before the first hunk
        elif text.startswith("+"):
            added.add(line)
            line += 1
        elif not text.startswith("-"):
            line += 1
    return added


def test_a_real_commit_that_added_three_copies_is_answered_in_review() -> None:
    """history/064: two more "BatchNorm-Based …" objects (one without a link) and one more "Text Prompt …"."""
    case = LIST / "history" / "064-11494dd"
    files = {
        path.relative_to(case / folder).as_posix(): path.read_text(encoding="utf-8")
        for folder in ("head", "context")
        for path in sorted((case / folder).rglob("*"))
        if path.is_file()
    }
    new = added_lines((case / "change.diff").read_text(encoding="utf-8"))
    catalog = parse.parse_catalog(files)
    targets = [
        entry
        for entry in catalog.entries
        if entry.path == "scripts/data_weakly.json" and new & set(range(entry.line, entry.end_line + 1))
    ]
    findings = engine.check(catalog, ONLY_DUPLICATE, targets)
    assert [(f.location.line, f.related[0].line, f.severity, f.fix) for f in findings] == [
        (230, 2, Severity.ERROR, ""),
        (242, 38, Severity.ERROR, ""),
        (254, 2, Severity.ERROR, ""),
    ]
    assert findings[2].message == (
        "This paper is already listed at line 2 in this file: same title, same year. "
        "Delete this object; the copy there has everything this one has. The copies disagree on the venue: "
        "`C-CVPR` here, `J-IToCnSVT` there."
    )


def test_the_threshold_and_the_severity_elsewhere_are_the_maintainers_choice() -> None:
    files = texts("README.md")
    strict = replace(ONLY_DUPLICATE, duplicate_threshold=100)
    loose = replace(ONLY_DUPLICATE, duplicate_elsewhere_severity=Severity.ERROR)
    typo = (
        HEADER
        + "| [Memory-enhanced appearance-motion consistency framework for video anomaly detection](https://x.org/a) | 2024 | J-CC | - | - | - |\n"
        + "| [Memory enhanced apperance-motion consistency framework for video anomaly detection](https://y.org/b) | 2024 | J-CC | - | - | - |\n"
    )
    assert [(f.location.line, f.severity) for f in duplicates_of({"list.md": typo})] == [(4, Severity.WARNING)]
    assert duplicates_of({"list.md": typo}, strict) == []
    assert {f.severity for f in duplicates_of(files, loose) if f.location.line in ELSEWHERE} == {Severity.ERROR}
    with pytest.raises(ValidationError, match="less than or equal to 100"):
        TypeAdapter(CheckOptions).validate_python({"duplicate_threshold": 101})


def test_two_titles_behind_one_link_are_a_wrong_link() -> None:
    text = (
        HEADER
        + "| [Video anomaly detection guided by clustering learning](https://arxiv.org/abs/2401.00009) | 2024 | J-PR | - | - | - |\n"
        + "| [Dual GroupGAN: an unsupervised four-competitor approach](https://arxiv.org/pdf/2401.00009) | 2024 | J-PR | - | - | - |\n"
    )
    (finding,) = duplicates_of({"list.md": text})
    assert (finding.location.line, finding.related[0].line, finding.severity, finding.fix) == (
        4,
        3,
        Severity.WARNING,
        None,
    )
    assert finding.message.startswith(
        "This entry's link names the same paper as line 3 (“Video anomaly detection guided by clustering learning”): "
        "arXiv id 2401.00009, but the titles differ"
    )


def test_rows_without_links_are_compared_by_title_only() -> None:
    text = (
        HEADER
        + "| [Alpha method for crowd counting]() | 2024 | - | - | - | - |\n"
        + "| [Beta network for pose estimation](-) | 2024 | - | - | - | - |\n"
        + "| [Alpha Method for Crowd Counting]() | 2024 | - | - | - | - |\n"
    )
    assert [(f.location.line, f.related[0].line) for f in duplicates_of({"list.md": text})] == [(5, 3)]


def test_empty_titles_never_match_by_title_but_a_shared_link_still_does() -> None:
    text = (
        HEADER
        + "| []() | 2024 | C-CVPR | - | - | - |\n" * 2
        + "| [](https://arxiv.org/abs/2401.05702) | 2024 | arXiv | - | - | - |\n" * 2
    )
    assert [(f.location.line, f.related[0].line) for f in duplicates_of({"list.md": text})] == [(6, 5)]
    data = json.dumps([{"Title": "", "Link": "", "Date": "2024", "Venue": "arXiv"}] * 3, indent=2)
    assert duplicates_of({"data.json": data}) == []


def test_objects_sharing_one_line_are_compared_but_get_no_line_fix() -> None:
    paper = {
        "Title": "Video Anomaly Detection and Explanation via Large Language Models",
        "Link": "https://arxiv.org/abs/2401.05702",
        "Date": "2024",
        "Venue": "arXiv",
    }
    (finding,) = duplicates_of({"data.json": json.dumps([paper, paper])})
    assert (finding.location.line, finding.related[0].line, finding.fix) == (1, 1, None)


def _topic_list(count: int) -> str:
    items = [
        f"- [Cross listed paper number {n} on diffusion](https://arxiv.org/abs/2401.{n:05d})" for n in range(count)
    ]
    own = [f"- [Only in generation number {n} here](https://arxiv.org/abs/2402.{n:05d})" for n in range(3)]
    return (
        "# Papers\n\n## Generation\n\n" + "\n".join(items + own) + "\n\n## Segmentation\n\n" + "\n".join(items) + "\n"
    )


def test_many_papers_filed_under_two_sections_are_told_once_per_pair_of_sections() -> None:
    catalog = parse.parse_catalog({"README.md": _topic_list(6)})
    findings = engine.check(catalog, ONLY_DUPLICATE)
    assert len(findings) == 1 and len(findings[0].related) == 5
    assert findings[0].message.startswith("6 papers under “Segmentation” are listed again under “Generation” (lines ")


def test_a_few_cross_listed_papers_and_a_review_are_told_one_by_one() -> None:
    few = parse.parse_catalog({"README.md": _topic_list(3)})
    assert len(engine.check(few, ONLY_DUPLICATE)) == 3
    many = parse.parse_catalog({"README.md": _topic_list(6)})
    added = [entry for entry in many.entries if entry.section == "Segmentation"][:2]
    assert len(engine.check(many, ONLY_DUPLICATE, targets=added)) == 2

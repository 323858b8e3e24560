"""The review's pieces on their own: fingerprints, corrections and suggestion ranges, links, the
check run, rule messages made inert, and objects for generated files."""

from __future__ import annotations

import json

import pytest

from bot import safe_text
from bot.review import corrections, fingerprints, generated, render
from bot.review.corrections import Correction
from bot.review.model import Anchor
from rules import candidate
from rules.candidate import NewPaper
from rules.dialects.jsondata import parse_json
from rules.dialects.markdown import parse_markdown
from rules.model import Finding, Location, Severity

ROW = "| [Alpha net](https://a.org/1) | 2024 | arxiv | ![](./assets/video.svg) | [![](./assets/code.svg)](https://github.com/o/alpha) | - |"
TABLE = "| Title | Date | Venue | Task | Resource | Model |\n| --- | --- | --- | --- | --- | --- |\n" + ROW + "\n"
OBJECT = """[
  {
    "Title": "Alpha net",
    "Venue": "arxiv",
    "Date": "2024"
  },
  {
    "Title": "Beta net",
    "Venue": "J-PR",
    "Date": "2023"
  }
]
"""


# ------------------------------------------------------------------ fingerprints


def test_a_fingerprint_ignores_layout_but_not_content() -> None:
    first = fingerprints.fingerprint("venue-alias", "data.json", '  {\n    "Title": "A"\n  },')
    assert fingerprints.fingerprint("venue-alias", "data.json", '{ "Title": "A" }') == first
    assert fingerprints.fingerprint("venue-alias", "data.json", '{ "Title": "B" }') != first
    assert fingerprints.fingerprint("venue-alias", "data.json", '  {\n      "Title": "A"\n  }') == first
    assert fingerprints.fingerprint("cells", "data.json", '  {\n    "Title": "A"\n  },') != first
    assert fingerprints.fingerprint("venue-alias", "other.json", '  {\n    "Title": "A"\n  },') != first
    assert fingerprints.fingerprint("venue-alias", "data.json", '  {\n    "Title": "A"\n  },', occurrence=2) != first
    assert len(first) == 16 and int(first, 16) >= 0


def test_fingerprints_are_read_back_from_posted_bodies_and_nothing_else() -> None:
    body = "Some text\n\n" + fingerprints.markers(["00112233445566aa", "ffeeddccbbaa9988", "00112233445566aa"])
    assert body.startswith("Some text\n\n<!-- paper-triage:fingerprints 00112233445566aa,ffeeddccbbaa9988 ")
    assert fingerprints.fingerprints_in(body) == {"00112233445566aa", "ffeeddccbbaa9988"}
    assert fingerprints.fingerprints_in("<!-- paper-triage:fingerprint 00112233445566aa -->") == set()  # unsigned


def test_a_forged_or_quoted_marker_is_not_read_back(monkeypatch: pytest.MonkeyPatch) -> None:
    genuine = fingerprints.markers(["00112233445566aa"])
    forged = genuine.replace("00112233445566aa", "00112233445566ab")
    assert fingerprints.fingerprints_in(forged) == set()
    assert fingerprints.fingerprints_in(safe_text.fenced(f"| [A]({genuine}) |", "suggestion")) == set()
    for echo in (safe_text.inline, safe_text.code, safe_text.prose, safe_text.plain):
        assert fingerprints.fingerprints_in(echo(f"title {genuine}")) == set(), echo.__name__
    monkeypatch.setattr(fingerprints, "_key", b"another app's secret")
    assert fingerprints.fingerprints_in(genuine) == set()


def test_the_summary_remembers_thousands_of_problems_in_bounded_space() -> None:
    values = [fingerprints.fingerprint("cells", "README.md", f"row {index}") for index in range(40_000)]
    marker = fingerprints.summarised_marker(values)
    assert len(marker) < 33_000 and marker.endswith(" -->")
    remembered = fingerprints.summarised_in(f"text\n\n{marker}")
    assert all(value in remembered for value in values)  # a Bloom filter never forgets
    few = fingerprints.summarised_in(fingerprints.summarised_marker(values[:100]))
    others = [fingerprints.fingerprint("cells", "README.md", f"other {index}") for index in range(10_000)]
    assert sum(value in few for value in others) < 20  # and rarely mistakes a new problem for an old one
    assert not fingerprints.summarised_in(marker.replace(marker[40], "A" if marker[40] != "A" else "B"))


# ------------------------------------------------------------------ corrections


def test_the_suggestion_window_drops_the_lines_a_fix_keeps() -> None:
    head = ["[", "  {", '    "Title": "Alpha net",', '    "Venue": "arxiv",', '    "Date": "2024"', "  }", "]"]
    correction = Correction(2, 6, '  {\n    "Title": "Alpha net",\n    "Venue": "arXiv",\n    "Date": "2024"\n  }', 2)
    assert corrections.suggestion_window(head, correction) == Correction(4, 4, '    "Venue": "arXiv",', 4)


def test_the_suggestion_window_of_an_insertion_keeps_one_line_to_replace() -> None:
    head = ["| Title | Date |", "| [A](https://a.org) | 2024 |"]
    correction = Correction(1, 1, "| Title | Date |\n| --- | --- |", 1)
    assert corrections.suggestion_window(head, correction) == correction


def test_the_suggestion_window_of_a_deletion_is_empty_text() -> None:
    head = ["a", "b", "c"]
    assert corrections.suggestion_window(head, Correction(2, 2, "", 0)) == Correction(2, 2, "", 0)


def test_a_line_correction_takes_an_insertion_right_after_its_lines() -> None:
    head = ["intro", "| Title | Date |", "| [A](https://a.org) | 2024 |"]
    fixed = ["intro", "| Title | Date |", "| --- | --- |", "| [A](https://a.org) | 2024 |"]
    opcodes = corrections.line_opcodes(head, fixed)
    assert corrections.corrected(head, fixed, opcodes, 2, 2) == Correction(2, 2, "| Title | Date |\n| --- | --- |", 2)
    assert corrections.corrected(head, fixed, opcodes, 1, 1) is None
    assert corrections.corrected(head, fixed, opcodes, 3, 3) is None


def test_entry_corrections_pair_entries_by_title_and_see_deletions() -> None:
    head_text = OBJECT
    fixed_text = OBJECT.replace('"arxiv"', '"arXiv"').replace(
        '  },\n  {\n    "Title": "Beta net",\n    "Venue": "J-PR",\n    "Date": "2023"\n  }\n', "  }\n"
    )
    found = corrections.entry_corrections(
        parse_json("d.json", head_text),
        parse_json("d.json", fixed_text),
        head_text.splitlines(),
        fixed_text.splitlines(),
    )
    assert found == {
        # Each correction is right applied alone: Alpha keeps its comma (Beta's removal takes it), and
        # removing the last object takes the comma off the line before it.
        2: Correction(2, 6, '  {\n    "Title": "Alpha net",\n    "Venue": "arXiv",\n    "Date": "2024"\n  },', 2),
        7: Correction(6, 11, "  }", 0, removes=True),
    }


# ------------------------------------------------------------------ links, messages, check run


def test_places_link_to_the_head_commit_only_when_known() -> None:
    assert render.Links().place("README.md", 4) == "`README.md:4`"
    assert (
        render.Links("https://github.com/o/r", "abc").place("README.md", 4, 5)
        == "[`README.md:4-5`](https://github.com/o/r/blob/abc/README.md?plain=1#L4-L5)"
    )
    assert (
        render.Links("https://ghe.example.com/o/r", "abc").place("README.md", 4)
        == "[`README.md:4`](https://ghe.example.com/o/r/blob/abc/README.md?plain=1#L4)"
    )
    assert (
        render.Links("https://github.com/o/r", "abc").place("lists/my data.json", 7)
        == "[`lists/my data.json:7`](https://github.com/o/r/blob/abc/lists/my%20data.json#L7)"
    )


@pytest.mark.parametrize(
    ("message", "rendered"),
    [
        ("Write `C-CVPR` for @octocat", "Write `C-CVPR` for @\u200boctocat"),
        ("It duplicates “<b>x</b>” (see #12)", "It duplicates “&lt;b&gt;x&lt;/b&gt;” (see #\u200b12)"),
        ("Title `a|b` and a|b", "Title `a|b` and a\\|b"),
        ("must be written `\\|`", "must be written `\\|`"),  # a code span is shown as written
        ("Code `<img src=x>` stays code", "Code `<img src=x>` stays code"),
        ("Unclosed `span <i>", "Unclosed `span &lt;i&gt;"),
        ("line\nbreak", "line break"),
    ],
)
def test_rule_messages_are_made_inert_outside_their_code_spans(message: str, rendered: str) -> None:
    assert safe_text.prose(message) == rendered


def _finding(severity: Severity, line: int = 3) -> Finding:
    return Finding("cells", severity, "message", Location("README.md", line, line + 1))


@pytest.mark.parametrize(
    ("severities", "conclusion", "title"),
    [
        ([], "success", "No problems in the changed list files"),
        ([Severity.INFO], "neutral", "1 info in the changed list files"),
        ([Severity.WARNING, Severity.INFO], "neutral", "1 warning, 1 info in the changed list files"),
        (
            [Severity.ERROR, Severity.WARNING, Severity.ERROR],
            "failure",
            "2 errors, 1 warning in the changed list files",
        ),
    ],
)
def test_the_check_run_concludes_from_the_worst_finding(
    severities: list[Severity], conclusion: str, title: str
) -> None:
    run = render.check_run([], [_finding(severity) for severity in severities])
    assert (run.name, run.conclusion, run.title) == ("paper-triage", conclusion, title)
    assert [(a.start_line, a.end_line, a.level) for a in run.annotations] == [
        (3, 4, {"error": "failure", "warning": "warning", "info": "notice"}[severity]) for severity in severities
    ]


def test_a_huge_comment_keeps_its_markers_and_leaves_out_a_fix_it_cannot_show_whole() -> None:
    finding = Finding("cells", Severity.WARNING, "x" * 70_000, Location("README.md", 3))
    anchor = Anchor(
        "README.md",
        3,
        3,
        ROW,
        (finding,),
        correction=Correction(3, 3, "y" * 70_000, 3),
        fingerprints=frozenset({"00112233445566aa"}),
    )
    body = render.comment_body(anchor, None)
    assert len(body) <= safe_text.GITHUB_BODY_LIMIT
    assert "…(cut to fit GitHub's size limit)" in body and "```" not in body
    assert body.endswith(render.FIX_TOO_LONG + "\n\n" + fingerprints.markers(["00112233445566aa"]))
    assert fingerprints.fingerprints_in(body) == {"00112233445566aa"}


# ------------------------------------------------------------------ generated files


def object_for(entry, data) -> dict:
    return json.loads(candidate.render_object(data, NewPaper.from_entry(entry, "")))


def test_a_row_becomes_an_object_with_default_keys_without_a_data_file() -> None:
    [entry] = parse_markdown("README.md", TABLE).entries
    assert object_for(entry, None) == {
        "Title": "Alpha net",
        "Link": "https://a.org/1",
        "Date": "2024",
        "Venue": "arxiv",
        "Task": ["Video"],
        "Resource": {"Code": "https://github.com/o/alpha"},
        "Model": "Model",
        "ModelLink": "",
    }


def test_a_row_becomes_an_object_in_the_data_files_key_order() -> None:
    [entry] = parse_markdown("README.md", TABLE).entries
    assert list(object_for(entry, parse_json("d.json", OBJECT))) == ["Title", "Venue", "Date"]


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        ("Weakly Supervised VAD", "scripts/data_weakly.json"),
        ("", "scripts/data.json"),
        ("Surveys", "scripts/data_surveys.json"),
    ],
)
def test_the_data_file_is_chosen_by_section(section: str, expected: str) -> None:
    [entry] = parse_markdown("README.md", TABLE).entries
    sources = ["scripts/data_weakly.json", "scripts/data.json", "scripts/data_surveys.json"]
    assert generated.data_file_for(entry.evolve(section=section), sources, ["scripts/data*.json"]) == expected
    assert generated.data_file_for(entry.evolve(section=section), [], ["scripts/data*.json"]) == "scripts/data*.json"


@pytest.mark.parametrize("echo", [safe_text.inline, safe_text.plain, safe_text.code, safe_text.prose])
def test_invisible_and_reordering_characters_are_shown_by_code_point(echo) -> None:
    shown = echo("Paper \u202eevil\u2066 x\u2069\u200b\u00ad\ufeff").replace("\\", "")  # inline escapes [ ]
    assert "[U+202E]evil[U+2066]" in shown and "[U+2069][U+200B][U+00AD][U+FEFF]" in shown
    assert not set("\u202e\u2066\u2069\u00ad\ufeff") & set(shown)

"""Every rule fixture: the findings are exactly the expected (rule, line) pairs, the certain fixes give the
stored ``.fixed.md``, and checking the fixed text finds nothing fixable any more."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from rules import checks, engine, fixes, parse, text
from rules.context import CheckOptions

FIXTURES = Path(__file__).parent / "fixtures"
EXPECT_RE = re.compile(r"<!-- expect: (.*?) -->")
OPTIONS_RE = re.compile(r"<!-- options: (.*?) -->")


def scenarios() -> list[Path]:
    return sorted(path for path in FIXTURES.glob("*.md") if not path.name.endswith(".fixed.md"))


def options_for(path: Path, text: str) -> CheckOptions:
    """Only the fixture's own rule runs, so each fixture speaks for one rule."""
    rule = path.stem.replace("_", "-")
    match = OPTIONS_RE.search(text)
    extra = json.loads(match.group(1)) if match else {}
    others = frozenset(rule_id for rule_id in checks.by_id() if rule_id != rule)
    return TypeAdapter(CheckOptions).validate_python({"disable": others, **extra})


def expected(text: str) -> set[tuple[str, int]]:
    pairs = EXPECT_RE.search(text).group(1).split(",")
    return {(rule.strip(), int(line)) for rule, line in (pair.split(":") for pair in pairs)}


@pytest.mark.parametrize("path", scenarios(), ids=lambda path: path.stem)
def test_findings_match_the_markers(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    findings = engine.check(parse.parse_catalog({path.name: text}), options_for(path, text))
    assert {(finding.rule, finding.location.line) for finding in findings} == expected(text)


@pytest.mark.parametrize("path", scenarios(), ids=lambda path: path.stem)
def test_fixes_give_the_fixed_file_and_converge(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    options = options_for(path, text)
    fixed, _ = fixes.fix_until_stable({path.name: text}, parse.parse_catalog, options)
    assert fixed[path.name] == path.with_name(path.stem + ".fixed.md").read_text(encoding="utf-8")
    again = engine.check(parse.parse_catalog(fixed), options)
    assert [finding for finding in again if finding.fix is not None] == []


def test_a_row_with_a_stray_pipe_gets_only_the_structure_finding() -> None:
    header = "| Title | Date | Venue | Task | Resource | Model |\n| --- | --- | --- | --- | --- | --- |\n"
    text = (
        header
        + "| [A paper on video anomalies](https://arxiv.org/abs/2401.05702) | 2024 | arXiv | - | - | - |\n"
        + "| [Broken pipe | title](https://arxiv.org/abs/2402.00003) | 2024 | arXiv | - | - | - |\n"
    )
    findings = engine.check(parse.parse_catalog({"list.md": text}))
    assert [(finding.rule, finding.location.line) for finding in findings] == [("structure", 4)]


@pytest.mark.parametrize("target", ["-", "#", ""])
def test_an_empty_code_link_is_no_code_and_gets_the_fix_to_a_dash(target: str) -> None:
    header = "| Title | Date | Venue | Task | Resource | Model |\n| --- | --- | --- | --- | --- | --- |\n"
    text = (
        header
        + f"| [A paper](https://arxiv.org/abs/2401.05702) | 2024 | arXiv | - | [![](./assets/code.svg)]({target}) | - |\n"
    )
    catalog = parse.parse_catalog({"list.md": text})
    assert catalog.entries[0].code_urls == ()
    (finding,) = engine.check(catalog)
    assert (finding.rule, finding.message, finding.fix) == (
        "cells",
        f"The code link `[![](./assets/code.svg)]({target})` goes nowhere. Write `-` when there is no code.",
        "| [A paper](https://arxiv.org/abs/2401.05702) | 2024 | arXiv | - | - | - |",
    )


@pytest.mark.parametrize(
    ("value", "span"),
    [
        ("C-CVPR", "`C-CVPR`"),
        ("C-<b>bold</b>`tick", "``C-<b>bold</b>`tick``"),
        ("`x", "`` `x ``"),
        ("a\nb", "`a b`"),
    ],
)
def test_a_user_value_is_quoted_with_a_fence_longer_than_its_backticks(value: str, span: str) -> None:
    assert text.code(value) == span


def _title_link_messages(rows: str) -> list[tuple[int, str]]:
    catalog = parse.parse_catalog({"list.md": "| Title | Date |\n| --- | --- |\n" + rows})
    return [
        (finding.location.line, finding.message) for finding in engine.check(catalog) if finding.rule == "title-link"
    ]


def test_html_in_a_title_and_junk_parameters_are_named_for_what_they_are() -> None:
    rows = (
        "| [X <img src=x onerror=alert(1)>](https://arxiv.org/abs/2401.05702) | 2024 |\n"
        "| [When a < b and c > d](https://arxiv.org/abs/2401.05703) | 2024 |\n"
        "| [Y](https://ieeexplore.ieee.org/document/10000001?denied=) | 2024 |\n"
        "| [Z](https://example.org/paper?utm_source=mail) | 2024 |\n"
    )
    assert _title_link_messages(rows) == [
        (3, "The title holds HTML (`<img src=x onerror=alert(1)>`). Write the title as plain text."),
        (
            5,
            "The paper link carries tracking or junk parameters (`denied`). Remove them; they make duplicates hard to spot.",
        ),
        (
            6,
            "The paper link carries tracking parameters (`utm_source`). Remove them; they make duplicates hard to spot.",
        ),
    ]


def test_a_venue_with_a_backtick_is_quoted_whole() -> None:
    header = "| Title | Date | Venue |\n| --- | --- | --- |\n"
    catalog = parse.parse_catalog(
        {"list.md": header + "| [A paper](https://example.org/a) | 2024 | C-<b>bold</b>`tick |\n"}
    )
    assert [
        finding.message.split(" is not")[0] for finding in engine.check(catalog) if finding.rule == "venue-unknown"
    ] == ["``C-<b>bold</b>`tick``"]

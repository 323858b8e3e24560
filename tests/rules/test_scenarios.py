"""Every rule fixture: the findings are exactly the expected (rule, line) pairs, the certain fixes give the
stored ``.fixed.md``, and checking the fixed text finds nothing fixable any more."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rules import checks, engine, fixes, parse
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
    return CheckOptions(disable=others, **extra)


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
    text = header + "| [A paper on video anomalies](https://arxiv.org/abs/2401.05702) | 2024 | arXiv | - | - | - |\n" \
        + "| [Broken pipe | title](https://arxiv.org/abs/2402.00003) | 2024 | arXiv | - | - | - |\n"
    findings = engine.check(parse.parse_catalog({"list.md": text}))
    assert [(finding.rule, finding.location.line) for finding in findings] == [("structure", 4)]


@pytest.mark.parametrize("target", ["-", "#", ""])
def test_an_empty_code_link_is_no_code_and_gets_the_fix_to_a_dash(target: str) -> None:
    header = "| Title | Date | Venue | Task | Resource | Model |\n| --- | --- | --- | --- | --- | --- |\n"
    text = header + f"| [A paper](https://arxiv.org/abs/2401.05702) | 2024 | arXiv | - | [![](./assets/code.svg)]({target}) | - |\n"
    catalog = parse.parse_catalog({"list.md": text})
    assert catalog.entries[0].code_urls == ()
    finding, = engine.check(catalog)
    assert (finding.rule, finding.message, finding.fix) == (
        "cells", f"The code link `[![](./assets/code.svg)]({target})` goes nowhere. Write `-` when there is no code.",
        "| [A paper](https://arxiv.org/abs/2401.05702) | 2024 | arXiv | - | - | - |",
    )

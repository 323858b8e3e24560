"""``paper-triage rules``: every rule and code, in each format."""

from __future__ import annotations

import json

import pytest

from paper_triage import rules as rules_command
from paper_triage.main import main
from rules import checks


def test_json_lists_every_rule_with_its_codes_example_and_fix(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [rule["id"] for rule in listed] == [rule.ID for rule in checks.DESCRIBED]
    year = next(rule for rule in listed if rule["id"] == "year")
    assert "year/implausible" in year["codes"] and year["example"] and year["fix"]


def test_text_names_each_code_under_its_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert out.index("duplicate — ") < out.index("  duplicate/other-section") < out.index("venue-placeholder — ")


def test_the_readme_table_is_rewritten_between_its_markers_only() -> None:
    readme = "# List\n\n<!-- rules:start -->\nold table\n<!-- rules:end -->\n\nMore.\n"
    rewritten = rules_command.with_table(readme)
    assert rules_command.readme_table(rewritten) == rules_command.render_markdown()
    assert rewritten.startswith("# List\n\n<!-- rules:start -->\n| rule |") and rewritten.endswith(
        "<!-- rules:end -->\n\nMore.\n"
    )
    with pytest.raises(ValueError, match="markers"):
        rules_command.with_table("# No markers\n")

"""The repository config: a default for every field, and errors that name the field to mend."""

from __future__ import annotations

import datetime

import pytest

from bot.errors import ConfigError
from bot.repo_config import AddPaperPermission, ReviewMode, parse_config
from rules import checks

NEXT_YEAR = datetime.date.today().year + 1


@pytest.mark.parametrize("text", [None, "", "  \n", "# only a comment\n"])
def test_no_file_or_an_empty_one_means_every_default(text: str | None) -> None:
    config = parse_config(text)
    assert (config.lists, config.generated, config.review.mode, config.add_paper.allowed) == (
        [],
        {},
        ReviewMode.COMMENT,
        AddPaperPermission.COLLABORATORS,
    )
    assert (config.rules.disable, config.rules.latest_year) == (frozenset(), NEXT_YEAR)


def test_settings_are_read() -> None:
    config = parse_config(
        "lists: [README.md, scripts/data*.json]\n"
        "generated:\n  README.md: [scripts/data*.json]\n"
        "rules:\n  disable: [order]\n  severity: {cells: info}\n  latest_year: 2030\n"
        "review: {mode: request-changes}\nadd_paper: {allowed: anyone}\n"
    )
    assert config.lists == ["README.md", "scripts/data*.json"]
    assert config.generated == {"README.md": ["scripts/data*.json"]}
    assert (config.rules.disable, config.rules.severity["cells"].value, config.rules.latest_year) == (
        frozenset({"order"}),
        "info",
        2030,
    )
    assert (config.review.mode, config.add_paper.allowed) == (ReviewMode.REQUEST_CHANGES, AddPaperPermission.ANYONE)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("lists: [\n", "`.github/paper-triage.yml` is not valid YAML at line 2, column 1."),
        ("- README.md\n", "`.github/paper-triage.yml` must be a mapping of settings (like `lists: [README.md]`)."),
        (
            "rules: {disabel: [order]}\n",
            "`.github/paper-triage.yml` has a setting I cannot use — `rules.disabel` is not a setting I know (check its spelling).",
        ),
        (
            "rules: {disable: [dupliate], severity: {Order: info}}\n",
            "`.github/paper-triage.yml` names rules or codes that do not exist (rules.disable: dupliate, "
            "rules.severity: Order). The rules are: " + ", ".join(checks.by_id()) + "; `paper-triage rules` lists "
            "their codes.",
        ),
        (
            "review: {mode: loud}\n",
            "`.github/paper-triage.yml` has a setting I cannot use — `review.mode`: Input should be 'comment' or 'request-changes'.",
        ),
    ],
)
def test_a_broken_config_names_what_to_mend(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_config(text)
    assert str(raised.value) == message


def test_rules_are_disabled_and_weighed_by_code_as_by_rule_id() -> None:
    config = parse_config("rules: {disable: [order, title-link/capitals], severity: {duplicate/other-section: info}}\n")
    assert config.rules.disable == {"order", "title-link/capitals"}
    assert config.rules.severity == {"duplicate/other-section": "info"}

"""The repository's ``.github/paper-triage.yml``: read from the default branch, a default for every field."""

from __future__ import annotations

import datetime
from enum import StrEnum

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.errors import ConfigError
from rules.context import CheckOptions

CONFIG_PATH = ".github/paper-triage.yml"


class ReviewMode(StrEnum):
    COMMENT = "comment"
    REQUEST_CHANGES = "request-changes"


class AddPaperPermission(StrEnum):
    ANYONE = "anyone"
    COLLABORATORS = "collaborators"
    NEVER = "never"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ReviewConfig(_Section):
    mode: ReviewMode = Field(ReviewMode.COMMENT, description="comment, or request-changes when errors are found")


class AddPaperConfig(_Section):
    allowed: AddPaperPermission = Field(
        AddPaperPermission.COLLABORATORS, description="who may have /add-paper open a pull request"
    )


class RepoConfig(_Section):
    """Everything a maintainer can set. Without a file, lists are found by their tables."""

    lists: list[str] = Field(default_factory=list, description="globs of list files; empty: detect by tables")
    generated: dict[str, list[str]] = Field(
        default_factory=dict, description="generated file → globs of the data files it is generated from"
    )
    rules: CheckOptions = Field(default_factory=CheckOptions, description="what the checks look for, and how severe each is")
    review: ReviewConfig = Field(default_factory=ReviewConfig, description="how pull requests are reviewed")
    add_paper: AddPaperConfig = Field(
        default_factory=AddPaperConfig, description="the /add-paper command in issues and issue comments"
    )


def parse_config(text: str | None) -> RepoConfig:
    """Parse the config file's text (None: no file, all defaults); ConfigError names the bad field.

    The rules cannot read the clock, so the newest plausible paper year (next year: online-first
    papers carry it) is set here unless the maintainer set one.
    """
    config = _parse(text)
    if config.rules.latest_year is not None:
        return config
    rules = config.rules.model_copy(update={"latest_year": datetime.date.today().year + 1})
    return config.model_copy(update={"rules": rules})


def _parse(text: str | None) -> RepoConfig:
    if text is None or not text.strip():
        return RepoConfig()
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigError(f"`{CONFIG_PATH}` is not valid YAML{where}.") from None
    if data is None:
        return RepoConfig()
    if not isinstance(data, dict):
        raise ConfigError(f"`{CONFIG_PATH}` must be a mapping of settings (like `lists: [README.md]`).")
    try:
        return RepoConfig.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"`{'.'.join(str(part) for part in issue['loc'])}`: {issue['msg']}" for issue in error.errors()
        )
        raise ConfigError(f"`{CONFIG_PATH}` has a setting I cannot use — {problems}.") from None

"""The repository's ``.github/paper-triage.yml``: read from the default branch, a default for every field."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import ErrorDetails

from bot.config_file import CONFIG_PATH, dated
from bot.errors import ConfigError
from rules import checks
from rules.context import CheckOptions
from rules.dialects import ListFormat

# A key no model has (extra_forbidden) or no dataclass of the rules has (unexpected_keyword_argument).
UNKNOWN_SETTING = ("extra_forbidden", "unexpected_keyword_argument")


class ReviewMode(StrEnum):
    COMMENT = "comment"
    REQUEST_CHANGES = "request-changes"


class AddPaperPermission(StrEnum):
    ANYONE = "anyone"
    COLLABORATORS = "collaborators"
    NEVER = "never"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Callout(StrEnum):
    """What a change to a list as a whole does to the check: fail it, leave it neutral, or nothing."""

    FAILURE = "failure"
    NEUTRAL = "neutral"
    OFF = "off"


class ListChangesConfig(_Section):
    """Changes to a list as a whole, called out at the top of the summary, and what each does to the check."""

    deleted: Callout = Field(Callout.FAILURE, description="a list file deleted")
    unreadable: Callout = Field(
        Callout.FAILURE, description="a list file left unreadable (not UTF-8, not parseable, missing)"
    )
    blanked: Callout = Field(Callout.NEUTRAL, description="a list file emptied of its entries")
    removed: Callout = Field(Callout.NEUTRAL, description="many entries removed (see max_removed, max_removed_share)")
    replaced: Callout = Field(Callout.NEUTRAL, description="most entries replaced by others")
    retitled: Callout = Field(Callout.NEUTRAL, description="the list's title heading renamed or removed")
    max_removed: int = Field(10, ge=0, description="more entries removed from one file than this is called out")
    max_removed_share: float = Field(
        0.2, ge=0, le=1, description="so is removing more than this share of a file's entries"
    )

    @field_validator("deleted", "unreadable", "blanked", "removed", "replaced", "retitled", mode="before")
    @classmethod
    def _off_is_off(cls, value: object) -> object:
        """YAML reads a bare ``off`` as false: take it as written."""
        return Callout.OFF if value is False else value


class ReviewConfig(_Section):
    mode: ReviewMode = Field(ReviewMode.COMMENT, description="comment, or request-changes when errors are found")
    list_changes: ListChangesConfig = Field(
        default_factory=ListChangesConfig,
        description="pull requests that delete, empty, break, gut or retitle a list",
    )


class AddPaperConfig(_Section):
    allowed: AddPaperPermission = Field(
        AddPaperPermission.COLLABORATORS, description="who may have /add-paper open a pull request"
    )


class MetadataSource(StrEnum):
    ARXIV = "arxiv"
    CROSSREF = "crossref"
    DBLP = "dblp"
    OPENREVIEW = "openreview"
    SEMANTIC_SCHOLAR = "s2"


class MetadataConfig(_Section):
    enabled: bool = Field(True, description="check the entries a pull request adds against the papers' own records")
    sources: list[MetadataSource] = Field(
        default_factory=lambda: list(MetadataSource),
        description="the record sources asked (Semantic Scholar only when the app has a key)",
    )


class RepoConfig(_Section):
    """Everything a maintainer can set. Without a file, lists are found by their tables."""

    lists: list[str] = Field(default_factory=list, description="globs of list files; empty: detect by tables")
    generated: dict[str, list[str]] = Field(
        default_factory=dict, description="generated file → globs of the data files it is generated from"
    )
    formats: dict[str, ListFormat] = Field(
        default_factory=dict,
        description="glob → how those files are written (dialect, and which column or key holds each field), "
        "where reading them by name and contents goes wrong",
    )
    rules: CheckOptions = Field(
        default_factory=CheckOptions, description="what the checks look for, and how severe each is"
    )
    review: ReviewConfig = Field(default_factory=ReviewConfig, description="how pull requests are reviewed")
    add_paper: AddPaperConfig = Field(
        default_factory=AddPaperConfig, description="the /add-paper command in issues and issue comments"
    )
    metadata: MetadataConfig = Field(
        default_factory=MetadataConfig, description="looking entries up in arXiv, Crossref, DBLP and OpenReview"
    )


def parse_config(text: str | None, path: str = CONFIG_PATH) -> RepoConfig:
    """Parse the config file's text (None: no file, all defaults); ConfigError names the file and the
    bad field.

    The newest plausible paper year is set here unless the maintainer set one (``config_file.dated``).
    """
    config = _parse(text, path)
    _check_rule_ids(config, path)
    rules = dated(config.rules)
    return config if rules is config.rules else config.model_copy(update={"rules": rules})


def _check_rule_ids(config: RepoConfig, path: str) -> None:
    """A misspelt rule id or code would silently switch nothing off: refuse it, listing the rule ids
    there are (``paper-triage rules`` lists every code)."""
    known = checks.known_names()
    named = {f"rules.disable: {rule}" for rule in config.rules.disable if rule not in known}
    named |= {f"rules.severity: {rule}" for rule in config.rules.severity if rule not in known}
    if named:
        raise ConfigError(
            f"`{path}` names rules or codes that do not exist ({', '.join(sorted(named))}). "
            f"The rules are: {', '.join(checks.by_id())}; `paper-triage rules` lists their codes."
        )


def _parse(text: str | None, path: str) -> RepoConfig:
    if text is None or not text.strip():
        return RepoConfig()
    import yaml  # only a repository with a config pays PyYAML's import

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigError(f"`{path}` is not valid YAML{where}.") from None
    if data is None:
        return RepoConfig()
    if not isinstance(data, dict):
        raise ConfigError(f"`{path}` must be a mapping of settings (like `lists: [README.md]`).")
    try:
        return RepoConfig.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(_problem(issue) for issue in error.errors())
        raise ConfigError(f"`{path}` has a setting I cannot use — {problems}.") from None


def _problem(issue: ErrorDetails) -> str:
    where = ".".join(str(part) for part in issue["loc"])
    if issue["type"] in UNKNOWN_SETTING:
        return f"`{where}` is not a setting I know (check its spelling)"
    return f"`{where}`: {issue['msg']}"

"""Where a repository's config lives, and what holds without one: kept apart from the config's pydantic
models (``bot.repo_config``) so that checking a list with no config loads no pydantic."""

from __future__ import annotations

import datetime
from dataclasses import replace

from rules.context import CheckOptions

CONFIG_PATH = ".github/paper-triage.yml"


def dated(rules: CheckOptions) -> CheckOptions:
    """``rules`` with the newest plausible paper year (next year: online-first papers carry it) unless the
    maintainer set one. The rules cannot read the clock, so it is set here."""
    if rules.latest_year is not None:
        return rules
    return replace(rules, latest_year=datetime.date.today().year + 1)

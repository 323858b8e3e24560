"""The rules, one module each, in the order they run. Each module has ``ID``, ``SUMMARY`` and
``check(ctx) -> Iterator[Finding]``; ids are stable: configs and fingerprints refer to them."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType
from typing import Protocol

from rules.checks import (
    cells,
    coverage,
    duplicate,
    off_topic,
    order,
    record,
    structure,
    title_link,
    venue_alias,
    venue_contradicted,
    venue_inconsistent,
    venue_placeholder,
    venue_unknown,
    year,
)
from rules.context import RuleContext
from rules.model import Finding


class RuleModule(Protocol):
    ID: str
    SUMMARY: str

    def check(self, ctx: RuleContext) -> Iterator[Finding]: ...


ALL_RULES: tuple[ModuleType, ...] = (
    structure, coverage, title_link, cells, order, duplicate,
    venue_placeholder, venue_alias, venue_contradicted, venue_unknown, venue_inconsistent, year, record, off_topic,
)


def by_id() -> dict[str, ModuleType]:
    return {rule.ID: rule for rule in ALL_RULES}

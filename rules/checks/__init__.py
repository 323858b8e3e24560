"""The rules, one module each, in the order they run. Each module is a ``RuleModule``: it describes
itself (id, summary, codes, an example and what its fix does) and checks a list. Ids and codes are
stable: configs, suppressions and fingerprints refer to them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from rules import suppress
from rules.checks import (
    cells,
    coverage,
    data_field,
    duplicate,
    generated,
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
from rules.context import Needs, RuleContext
from rules.model import Finding


class Described(Protocol):
    """What a rule says of itself (``paper-triage rules``, the README's table)."""

    ID: str
    SUMMARY: str
    CODES: dict[str, str]  # code (``year/implausible``) → what it reports, in one line
    EXAMPLE: str  # an entry the rule reports
    USE_INSTEAD: str  # what to write instead ("" when a person must decide)
    FIX: str  # what its fix does, and when it is certain


class RuleModule(Described, Protocol):
    NEEDS: Needs  # what it reads beyond the entry under review (a review gives it no less)

    def check(self, ctx: RuleContext) -> Iterator[Finding]: ...


ALL_RULES: tuple[RuleModule, ...] = (
    structure,
    coverage,
    title_link,
    cells,
    data_field,
    order,
    duplicate,
    generated,
    venue_placeholder,
    venue_alias,
    venue_contradicted,
    venue_unknown,
    venue_inconsistent,
    year,
    record,
    off_topic,
)


# Every rule's description, the suppression check's included (it runs in the engine, after the rules).
DESCRIBED: tuple[Described, ...] = (*ALL_RULES, suppress)


def by_id() -> dict[str, RuleModule]:
    return {rule.ID: rule for rule in ALL_RULES}


def known_names() -> frozenset[str]:
    """Every rule id and finding code: what configs and suppressions may name."""
    return frozenset(name for rule in DESCRIBED for name in (rule.ID, *rule.CODES))

"""Each rule declares what it reads beyond an entry under review (``NEEDS``), and a rule that says it
needs the entry alone, or its own table, judges it the same when the rest of the list is left out."""

from __future__ import annotations

from pathlib import Path

import pytest

from rules import checks, parse
from rules.context import Catalog, Needs, RuleContext
from rules.model import Entry

LISTS = Path(__file__).parents[1] / "fixtures" / "lists"
BUNDLED = LISTS / "video-anomaly-detection"
FILES = ("README.md", "scripts/data.json")
SAMPLE_EVERY = 7
# A second table, newest first but for one row, with a row short of a cell, and items of two sections.
DEFECTS = (
    "## Newest first\n\n| Title | Year | Venue |\n| --- | --- | --- |\n"
    + "| [An old paper out of place](https://arxiv.org/abs/1501.00001) | 2015 | arXiv |\n"
    + "".join(
        f"| [A paper on anomalies number {n}](https://arxiv.org/abs/2401.{n:05d}) | {2024 - n} | arXiv |\n"
        for n in range(8)
    )
    + "| [A paper short of a cell](https://arxiv.org/abs/2001.00001) | 2016 |\n"
    + "\n## Items\n\n- [An item paper on anomalies](https://arxiv.org/abs/2301.00001) (2023)\n"
    + "- [An untitled link](ftp://example.org) (2021)\n"
)


def catalog() -> Catalog:
    texts = {path: (BUNDLED / path).read_text(encoding="utf-8") for path in FILES}
    return parse.parse_catalog({**texts, "defects.md": DEFECTS})


def group_of(entry: Entry) -> tuple[str, int | str]:
    return entry.path, entry.table.header_line if entry.table else entry.section


def reduced(whole: Catalog, target: Entry, needs: Needs) -> Catalog:
    """The catalog with only what ``needs`` names of ``target``'s list: the entry itself, or its group
    (each document's text and problems kept)."""

    def kept(entry: Entry) -> bool:
        return entry is target if needs is Needs.ENTRY else group_of(entry) == group_of(target)

    return Catalog(
        tuple(
            document.evolve(entries=tuple(entry for entry in document.entries if kept(entry)))
            for document in whole.documents
        )
    )


@pytest.mark.parametrize("rule", checks.ALL_RULES, ids=lambda rule: rule.ID)
def test_every_rule_declares_what_it_needs(rule: checks.RuleModule) -> None:
    assert isinstance(rule.NEEDS, Needs)


@pytest.mark.parametrize(
    "rule", [rule for rule in checks.ALL_RULES if rule.NEEDS is not Needs.LIST], ids=lambda rule: rule.ID
)
def test_a_rule_that_needs_less_than_the_list_judges_alike_without_the_rest_of_it(rule: checks.RuleModule) -> None:
    whole = catalog()
    found = 0
    sample = whole.entries[::SAMPLE_EVERY] + whole.document("defects.md").entries
    for target in sample:
        part = reduced(whole, target, rule.NEEDS)
        expected = set(rule.check(RuleContext(whole, (target,))))
        assert set(rule.check(RuleContext(part, (target,)))) == expected
        found += len(expected)
    assert found  # the sample holds entries the rule reports

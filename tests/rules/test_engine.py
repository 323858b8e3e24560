"""The engine's hook between rules: called once after each rule that runs, and free to empty the rules'
memos (the command line does, to keep one rule's memos from under the next one's peak)."""

from pathlib import Path

from rules import checks, engine, parse
from rules.context import Catalog, CheckOptions
from rules.text import normalize_title

LIST = Path(__file__).resolve().parent.parent / "fixtures" / "lists" / "video-anomaly-detection" / "README.md"


def catalog() -> Catalog:
    return Catalog((parse.parse_document("README.md", LIST.read_text(encoding="utf-8")),))


def test_the_hook_runs_after_each_rule_that_runs_with_its_id() -> None:
    calls: list[str] = []
    options = CheckOptions(disable=frozenset({"duplicate", "off-topic"}))
    engine.check(catalog(), options, after_rule=calls.append)
    assert sorted(calls) == sorted(rule.ID for rule in checks.ALL_RULES if rule.ID not in options.disable)


def test_emptying_the_memos_between_rules_changes_no_finding() -> None:
    kept = engine.check(catalog(), grouped=True)
    emptied = engine.check(catalog(), grouped=True, after_rule=lambda rule: normalize_title.cache_clear())
    assert emptied == kept and len(kept) > 10


def test_forgetting_each_rules_own_facts_after_it_ran_changes_no_finding() -> None:
    kept = engine.check(catalog(), grouped=True)
    listed = catalog()
    forgotten = engine.check(listed, grouped=True, after_rule=listed.facts.forget)
    assert forgotten == kept

"""Run the enabled rules over a list (or some entries of it) and collect their findings."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence

from rules import checks, generated, grouping, suppress
from rules.context import Catalog, CheckOptions, RuleContext
from rules.model import Entry, Finding, Location, Severity
from rules.records import Lookup

log = logging.getLogger(__name__)

STRUCTURE = "structure"  # the rule that reports the parser's problems
CELL_COUNT = "cell-count"  # the parser's problem kind for a row whose cells do not fit the header
# The duplicate rule's index of every entry is a check's largest working set: run first, it peaks over the
# list alone, not over the findings of the rules before it (about 30 MB of a 100k-entry list's peak).
# Findings are sorted once all rules ran, so the order they run in shows nowhere.
RUNS_FIRST = "duplicate"
RULE_CRASHED = "The `{rule}` check failed on this list ({error}); the other checks still ran. Please report this."


def check(
    catalog: Catalog,
    options: CheckOptions | None = None,
    targets: Sequence[Entry] | None = None,
    scope: Callable[[str, int], bool] | None = None,
    records: Mapping[str, Lookup] | None = None,
    *,
    grouped: bool = False,
    after_rule: Callable[[str], object] | None = None,
) -> list[Finding]:
    """Every finding of every enabled rule on ``targets`` (default: the whole list), sorted. ``records``
    are the papers' own records, looked up beforehand (``scholarly``); without them the record check is silent.
    ``grouped``: one finding per cause recurring in a file (``rules.grouping``), as a whole file is read by
    people; else one per line, as a review comments line by line. ``after_rule`` is called with each rule's
    ID once it has run: a caller short of memory empties the rules' memos there (``bot.memory``), and a
    one-off check drops the rule's own whole-list facts."""
    options = options or CheckOptions()
    ctx = RuleContext(catalog, tuple(catalog.entries if targets is None else targets), options, scope, records)
    findings: set[Finding] = set()
    misshapen = _misshapen_rows(catalog)
    judged = [rule for rule in checks.ALL_RULES if rule.ID not in options.disable]
    for rule in sorted(judged, key=lambda rule: rule.ID != RUNS_FIRST):
        found = _run(rule, ctx)
        if misshapen and rule.ID != STRUCTURE:  # most lists have no misshapen row: their findings all stay
            found = [finding for finding in found if not _on_rows(finding.location, misshapen)]
        findings.update(found)
        if after_rule is not None:
            after_rule(rule.ID)
    kept = _suppressed(findings, ctx, {rule.ID for rule in judged})
    configured = generated.derived_from_data(_configured(kept, options), catalog.documents, ctx.generated_rows)
    found = sorted(configured, key=grouping.SORT_KEY)
    if grouped:
        return grouping.group(found, {document.path: document.text for document in catalog.documents})
    return found


def _suppressed(findings: set[Finding], ctx: RuleContext, judged: set[str]) -> list[Finding]:
    """The findings the list's own suppressions leave, and what is wrong with those suppressions."""
    suppressions = suppress.find(ctx.catalog.documents)
    if not suppressions:
        return list(findings)
    targets = (entry.location for entry in ctx.targets if ctx.in_scope(entry.location))
    return suppress.apply(findings, suppressions, checks.known_names(), judged, targets, ctx.in_scope)


def _configured(findings: list[Finding], options: CheckOptions) -> Iterable[Finding]:
    """The findings with the config's disabled codes dropped and its severities applied (a code's
    severity over its rule's)."""
    if not options.disable and not options.severity:
        yield from findings
        return
    for finding in findings:
        if finding.code in options.disable or finding.rule in options.disable:
            continue
        override = options.severity.get(finding.code) or options.severity.get(finding.rule)
        yield finding if override is None else dataclasses.replace(finding, severity=override)


def _misshapen_rows(catalog: Catalog) -> set[tuple[str, int]]:
    """The lines of rows with more or fewer cells than their header: their cells are shifted, so what a
    rule reads in the year or venue column is some other cell. Only the structure finding speaks for them."""
    return {
        (problem.location.path, line)
        for document in catalog.documents
        for problem in document.problems
        if problem.kind == CELL_COUNT
        for line in range(problem.location.line, problem.location.last_line + 1)
    }


def _on_rows(location: Location, rows: set[tuple[str, int]]) -> bool:
    return any((location.path, line) in rows for line in range(location.line, location.last_line + 1))


def _run(rule: checks.RuleModule, ctx: RuleContext) -> list[Finding]:
    try:
        return list(rule.check(ctx))
    except Exception as error:  # a broken rule must not hide what the others found
        log.exception("rule %s crashed", rule.ID)
        path = ctx.catalog.documents[0].path if ctx.catalog.documents else ""
        message = RULE_CRASHED.format(rule=rule.ID, error=f"{type(error).__name__}: {error}")
        return [Finding(rule.ID, Severity.ERROR, message, Location(path, 1))]

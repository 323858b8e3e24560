"""structure — a table GitHub cannot render as written.

What it does: reports what the parser met while reading the tables and data files: a header glued
onto the line before it, a missing delimiter row, a row broken across lines, a row with more or fewer
cells than the header, stray trailing pipes, JSON items that are not objects, duplicate JSON keys; in
list items, a link whose text is never closed (``[[Paper(url)]``) and a stray bracket (``[Title](url))``,
``**[MICCAI' 21**``).
Why it matters: one broken row turns the rest of a table into raw pipes on GitHub.
Fix safety: certain for a glued header (split it off), a missing delimiter (insert it), a broken row
(join it), stray trailing pipes (drop the empty cells) and brackets (close or drop them as the item's
other links do); the other defects need a person.
"""

from __future__ import annotations

from collections.abc import Iterator

from rules.context import RuleContext
from rules.model import Finding, Severity

ID = "structure"
SUMMARY = "Rows and tables that GitHub cannot render as written."

SEVERITIES = {
    "stray-pipes": Severity.WARNING,
    "stray-bracket": Severity.WARNING,
    "duplicate-key": Severity.WARNING,
}


def check(ctx: RuleContext) -> Iterator[Finding]:
    for document in ctx.catalog.documents:
        for problem in document.problems:
            if ctx.in_scope(problem.location):
                severity = SEVERITIES.get(problem.kind, Severity.ERROR)
                yield Finding(ID, severity, problem.message, problem.location, problem.fix)

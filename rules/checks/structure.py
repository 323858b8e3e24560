"""structure — a table GitHub cannot render as written.

What it does: reports what the parser met while reading the tables and data files: a header glued
onto the line before it, a missing delimiter row, a row broken across lines, a row with more or fewer
cells than the header, stray trailing pipes, JSON items that are not objects, duplicate JSON keys; in
list items, a link whose text is never closed (``[[Paper(url)]``) and a stray bracket (``[Title](url))``,
``**[MICCAI' 21**``).
Why it matters: one broken row turns the rest of a table into raw pipes on GitHub.
"""

from __future__ import annotations

from collections.abc import Iterator

from rules.context import Needs, RuleContext
from rules.model import Finding, Severity

ID = "structure"
SUMMARY = "Rows and tables that GitHub cannot render as written."
CODES = {
    f"{ID}/unreadable": "A data file that can no longer be read (invalid JSON or YAML); the review says so.",
    f"{ID}/glued-header": "A table's header is glued onto the line before it.",
    f"{ID}/missing-delimiter": "A table has no delimiter row under its header.",
    f"{ID}/broken-row": "A row is broken across lines.",
    f"{ID}/stray-pipes": "A row ends in empty cells (stray trailing pipes).",
    f"{ID}/cell-count": "A row has more or fewer cells than its header.",
    f"{ID}/not-an-object": "An item of a data file is not an object.",
    f"{ID}/duplicate-key": "An object of a data file repeats a key.",
    f"{ID}/wrong-type": "A field of a data file holds the wrong type (a list where text belongs).",
    f"{ID}/missing-key": "An object of a data file lacks a key the others have.",
    f"{ID}/unclosed-link": "A link of a list item whose text is never closed (`[[Paper(url)]`).",
    f"{ID}/stray-bracket": "A bracket of a list item that opens or closes nothing (`[Title](url))`).",
    f"{ID}/rst-margin": "Text of a reStructuredText table crosses a column's margin.",
}
EXAMPLE = "`| Title | Year || --- | --- |` (a header glued onto the line before it)"
USE_INSTEAD = "the header on its own line"
UNREADABLE = f"{ID}/unreadable"  # the review's finding (``bot.review.entries``), declared with the parser's kinds
NEEDS = Needs.ENTRY  # the parser's problems on the lines under review
FIX = (
    "Certain for a glued header (split it off), a missing delimiter (insert it), a broken row (join it), "
    "stray trailing pipes (drop the empty cells) and brackets (close or drop them as the item's other links "
    "do); the other defects need a person."
)

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
                yield Finding(ID, severity, problem.message, problem.location, problem.fix, code=f"{ID}/{problem.kind}")

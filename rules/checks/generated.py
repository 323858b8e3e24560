"""generated — a row of a generated page that no data file holds.

What it does: on a page generated from data files (the config's ``generated:``, or a page whose rows are
the data's papers: see ``rules.generated``), reports each row whose paper none of those data files
holds. The rows that show a data object are not judged again: their problems are the object's, reported
at the data file.
Why it matters: the next generation writes the page from the data files again, and a row written by
hand into it is lost.
"""

from __future__ import annotations

from collections.abc import Iterator

from rules.context import Needs, RuleContext
from rules.model import Finding, Severity
from rules.text import code

ID = "generated"
SUMMARY = "A page generated from data files shows only what they hold."
CODES = {
    f"{ID}/not-in-data": "A row of a generated page that none of its data files holds.",
    f"{ID}/edited": "A pull request edits a generated page instead of its data file.",
}
EXAMPLE = "a row written by hand into a README that `scripts/data.json` generates"
USE_INSTEAD = "the paper added as an object of the data file, and the page generated again"
NEEDS = Needs.LIST  # which data files the list generates its pages from, and their objects
FIX = "None; the paper must be added to the data file (the review gives the object to paste)."
EDITED = f"{ID}/edited"  # the review's finding (``bot.review.plan``), declared with the rule's codes

NOT_IN_DATA = (
    "This row is not in {sources}, which {page} is generated from: generating the page again drops it. "
    "Add the paper to the data file."
)


def check(ctx: RuleContext) -> Iterator[Finding]:
    sources = dict(ctx.catalog.generated)
    for entry in ctx.targets:
        key = (entry.path, entry.line)
        if key in ctx.generated_rows and ctx.generated_rows[key] is None:
            named = ", ".join(code(path) for path in sources[entry.path])
            message = NOT_IN_DATA.format(sources=named, page=code(entry.path))
            yield Finding(ID, Severity.WARNING, message, entry.location, code=f"{ID}/not-in-data")

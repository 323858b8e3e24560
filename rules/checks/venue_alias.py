"""venue-alias — a known venue written with another spelling than its canonical code.

What it does: flags a venue code that the registry knows as another spelling of a venue (``J-N`` for
Neurocomputing, ``J-IToCnSVT`` for IEEE TCSVT, ``ArXiv`` for arXiv) and rewrites it to the
canonical code. A code the paper's link contradicts is left to ``venue-contradicted``.
Why it matters: one venue written five ways cannot be searched or counted, and every variant is
copied by the next contributor.
Example: ``| … | 2025 | J-N | … |``
Use instead: ``| … | 2025 | J-NC | … |``
Fix safety: certain: the registry maps the spelling to exactly one venue.
"""

from __future__ import annotations

from collections.abc import Iterator

from rules import venues
from rules.context import RuleContext
from rules.model import Finding, Role, Severity

ID = "venue-alias"
SUMMARY = "Venue codes are the registry's canonical codes."

ALIAS = "`{code}` is another spelling of `{canonical}` ({name}). Write `{canonical}`."


def check(ctx: RuleContext) -> Iterator[Finding]:
    for entry in ctx.targets:
        reading = venues.read(entry, ctx.venues)
        venue = reading.venue
        if venue is None or reading.code == venue.code or reading.strongly_contradicted:
            continue
        message = ALIAS.format(code=reading.code, canonical=venue.code, name=venue.name)
        fix = venues.with_field(entry, Role.VENUE, venue.code)
        location = entry.location if fix is not None else venues.field_location(entry, Role.VENUE)
        yield Finding(ID, Severity.WARNING, message, location, fix)

"""venue-alias — a known venue written with another spelling than its canonical code.

What it does: flags a venue code that the registry knows as another spelling of a venue (``J-N`` for
Neurocomputing, ``J-IToCnSVT`` for IEEE TCSVT, ``ArXiv`` for arXiv) and rewrites it to the
canonical code. In a list written in prefixed codes it also rewrites a venue written in another
list's style (``TPAMI``, ``CVPR'2024``); lists written in that style throughout are left alone. A
code the paper's link contradicts is left to ``venue-contradicted``.
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
RESTYLED = "`{code}` is {name}, which this list writes `{canonical}`. Write `{canonical}`."


def check(ctx: RuleContext) -> Iterator[Finding]:
    restyle = venues.prefixed_style(ctx.venue_readings)
    for entry in ctx.targets:
        reading = ctx.venue_reading(entry)
        if reading.strongly_contradicted:
            continue
        if reading.venue is not None and reading.code != reading.venue.code:
            venue, template = reading.venue, ALIAS
        elif reading.restyled is not None and restyle:
            venue, template = reading.restyled, RESTYLED
        else:
            continue
        message = template.format(code=reading.code, canonical=venue.code, name=venue.name)
        yield venues.finding(ID, Severity.WARNING, message, entry, Role.VENUE, venue.code)

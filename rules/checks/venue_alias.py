"""venue-alias — a known venue written with another spelling than its canonical code.

What it does: flags a venue code that the registry knows as another spelling of a venue (``J-N`` for
Neurocomputing, ``J-IToCnSVT`` for IEEE TCSVT, ``ArXiv`` for arXiv) and rewrites it to the
canonical code. In a list written in prefixed codes it also rewrites a venue written in another
list's style (``TPAMI``, ``CVPR'2024``); a list written in bare names throughout is held only to the case and
punctuation of each bare code (``ArXiv`` → ``arXiv``), and every venue fix is spelt as the list spells codes. A
code the paper's link contradicts is left to ``venue-contradicted``.
Why it matters: one venue written five ways cannot be searched or counted, and every variant is
copied by the next contributor.
"""

from __future__ import annotations

from collections.abc import Iterator

from rules import venues
from rules.context import Needs, RuleContext
from rules.model import Finding, Role, Severity
from rules.text import code

ID = "venue-alias"
SUMMARY = "Venue codes are the registry's canonical codes."
CODES = {
    f"{ID}/alias": "Another spelling of a registry venue.",
    f"{ID}/loose": "A spelling that may name the venue, or another.",
    f"{ID}/restyled": "A venue in another list's style (`TPAMI` in a list of `J-TPAMI`).",
}
EXAMPLE = "`| … | 2025 | J-N | … |`"
USE_INSTEAD = "`| … | 2025 | J-NC | … |`"
NEEDS = Needs.LIST  # whether the list writes prefixed codes, to spell the fix its way
FIX = (
    "Certain: the registry maps the spelling to exactly one venue. Aliases the registry marks loose "
    "(`J-IE`, `C-SIAM`: seen in one list, and they could name other venues) are fixed only when the link "
    "supports the venue; otherwise they are reported without a fix."
)

ALIAS = "{code} is another spelling of `{canonical}` ({name}). Write `{canonical}`."
LOOSE_ALIAS = (
    "{code} may be another spelling of `{canonical}` ({name}), but it can name other venues too and the "
    "link does not show which. Write the venue's canonical code (`{canonical}` if that is the venue)."
)
RESTYLED = "{code} is {name}, which this list writes `{canonical}`. Write `{canonical}`."


def check(ctx: RuleContext) -> Iterator[Finding]:
    restyle = ctx.prefixed_style
    for reading in ctx.venue_readings:
        if reading.strongly_contradicted:
            continue
        if reading.venue is not None and _off_spelling(reading.code, reading.venue.code, restyle):
            venue, template = reading.venue, ALIAS
        elif reading.restyled is not None and restyle:
            venue, template = reading.restyled, RESTYLED
        else:
            continue
        canonical = ctx.styled(venue.code)
        loose = reading.loose_alias  # judged once: it folds the venue's loose aliases
        fix = None if loose else canonical
        template = LOOSE_ALIAS if loose else template
        message = template.format(code=code(reading.code), canonical=canonical, name=venue.name)
        kind = "loose" if loose else "restyled" if template is RESTYLED else "alias"
        yield venues.finding(ID, Severity.WARNING, message, reading.entry, Role.VENUE, fix, code=f"{ID}/{kind}")


def _off_spelling(written: str, canonical: str, prefixed: bool) -> bool:
    """A list of prefixed codes writes each venue one way, its code; a list of bare names may write a
    venue by any of its names (``IEEE Access``, ``TPAMI``) and is only held to the case and punctuation
    of the bare code (``ArXiv`` → ``arXiv``)."""
    if prefixed:
        return written != canonical
    bare = venues.in_style(canonical, prefixed=False)
    # A capitalised word against an all-capitals code (``Sensors``, ``SENSORS``) is a name, written as
    # names are; ``Arxiv`` (for ``arXiv``) and ``cvpr`` are slips.
    named = bare.isupper() and not written.islower()
    return venues.is_variant_of(written, bare) and not named

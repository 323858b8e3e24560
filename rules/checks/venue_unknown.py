"""venue-unknown — a venue code that neither the registry nor the list itself knows.

What it does: flags a code that is not in the venue registry (nor one of its aliases or full names,
nor a registry code in another list's style, like ``CVPR'2024``, nor a track of one, like ``NeurIPS D&B``)
and that the list does not use for any other paper, and suggests the closest canonical codes
(fuzzy matching over codes, aliases and full names) of the code's kind — a conference code is never
"fixed" to a journal — those published where the link is first (`C-PR` on a Springer chapter:
`C-ICPR`). A link that shows the code's kind is wrong is ``venue-contradicted``'s, which says so. A
code the list uses for two or more papers is the list's own and is left alone, and so are words that
say what a work is or where it stands (``Thesis``, ``Technical Report``, ``Under Review``).
A list written in bare names (``CVPR' 18``, ``PLOS ONE``) writes venues as it likes: there only a slip of a
known name (``NeurlPS``, ``CVRP``) is reported.
Why it matters: an unknown code is usually a typo or a private abbreviation nobody else can read.
"""

from __future__ import annotations

from collections.abc import Iterator

from rules import venues
from rules.context import Needs, RuleContext
from rules.model import Finding, Role, Severity
from rules.text import code
from rules.venues import VenueKind

ID = "venue-unknown"
SUMMARY = "Venue codes are known venues."
CODES = {
    f"{ID}/near-known": "An unknown venue code close to known ones.",
    f"{ID}/unmatched": "An unknown venue code like no known one.",
}
EXAMPLE = "`| … | 2024 | J-EPIA | … |`"
USE_INSTEAD = "`| … | 2024 | J-EAAI | … |`"
NEEDS = Needs.LIST  # the venues the list itself uses
FIX = (
    "None; the suggestions need a person. A maintainer adds a real venue to the registry with "
    "`rules.venues` in the repository's config."
)

UNKNOWN = "{code} is not a venue code I know. Did you mean {suggestions}?"
UNKNOWN_NO_MATCH = (
    "{code} is not a venue code I know, and no other paper in this list uses it. Check it; if it is "
    "right, a maintainer can add it under `rules.venues` in the repository's config."
)


def check(ctx: RuleContext) -> Iterator[Finding]:
    for reading in ctx.venue_readings:
        known = reading.venue or reading.restyled or ctx.venues.track_of(reading.code)
        if (
            known is not None
            or reading.placeholder
            or venues.is_description(reading.code)
            or reading.strongly_contradicted
            or ctx.venue_facts.established(reading.code)
            or ctx.venue_facts.variant(reading) is not None
        ):
            continue
        suggestions = list(dict.fromkeys(ctx.styled(suggestion) for suggestion in _suggestions(ctx, reading)))
        if not ctx.prefixed_style:
            # A list of bare names writes venues as it likes (`PLOS ONE`, `Int J Data Sci Anal`): only a near
            # slip of a known name is worth a word, never a venue that merely shares a word with one.
            suggestions = [name for name in suggestions if venues.is_slip_of(reading.code, name)]
            if not suggestions:
                continue
        if suggestions:
            listed = " or ".join(code(suggestion) for suggestion in suggestions)
            message = UNKNOWN.format(code=code(reading.code), suggestions=listed)
            yield venues.finding(ID, Severity.WARNING, message, reading.entry, Role.VENUE, code=f"{ID}/near-known")
        else:
            yield venues.finding(
                ID,
                Severity.INFO,
                UNKNOWN_NO_MATCH.format(code=code(reading.code)),
                reading.entry,
                Role.VENUE,
                code=f"{ID}/unmatched",
            )


def _suggestions(ctx: RuleContext, reading: venues.Reading) -> list[str]:
    """The closest venues of the code's kind (`C-PR` is a conference: never the journal `J-PR`), or of
    the kind the link shows when the code has no prefix; those published where the link is first. A
    link that shows another kind is ``venue-contradicted``'s, which says so; a preprint link says
    nothing of the kind (a published paper may be linked to its preprint)."""
    shown = venues.kind_of_link(reading.evidence)
    kind = venues.kind_of_code(reading.code) or (shown if shown is not VenueKind.PREPRINT else None)
    return ctx.venues.closest(reading.code, kind, reading.evidence.host if reading.evidence else None)

"""venue-inconsistent — one venue the registry lacks, written with different codes within the list.

What it does: groups the list's own codes (those the registry does not know) that differ only in
case, spaces or punctuation (``J-Foo``, ``J-FOO``), or whose entries' links name the same venue (one
ISSN, one Springer journal, one proceedings volume), and flags every entry that does not use the
spelling most entries use, pointing at the others. Spellings of registry venues are
``venue-alias``'s; codes a link contradicts are ``venue-contradicted``'s.
Why it matters: one venue under several codes splits it in two for every reader and script.
"""

from __future__ import annotations

from collections.abc import Iterator

from rules import venues
from rules.context import Needs, RuleContext
from rules.model import Finding, Role, Severity
from rules.text import code
from rules.venues import Variant, VariantReason

ID = "venue-inconsistent"
SUMMARY = "One venue is written with one code."
CODES = {
    f"{ID}/spelling": "One venue written with codes differing in case or punctuation.",
    f"{ID}/same-venue": "Codes the links show to be the same venue.",
}
EXAMPLE = "`J-Foo` on three papers and `J-FOO` on a fourth."
USE_INSTEAD = "`J-Foo` on all four."
NEEDS = Needs.LIST  # every spelling of each venue across the list
FIX = "Certain when most entries agree on one spelling; on a tie a person picks one."

VARIANT = "This venue is written {code} here but {others} elsewhere ({where}): {reason}. {advice}"
REASONS = {
    VariantReason.SPELLING: "the codes differ only in case or punctuation",
    VariantReason.LINKS: "the links show the same venue ({detail})",
}
CODE_OF = {VariantReason.SPELLING: f"{ID}/spelling", VariantReason.LINKS: f"{ID}/same-venue"}
USE_PREFERRED = "Write {preferred}, as most entries do."
PICK_ONE = "Pick one code and use it everywhere."
SHOWN_PLACES = 3


def check(ctx: RuleContext) -> Iterator[Finding]:
    for reading in ctx.venue_readings:
        variant = ctx.venue_facts.variant(reading)
        if variant is None:
            continue
        related = tuple(other.entry.location for other in variant.others)
        yield venues.finding(
            ID,
            Severity.WARNING,
            _message(variant),
            reading.entry,
            Role.VENUE,
            variant.preferred,
            related,
            code=CODE_OF[variant.reason],
        )


def _message(variant: Variant) -> str:
    reading = variant.reading
    codes = sorted({other.code for other in variant.others})
    places = [f"{other.entry.path} line {other.entry.line}" for other in variant.others[:SHOWN_PLACES]]
    more = len(variant.others) - SHOWN_PLACES
    where = ", ".join(places) + (f" and {more} more" if more > 0 else "")
    detail = reading.evidence.detail if reading.evidence else ""
    advice = USE_PREFERRED.format(preferred=code(variant.preferred)) if variant.preferred else PICK_ONE
    return VARIANT.format(
        code=code(reading.code),
        others=" and ".join(code(other) for other in codes),
        where=where,
        reason=REASONS[variant.reason].format(detail=detail),
        advice=advice,
    )

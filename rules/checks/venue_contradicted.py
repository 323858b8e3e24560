"""venue-contradicted — a venue code the paper's own link contradicts.

What it does: reads what the link shows (a CVF proceedings path, a ScienceDirect PII's ISSN, a
Springer journal id, an arXiv id, …) and flags a code that names another venue (a CVF WACV link
coded ``C-CVPR``, a workshop paper coded as the main conference), another kind (a journal article
coded as a conference, an IEEE Xplore paper coded as a preprint), or a venue not published on the
link's site. A published venue linked to its arXiv preprint is noted, not flagged: the paper may be
both; and where that is the list's habit (a good share of its published papers link their preprints), it
is said once for the whole list, with the lines, not once per paper.
Why it matters: a wrong venue misleads readers about where (and whether) a paper was published.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from rules import grouping, venues
from rules.context import Needs, RuleContext
from rules.model import Finding, Role, Severity
from rules.text import code
from rules.venues import ConflictKind, Reading

ID = "venue-contradicted"
SUMMARY = "The venue agrees with what the paper's link shows."
CODES = {
    f"{ID}/other-venue": "The link is published in another venue.",
    f"{ID}/kind": "The link shows another kind of venue (a journal for a conference).",
    f"{ID}/publisher": "The link is on a publisher that does not publish the venue.",
    f"{ID}/preprint-link": "A published venue linked to its arXiv preprint.",
    f"{ID}/preprint-habit": "Many published venues linked to their preprints: one note for the list's habit.",
}
EXAMPLE = (
    "`| [A novel video anomaly detection "
    "…](https://www.sciencedirect.com/science/article/abs/pii/S1047320325000288) | 2025 | C-ICASSP | … |`"
)
USE_INSTEAD = (
    "`| … | 2025 | J-JVCIR | … |` (ISSN 1047-3203 is the Journal of Visual Communication and Image Representation)."
)
NEEDS = Needs.LIST  # the list's preprint habit and its spelling of codes
FIX = "Certain when the link names a registry venue; otherwise a person decides."

OTHER_VENUE = "The link is published in {name} ({source}: {detail}), not in {code}. Write `{canonical}`."
KIND = "The link shows a {link_kind} ({where}), but {code} names a {venue_kind}. Write the venue the link shows."
PUBLISHER = "The link is on {host}, which does not publish {name} ({code}). Correct the venue or the link."
# A list links preprints by habit when at least this share of its papers with a published venue, and at
# least this many, link their arXiv preprint: then one note speaks for them all.
HABIT_SHARE = 0.25
HABIT_PAPERS = grouping.MIN_GROUP
MAX_RELATED = 20
PREPRINT_HABIT = (
    "{count} papers of this list that name a published venue link their arXiv preprint (this one and "
    "{more}): that looks like the list's habit, so they are not noted one by one. Linking the published "
    "versions would tell readers where each paper appeared."
)
PREPRINT_LINK = (
    "The link is the arXiv preprint ({detail}), not the {name} ({code}) version. Link the published "
    "paper if there is one, or write `{preprint}` if it was not published."
)
CODE_OF = {
    ConflictKind.OTHER_VENUE: f"{ID}/other-venue",
    ConflictKind.KIND: f"{ID}/kind",
    ConflictKind.PUBLISHER: f"{ID}/publisher",
    ConflictKind.PREPRINT_LINK: f"{ID}/preprint-link",
}


def check(ctx: RuleContext) -> Iterator[Finding]:
    preprint = ctx.venues.preprint_code or "arXiv"
    habit = _is_habit(ctx.venue_facts)
    if habit:
        yield from _habit_note(ctx)
    for reading in ctx.venue_readings:
        if reading.conflict is None or (habit and reading.conflict.kind is ConflictKind.PREPRINT_LINK):
            continue
        severity = Severity.WARNING if reading.conflict.strong else Severity.INFO
        fixed = ctx.styled(reading.linked.code) if reading.linked is not None else None
        message = _message(reading, preprint, ctx.styled)
        yield venues.finding(
            ID, severity, message, reading.entry, Role.VENUE, fixed, code=CODE_OF[reading.conflict.kind]
        )


def _is_habit(facts: venues.VenueFacts) -> bool:
    """Whether linking their preprint is the habit of the list's page entries of published papers."""
    linked, published = facts.preprint_linked_count()
    return linked >= HABIT_PAPERS and linked >= HABIT_SHARE * published


def _habit_note(ctx: RuleContext) -> Iterator[Finding]:
    """One note for the whole habit, on its first entry, when a full check judges that entry."""
    first = ctx.venue_facts.first_preprint_linked()
    if first is None or not any(target is first for target in ctx.targets):
        return
    others = [entry.location for entry in ctx.venue_facts.preprint_linked_entries()[1:]]
    more = f"{len(others)} more: lines {grouping.line_list(others, shown=5)}"
    message = PREPRINT_HABIT.format(count=len(others) + 1, more=more)
    related = tuple(others[:MAX_RELATED])
    yield Finding(ID, Severity.INFO, message, first.location, related=related, code=f"{ID}/preprint-habit")


def _message(reading: Reading, preprint: str, styled: Callable[[str], str]) -> str:
    found, conflict = reading.evidence, reading.conflict
    assert found is not None and conflict is not None
    known = reading.venue or reading.restyled
    name = known.name if known else reading.code
    if conflict.kind is ConflictKind.OTHER_VENUE:
        assert conflict.linked is not None
        return OTHER_VENUE.format(
            name=conflict.linked.name,
            source=found.source,
            detail=found.detail,
            code=code(reading.code),
            canonical=styled(conflict.linked.code),
        )
    if conflict.kind is ConflictKind.KIND:
        where = f"{found.source}: {found.detail}" if found.detail else found.source
        return KIND.format(
            link_kind=found.kind.value, where=where, code=code(reading.code), venue_kind=(reading.kind or "venue")
        )
    if conflict.kind is ConflictKind.PUBLISHER:
        return PUBLISHER.format(host=found.host, name=name, code=code(reading.code))
    return PREPRINT_LINK.format(detail=found.detail, name=name, code=code(reading.code), preprint=preprint)

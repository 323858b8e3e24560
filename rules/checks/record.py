"""record — an entry the paper's own records (arXiv, Crossref, DBLP, OpenReview) contradict.

What it does: compares each entry with the records looked up for it (``RuleContext.records``; without
them this rule is silent, so offline checks are unchanged) and reports a venue or year the record
contradicts (a journal article coded ``C-CVPR``), a title that differs from the record (a typo, or a
link to another work), a link that is not a page of the titled paper, a preprint that has been
published since, one paper listed under its preprint title and its published title, and a record
that only nearly matches (please confirm). Every message names its evidence (``DBLP conf/cvpr/…``,
``Crossref 10.1109/…``). The publication decides venue and year over the preprint.
Why it matters: where a link names no venue (an IEEE Xplore number, an OpenReview id), only the
record shows the venue is wrong.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from rules import edit, identity, venues
from rules.context import Needs, RuleContext
from rules.identity import Identifier
from rules.model import Entry, Finding, Role, Severity
from rules.records import Lookup, Record, Strength, kinds_fit, paper_ids, title_similarity, venue_of
from rules.text import code, normalize_title
from rules.venues import VenueKind

ID = "record"
SUMMARY = "The entry agrees with the paper's own records (arXiv, Crossref, DBLP, OpenReview)."
CODES = {
    f"{ID}/not-its-page": "The link is not a page of this paper.",
    f"{ID}/title-typo": "The title differs slightly from the record's.",
    f"{ID}/other-work": "The link's record is another work.",
    f"{ID}/title-unsure": "The link's record has a somewhat different title.",
    f"{ID}/published": "A preprint that has since been published.",
    f"{ID}/venue": "The records give another venue.",
    f"{ID}/venue-kind": "The records give another kind of venue.",
    f"{ID}/year": "The records give another year.",
    f"{ID}/similar": "A record with a similar title: is it this paper?",
    f"{ID}/listed-again": "The same paper listed again under another title.",
}
EXAMPLE = "`| [BatchNorm-Based …](https://ieeexplore.ieee.org/document/10649595) | 2024 | C-CVPR | … |`"
USE_INSTEAD = (
    "`| … | 2024 | J-TCSVT | … |` (Crossref 10.1109/tcsvt.2024.3450734: IEEE Transactions on Circuits and"
    " Systems for Video Technology)."
)
NEEDS = Needs.LIST  # which other entries already give a record's identifiers
FIX = (
    "A fix only from a record tied by identifier, or by a title search that agrees in title, year and "
    "authors; a near match is a note, never a fix."
)

# Title similarity (0–100, folded) from which a differing title is a typo of the record's; under
# ANOTHER_WORK the link names another paper; in between, a person decides.
TYPO = 90
ANOTHER_WORK = 60

VENUE = "{evidence} has this paper in {name} ({year}), not {code}. Write `{canonical}`."
KIND = "{evidence} has this paper as a {kind} in {name} ({year}), but {code} names a {venue_kind}. Write its venue."
YEAR = "{evidence} gives {years} for this paper, not {year}."
PUBLISHED = "Published since: {name} {year} ({evidence}, {url}). Write its venue and link the published paper."
TYPO_TITLE = "The title differs from the paper's record ({evidence}): “{title}”."
OTHER_WORK = "The link names another work: “{title}” ({evidence}). Check the link and the title."
UNSURE_TITLE = "The link's record ({evidence}) is titled “{title}”. Please confirm the title and the link."
NOT_ITS_PAGE = "The link is not a page of this paper: its record ({evidence}) is at {url}."
CONFIRM = "A record with a similar title: “{title}” ({evidence}, {name} {year}). Is it this paper? Please confirm."
AGAIN = "Listed again under another title: {where} “{title}” is the same paper ({evidence})."


def check(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.records is None:
        return
    others = _identified(ctx)
    for entry in ctx.targets:
        lookup = ctx.lookup(entry)
        if lookup is None:
            continue
        if not lookup.accepted():
            yield from _weak(entry, lookup)
            continue
        yield from _title(entry, lookup)
        yield from _venue(ctx, entry, lookup)
        yield from _year(ctx, entry, lookup)
        yield from _again(ctx, entry, lookup, others)


def _title(entry: Entry, lookup: Lookup) -> Iterator[Finding]:
    by_link = next((item.record for item in lookup.accepted() if item.strength is Strength.IDENTIFIER), None)
    if by_link is None:
        by_title = lookup.accepted()[0].record
        if _link_ids(entry) == {"url"} and by_title.url:
            yield Finding(
                ID,
                Severity.WARNING,
                NOT_ITS_PAGE.format(evidence=by_title.evidence, url=by_title.url),
                entry.location,
                code=f"{ID}/not-its-page",
            )
        return
    if normalize_title(by_link.title) == normalize_title(entry.title):
        return
    similarity = title_similarity(entry.title, by_link.title)
    values = {"evidence": by_link.evidence, "title": by_link.title}
    if similarity >= TYPO:
        fix = edit.with_title_link(entry, by_link.title, entry.url or "") if entry.url else None
        yield Finding(ID, Severity.WARNING, TYPO_TITLE.format(**values), entry.location, fix, code=f"{ID}/title-typo")
    elif similarity < ANOTHER_WORK:
        yield Finding(ID, Severity.ERROR, OTHER_WORK.format(**values), entry.location, code=f"{ID}/other-work")
    else:
        yield Finding(ID, Severity.INFO, UNSURE_TITLE.format(**values), entry.location, code=f"{ID}/title-unsure")


def _venue(ctx: RuleContext, entry: Entry, lookup: Lookup) -> Iterator[Finding]:
    found = lookup.publication()
    reading = ctx.venue_reading(entry)
    if found is None or reading.placeholder or reading.strongly_contradicted:
        return
    record = found.record
    year = record.year or "year unknown"
    if reading.kind is VenueKind.PREPRINT:
        message = PUBLISHED.format(name=record.venue, year=year, evidence=record.evidence, url=record.url)
        yield Finding(ID, Severity.INFO, message, venues.field_location(entry, Role.VENUE), code=f"{ID}/published")
        return
    spec = venue_of(record, ctx.venues)
    known = reading.venue or reading.restyled
    if spec is not None and known is not None:
        if spec.code != known.code:
            message = VENUE.format(
                evidence=record.evidence,
                name=spec.name,
                year=year,
                code=code(reading.code),
                canonical=ctx.styled(spec.code),
            )
            yield venues.finding(
                ID, Severity.WARNING, message, entry, Role.VENUE, ctx.styled(spec.code), code=f"{ID}/venue"
            )
    elif record.kind is not None and reading.kind is not None and not kinds_fit(record.kind, reading.kind):
        message = KIND.format(
            evidence=record.evidence,
            kind=_kind_name(record.kind),
            name=record.venue,
            year=year,
            code=code(reading.code),
            venue_kind=reading.kind.value,
        )
        fixed = ctx.styled(spec.code) if spec is not None else None
        yield venues.finding(ID, Severity.WARNING, message, entry, Role.VENUE, fixed, code=f"{ID}/venue-kind")


def _year(ctx: RuleContext, entry: Entry, lookup: Lookup) -> Iterator[Finding]:
    preprint_coded = ctx.venue_reading(entry).kind is VenueKind.PREPRINT
    found = lookup.preprint() if preprint_coded else lookup.publication()
    written = entry.year.strip()
    if found is None or not found.record.years or not written[-4:].isdigit():
        return
    record = found.record
    if int(written[-4:]) in _years_allowed(record):
        return
    years = " or ".join(str(year) for year in sorted(set(record.years)))
    fixed = str(record.year) if written.isdigit() and len(written) == 4 else None
    message = YEAR.format(evidence=record.evidence, years=years, year=code(written))
    yield venues.finding(ID, Severity.WARNING, message, entry, Role.YEAR, fixed, code=f"{ID}/year")


def _years_allowed(record: Record) -> set[int]:
    """The record's years, and for a journal article the year before each: its online year may precede
    its volume's, and a record may give only one of them."""
    slack = {year - 1 for year in record.years} if record.kind is VenueKind.JOURNAL else set()
    return set(record.years) | slack


def _weak(entry: Entry, lookup: Lookup) -> Iterator[Finding]:
    weak = next((item.record for item in lookup.found if item.strength is Strength.WEAK), None)
    if weak is not None:
        message = CONFIRM.format(
            title=weak.title,
            evidence=weak.evidence,
            name=weak.venue or "venue unknown",
            year=weak.year or "year unknown",
        )
        yield Finding(ID, Severity.INFO, message, entry.location, code=f"{ID}/similar")


def _again(ctx: RuleContext, entry: Entry, lookup: Lookup, others: dict[Identifier, list[Entry]]) -> Iterator[Finding]:
    """The same paper under another title: an identifier of its records (DOI, DBLP key, arXiv id) is
    another entry's link's or record's. A pair the duplicate rule already sees (a shared link
    identifier, the same title) is left to it; a pair of entries under review is reported once."""
    mine = _ids_of(entry, lookup)
    targets = {(target.path, target.line) for target in ctx.targets}
    reported: set[tuple[str, int]] = set()
    for ident in sorted(mine):
        for other in others.get(ident, ()):
            place = (other.path, other.line)
            if other is entry or other.is_data != entry.is_data or place in reported or _duplicate_sees(entry, other):
                continue
            if place in targets and (other.path, other.line) > (entry.path, entry.line):
                continue
            reported.add(place)
            evidence = next(
                (item.record.evidence for item in lookup.accepted() if ident in paper_ids(item.record)),
                _describe(ident),
            )
            where = f"{other.path}:{other.line}"
            yield Finding(
                ID,
                Severity.WARNING,
                AGAIN.format(where=where, title=other.title, evidence=evidence),
                entry.location,
                related=(other.location,),
                code=f"{ID}/listed-again",
            )


def _identified(ctx: RuleContext) -> dict[Identifier, list[Entry]]:
    """Every entry of the list by the paper identifiers of its link and of its records."""
    index: dict[Identifier, list[Entry]] = defaultdict(list)
    for entry in ctx.catalog.entries:
        for ident in _ids_of(entry, ctx.lookup(entry)):
            index[ident].append(entry)
    return index


def _ids_of(entry: Entry, lookup: Lookup | None) -> set[Identifier]:
    ids = {ident for ident in identity.identifiers(entry.url) if ident.scheme != "url"}
    if lookup is not None:
        ids |= {ident for item in lookup.accepted() for ident in paper_ids(item.record)}
    return ids


def _duplicate_sees(entry: Entry, other: Entry) -> bool:
    shared_link = identity.identifiers(entry.url) & identity.identifiers(other.url)
    return bool(shared_link) or normalize_title(entry.title) == normalize_title(other.title)


def _kind_name(kind: VenueKind) -> str:
    return {VenueKind.JOURNAL: "journal article", VenueKind.PREPRINT: "preprint"}.get(kind, f"{kind.value} paper")


def _link_ids(entry: Entry) -> set[str]:
    return {ident.scheme for ident in identity.identifiers(entry.url)}


def _describe(ident: Identifier) -> str:
    return f"DBLP {ident.value}" if ident.scheme == "dblp" else ident.describe()

"""year — a year that is not a year, is implausible, or contradicts the paper's link.

What it does: flags a year that is empty or not four digits (``24``, ``2024a``; ``2024-03`` and
``2024-03-15`` are fine), one outside the range the list plausibly covers (1900 to one year after
the newest year the list attests, or after ``rules.latest_year``), and one the link contradicts: a
CVF, NeurIPS, IJCAI or proceedings link gives the conference year; an arXiv id gives a preprint's
year; a journal DOI or PII gives the year the article went online, and the volume may follow one
year later.
Why it matters: tables are sorted and read by year; a wrong year hides the paper.
Example: ``| [… WACV 2024 paper](https://openaccess.thecvf.com/content/WACV2024/…) | 2023 | C-WACV | … |``
Use instead: ``| … | 2024 | C-WACV | … |``
Fix safety: certain when the link gives one exact year; otherwise a person decides.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator

from rules import venues
from rules.context import RuleContext
from rules.evidence import LinkKind
from rules.model import Finding, Role, Severity
from rules.venues import Reading, VenueKind

ID = "year"
SUMMARY = "Years are four-digit years that agree with the paper's link."

# A year, optionally with month and day: 2024, 2024-03, 2024.03, 2024/03/15.
YEAR_RE = re.compile(r"^(?P<year>\d{4})(?:[-./]\d{1,2}(?:[-./]\d{1,2})?)?$")
EARLIEST_YEAR = 1900
# A year the list attests counts once this many different papers use it.
ATTESTING_PAPERS = 2

EMPTY = "The year is empty. Write the year of publication, like `2024`."
NOT_A_YEAR = "`{year}` is not a year. Write the year of publication as four digits, like `2024`."
IMPLAUSIBLE = "The year {year} is implausible here (this list covers {low}–{high}). Check it."
CONTRADICTED_EXACT = "The link shows {detail} ({source}), but the year says {year}. Write `{expected}`."
CONTRADICTED_ONLINE = (
    "The link shows the paper went online in {online} ({source}: {detail}), so its year is {online} or "
    "{later}, not {year}."
)


def check(ctx: RuleContext) -> Iterator[Finding]:
    readings = venues.read_all(ctx.catalog.entries, ctx.venues)
    latest = ctx.options.latest_year or _latest_attested(readings, ctx.venues)
    high = latest + 1 if latest is not None else None
    for entry in ctx.targets:
        if not venues.has_field(entry, Role.YEAR):
            continue
        yield from _check_entry(venues.read(entry, ctx.venues), ctx.venues, high)


def _check_entry(reading: Reading, registry: venues.Registry, high: int | None) -> Iterator[Finding]:
    entry = reading.entry
    written = entry.year.strip()
    where = venues.field_location(entry, Role.YEAR)
    if not written:
        yield Finding(ID, Severity.ERROR, EMPTY, where)
        return
    year = year_of(written)
    if year is None:
        yield Finding(ID, Severity.ERROR, NOT_A_YEAR.format(year=written), where)
        return
    if year < EARLIEST_YEAR or (high is not None and year > high):
        message = IMPLAUSIBLE.format(year=year, low=EARLIEST_YEAR, high=high or "now")
        yield Finding(ID, Severity.ERROR, message, where)
        return
    linked = _linked_year(reading, registry)
    if linked is None:
        return
    expected, slack = linked
    if expected <= year <= expected + slack:
        return
    found = reading.evidence
    assert found is not None
    if slack:
        message = CONTRADICTED_ONLINE.format(online=expected, later=expected + slack, source=found.source,
                                             detail=found.detail, year=year)
        yield Finding(ID, Severity.WARNING, message, where)
        return
    message = CONTRADICTED_EXACT.format(detail=found.detail, source=found.source, year=year, expected=expected)
    fix = venues.with_field(entry, Role.YEAR, str(expected)) if written == str(year) else None
    yield Finding(ID, Severity.WARNING, message, entry.location if fix is not None else where, fix)


def year_of(written: str) -> int | None:
    match = YEAR_RE.match(written.strip())
    return int(match["year"]) if match else None


def _linked_year(reading: Reading, registry: venues.Registry) -> tuple[int, int] | None:
    """The year (and slack) the link gives, where it applies: an arXiv id dates a preprint only."""
    found = reading.evidence
    if found is None or (found.kind is LinkKind.PREPRINT and reading.kind is not VenueKind.PREPRINT):
        return None
    return registry.year_of(found)


def _latest_attested(readings: Iterable[Reading], registry: venues.Registry) -> int | None:
    """The newest year that links show, or that several papers of the list share."""
    papers: dict[int, set[str]] = defaultdict(set)
    linked: list[int] = []
    for reading in readings:
        if (year := year_of(reading.entry.year)) is not None:
            papers[year].add(venues.paper_key(reading.entry))
        if (given := registry.year_of(reading.evidence)) is not None:
            linked.append(given[0] + given[1])
    shared = [year for year, titles in papers.items() if len(titles) >= ATTESTING_PAPERS]
    return max(shared + linked, default=None)

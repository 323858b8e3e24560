"""year — a year that is not a year, is implausible, or contradicts the paper's link.

What it does: flags a year that is empty or holds no four-digit year (``24``, ``2024a``; dates such as
``2024-03`` or ``01 Jan 2024`` are fine), one that cannot be a year (before 1900, after 2099), one
after the range the list plausibly covers (one year after ``rules.latest_year``, or after the newest
year a list of twenty papers or more attests), and one the link contradicts: a
CVF, NeurIPS, IJCAI or proceedings link gives the conference year; an arXiv id gives a preprint's
year; a journal DOI or PII gives the year the article went online, and the volume may follow one
year later. A date must exist (``00 Jan 2024``, ``2024-02-30`` do not). A data object that gives its year
twice (``date`` and ``year``, or a ``Date`` and a venue written with its year, ``ICCV'2023``) must give
one year; a first-online date (``Initial Date``) may come before the year of publication.
Why it matters: tables are sorted and read by year; a wrong year hides the paper.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from rules import facts, venues
from rules.context import Needs, RuleContext
from rules.dialects import datakeys
from rules.evidence import LinkKind
from rules.facts import has_day, missing_date_part, year_in, year_of
from rules.model import Entry, Finding, Location, Role, Severity
from rules.text import code
from rules.venues import Reading, VenueKind

ID = "year"
SUMMARY = "Years are four-digit years that agree with the paper's link."
CODES = {
    f"{ID}/empty": "The year is empty.",
    f"{ID}/not-a-year": "The year holds no four-digit year.",
    f"{ID}/impossible": "The year cannot be a publication year (before 1900, after 2099).",
    f"{ID}/implausible": "The year is after the range the list covers.",
    f"{ID}/contradicted": "The link gives another exact year.",
    f"{ID}/contradicted-online": "The link's online date gives other years.",
    f"{ID}/no-such-date": "The date names a day or month no calendar has (`00 Jan 2024`).",
    f"{ID}/date-contradicts-year": "A data object's date and the year its other fields give disagree.",
}
EXAMPLE = "`| [… WACV 2024 paper](https://openaccess.thecvf.com/content/WACV2024/…) | 2023 | C-WACV | … |`"
USE_INSTEAD = "`| … | 2024 | C-WACV | … |`"
NEEDS = Needs.LIST  # the newest year the list attests
FIX = "Certain when the link gives one exact year; otherwise a person decides."

EARLIEST_YEAR = 1900
# No clock in rules/: past this year a date is a typo (2204) whatever today is.
LATEST_POSSIBLE_YEAR = 2099
# A year the list attests counts once this many different papers use it, and the list's newest year
# bounds new ones only when it has this many papers: a young list's newest year says little.
ATTESTING_PAPERS = 2
PAPERS_TO_BOUND = 20

EMPTY = "The year is empty. Write the year of publication, like `2024`."
NOT_A_YEAR = "{year} is not a year. Write the year of publication as four digits, like `2024`."
IMPLAUSIBLE = "The year {year} is implausible here (this list covers {low}–{high}). Check it."
IMPOSSIBLE = "The year {year} cannot be a publication year. Check it."
SHORT_YEAR_RE = re.compile(r"(['’]\s?)\d{2}")  # ``' 18``, ``'18``: a year as lists of bare codes write it
NO_SUCH_DATE = (
    "{date} is not a real date: there is no {part}. Write the paper's real date, or the year alone (`{year}`)."
)
DATE_CONTRADICTS_YEAR = "{other} says {other_year}{written}, but {key} says {year}. Make them agree."
CONTRADICTED_EXACT = "The link shows {detail} ({source}), but the year says {year}. Write `{expected}`."
CONTRADICTED_ONLINE = (
    "The link shows the paper went online in {online} ({source}: {detail}), so its year is {online} or "
    "{later}, not {year}."
)

# A key of a first-online date (``Initial Date``), folded: the paper may be published a later year.
FIRST_ONLINE = "initial"
# One of an object's dates: its key, its text as written, and its year.
_Dated = tuple[str, str, int]

# What a year check found: its code, severity, message and the certain fix (None: a person decides).
_Found = tuple[str, Severity, str, str | None]


def check(ctx: RuleContext) -> Iterator[Finding]:
    latest = ctx.options.latest_year or _latest_attested(ctx.venue_facts)
    high = latest + 1 if latest is not None else None
    for reading in ctx.venue_readings:
        entry = reading.entry
        if not venues.has_field(entry, Role.YEAR):
            continue
        written = entry.year.strip()
        found = _malformed(written, high) or _no_such_date(written) or _contradicted(reading, ctx.venues)
        if found is not None:
            kind, severity, message, fixed = found
            yield venues.finding(ID, severity, message, entry, Role.YEAR, fixed, code=kind)
        elif entry.is_data:
            yield from _disagreeing_years(entry, reading, ctx.venues)


def _malformed(written: str, high: int | None) -> _Found | None:
    """An empty, unreadable or implausible year."""
    if not written:
        return f"{ID}/empty", Severity.ERROR, EMPTY, None
    year = year_of(written)
    if year is None:
        return f"{ID}/not-a-year", Severity.ERROR, NOT_A_YEAR.format(year=code(written)), None
    if year < EARLIEST_YEAR or year > LATEST_POSSIBLE_YEAR:
        return f"{ID}/impossible", Severity.ERROR, IMPOSSIBLE.format(year=year), None
    if high is not None and year > high:
        return f"{ID}/implausible", Severity.WARNING, IMPLAUSIBLE.format(year=year, low=EARLIEST_YEAR, high=high), None
    return None


def _no_such_date(written: str) -> _Found | None:
    """A date whose day or month does not exist (``00 Jan 2024``): its year reads, the date does not."""
    part = missing_date_part(written)
    if part is None:
        return None
    message = NO_SUCH_DATE.format(date=code(written), part=part, year=year_of(written))
    return f"{ID}/no-such-date", Severity.ERROR, message, None


def _disagreeing_years(entry: Entry, reading: Reading, registry: venues.Registry) -> Iterator[Finding]:
    """A data object that gives its year twice (``date`` and ``year``, or ``Date`` and a venue written with
    its year, ``ICCV'2023``) and the two disagree."""
    key = entry.key_of(Role.YEAR)
    year = year_of(entry.year)
    if year is None or entry.data is None:
        return
    for other, written in _other_years(entry, key, reading, registry):
        other_year = year_in(written)
        journal = other == entry.key_of(Role.VENUE) and reading.kind is VenueKind.JOURNAL
        if other_year is None or _agree((key, entry.year, year), (other, written, other_year), int(journal)):
            continue
        shown = f" ({code(written)})" if written.strip() != str(other_year) else ""
        message = DATE_CONTRADICTS_YEAR.format(
            other=code(other), other_year=other_year, written=shown, key=code(key), year=year
        )
        line = entry.field_line(datakeys.key_name(entry.data, other))
        yield venues.finding(
            ID,
            Severity.WARNING,
            message,
            entry,
            Role.YEAR,
            related=(Location(entry.path, line, line),),
            code=f"{ID}/date-contradicts-year",
        )


def _agree(first: _Dated, second: _Dated, slack: int) -> bool:
    """Whether two years an object gives for one paper agree: a first-online date may come before the
    year of publication, never after it; a journal's volume may follow its online year by ``slack``."""
    if _first_online(first):
        return first[2] <= second[2]
    if _first_online(second):
        return second[2] <= first[2]
    return first[2] <= second[2] <= first[2] + slack


def _first_online(dated: _Dated) -> bool:
    """A date the paper went online: an ``Initial Date``, or any date to the day (``2023-12-20``, a
    preprint's day; a venue's year is later when it is published)."""
    key, written, _ = dated
    return datakeys.fold(key).startswith(FIRST_ONLINE) or has_day(written)


def _other_years(entry: Entry, key: str, reading: Reading, registry: venues.Registry) -> Iterator[tuple[str, str]]:
    """The object's other keys that hold a year or date, and its venue when written with a year (not a
    preprint's: ``arXiv 2022.06`` dates the preprint), as written."""
    assert entry.data is not None
    chosen = datakeys.fold(key)
    for name, value in entry.data.items():
        folded = datakeys.fold(str(name))
        if folded != chosen and folded in datakeys.NAMES[Role.YEAR] and isinstance(value, (str, int, date)):
            yield str(name), str(value)
    venue = facts.venue_and_year(entry.venue)
    known = registry.lookup(venue.venue) if venue.venue else None
    kind = reading.kind or (known.kind if known else None)
    if venue.year and venue.venue and kind is not VenueKind.PREPRINT:
        yield entry.key_of(Role.VENUE), entry.venue


def _contradicted(reading: Reading, registry: venues.Registry) -> _Found | None:
    """A year outside what the link gives; the fix is certain when the link gives one exact year."""
    linked = _linked_year(reading, registry)
    written = reading.entry.year.strip()
    year = year_of(written)
    if linked is None or year is None:
        return None
    expected, slack = linked
    if expected <= year <= expected + slack:
        return None
    found = reading.evidence
    assert found is not None
    if slack:
        message = CONTRADICTED_ONLINE.format(
            online=expected, later=expected + slack, source=found.source, detail=found.detail, year=year
        )
        return f"{ID}/contradicted-online", Severity.WARNING, message, None
    fixed = _in_style(written, expected)
    message = CONTRADICTED_EXACT.format(detail=found.detail, source=found.source, year=year, expected=fixed or expected)
    return f"{ID}/contradicted", Severity.WARNING, message, fixed


def _in_style(written: str, year: int) -> str | None:
    """``year`` written as ``written`` writes its year (``2024``, ``' 24``); None for a date, whose month
    or day the link may not give."""
    if written.isdigit() and len(written) == 4:
        return str(year)
    short = SHORT_YEAR_RE.fullmatch(written)
    return f"{short.group(1)}{year % 100:02d}" if short else None


def _linked_year(reading: Reading, registry: venues.Registry) -> tuple[int, int] | None:
    """The year (and slack) the link gives, where it applies: an arXiv id dates a preprint only."""
    found = reading.evidence
    if found is None or (found.kind is LinkKind.PREPRINT and reading.kind is not VenueKind.PREPRINT):
        return None
    return registry.year_of(found)


def _latest_attested(facts: venues.VenueFacts) -> int | None:
    """The newest year that links show, or that several papers of the list share (None for a list too
    small to tell)."""
    if facts.papers_with_a_year() < PAPERS_TO_BOUND:
        return None
    latest = facts.latest_linked_year()
    return max([*facts.shared_years(ATTESTING_PAPERS), *([latest] if latest is not None else [])], default=None)

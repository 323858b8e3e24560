"""Safe matching: when a record found by a title search is the entry's paper.

A record that carries one of the entry's identifiers (its arXiv id, DOI, Xplore number, OpenReview id)
is the paper. A title search is another matter — title-only matching is how BibTeX tools rewrote a paper
into an unrelated talk — so its record is accepted only when all of these hold:

- the titles agree once folded (``rules.text.normalize_title``): rapidfuzz ``ratio`` of at least
  ``TITLE_AGREES`` (95: a typo or two in a long title, not a changed word in a short one);
- the years are consistent: the entry's year within ``YEAR_SLACK`` of a year of the record (a preprint
  of December is published the next year; a journal's online year precedes its volume's);
- where both sides list authors, a surname is shared.

A record whose title comes close (``TITLE_NEAR`` and up) but fails a test is a weak match: a
"please confirm" note, never a fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rules.records import Record, Strength, title_similarity
from rules.text import normalize_title

TITLE_AGREES = 95
TITLE_NEAR = 85
YEAR_SLACK = 1
YEAR_RE = re.compile(r"(?:19|20)\d{2}")
AUTHOR_SEPARATOR_RE = re.compile(r"\s*(?:[,;]|\band\b|&)\s*")


def year_of(text: str) -> int | None:
    """The first four-digit year in a year cell (``2024``, ``01 Jan 2024``), or None."""
    match = YEAR_RE.search(text)
    return int(match.group()) if match else None


def authors_of(text: str) -> tuple[str, ...]:
    """An entry's author field (``Y. Zhou, Y. Qu and X. Xu``) as names."""
    return tuple(name for name in AUTHOR_SEPARATOR_RE.split(text) if name.strip())


def years_consistent(year: int | None, record: Record) -> bool:
    return year is None or not record.years or any(abs(year - known) <= YEAR_SLACK for known in record.years)


def authors_overlap(authors: Iterable[str], record: Record) -> bool:
    """True when a surname is shared, or when either side lists none."""
    ours = {_surname(name) for name in authors if name.strip()}
    theirs = {_surname(name) for name in record.authors if name.strip()}
    return not ours or not theirs or bool(ours & theirs)


def by_title(title: str, year: int | None, authors: Iterable[str], record: Record) -> Strength | None:
    """How far a record found by a title search is the entry's paper: TITLE, WEAK or None (another paper)."""
    similarity = title_similarity(title, record.title)
    if similarity < TITLE_NEAR:
        return None
    agrees = similarity >= TITLE_AGREES and years_consistent(year, record) and authors_overlap(authors, record)
    return Strength.TITLE if agrees else Strength.WEAK


def _surname(name: str) -> str:
    words = normalize_title(name).split()
    return words[-1] if words else ""

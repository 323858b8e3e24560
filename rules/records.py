"""What the papers' own records say (arXiv, Crossref, DBLP, OpenReview), as plain data for the rules.

The records are looked up outside ``rules/`` (by the ``scholarly`` package) and handed to a check in
``RuleContext.records``, keyed by ``entry_key``: the rules never fetch anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz

from rules import identity, venues
from rules.evidence import Evidence, LinkKind
from rules.identity import Identifier
from rules.model import Entry
from rules.text import normalize_title
from rules.venues import VenueKind, VenueSpec


class Strength(StrEnum):
    """How a record was tied to an entry."""

    IDENTIFIER = "identifier"  # it carries an identifier of the entry's link (or of such a record)
    TITLE = "title"  # a title search, with titles, year and authors agreeing
    WEAK = "weak"  # a title search that only nearly agrees: a "please confirm" note, never a fix


@dataclass(frozen=True, slots=True)
class Record:
    """One source's record of one paper. ``key`` is its id at the source (a DOI, a DBLP key, an arXiv id,
    an OpenReview note id); ``venue`` the venue's name as the source writes it; ``years`` every year
    the record gives (published online, in print), first the one it calls the publication's."""

    source: str
    key: str
    title: str
    kind: VenueKind | None
    venue: str = ""
    years: tuple[int, ...] = ()
    authors: tuple[str, ...] = ()
    identifiers: frozenset[Identifier] = frozenset()
    url: str = ""
    issn: tuple[str, ...] = ()
    venue_codes: tuple[str, ...] = ()  # short names a registry may know: DBLP's "CVPR", OpenReview's "ACMMM"

    @property
    def evidence(self) -> str:
        """How a message names it: ``Crossref 10.1109/tcsvt.2024.3450734``, ``DBLP conf/cvpr/…``."""
        return f"{self.source} {self.key}"

    @property
    def year(self) -> int | None:
        return self.years[0] if self.years else None

    @property
    def published(self) -> bool:
        return self.kind is not None and self.kind is not VenueKind.PREPRINT


@dataclass(frozen=True, slots=True)
class Found:
    """A record and how sure the tie to the entry is."""

    record: Record
    strength: Strength


@dataclass(frozen=True, slots=True)
class Lookup:
    """What the records say about one entry: the records tied to it (publications before preprints,
    identifier ties before title ties) and the sources that did not answer."""

    found: tuple[Found, ...] = ()
    unverified: tuple[str, ...] = ()

    def accepted(self) -> tuple[Found, ...]:
        return tuple(item for item in self.found if item.strength is not Strength.WEAK)

    def publication(self) -> Found | None:
        """The record that decides venue and year: the first accepted publication."""
        return next((item for item in self.accepted() if item.record.published), None)

    def preprint(self) -> Found | None:
        return next((item for item in self.accepted() if not item.record.published), None)


def entry_key(entry: Entry) -> str:
    """The key of an entry's lookup: its folded title and normalised link, so that a lookup still
    applies after fixes that move the entry or touch other fields."""
    return normalize_title(entry.title) + "\n" + identity.normalize_url(entry.url or "")


def paper_ids(record: Record) -> frozenset[Identifier]:
    """The identifiers that name the paper itself (not a plain page): DOIs, arXiv ids, DBLP keys, …"""
    return frozenset(ident for ident in record.identifiers if ident.scheme != "url")


# Points off a title similarity for each word of one title replaced by an unrelated word in the other:
# "Real-Time Weakly Supervised …" and "BatchNorm-Based Weakly Supervised …" share a long tail but are
# two papers. A misspelt word (``ernhanced``/``enhanced``, ``MISSPELT`` alike or more) is no replacement.
REPLACED_WORD_PENALTY = 12
MISSPELT = 75


def title_similarity(a: str, b: str) -> float:
    """0–100: how alike two titles are once folded (case, accents, punctuation, spaces), less
    ``REPLACED_WORD_PENALTY`` for each word replaced by an unrelated one."""
    first, second = normalize_title(a), normalize_title(b)
    only_first, only_second = _unmatched(first.split(), second.split())
    replaced = min(len(only_first), len(only_second))
    return max(0.0, fuzz.ratio(first, second) - REPLACED_WORD_PENALTY * replaced)


def _unmatched(first: list[str], second: list[str]) -> tuple[list[str], list[str]]:
    """The words of each title the other lacks, misspellings of each other paired off."""
    only_first = [word for word in first if word not in second]
    only_second = [word for word in second if word not in first]
    for word in list(only_first):
        near = next((other for other in only_second if fuzz.ratio(word, other) >= MISSPELT), None)
        if near is not None:
            only_first.remove(word)
            only_second.remove(near)
    return only_first, only_second


def venue_of(record: Record, registry: venues.Registry) -> VenueSpec | None:
    """The registry venue a record names: by ISSN, by full name, or by a short name (DBLP's ``CVPR``)."""
    for issn in record.issn:
        spec = registry.identify(Evidence(record.source, LinkKind.JOURNAL, "", ref=("issn", issn)))
        if spec is not None:
            return spec
    candidates = [registry.lookup(record.venue)] if record.venue else []
    candidates += [registry.recognise(short) for short in record.venue_codes]
    return next((spec for spec in candidates if spec is not None and kinds_fit(record.kind, spec.kind)), None)


def kinds_fit(record: VenueKind | None, written: VenueKind) -> bool:
    """Whether a record's kind of publication fits a written venue's kind (conference and workshop alike)."""
    if record is None:
        return True
    if record is VenueKind.JOURNAL or written is VenueKind.JOURNAL:
        return record is written
    return (record is VenueKind.PREPRINT) == (written is VenueKind.PREPRINT)

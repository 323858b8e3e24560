"""``/add-paper <link>``: the fields a request left out, filled from the papers' own records, each with
the record it came from, for the preview to show and the requester to confirm. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rules import venues
from rules.records import Lookup, Record, venue_of

FILLED = ("title", "year", "venue")


@dataclass(frozen=True)
class Filled:
    """``fields`` the records gave that the request lacked; ``sources`` field → the record's evidence
    (``arXiv 2404.12345``); ``authors`` as the records list them (the entry has no author field)."""

    fields: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    authors: tuple[str, ...] = ()
    authors_source: str = ""


def fill(given: Mapping[str, str], lookup: Lookup, registry: venues.Registry) -> Filled:
    """The fields ``given`` lacks, from the publication (venue, year) or else the preprint; a venue the
    registry cannot name is left for the requester."""
    accepted = [item.record for item in lookup.accepted()]
    if not accepted:
        return Filled()
    first = accepted[0]
    publication = next((record for record in accepted if record.published), None)
    decides = publication or first
    values: dict[str, tuple[str, Record]] = {"title": (first.title, first)}
    if decides.year:
        values["year"] = (str(decides.year), decides)
    venue = _venue_code(decides, registry)
    if venue:
        values["venue"] = (venue, decides)
    missing = {name: value for name, value in values.items() if name in FILLED and not given.get(name)}
    with_authors = next((record for record in accepted if record.authors), None)
    return Filled(
        fields={name: value for name, (value, _) in missing.items()},
        sources={name: record.evidence for name, (_, record) in missing.items()},
        authors=with_authors.authors if with_authors else (),
        authors_source=with_authors.evidence if with_authors else "",
    )


def _venue_code(record: Record, registry: venues.Registry) -> str | None:
    if not record.published:
        return registry.preprint_code
    spec = venue_of(record, registry)
    return spec.code if spec is not None else None

"""DBLP: ``GET {base}/search/publ/api?q=<title>&format=json&h=5``. The answer's ``result.hits.hit[]`` each
hold an ``info``: title, venue, year, type (Journal Articles, Conference and Workshop Papers, Informal
and Other Publications — CoRR preprints), key (``conf/cvpr/…``), doi and ``ee`` links.
https://dblp.org/faq/How+to+use+the+dblp+search+API.html
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from rules import identity
from rules.identity import Identifier
from rules.records import Record
from rules.venues import VenueKind
from scholarly.http import Fetcher

SOURCE = "dblp"
NAME = "DBLP"
HITS = 5
KINDS = {
    "Journal Articles": VenueKind.JOURNAL,
    "Conference and Workshop Papers": VenueKind.CONFERENCE,
    "Informal and Other Publications": VenueKind.PREPRINT,
    "Informal Publications": VenueKind.PREPRINT,
}


def _listed(value: object) -> object:
    """DBLP writes a one-item list as the item alone."""
    return value if isinstance(value, list) or value is None else [value]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Author(_Model):
    text: str


class Authors(_Model):
    author: list[Author] = Field(default_factory=list)

    _one = field_validator("author", mode="before")(lambda cls, value: _listed(value))


class Info(_Model):
    title: str
    key: str
    type: str = ""
    venue: list[str] = Field(default_factory=list)
    year: int | None = None
    doi: str | None = None
    ee: list[str] = Field(default_factory=list)
    url: str = ""
    authors: Authors = Field(default_factory=Authors)

    _lists = field_validator("venue", "ee", mode="before")(lambda cls, value: _listed(value))


class Hit(_Model):
    info: Info


class Hits(_Model):
    hit: list[Hit] = Field(default_factory=list)


class Result(_Model):
    hits: Hits


class Envelope(_Model):
    result: Result


def search(fetcher: Fetcher, title: str) -> list[Record]:
    answer = fetcher.get(SOURCE, "/search/publ/api", {"q": title, "format": "json", "h": str(HITS)})
    if not answer.body:
        return []
    return [to_record(hit.info) for hit in Envelope.model_validate_json(answer.body).result.hits.hit]


def to_record(info: Info) -> Record:
    identifiers = {Identifier("dblp", info.key)}
    identifiers |= {ident for link in info.ee for ident in identity.identifiers(link)}
    if info.doi:
        identifiers.add(Identifier("doi", info.doi.lower()))
    kind = KINDS.get(info.type)
    if kind is VenueKind.CONFERENCE and any(venue.endswith("Workshops") for venue in info.venue):
        kind = VenueKind.WORKSHOP
    return Record(
        source=NAME,
        key=info.key,
        title=info.title.removesuffix("."),
        kind=kind,
        venue=", ".join(info.venue),
        years=(info.year,) if info.year else (),
        authors=tuple(_surname(author.text) for author in info.authors.author),
        identifiers=frozenset(identifiers),
        url=info.ee[0] if info.ee else info.url,
        venue_codes=tuple(info.venue),
    )


def _surname(name: str) -> str:
    """DBLP disambiguates namesakes with a number: ``Peng Wang 0001``."""
    words = [word for word in name.split() if not word.isdigit()]
    return words[-1] if words else name

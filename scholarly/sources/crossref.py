"""Crossref: ``GET {base}/works/{doi}`` and ``GET {base}/works?query.bibliographic=<text>&rows=5``, with a
contact address (``mailto``) as Crossref asks. The answer is an envelope whose ``message`` is one work
(or ``items`` of works): title, container-title, ISSN, type, issued / published dates, authors and
links — an IEEE record's links carry the Xplore document number (``arnumber``).
https://api.crossref.org/swagger-ui/index.html, https://www.crossref.org/documentation/retrieve-metadata/rest-api/
"""

from __future__ import annotations

import re
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, Field

from rules.identity import Identifier
from rules.records import Record
from rules.venues import VenueKind
from scholarly.http import Fetcher

SOURCE = "crossref"
NAME = "Crossref"
ROWS = 5
# IEEE deposits its full-text links as http://xplorestaging.ieee.org/ielx7/…/10649595.pdf?arnumber=10649595
ARNUMBER_RE = re.compile(r"ieee\.org/.*[?&]arnumber=(?P<number>\d+)")
KINDS = {
    "journal-article": VenueKind.JOURNAL,
    "proceedings-article": VenueKind.CONFERENCE,
    "book-chapter": VenueKind.CONFERENCE,  # Springer's LNCS proceedings (ECCV, ACCV) are chapters
    "posted-content": VenueKind.PREPRINT,
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class DateParts(_Model):
    date_parts: list[list[int | None]] = Field(default_factory=list, alias="date-parts")

    @property
    def year(self) -> int | None:
        first = self.date_parts[0] if self.date_parts else []
        return first[0] if first and first[0] else None


class Author(_Model):
    family: str = ""
    name: str = ""  # an organisation


class Link(_Model):
    url: str = Field("", alias="URL")


class Work(_Model):
    doi: str = Field(alias="DOI")
    title: list[str] = Field(default_factory=list)
    container_title: list[str] = Field(default_factory=list, alias="container-title")
    issn: list[str] = Field(default_factory=list, alias="ISSN")
    type: str = ""
    issued: DateParts = Field(default_factory=DateParts)
    published_online: DateParts | None = Field(None, alias="published-online")
    published_print: DateParts | None = Field(None, alias="published-print")
    author: list[Author] = Field(default_factory=list)
    link: list[Link] = Field(default_factory=list)


class WorkEnvelope(_Model):
    message: Work


class WorkList(_Model):
    items: list[Work] = Field(default_factory=list)


class SearchEnvelope(_Model):
    message: WorkList


def by_doi(fetcher: Fetcher, doi: str) -> Record | None:
    answer = fetcher.get(SOURCE, f"/works/{quote(doi, safe='/')}", _polite(fetcher, {}))
    return to_record(WorkEnvelope.model_validate_json(answer.body).message) if answer.body else None


def search(fetcher: Fetcher, text: str) -> list[Record]:
    params = _polite(fetcher, {"query.bibliographic": text, "rows": str(ROWS)})
    answer = fetcher.get(SOURCE, "/works", params)
    if not answer.body:
        return []
    return [
        record
        for work in SearchEnvelope.model_validate_json(answer.body).message.items
        if (record := to_record(work)) is not None
    ]


def to_record(work: Work) -> Record | None:
    if not work.title:
        return None
    years = [dates.year for dates in (work.issued, work.published_online, work.published_print) if dates and dates.year]
    identifiers = {Identifier("doi", work.doi.lower())}
    identifiers |= {
        Identifier("ieee", str(int(match["number"]))) for link in work.link if (match := ARNUMBER_RE.search(link.url))
    }
    return Record(
        source=NAME,
        key=work.doi.lower(),
        title=" ".join(work.title[0].split()),
        kind=KINDS.get(work.type),
        venue=work.container_title[0] if work.container_title else "",
        years=tuple(dict.fromkeys(years)),
        authors=tuple(author.family or author.name for author in work.author),
        identifiers=frozenset(identifiers),
        url=f"https://doi.org/{work.doi}",
        issn=tuple(work.issn),
    )


def _polite(fetcher: Fetcher, params: dict[str, str]) -> dict[str, str]:
    email = fetcher.settings.contact_email
    return {**params, "mailto": email} if email else params

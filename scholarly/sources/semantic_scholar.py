"""Semantic Scholar, only when a key is set: ``GET {base}/graph/v1/paper/search/match?query=<title>&fields=…``
with the key in ``x-api-key``. Its records mix a preprint's year with a published venue, so the lookup
uses one only for identifiers that tie it to other records (DOI, arXiv id, DBLP key), never alone for a venue.
https://api.semanticscholar.org/api-docs/graph#tag/Paper-Data/operation/get_graph_paper_title_search
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from rules.identity import Identifier
from rules.records import Record
from scholarly.http import Fetcher

SOURCE = "s2"
NAME = "Semantic Scholar"
FIELDS = "title,year,venue,externalIds,authors"
EXTERNAL = {"DOI": "doi", "ArXiv": "arxiv", "DBLP": "dblp"}


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Author(_Model):
    name: str = ""


class Paper(_Model):
    paperId: str
    title: str
    year: int | None = None
    venue: str = ""
    externalIds: dict[str, str | int] = Field(default_factory=dict)
    authors: list[Author] = Field(default_factory=list)


class Matches(_Model):
    data: list[Paper] = Field(default_factory=list)


def match(fetcher: Fetcher, title: str) -> list[Record]:
    key = fetcher.settings.s2_key
    if key is None:
        return []
    answer = fetcher.get(
        SOURCE,
        "/graph/v1/paper/search/match",
        {"query": title, "fields": FIELDS},
        headers={"x-api-key": key.get_secret_value()},
    )
    return [to_record(paper) for paper in Matches.model_validate_json(answer.body).data] if answer.body else []


def to_record(paper: Paper) -> Record:
    identifiers = {
        Identifier(EXTERNAL[name], str(value).lower() if name != "DBLP" else str(value))
        for name, value in paper.externalIds.items()
        if name in EXTERNAL
    }
    return Record(
        source=NAME,
        key=paper.paperId,
        title=paper.title,
        kind=None,
        venue=paper.venue,
        years=(paper.year,) if paper.year else (),
        authors=tuple(author.name.split()[-1] for author in paper.authors if author.name.split()),
        identifiers=frozenset(identifiers),
        url=f"https://www.semanticscholar.org/paper/{paper.paperId}",
    )

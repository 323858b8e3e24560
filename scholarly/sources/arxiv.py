"""arXiv: ``GET {base}/api/query?id_list=<ids>&max_results=<n>`` — an Atom feed, one ``<entry>`` per id.

arXiv asks for one call every three seconds, so ids are batched (``BATCH`` per call). An entry gives the
title, authors, the first version's date (``published``) and, when the authors added them, the
published version's DOI (``arxiv:doi``) and journal reference (``arxiv:journal_ref``).
https://info.arxiv.org/help/api/user-manual.html
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from pydantic import BaseModel

from rules.identity import Identifier
from rules.records import Record
from rules.venues import VenueKind
from scholarly.http import Fetcher

SOURCE = "arxiv"
NAME = "arXiv"
BATCH = 50
NS = {"atom": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}
ID_RE = re.compile(r"arxiv\.org/abs/(?P<id>.+?)(?:v\d+)?$")


class ArxivEntry(BaseModel):
    id: str
    title: str
    published: str
    authors: tuple[str, ...] = ()
    doi: str | None = None
    journal_ref: str | None = None


def fetch(fetcher: Fetcher, ids: Sequence[str]) -> dict[str, Record]:
    """The records of ``ids`` (new- or old-style, without versions), by id; ids arXiv lacks are left out."""
    found: dict[str, Record] = {}
    for start in range(0, len(ids), BATCH):
        batch = list(ids[start : start + BATCH])
        answer = fetcher.get(SOURCE, "/api/query", {"id_list": ",".join(batch), "max_results": str(len(batch))})
        for entry in parse(answer.body or ""):
            found[entry.key] = entry
    return found


def parse(feed: str) -> list[Record]:
    if not feed.strip():
        return []
    root = ET.fromstring(feed)
    records = []
    for node in root.findall("atom:entry", NS):
        entry = ArxivEntry(
            id=_text(node, "atom:id"),
            title=_text(node, "atom:title"),
            published=_text(node, "atom:published"),
            authors=tuple(_text(author, "atom:name") for author in node.findall("atom:author", NS)),
            doi=_text(node, "arxiv:doi") or None,
            journal_ref=_text(node, "arxiv:journal_ref") or None,
        )
        if (record := to_record(entry)) is not None:
            records.append(record)
    return records


def to_record(entry: ArxivEntry) -> Record | None:
    match = ID_RE.search(entry.id)
    if match is None:  # arXiv answers a bad id with an entry titled "Error", whose id is no paper
        return None
    arxiv_id = match["id"].lower()
    identifiers = {Identifier("arxiv", arxiv_id)}
    if entry.doi:
        identifiers.add(Identifier("doi", entry.doi.lower()))
    return Record(
        source=NAME,
        key=arxiv_id,
        title=entry.title,
        kind=VenueKind.PREPRINT,
        venue="arXiv",
        years=(int(entry.published[:4]),),
        authors=entry.authors,
        identifiers=frozenset(identifiers),
        url=f"https://arxiv.org/abs/{arxiv_id}",
    )


def _text(node: ET.Element, path: str) -> str:
    found = node.find(path, NS)
    return " ".join((found.text or "").split()) if found is not None else ""

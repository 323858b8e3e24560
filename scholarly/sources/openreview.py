"""OpenReview (API 2): ``GET {base}/notes?id=<id>``. The answer's ``notes[]`` hold ``content.<field>.value``:
title, authors, venue (``ACM MM 2024 Poster``) and venueid (``acmmm.org/ACMMM/2024/Conference``); a paper
still under review or withdrawn has a venueid that says so and is no publication.
https://docs.openreview.net/getting-started/using-the-api
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field

from rules.identity import Identifier
from rules.records import Record
from rules.venues import VenueKind
from scholarly.http import Fetcher

SOURCE = "openreview"
NAME = "OpenReview"
# acmmm.org/ACMMM/2024/Conference, ICLR.cc/2025/Conference (the host names the venue), …/Workshop/…
VENUEID_RE = re.compile(r"^(?P<host>[^/]+)/(?:(?P<name>[^/]+)/)??(?P<year>\d{4})/(?P<track>[^/]+)")
# Under review (…/Submission), rejected or withdrawn (…/Rejected_Submission, …/Withdrawn_Submission).
UNPUBLISHED = ("Submission", "Withdrawn", "Rejected")


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Value(_Model):
    value: object = None


class Note(_Model):
    id: str
    content: dict[str, Value] = Field(default_factory=dict)
    pdate: int | None = None
    cdate: int | None = None

    def text(self, name: str) -> str:
        value = self.content.get(name, Value()).value
        return value if isinstance(value, str) else ""


class Notes(_Model):
    notes: list[Note] = Field(default_factory=list)


def by_id(fetcher: Fetcher, note_id: str) -> Record | None:
    answer = fetcher.get(SOURCE, "/notes", {"id": note_id})
    notes = Notes.model_validate_json(answer.body).notes if answer.body else []
    return to_record(notes[0]) if notes else None


def to_record(note: Note) -> Record:
    venueid, venue = note.text("venueid"), note.text("venue")
    match = VENUEID_RE.match(venueid)
    published = match is not None and not any(word in venueid for word in UNPUBLISHED)
    kind = None
    if match is not None and published:
        kind = VenueKind.WORKSHOP if "Workshop" in match["track"] else VenueKind.CONFERENCE
    years = (int(match["year"]),) if match else ()
    if not years and (stamp := note.pdate or note.cdate):
        years = (datetime.fromtimestamp(stamp / 1000, UTC).year,)
    authors = note.content.get("authors", Value()).value
    return Record(
        source=NAME,
        key=note.id,
        title=note.text("title"),
        kind=kind,
        venue=venue or venueid,
        years=years,
        authors=tuple(name.split()[-1] for name in authors if isinstance(name, str) and name.split())
        if isinstance(authors, list)
        else (),
        identifiers=frozenset({Identifier("openreview", note.id)}),
        url=f"https://openreview.net/forum?id={note.id}",
        venue_codes=(match["name"] or match["host"].split(".")[0],) if match else (),
    )

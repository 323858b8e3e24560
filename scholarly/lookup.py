"""Look a list's entries up in the sources: identifier first, then a title search, matched safely.

For each entry: the records its link names (an arXiv id in one batched arXiv call, a DOI at Crossref,
an OpenReview id at OpenReview, an Xplore number through a Crossref title search whose record carries
that number), then a DBLP title search (where the published version of a preprint turns up) and, when
no identifier led to a publication, a Crossref title search. A record that shares an identifier with the
entry's link or with such a record is tied by identifier; the rest pass ``scholarly.match`` or are left
out. A source that fails is skipped for the rest of the run and its entries are "unverified"; the run
stops asking once its time budget is spent. Entries are looked up ``concurrency`` at a time; the rate
limiter keeps every source to its pace.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Collection, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import TypeVar

from rules import identity
from rules.identity import Identifier
from rules.model import Entry
from rules.records import Found, Lookup, Record, Strength, entry_key, paper_ids
from scholarly import match
from scholarly.http import Fetcher, Unavailable
from scholarly.sources import arxiv, crossref, dblp, openreview, semantic_scholar

SOURCES = ("arxiv", "crossref", "dblp", "openreview", "s2")
NAMES = {
    "arxiv": arxiv.NAME,
    "crossref": crossref.NAME,
    "dblp": dblp.NAME,
    "openreview": openreview.NAME,
    "s2": semantic_scholar.NAME,
}
STRENGTH_ORDER = {Strength.IDENTIFIER: 0, Strength.TITLE: 1, Strength.WEAK: 2}
Progress = Callable[[int, int], None]


T = TypeVar("T")  # what a source call answers


@dataclass
class Run:
    """One lookup run: the sources asked, those that failed, and its deadline (None: no budget)."""

    fetcher: Fetcher
    sources: frozenset[str]
    deadline: float | None
    down: set[str] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def ask(self, source: str, call: Callable[[], T], unverified: set[str]) -> T | None:
        """``call``'s answer, or None (and ``source`` noted as unverified) when the source is off, down or late."""
        if source not in self.sources:
            return None
        if source in self.down or (self.deadline is not None and time.monotonic() > self.deadline):
            unverified.add(NAMES[source])
            return None
        try:
            return call()
        except Unavailable:
            with self._lock:
                self.down.add(source)
            unverified.add(NAMES[source])
            return None


def look_up(
    entries: Iterable[Entry],
    fetcher: Fetcher,
    sources: Collection[str] = SOURCES,
    budget: float | None = None,
    progress: Progress | None = None,
) -> dict[str, Lookup]:
    """What the records say about each entry, by ``rules.records.entry_key``."""
    unique = list({entry_key(entry): entry for entry in entries if entry.title.strip()}.values())
    asked = frozenset(sources) - (set() if fetcher.settings.s2_key else {"s2"})  # Semantic Scholar needs a key
    run = Run(fetcher, asked, time.monotonic() + budget if budget is not None else None)
    preprints = _arxiv_records(run, unique)
    done = 0
    done_lock = threading.Lock()

    def one(entry: Entry) -> tuple[str, Lookup]:
        nonlocal done
        found = _look_up_entry(run, entry, preprints)
        with done_lock:
            done += 1
            if progress is not None:
                progress(done, len(unique))
        return entry_key(entry), found

    with ThreadPoolExecutor(max_workers=fetcher.settings.concurrency) as pool:
        return dict(pool.map(one, unique))


def _arxiv_records(run: Run, entries: Sequence[Entry]) -> tuple[dict[str, Record], set[str]]:
    """Every arXiv id of the list in batched calls (arXiv asks for one call per three seconds)."""
    ids = sorted(
        {ident.value for entry in entries for ident in identity.identifiers(entry.url) if ident.scheme == "arxiv"}
    )
    unverified: set[str] = set()
    found = run.ask("arxiv", lambda: arxiv.fetch(run.fetcher, ids), unverified) if ids else None
    return (found or {}), unverified


def _look_up_entry(run: Run, entry: Entry, preprints: tuple[dict[str, Record], set[str]]) -> Lookup:
    ids = identity.identifiers(entry.url)
    arxiv_found, arxiv_unverified = preprints
    unverified = set(arxiv_unverified) if any(ident.scheme == "arxiv" for ident in ids) else set()
    named = [record for record in _by_identifier(run, ids, arxiv_found, unverified) if record is not None]
    searched: list[Record] = list(run.ask("dblp", lambda: dblp.search(run.fetcher, entry.title), unverified) or [])
    if not any(record.published for record in named):
        searched += run.ask("crossref", lambda: crossref.search(run.fetcher, entry.title), unverified) or []
    searched += run.ask("s2", lambda: semantic_scholar.match(run.fetcher, entry.title), unverified) or []
    tied = _tie(entry.title, match.year_of(entry.year), match.authors_of(entry.authors), ids, named, searched)
    return Lookup(tied, tuple(sorted(unverified)))


def by_link(url: str, fetcher: Fetcher, sources: Collection[str] = SOURCES) -> Lookup:
    """The records a link alone leads to (an arXiv, DOI or OpenReview link), for ``/add-paper <link>``: the
    link's own records, then a DBLP search by their title for the publication of a preprint."""
    run = Run(fetcher, frozenset(sources) - {"s2"}, None)
    ids = identity.identifiers(url)
    arxiv_ids = [ident.value for ident in ids if ident.scheme == "arxiv"]
    unverified: set[str] = set()
    preprints = (run.ask("arxiv", lambda: arxiv.fetch(fetcher, arxiv_ids), unverified) or {}) if arxiv_ids else {}
    named = [record for record in _by_identifier(run, ids, preprints, unverified) if record is not None]
    title = named[0].title if named else ""
    searched = list(run.ask("dblp", lambda: dblp.search(fetcher, title), unverified) or []) if title else []
    return Lookup(_tie(title, None, (), ids, named, searched), tuple(sorted(unverified)))


def _by_identifier(
    run: Run, ids: frozenset[Identifier], preprints: dict[str, Record], unverified: set[str]
) -> list[Record | None]:
    records: list[Record | None] = []
    for ident in ids:
        if ident.scheme == "arxiv" and (preprint := preprints.get(ident.value)) is not None:
            records.append(preprint)
            published = next((other.value for other in preprint.identifiers if other.scheme == "doi"), None)
            if published:
                records.append(run.ask("crossref", partial(crossref.by_doi, run.fetcher, published), unverified))
        elif ident.scheme == "doi":
            records.append(run.ask("crossref", partial(crossref.by_doi, run.fetcher, ident.value), unverified))
        elif ident.scheme == "openreview":
            records.append(run.ask("openreview", partial(openreview.by_id, run.fetcher, ident.value), unverified))
    return records


def _tie(
    title: str,
    year: int | None,
    authors: tuple[str, ...],
    ids: frozenset[Identifier],
    named: list[Record],
    searched: list[Record],
) -> tuple[Found, ...]:
    """Each record with how it is tied to the entry (its ``title``, ``year``, ``authors`` and link ``ids``): by
    identifier (the link's, or a tied record's, repeatedly), else by ``scholarly.match``; unrelated
    records are dropped."""
    known = {ident for ident in ids if ident.scheme != "url"} | {i for record in named for i in paper_ids(record)}
    tied = {(record.source, record.key): Found(record, Strength.IDENTIFIER) for record in named}
    pending = [record for record in searched if (record.source, record.key) not in tied]
    grew = True
    while grew:
        grew = False
        for record in list(pending):
            if paper_ids(record) & known:
                tied[(record.source, record.key)] = Found(record, Strength.IDENTIFIER)
                known |= paper_ids(record)
                pending.remove(record)
                grew = True
    for record in pending:
        strength = match.by_title(title, year, authors, record)
        if strength is not None and (record.source, record.key) not in tied:
            tied[(record.source, record.key)] = Found(record, strength)
    return tuple(sorted(tied.values(), key=lambda item: (STRENGTH_ORDER[item.strength], not item.record.published)))

"""What a rule sees: the whole list, the entries to judge, and the maintainer's options."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property, partial
from itertools import chain
from typing import Annotated, ClassVar

from rules import aggregates, moved
from rules import generated as generated_pages
from rules import records as paper_records
from rules import venues as venue_registry
from rules.model import DATA_KINDS, Document, Entry, Location, Severity
from rules.settings import Limits, about


class Needs(StrEnum):
    """What a rule reads to judge an entry under review, beyond the entry itself: what a review of a few
    entries must give it (each rule module declares its ``NEEDS``)."""

    ENTRY = "entry"  # the entry alone (and the parser's problems on its lines)
    GROUP = "group"  # the entries of its own table (or, for items, its section)
    LIST = "list"  # facts of the whole list: its other entries, spellings, years or words


@dataclass(frozen=True)
class CheckOptions:
    """Maintainer-tunable knobs of the rules (the ``rules:`` part of the repository config, which pydantic
    validates there: ``__pydantic_config__``, the ``Annotated`` bounds and ``__post_init__``)."""

    __pydantic_config__: ClassVar[dict[str, str]] = {"extra": "forbid"}

    disable: frozenset[str] = field(default=frozenset(), metadata=about("Rule ids or finding codes to switch off."))
    severity: dict[str, Severity] = field(
        default_factory=dict, metadata=about("Rule id or finding code → severity override.")
    )
    badges: frozenset[str] | None = field(
        default=None,
        metadata=about("The list's task badges (e.g. video); default: those the list itself uses twice or more."),
    )
    venues: tuple[venue_registry.VenueSpec, ...] = field(
        default=(),
        metadata=about(
            "Venues added to the packaged registry, or replacing the one they name (by code, alias or name)."
        ),
    )
    venue_aliases: dict[str, str] = field(
        default_factory=dict, metadata=about("More spellings of registry venues: alias → canonical code.")
    )
    latest_year: int | None = field(
        default=None,
        metadata=about("The newest plausible paper year; default: one after the newest year the list itself attests."),
    )
    duplicate_threshold: Annotated[int, Limits(ge=50, le=100)] = field(
        default=90,
        metadata=about(
            "How sure (0–100) the duplicate check must be that two entries are one paper: title "
            "similarity, with identifiers, year and code link weighed in."
        ),
    )
    duplicate_elsewhere_severity: Severity = field(
        default=Severity.WARNING,
        metadata=about("Severity of a paper listed again in another section or file, which may be intentional."),
    )

    def __post_init__(self) -> None:
        registry = venue_registry.registry(self.venues)
        unknown = sorted(code for code in self.venue_aliases.values() if registry.lookup(code) is None)
        if unknown:
            raise ValueError(f"venue_aliases point to codes that are no venue: {', '.join(unknown)}")


@dataclass(frozen=True)
class Catalog:
    """The whole list: every parsed file of it, and which of its pages are generated from which of its
    data files (``rules.generated``: the config's ``generated:``, or what the list makes obvious)."""

    documents: tuple[Document, ...]
    generated: generated_pages.Generated = ()
    # Each document's whole-list facts where its owner keeps them (``rules.aggregates``; None: built here).
    known: tuple[aggregates.ListFacts | None, ...] = field(default=(), compare=False)

    @cached_property
    def entries(self) -> Sequence[Entry]:
        """Every entry, file after file; one file's are its own sequence, so a document spliced from its
        previous version (``rules.moved``) moves only the entries a rule reads."""
        if len(self.documents) == 1:
            return self.documents[0].entries
        return tuple(entry for document in self.documents for entry in document.entries)

    def contents(self) -> Iterator[Entry]:
        """Every entry for what it says, not where it is (``rules.moved.contents``): for walks over the
        whole list that read no line."""
        return chain.from_iterable(moved.contents(document.entries) for document in self.documents)

    @cached_property
    def data_entries(self) -> tuple[Entry, ...]:
        """The entries of the data files (JSON, YAML), found by their files rather than by every entry."""
        return tuple(entry for document in self.documents if document.kind in DATA_KINDS for entry in document.entries)

    def tables_of(self, targets: Sequence[Entry]) -> Sequence[Entry]:
        """The rows of the tables holding ``targets``, each table found by bisection (its rows follow its
        header); every entry when a target is no table row."""
        tables = {(entry.path, entry.table.header_line) for entry in targets if entry.table is not None}
        if any(entry.table is None for entry in targets):
            return self.entries
        return [row for path, header_line in sorted(tables) for row in self._table_rows(path, header_line)]

    def _table_rows(self, path: str, header_line: int) -> Iterator[Entry]:
        document = self.document(path)
        entries = document.entries if document is not None else ()
        index = bisect_right(entries, header_line, key=lambda entry: entry.line)
        while index < len(entries) and (table := entries[index].table) is not None and table.header_line == header_line:
            yield entries[index]
            index += 1

    @cached_property
    def facts(self) -> aggregates.ListFacts:
        """The whole list's facts, built (or derived) once per catalog, as rules ask for them."""
        known = self.known or (None,) * len(self.documents)
        order = {document.path: number for number, document in enumerate(self.documents)}
        return aggregates.combined([(document.entries, facts) for document, facts in zip(self.documents, known)], order)

    def document(self, path: str) -> Document | None:
        return next((document for document in self.documents if document.path == path), None)


@dataclass(frozen=True)
class RuleContext:
    """Everything a rule may read. ``targets`` are the entries under review (all, for a full check);
    ``scope`` says which lines may be reported on (None: every line); ``records`` what the papers'
    own records say, by ``rules.records.entry_key`` (None: nothing was looked up)."""

    catalog: Catalog
    targets: tuple[Entry, ...]
    options: CheckOptions = field(default_factory=CheckOptions)
    scope: Callable[[str, int], bool] | None = None
    records: Mapping[str, paper_records.Lookup] | None = None

    @cached_property
    def venues(self) -> venue_registry.Registry:
        """The venue registry: the packaged one with the repository's venues and aliases merged in."""
        return venue_registry.registry(self.options.venues, self.options.venue_aliases)

    @cached_property
    def venue_facts(self) -> venue_registry.VenueFacts:
        """What the list's venues say as a whole, for the rules that compare venues across the list."""
        key = ("venues", repr(self.options.venues), tuple(sorted(self.options.venue_aliases.items())))
        return self.catalog.facts.part(key, partial(venue_registry.VenueFacts.build, self.venues))

    @cached_property
    def prefixed_style(self) -> bool:
        """True when the list writes prefixed codes (``C-CVPR``): fixes are spelt that way, else bare."""
        return self.venue_facts.prefixed_style()

    def styled(self, code: str) -> str:
        """A canonical venue code spelt as this list spells codes."""
        return venue_registry.in_style(code, self.prefixed_style)

    @cached_property
    def venue_readings(self) -> tuple[venue_registry.Reading, ...]:
        """Every target's venue reading, in the targets' order: read once for the venue rules that each
        judge every target (building a reading cost each of them a few calls per entry)."""
        return tuple(venue_registry.read_all(self.targets, self.venues))

    def venue_reading(self, entry: Entry) -> venue_registry.Reading:
        """One entry's venue reading (the registry remembers each code and link it judged)."""
        return venue_registry.read(entry, self.venues)

    @cached_property
    def generated_rows(self) -> dict[tuple[str, int], Entry | None]:
        """Each row of a generated page with the data object it shows (None: no data file holds it)."""
        return generated_pages.counterparts(self.catalog.documents, self.catalog.generated)

    def lookup(self, entry: Entry) -> paper_records.Lookup | None:
        """What the records say about ``entry`` (None when it was not looked up)."""
        return None if self.records is None else self.records.get(paper_records.entry_key(entry))

    def in_scope(self, location: Location) -> bool:
        if self.scope is None:
            return True
        return any(self.scope(location.path, line) for line in range(location.line, location.last_line + 1))

"""The venue registry (packaged data merged with the repository's own) and what an entry's venue and link say.

The registry is data (``rules/data/venues.toml``), read once. ``read`` turns an entry into a
``Reading``: the venue its code names, the evidence its link gives, the venue that evidence names,
and whether the two disagree. The venue and year rules share these readings, so that each defect
is judged once, the same way, whichever rule reports it.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from itertools import chain
from typing import Annotated, Any, ClassVar, NamedTuple

from rapidfuzz import fuzz, process, utils
from rapidfuzz.distance import OSA

from rules import aggregates, edit, evidence
from rules.dialects import datakeys
from rules.evidence import Evidence, LinkKind
from rules.facts import year_of
from rules.model import Entry, Finding, Location, Role, Severity
from rules.settings import Limits, about
from rules.text import normalize_title

REGISTRY_FILE = "data/venues.toml"

# Codes that stand for "venue not filled in"; compared case-insensitively.
PLACEHOLDERS = frozenset(
    {
        "",
        "?",
        "??",
        "-",
        "--",
        "x",
        "c-x",
        "j-x",
        "c-?",
        "j-?",
        "c-",
        "j-",
        "n/a",
        "na",
        "none",
        "tbd",
        "todo",
        "unknown",
        "conf",
        "conference",
        "jour",
        "journal",
        "venue",
    }
)
# Words that say what a work is, or where it stands, rather than where it appeared: honest in a list that
# writes venue names, and no venue code to look up.
DESCRIPTIONS = frozenset(
    {
        "thesis",
        "phd thesis",
        "master thesis",
        "master's thesis",
        "dissertation",
        "technical report",
        "tech report",
        "report",
        "book",
        "book chapter",
        "patent",
        "white paper",
        "whitepaper",
        "blog",
        "blog post",
        "tutorial",
        "under review",
        "submitted",
        "in submission",
        "in press",
        "to appear",
        "accepted",
        "workshop",
        "online",
    }
)
# Sites that publish only what their publisher published: a paper found there cannot belong to a
# venue that publishes elsewhere. (OpenReview and arXiv host work under review or unpublished.)
PUBLISHER_SITES = frozenset(
    {
        "ieeexplore.ieee.org",
        "sciencedirect.com",
        "link.springer.com",
        "dl.acm.org",
        "epubs.siam.org",
        "ojs.aaai.org",
        "openaccess.thecvf.com",
        "proceedings.neurips.cc",
        "papers.nips.cc",
        "proceedings.mlr.press",
        "ijcai.org",
        "mdpi.com",
    }
)
# Similarity (0–100) under which a registry code is no suggestion at all: 75 keeps one-letter slips
# of four-letter codes (J-EPAI → J-EAAI) and drops codes that merely share two letters.
SUGGESTION_CUTOFF = 75
# Codes this short (without their prefix) are one slip away from many others: only near-identical
# ones are suggested.
SHORT_CODE = 3
SHORT_CODE_CUTOFF = 90
# Below this length a code is too short for word-set matching (``pr`` would match every "Pattern …").
MIN_WORDS_MATCH_LENGTH = 4
MAX_SUGGESTIONS = 3
# A code the registry does not know is the list's own when this many different papers use it.
ESTABLISHED_PAPERS = 2
# A list is written in prefixed codes (C-CVPR, J-TPAMI) when at least this share of its codes are.
PREFIXED_STYLE_SHARE = 0.5
KIND_PREFIXES = ("C-", "J-")
# A year glued to a code in lists of another style: CVPR'2024, ICCV 2023, NeurIPS'23.
WORKSHOP_SUFFIX_RE = re.compile(r"\s+workshops?$", re.IGNORECASE)
PRESENTATION_SUFFIX_RE = re.compile(r"\s*[(\[]?\b(?:oral|spotlight|poster|highlight)s?\b[)\]]?$", re.IGNORECASE)
YEAR_SUFFIX_RE = re.compile(r"""\s*['’]?\s*(?:(?:19|20)\d{2}|\d{2})$""")


class VenueKind(StrEnum):
    CONFERENCE = "conference"
    WORKSHOP = "workshop"
    JOURNAL = "journal"
    PREPRINT = "preprint"


@dataclass(frozen=True)
class VenueSpec:
    """One venue of the registry, as written in ``venues.toml`` or in a repository's config (which pydantic
    validates at the config's edge: ``__pydantic_config__``, the ``Annotated`` bounds)."""

    __pydantic_config__: ClassVar[dict[str, str]] = {"extra": "forbid"}

    code: Annotated[str, Limits(min_length=1)] = field(metadata=about("Canonical code, e.g. C-CVPR or J-TPAMI."))
    name: Annotated[str, Limits(min_length=1)] = field(metadata=about("Full name."))
    kind: VenueKind
    publisher: str = ""
    aliases: tuple[str, ...] = field(
        default=(), metadata=about("Other spellings; each gets a certain fix to the code.")
    )
    loose_aliases: tuple[str, ...] = field(
        default=(),
        metadata=about(
            "Those aliases that could as well name another venue (seen in one list only): "
            "fixed only when the link supports this venue."
        ),
    )
    issn: tuple[str, ...] = ()
    springer: tuple[str, ...] = field(default=(), metadata=about("Springer journal ids (10.1007/s<id>-…)."))
    elsevier: tuple[str, ...] = field(default=(), metadata=about("Elsevier DOI journal codes (10.1016/j.<code>.…)."))
    ieee: tuple[str, ...] = field(default=(), metadata=about("Names in IEEE DOIs (10.1109/<name>.<year>.…)."))
    cvf: tuple[str, ...] = field(default=(), metadata=about("CVF open access proceedings names (CVPR, CVPRW, …)."))
    ojs: tuple[str, ...] = field(default=(), metadata=about("AAAI OJS journal paths."))
    sites: tuple[str, ...] = field(default=(), metadata=about("Proceedings sites of this venue only (neurips, ijcai)."))
    proceedings: dict[str, int] = field(default_factory=dict, metadata=about("Volume (acm:…, pmlr:v…, isbn:…) → year."))
    hosts: tuple[str, ...] = field(default=(), metadata=about("Sites that publish this venue's papers."))

    @classmethod
    def from_data(cls, item: Mapping[str, Any]) -> VenueSpec:
        """A venue from ``venues.toml``'s trusted data (lists become tuples), without pydantic."""
        values: dict[str, Any] = {name: tuple(v) if isinstance(v, list) else v for name, v in item.items()}
        return cls(**{**values, "kind": VenueKind(item["kind"])})

    def refs(self) -> Iterable[tuple[str, str]]:
        """The (scheme, id) pairs of link evidence that name this venue."""
        for scheme in ("issn", "springer", "elsevier", "ieee", "cvf", "ojs", "sites"):
            for value in getattr(self, scheme):
                yield ("site" if scheme == "sites" else scheme, _ref_key(value))
        for volume in self.proceedings:
            scheme, _, value = volume.partition(":")
            yield ("isbn", _ref_key(value)) if scheme == "isbn" else ("proceedings", _ref_key(volume))


class ConflictKind(StrEnum):
    OTHER_VENUE = "other venue"  # the link names another registered venue
    KIND = "kind"  # the link is a journal article, the code a conference (and so on)
    PUBLISHER = "publisher"  # the link is on a publisher's site where the venue is not published
    PREPRINT_LINK = "preprint link"  # a published venue, linked to its preprint: weak, the paper may be both


@dataclass(frozen=True, slots=True)
class Conflict:
    kind: ConflictKind
    linked: VenueSpec | None = None

    @property
    def strong(self) -> bool:
        return self.kind is not ConflictKind.PREPRINT_LINK


# A Reading less its entry: the code, the venue it names, the link's evidence, the venue the link names,
# their conflict, and the venue the code names in another list's style.
# What a code names: its venue, the venue it names in another list's style, and the venue either or a track names.
CodeNames = tuple[VenueSpec | None, VenueSpec | None, VenueSpec | None]
Judgement = tuple[str, VenueSpec | None, Evidence | None, VenueSpec | None, Conflict | None, VenueSpec | None]


class Reading(NamedTuple):
    """What an entry's venue code and link say, judged against the registry.

    ``venue`` is the venue the code names as a canonical code, alias or full name; ``restyled`` the one
    it names in another list's style (``CVPR'2024``, ``TPAMI``, ``PR``), when ``venue`` is None.
    Immutable like a frozen dataclass and built in half its time: every venue rule reads every entry.
    """

    entry: Entry
    code: str
    venue: VenueSpec | None
    evidence: Evidence | None
    linked: VenueSpec | None
    conflict: Conflict | None
    restyled: VenueSpec | None = None

    @property
    def placeholder(self) -> bool:
        return is_placeholder(self.code)

    @property
    def kind(self) -> VenueKind | None:
        known = self.venue or self.restyled
        return known.kind if known else kind_of_code(self.code)

    @property
    def strongly_contradicted(self) -> bool:
        return self.conflict is not None and self.conflict.strong

    @property
    def loose_alias(self) -> bool:
        """True when the code is an alias that could name another venue too, and the link does not
        show this one: its own venue, or this venue's site with no volume or journal id that says otherwise."""
        venue, found = self.venue, self.evidence
        if venue is None or normalize_code(self.code) not in {normalize_code(alias) for alias in venue.loose_aliases}:
            return False
        if self.linked is not None:
            return self.linked.code != venue.code
        return found is None or found.ref is not None or found.host not in venue.hosts


class Registry:
    """Venues indexed by code, alias and full name, and by the link evidence that names them. Made for
    one check (``registry``), it remembers its judgements of codes and links for that check."""

    def __init__(self, venues: Iterable[VenueSpec], aliases: Mapping[str, str] | None = None) -> None:
        self.venues = tuple(venues)
        self._readings: dict[tuple[str, str | None], Reading] = {}
        self._names: dict[str, CodeNames] = {}
        self._by_code = {normalize_code(venue.code): venue for venue in self.venues}
        self._by_alias: dict[str, VenueSpec] = {}
        for venue in self.venues:
            for spelling in (venue.name, *venue.aliases):
                self._by_alias.setdefault(normalize_code(spelling), venue)
        for alias, code in (aliases or {}).items():
            target = self.lookup(code)
            if target is None:
                raise ValueError(f"the venue alias {alias!r} points to {code!r}, which is no venue")
            self._by_alias[normalize_code(alias)] = target
        self._by_ref = {ref: venue for venue in self.venues for ref in venue.refs()}
        self._years = {_ref_key(volume): year for venue in self.venues for volume, year in venue.proceedings.items()}

    def read(self, entry: Entry) -> Reading:
        """One entry's reading (see ``Reading``), remembered by its code and link: a long list repeats codes,
        and the venue facts and each venue rule of a check read every entry, so they share one reading per
        entry (an entry repeating another's code and link gets one of its own, for its own place)."""
        key = (entry.venue.strip(), entry.url)
        found = self._readings.get(key)
        if found is None:
            found = self._readings[key] = Reading(entry, *_judge(*key, self))
        elif found.entry is not entry:
            found = Reading(entry, *found[1:])
        return found

    def names(self, code: str) -> CodeNames:
        """What a (non-placeholder) code names: its venue, the venue it names in another list's style, and the
        venue either or a track of one names. Remembered per code: a list writes a few dozen codes, each for
        many entries, and each entry's link is judged with its code (``read``)."""
        found = self._names.get(code)
        if found is None:
            venue = self.lookup(code)
            restyled = None if venue else self.recognise(code)
            found = self._names[code] = venue, restyled, venue or restyled or self.track_of(code)
        return found

    def lookup(self, code: str) -> VenueSpec | None:
        """The venue a written code names (its canonical code in any case, an alias, or its full name)."""
        key = normalize_code(code)
        return self._by_code.get(key) or self._by_alias.get(key)

    def recognise(self, code: str) -> VenueSpec | None:
        """The venue a code names in another list's style: without the kind prefix (``TPAMI``) or with
        a year (``CVPR'2024``) — when only one venue fits."""
        bare = YEAR_SUFFIX_RE.sub("", code.strip()) or code.strip()
        bare = PRESENTATION_SUFFIX_RE.sub("", bare) or bare  # ``NeurIPS Oral``, ``ICLR (Spotlight)`` is the venue
        bare = WORKSHOP_SUFFIX_RE.sub("W", bare)  # ``CVPR Workshop`` is CVPRW
        # A prefix says the kind: C-PR is a conference, never the journal J-PR.
        spellings = (
            [bare] if bare[:2].upper() in KIND_PREFIXES else [bare, *(prefix + bare for prefix in KIND_PREFIXES)]
        )
        found = {venue.code: venue for spelling in spellings if (venue := self.lookup(spelling)) is not None}
        if len(found) == 1:
            return next(iter(found.values()))
        return self._workshops_of(bare[:-1]) if not found and bare[-1:] in ("W", "w") else None

    def track_of(self, code: str) -> VenueSpec | None:
        """``NeurIPS D&B``, ``ACL Industry Track``: a known venue's code, then a track the registry does not
        list. The track's papers are the venue's own."""
        first, _, track = code.strip().partition(" ")
        return (self.lookup(first) or self.recognise(first)) if track.strip() else None

    def _workshops_of(self, code: str) -> VenueSpec | None:
        """``ICMLW``: the workshops of a registered conference the registry has no workshop entry for."""
        conference = self.lookup(code) or self.recognise(code)
        if conference is None or conference.kind is not VenueKind.CONFERENCE:
            return None
        return VenueSpec(
            code=conference.code + "W",
            name=f"{conference.name} Workshops",
            kind=VenueKind.WORKSHOP,
            publisher=conference.publisher,
            hosts=conference.hosts,
        )

    def identify(self, found: Evidence | None) -> VenueSpec | None:
        """The venue the link evidence names, if the registry knows it."""
        if found is None or found.ref is None:
            return None
        scheme, value = found.ref
        return self._by_ref.get((scheme, _ref_key(value)))

    def year_of(self, found: Evidence | None) -> tuple[int, int] | None:
        """The year the link gives (from the URL or the registry's proceedings table) and its slack."""
        if found is None:
            return None
        if found.year is not None:
            return found.year, found.year_slack
        if found.ref is not None:
            scheme, value = found.ref
            volume = _ref_key(f"isbn:{value}" if scheme == "isbn" else value)
            if volume in self._years:
                return self._years[volume], 0
        return None

    @property
    def preprint_code(self) -> str | None:
        return next((venue.code for venue in self.venues if venue.kind is VenueKind.PREPRINT), None)

    def closest(self, code: str, kind: VenueKind | None = None, host: str | None = None) -> list[str]:
        """Canonical codes whose code, alias or full name is close to ``code`` (best first), of ``kind``
        when given; then a short code also finds the venues of its kind that contain it (`C-PR` → `C-ICPR`).
        With ``host`` (the site the paper's link is on), venues published there come first."""
        venues = [venue for venue in self.venues if kind is None or same_kind(venue.kind, kind)]
        choices: dict[str, str] = {}
        for venue in venues:
            for spelling in (venue.code, venue.name, *venue.aliases):
                choices.setdefault(spelling, venue.code)
        query = _bare(code)
        cutoff = SHORT_CODE_CUTOFF if len(query) <= SHORT_CODE else SUGGESTION_CUTOFF
        matches = process.extract(
            query,
            {spelling: _bare(spelling) for spelling in choices},
            scorer=_similarity,
            score_cutoff=cutoff,
            limit=None,
        )
        ranked = [choices[spelling] for _, _, spelling in matches]
        if kind is not None and 0 < len(query) <= SHORT_CODE:  # within one kind, `pr` may be a part of `icpr`
            ranked += [venue.code for venue in venues if query in _bare(venue.code)]
        if host is not None:
            there = {venue.code for venue in venues if host in venue.hosts}
            ranked.sort(key=lambda code: code not in there)  # stable: similarity order within each part
        return list(dict.fromkeys(ranked))[:MAX_SUGGESTIONS]


@lru_cache(maxsize=4096)  # a list writes a few dozen codes, and each venue rule asks of every entry's
def normalize_code(code: str) -> str:
    """Codes compare case-insensitively, with runs of spaces folded."""
    return " ".join(code.split()).casefold()


def is_placeholder(code: str) -> bool:
    return normalize_code(code) in PLACEHOLDERS


def is_description(code: str) -> bool:
    """True for ``Thesis``, ``Technical Report``, ``Under Review``: what a work is, not where it appeared."""
    return normalize_code(code).strip(".") in DESCRIPTIONS


# The kind of venue each kind of link shows (a publisher's page of unknown kind shows none).
LINK_KINDS = {
    LinkKind.JOURNAL: VenueKind.JOURNAL,
    LinkKind.PROCEEDINGS: VenueKind.CONFERENCE,
    LinkKind.PREPRINT: VenueKind.PREPRINT,
}


def kind_of_link(found: Evidence | None) -> VenueKind | None:
    """The kind of venue a link shows: a journal article, a proceedings paper, a preprint."""
    return LINK_KINDS.get(found.kind) if found is not None else None


def same_kind(one: VenueKind, other: VenueKind) -> bool:
    """True for one kind, or a conference and a workshop (a workshop's papers are in its proceedings)."""
    return one is other or {one, other} <= {VenueKind.CONFERENCE, VenueKind.WORKSHOP}


def kind_of_code(code: str) -> VenueKind | None:
    """The kind a code's prefix claims (``C-`` conference, ``J-`` journal), for codes the registry lacks."""
    prefix = code.strip()[:2].upper()
    return {"C-": VenueKind.CONFERENCE, "J-": VenueKind.JOURNAL}.get(prefix)


@lru_cache(maxsize=1)
def packaged() -> tuple[VenueSpec, ...]:
    """The venues shipped with paper-triage (read once: they are immutable data, the same for every list)."""
    text = resources.files("rules").joinpath(REGISTRY_FILE).read_text(encoding="utf-8")
    return tuple(VenueSpec.from_data(item) for item in tomllib.loads(text)["venue"])


def registry(extra: Sequence[VenueSpec] = (), aliases: Mapping[str, str] | None = None) -> Registry:
    """A new registry (a quarter of a millisecond): the packaged venues with a repository's venues and
    aliases merged over them."""
    return Registry(merge(packaged(), extra) if extra else packaged(), aliases)


def merge(base: Sequence[VenueSpec], extra: Sequence[VenueSpec]) -> list[VenueSpec]:
    """``base`` with ``extra`` laid over it. An extra venue replaces the base venue it names — by code,
    alias or full name — keeping the base's fields it does not set; the old code becomes an alias."""
    merged = list(base)
    for venue in extra:
        keys = {normalize_code(spelling) for spelling in (venue.code, venue.name, *venue.aliases)}
        index = next((i for i, old in enumerate(merged) if keys & _spellings(old)), None)
        if index is None:
            merged.append(venue)
            continue
        old = merged[index]
        given = _given(venue)
        aliases = (*old.aliases, old.code, *venue.aliases)
        given["aliases"] = tuple(dict.fromkeys(a for a in aliases if normalize_code(a) != normalize_code(venue.code)))
        merged[index] = replace(old, **given)
    return merged


def _given(venue: VenueSpec) -> dict[str, Any]:
    """The fields a repository's venue sets: those not left empty (a venue cannot clear the base's)."""
    return {spec.name: getattr(venue, spec.name) for spec in fields(venue) if getattr(venue, spec.name)}


def _spellings(venue: VenueSpec) -> set[str]:
    return {normalize_code(spelling) for spelling in (venue.code, venue.name, *venue.aliases)}


def read(entry: Entry, venues: Registry) -> Reading:
    """Judge one entry's venue code against the registry and its own link."""
    return venues.read(entry)


def _judge(code: str, url: str | None, venues: Registry) -> Judgement:
    found = evidence.read(url)
    linked = venues.identify(found)
    if is_placeholder(code):
        return code, None, found, linked, None, None
    venue, restyled, named = venues.names(code)
    return code, venue, found, linked, _conflict(code, named, found, linked), restyled


def read_all(entries: Iterable[Entry], venues: Registry) -> list[Reading]:
    return [read(entry, venues) for entry in entries]


def _conflict(code: str, venue: VenueSpec | None, found: Evidence | None, linked: VenueSpec | None) -> Conflict | None:
    if found is None:
        return None
    if linked is not None:
        return None if venue is not None and venue.code == linked.code else Conflict(ConflictKind.OTHER_VENUE, linked)
    kind = venue.kind if venue else kind_of_code(code)
    if kind is not None and not _kind_fits(found.kind, kind):
        weak = found.kind is LinkKind.PREPRINT
        return Conflict(ConflictKind.PREPRINT_LINK if weak else ConflictKind.KIND)
    if venue is not None and venue.hosts and found.host in PUBLISHER_SITES and found.host not in venue.hosts:
        return Conflict(ConflictKind.PUBLISHER)
    return None


def _kind_fits(link: LinkKind, kind: VenueKind) -> bool:
    if link is LinkKind.JOURNAL:
        return kind is VenueKind.JOURNAL
    if link is LinkKind.PROCEEDINGS:
        return kind in (VenueKind.CONFERENCE, VenueKind.WORKSHOP)
    if link is LinkKind.PREPRINT:
        return kind is VenueKind.PREPRINT
    return kind is not VenueKind.PREPRINT


def in_style(code: str, prefixed: bool) -> str:
    """A canonical code as the list writes codes: ``C-CVPR`` in a list of prefixed codes, ``CVPR`` in one
    that writes bare names (``CVPR' 18``, ``CVPR 2023``)."""
    return code if prefixed or code[:2].upper() not in KIND_PREFIXES else code[2:]


# How alike (0–100, edit similarity of the squashed spellings) a bare name must be to a known one to be
# called a slip of it: `NeurlPS` of `NeurIPS`, not `WIMS` of `MMSP` nor `EMNLP 2025 Findings` of `EMNLP`.
SLIP_SIMILARITY = 85


def is_slip_of(written: str, spelling: str) -> bool:
    """True when ``written`` is ``spelling`` with a letter or two wrong, added or missing, or two letters
    swapped (`CVRP`); a short code with one other letter (`IJCB`, `IJCV`) may well be another venue."""
    a, b = _squash(written), _squash(spelling)
    swapped = sorted(a) == sorted(b) and OSA.distance(a, b) == 1
    return swapped or fuzz.ratio(a, b) >= SLIP_SIMILARITY


def is_variant_of(written: str, spelling: str) -> bool:
    """True when ``written`` is ``spelling`` in another case or punctuation (``ArXiv``, ``Neurips``)."""
    return written != spelling and _squash(written) == _squash(spelling)


class VenueFacts:
    """What the list's venue codes and links say as a whole (``rules.aggregates``): its code style, the
    codes it establishes, the unregistered codes it writes in more than one way, the years its papers
    and links give, and whether linking a preprint for a published paper is its habit. Built from every
    entry's reading under one registry, and derived for a changed list from its previous version's."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.codes: aggregates.Counts[bool] = aggregates.Counts()  # written codes: prefixed (True) or not
        self.code_papers: aggregates.Distinct[str, str] = aggregates.Distinct()  # unregistered code → papers
        self.own_codes: aggregates.Groups[tuple[VariantReason, object]] = aggregates.Groups()
        self.year_papers: aggregates.Distinct[int | None, str] = aggregates.Distinct()  # None: any year
        self.linked_years: aggregates.Counts[int] = aggregates.Counts()  # the latest year each link allows
        self.published: aggregates.Counts[bool] = aggregates.Counts()  # page entries of published papers
        self.preprint_linked: aggregates.Groups[bool] = aggregates.Groups()  # those linking their preprint
        # Each own-code group's variants, judged when first asked (a derived version judges its own).
        self._variants: dict[tuple[VariantReason, object], dict[int, Variant]] = {}

    @classmethod
    def build(cls, registry: Registry, entries: Sequence[Entry]) -> VenueFacts:
        """The facts of every entry, counted at once: each part's keys gathered over the readings and counted
        in one pass (``Counts.of``, ``Distinct.of``), where counting entry by entry (``_count``, kept for a
        derived version's few changed entries) made a dozen calls per entry."""
        facts = cls(registry)
        readings = [read(entry, registry) for entry in entries]
        papers = [paper_key(entry) for entry in entries]
        coded = [not reading.placeholder for reading in readings]  # flags, not pairs: 5 MB less at 100k
        facts.codes = aggregates.Counts.of(_is_prefixed(r.code) for r, counted in zip(readings, coded) if counted)
        facts.code_papers = aggregates.Distinct.of(
            (r.code, paper) for r, paper, counted in zip(readings, papers, coded) if counted and _is_unregistered(r)
        )
        dated = [(year, paper) for entry, paper in zip(entries, papers) if (year := year_of(entry.year)) is not None]
        facts.year_papers = aggregates.Distinct.of(chain(dated, ((None, paper) for _, paper in dated)))
        latest = map(facts._latest_linked_year, readings)
        facts.linked_years = aggregates.Counts.of(year for year in latest if year is not None)
        published = [reading for reading in readings if _is_published(reading)]
        facts.published = aggregates.Counts.of(True for _ in published)
        own = filter(_is_own_code, readings)
        facts.own_codes = aggregates.Groups.of((key, r.entry) for r in own for key in _variant_keys(r))
        facts.preprint_linked = aggregates.Groups.of((True, r.entry) for r in filter(_links_its_preprint, published))
        return facts

    def derived(self, change: aggregates.Change) -> VenueFacts:
        facts = VenueFacts(self.registry)
        facts.codes, facts.code_papers = self.codes.copy(), self.code_papers.copy()
        facts.own_codes = self.own_codes.derived(change)
        facts.year_papers, facts.linked_years = self.year_papers.copy(), self.linked_years.copy()
        facts.published, facts.preprint_linked = self.published.copy(), self.preprint_linked.derived(change)
        for entry in change.removed:
            facts._count(read(entry, self.registry), -1)
        for entry in change.added:
            facts._count(read(entry, self.registry), 1)
        return facts

    def _count(self, reading: Reading, count: int) -> None:
        """Count one entry's reading ``count`` times (-1: take it away), as ``build`` counts every entry."""
        entry = reading.entry
        paper = paper_key(entry)  # folded once for the code and year tallies below
        if not reading.placeholder:
            self.codes.add(_is_prefixed(reading.code), count)
            if _is_unregistered(reading):
                self.code_papers.add(reading.code, paper, count)
        if _is_own_code(reading):
            for key in _variant_keys(reading):
                self._group(self.own_codes, key, entry, count)
        if (year := year_of(entry.year)) is not None:
            self.year_papers.add(year, paper, count)
            self.year_papers.add(None, paper, count)
        if (latest := self._latest_linked_year(reading)) is not None:
            self.linked_years.add(latest, count)
        if _is_published(reading):
            self.published.add(True, count)
            if _links_its_preprint(reading):
                self._group(self.preprint_linked, True, entry, count)

    def _latest_linked_year(self, reading: Reading) -> int | None:
        """The latest year the entry's link allows (its year and slack), if it gives one."""
        given = self.registry.year_of(reading.evidence)
        return None if given is None else given[0] + given[1]

    @staticmethod
    def _group(groups: aggregates.Groups[Any], key: object, entry: Entry, count: int) -> None:
        (groups.add if count > 0 else groups.remove)(key, entry)

    def prefixed_style(self) -> bool:
        """True when the list writes its venues as prefixed codes (``C-CVPR``), so that ``CVPR'2024`` or
        ``TPAMI`` is off its style; False for lists that write ``CVPR'2024`` throughout. A list with no
        code yet gets the registry's own, prefixed codes."""
        return self.codes[True] >= PREFIXED_STYLE_SHARE * (self.codes[True] + self.codes[False])

    def established(self, code: str) -> bool:
        """Whether ``code``, one the registry lacks, is the list's own: at least two papers use it, uncontradicted."""
        return self.code_papers[code] >= ESTABLISHED_PAPERS

    def variant(self, reading: Reading) -> Variant | None:
        """How ``reading``'s unregistered venue is written differently elsewhere in the list, if it is."""
        if not _is_own_code(reading):
            return None
        for reason, key_of in VARIANT_GROUPINGS:
            key = key_of(reading)
            if key is None:
                continue
            found = self._variants_of(reason, key).get(id(reading.entry))
            if found is not None:
                return found
        return None

    def _variants_of(self, reason: VariantReason, key: object) -> dict[int, Variant]:
        """The variants of one group, by the identity of their entries (each variant holds its entry, so
        the identity stays its own). Judged once per group: asked member by member, a group of thousands
        of entries (a 100k list's own code) was read again for each of them."""
        found = self._variants.get((reason, key))
        if found is None:
            group = [read(entry, self.registry) for entry in self.own_codes[(reason, key)]]
            found = {id(variant.reading.entry): variant for variant in _group_variants(group, reason)}
            self._variants[(reason, key)] = found
        return found

    def papers_with_a_year(self) -> int:
        return self.year_papers[None]

    def shared_years(self, papers: int) -> list[int]:
        """The years at least ``papers`` different papers of the list give."""
        return [year for year, count in self.year_papers.items() if year is not None and count >= papers]

    def latest_linked_year(self) -> int | None:
        return max((year for year, _ in self.linked_years.items()), default=None)

    def preprint_linked_count(self) -> tuple[int, int]:
        """How many page entries of published papers link their preprint, of how many."""
        return len(self.preprint_linked.raw(True)), self.published[True]

    def preprint_linked_entries(self) -> list[Entry]:
        return self.preprint_linked[True]

    def first_preprint_linked(self) -> Entry | None:
        return self.preprint_linked.first(True)


def paper_key(entry: Entry) -> str:
    """Entries of one paper (a README row and its JSON object, a repeated row) share this key."""
    return normalize_title(entry.title) or (entry.url or "").strip()


def _majority(values: Iterable[str]) -> set[str]:
    """The most frequent values (all of them on a tie)."""
    counts = Counter(values)
    if not counts:
        return set()
    top = max(counts.values())
    return {value for value, count in counts.items() if count == top}


def has_field(entry: Entry, role: Role) -> bool:
    """True when the entry's table or object has a field for ``role`` (empty or not), or its dialect
    found one in its text."""
    if entry.is_data:
        return entry.data is not None and datakeys.has_path(entry.data, entry.key_of(role))
    if entry.table is not None and entry.table.column(role) is not None:
        return True
    return entry.span(role) is not None or bool(entry.year if role is Role.YEAR else entry.venue)


def with_field(entry: Entry, role: Role, value: str) -> str | None:
    """The entry with its venue or year set to ``value``, or None when the field holds more than plain
    text (a link, emphasis) that a rewrite would lose."""
    if entry.kind == "markdown" and entry.table is not None and entry.table.column(role) is not None:
        column = entry.table.column(role)
        written = entry.venue if role is Role.VENUE else entry.year
        if column is None or column >= len(entry.cells) or entry.cells[column] != written:
            # A cell holding more (``CVPR' 18``): only the part the row reader placed is rewritten.
            span = entry.span(role)
            holds_value = span is not None and written and entry.raw[span.start : span.end] == written
            return edit.with_spans(entry, {role: value}) if holds_value else None
    elif entry.kind == "json" and not isinstance(datakeys.value_at(entry.data or {}, entry.key_of(role)), str):
        return None
    return edit.with_value(entry, role, value)


def finding(
    rule: str,
    severity: Severity,
    message: str,
    entry: Entry,
    role: Role,
    value: str | None = None,
    related: tuple[Location, ...] = (),
    *,
    code: str,
) -> Finding:
    """A finding on the entry's venue or year: with a fix setting it to ``value`` (spanning the whole row
    or object) when that rewrite is certain, else pointing at the field."""
    fix = with_field(entry, role, value) if value is not None else None
    location = entry.location if fix is not None else field_location(entry, role)
    return Finding(rule, severity, message, location, fix, related, code=code)


def field_location(entry: Entry, role: Role) -> Location:
    """Where to point at the venue or year: its JSON field's line, or the markdown row."""
    if entry.is_data and entry.data is not None:
        line = entry.field_line(datakeys.key_name(entry.data, entry.key_of(role)))
        return Location(entry.path, line, line)
    span = entry.span(role)
    if span is not None and entry.line != entry.end_line:
        line = entry.line_of(span.start)
        return Location(entry.path, line, line)
    return entry.location


def _ref_key(value: str) -> str:
    return value.replace("-", "").upper() if value[:1].isdigit() else value.casefold()


def _similarity(query: str, choice: str, **_: object) -> float:
    """Edit similarity of two codes; for longer ones also word-set similarity, so that a full name
    (``SIAM International Conference …``) or a code with a year (``CVPR'2024``) finds its venue."""
    score = fuzz.ratio(query, choice)
    if min(len(query), len(choice)) >= MIN_WORDS_MATCH_LENGTH:
        score = max(score, fuzz.token_set_ratio(query, choice, processor=utils.default_process))
    return score


def _bare(code: str) -> str:
    """A code without its kind prefix, for fuzzy matching (``C-ICASSP`` → ``icassp``)."""
    text = code.strip()
    if text[:2].upper() in ("C-", "J-"):
        text = text[2:]
    return text.casefold()


class VariantReason(StrEnum):
    SPELLING = "spelling"  # the codes differ only in case, spaces or punctuation
    LINKS = "links"  # the entries' links name the same venue


@dataclass(frozen=True, slots=True)
class Variant:
    """An entry that writes a venue the registry lacks one way, where other entries write it another."""

    reading: Reading
    reason: VariantReason
    preferred: str | None  # the spelling most entries use (None on a tie)
    others: tuple[Reading, ...]  # the entries that write it differently


# How entries writing one venue the registry lacks are grouped: codes alike but for case, spaces or
# punctuation; links that name the same venue.
VARIANT_GROUPINGS: tuple[tuple[VariantReason, Callable[[Reading], object]], ...] = (
    (VariantReason.SPELLING, lambda reading: _squash(reading.code)),
    (VariantReason.LINKS, lambda reading: reading.evidence.ref if reading.evidence and not reading.linked else None),
)


def _is_prefixed(code: str) -> bool:
    return code[:2].upper() in KIND_PREFIXES


def _is_unregistered(reading: Reading) -> bool:
    """A code the registry does not know, its link not against it: a code the list may establish."""
    return reading.venue is None and not reading.strongly_contradicted


def _is_published(reading: Reading) -> bool:
    """A page entry whose code names a published venue (not a preprint)."""
    return not reading.entry.is_data and reading.kind not in (None, VenueKind.PREPRINT)


def _links_its_preprint(reading: Reading) -> bool:
    return reading.conflict is not None and reading.conflict.kind is ConflictKind.PREPRINT_LINK


def _variant_keys(reading: Reading) -> Iterator[tuple[VariantReason, object]]:
    """The own-code groups an entry writing its own code belongs to (``VARIANT_GROUPINGS``)."""
    for reason, key_of in VARIANT_GROUPINGS:
        if (key := key_of(reading)) is not None:
            yield reason, key


def _is_own_code(reading: Reading) -> bool:
    return (
        reading.venue is None
        and reading.restyled is None
        and not reading.placeholder
        and not reading.strongly_contradicted
    )


def _group_variants(group: list[Reading], reason: VariantReason) -> Iterator[Variant]:
    codes = {reading.code for reading in group}
    if len(codes) < 2:
        return
    top = _majority(reading.code for reading in group)
    preferred = next(iter(top)) if len(top) == 1 else None
    # One tuple per code, shared by its entries: a tuple each would hold the group once per entry.
    others_of = {code: tuple(other for other in group if other.code != code) for code in codes - {preferred}}
    for reading in group:
        if reading.code != preferred:
            yield Variant(reading, reason, preferred, others_of[reading.code])


def _squash(code: str) -> str:
    return "".join(char for char in code.casefold() if char.isalnum())

"""cells — the task, code and model cells hold what their columns promise.

What it does: flags a task badge that is not one of the list's badges, a code link that is not a
repository, one code link shared by different papers where the evidence says placeholder (the link is a
branch root or the list's own repository, or the papers' titles share no distinctive word: a model and
its v2, a paper retitled in its later version, or a paper the repository is named for share it
rightly), and an empty code or model
link (``[Model]()``, ``[Model](-)``, ``[![](./assets/code.svg)](-)``: no code, not a bad repository).
Why it matters: readers trust these columns to find code and weights; a placeholder sends them to
the wrong repository.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from itertools import chain

from rules import aggregates, duplicates, inline, links, subject
from rules.context import Needs, RuleContext
from rules.dialects import items, markdown
from rules.lines import iter_lines
from rules.model import Entry, Finding, LinkRole, Location, Role, Severity
from rules.text import code, normalize_title

ID = "cells"
SUMMARY = "Task badges, code links and model links are real."
CODES = {
    f"{ID}/unknown-badge": "A task badge that is not one of the list's badges.",
    f"{ID}/not-a-repository": "A code link that is not a repository.",
    f"{ID}/shared-code": "One code link given for different papers: a placeholder.",
    f"{ID}/empty-link": "A code or model link that goes nowhere.",
}
EXAMPLE = "`| … | [Model]() |`"
USE_INSTEAD = "`| … | - |`"
NEEDS = Needs.LIST  # the list's badges and the code links its other papers give
FIX = "Certain for an empty code or model link; the others need a person."

MIN_ENTRIES_TO_LEARN_BADGES = 20
MAX_RELATED = 5

UNKNOWN_BADGE = "The task badge {badge} is not one of this list's badges ({known}). Use one of those."
NOT_A_REPOSITORY = (
    "The code link {url} is not a repository (like `https://github.com/owner/repo`). Link the code itself, or {none}."
)
NO_CODE = {"item": "leave the link out"}  # how a list of this kind says "no code"; tables and data write `-`
SHARED_CODE = (
    "The code link {url} is also given for a different paper, “{other}” ({where}), {why}. "
    "It looks like a placeholder: link this paper's own code, or write `-`."
)
WHY_BRANCH = "and it points to a whole branch, not to one paper's code"
WHY_LIST_REPOSITORY = "and it is this list's own repository"
WHY_UNRELATED = "and the two titles share no distinctive word"
# A link to a branch root (`/blob/main`, `/tree/master/`, its README): a template's stand-in, not code.
BRANCH_ROOT_RE = re.compile(r"^[^/]+/[^/]+/[^/]+/(?:blob|tree)/[^/]+/?(?:readme(?:\.md)?)?$", re.IGNORECASE)
# A word is distinctive (a method's name, a rare term) when at most this share of the list's titles hold it.
DISTINCTIVE_SHARE = 0.05
MIN_NAME = 3  # a repository named for a paper: its name is one of the title's words, or its initials' start
TOKEN_RE = re.compile(r"[a-z0-9]+")
EMPTY_LINK = "The {what} link {cell} goes nowhere. Write `-` when there is no {what}."
EMPTY_ITEM_LINK = "The {what} link {link} goes nowhere. Link the {what}, or leave the link out when there is none."
# Where a link's target may go nowhere: after `](`, spaces and an opening `<`, the target is empty or a
# title (`)`, `"`, `'`, `(`, `>`), `-`, `#`, or an escape or entity that may read as either (`\-`, `&#35;`).
NO_LINK_TARGET_RE = re.compile(r"\]\(\s*<?\s*[-#)\\&\"'(>]")
EMPTY_LINK_COLUMNS = {Role.CODE: "code", Role.MODEL: "model"}


def check(ctx: RuleContext) -> Iterator[Finding]:
    facts = ctx.catalog.facts.part(ID, CellFacts.build)
    known = _known_badges(ctx, facts)
    shared = _SharedCode(facts, _list_repositories(ctx))
    for entry in ctx.targets:
        yield from _badges(entry, known)
        if entry.code_urls:
            yield from _code_links(entry, shared)
        if entry.kind == "item":
            yield from _empty_item_links(entry)
        elif entry.table is not None and entry.kind == "markdown":
            yield from _empty_link_cells(entry)


class CellFacts:
    """What the rule learns from the whole list (``rules.aggregates``): how many entries give each task
    badge; the entries giving each repository link; and the list's distinct titles (a README row and its
    data object are one), with how many of them hold each word — derived for a changed list from its
    previous version's."""

    def __init__(self) -> None:
        self.badges: aggregates.Counts[str] = aggregates.Counts()
        self.code_links: aggregates.Groups[tuple[str, str]] = aggregates.Groups()
        self.titles: aggregates.Groups[str] = aggregates.Groups()  # the entries of each normalised title
        self.words: aggregates.Counts[str] = aggregates.Counts()  # distinct titles holding each word
        # Each link's group as ``shared_code`` judged it, once: each of a group's entries asks for it, and
        # a placeholder link of a 100k list is given for a thousand papers.
        self._shared: dict[tuple[str, str], list[Entry]] = {}

    @classmethod
    def build(cls, entries: Sequence[Entry]) -> CellFacts:
        facts = cls()
        facts.badges = aggregates.Counts.of(chain.from_iterable(set(entry.tasks) for entry in entries))
        facts.code_links = aggregates.Groups.of((key, entry) for entry in entries for key in _code_keys(entry))
        facts.titles = aggregates.Groups.of((normalize_title(entry.title), entry) for entry in entries)
        # Each title's words as its last entry writes it (entries that normalise alike may differ in words).
        titles = (group[-1].title for group in facts.titles.raw_groups())
        facts.words = aggregates.Counts.of(chain.from_iterable(set(subject.words(title)) for title in titles))
        return facts

    def derived(self, change: aggregates.Change) -> CellFacts:
        facts = CellFacts()
        facts.badges = self.badges.copy()
        facts.code_links = self.code_links.derived(change)
        facts.titles = self.titles.derived(change)
        facts.words = self.words.copy()
        for entry in change.removed:
            facts._count(entry, -1)
        for entry in change.added:
            facts._count(entry, 1)
        return facts

    def _count(self, entry: Entry, count: int) -> None:
        for badge in set(entry.tasks):
            self.badges.add(badge, count)
        for link in _code_keys(entry):
            (self.code_links.add if count > 0 else self.code_links.remove)(link, entry)
        key = normalize_title(entry.title)
        was = self._last_title(key)  # a title's words are its last entry's
        (self.titles.add if count > 0 else self.titles.remove)(key, entry)
        now = self._last_title(key)
        if was != now:
            for title, change in ((was, -1), (now, 1)):
                for word in set(subject.words(title)) if title is not None else ():
                    self.words.add(word, change)

    def _last_title(self, key: str) -> str | None:
        group = self.titles.raw(key)
        return group[-1].title if group else None

    def shared_code(self, key: tuple[str, str]) -> list[Entry]:
        """The entries giving one repository link, when they are different papers (else none)."""
        if len(self.code_links.raw(key)) < 2:
            return []
        found = self._shared.get(key)
        if found is None:
            group = self.code_links[key]
            found = self._shared[key] = group if len({normalize_title(entry.title) for entry in group}) > 1 else []
        return found

    def common_words(self) -> Callable[[str], bool]:
        """Whether a word is too common in the list's titles (`video`, `anomaly`) to say two papers are one family."""
        most = max(2, int(DISTINCTIVE_SHARE * len(self.titles)))
        return lambda word: self.words[word] > most


def _code_keys(entry: Entry) -> Iterator[tuple[str, str]]:
    for url in entry.code_urls:
        if links.is_repository_url(url):
            yield _code_key(entry, url)


def _known_badges(ctx: RuleContext, facts: CellFacts) -> frozenset[str] | None:
    if ctx.options.badges is not None:
        return frozenset(badge.lower() for badge in ctx.options.badges)
    if len(ctx.catalog.entries) < MIN_ENTRIES_TO_LEARN_BADGES:
        return None  # too few entries to tell a list's badges from a typo
    return frozenset(badge for badge, count in facts.badges.items() if count >= 2)


def _badges(entry: Entry, known: frozenset[str] | None) -> Iterator[Finding]:
    if not known or entry.is_data:
        return  # a data file's tasks are data-field's: it tells a misspelt task from a rare one
    for badge in entry.tasks:
        if badge not in known:
            message = UNKNOWN_BADGE.format(badge=code(badge), known=", ".join(f"`{name}`" for name in sorted(known)))
            yield Finding(ID, Severity.WARNING, message, _line(entry, Role.TASK), code=f"{ID}/unknown-badge")


class _SharedCode:
    """Code links given for several papers, and what tells a placeholder from a family's repository."""

    def __init__(self, facts: CellFacts, list_repositories: frozenset[str]) -> None:
        self.facts = facts
        self.list_repositories = list_repositories  # the list's own repositories, as code keys
        self.is_common = facts.common_words()  # words too many of the list's titles hold to tie two papers

    def placeholder_reason(self, entry: Entry, url: str, others: Sequence[Entry]) -> str | None:
        """Why one code link for ``entry`` and ``others`` looks like a placeholder, or None: papers
        that share a distinctive word (a name, `v2`) may share their repository."""
        link = _code_link(url)
        if BRANCH_ROOT_RE.match(link):
            return WHY_BRANCH
        if any(link == repository or link.startswith(repository + "/") for repository in self.list_repositories):
            return WHY_LIST_REPOSITORY
        if _named_for(link, entry):
            return None  # `XiYe20/VPTR` for “VPTR: …”: the repository is this paper's own
        mine = self._distinctive(entry)
        if all(not self._related(entry, mine, other) for other in others):
            return WHY_UNRELATED
        return None

    def _related(self, entry: Entry, mine: set[str], other: Entry) -> bool:
        return bool(mine & self._distinctive(other)) or _same_authors(entry, other) or _retitled(entry, other)

    def _distinctive(self, entry: Entry) -> set[str]:
        return {word for word in subject.words(entry.title) if not self.is_common(word)}


def _named_for(link: str, entry: Entry) -> bool:
    """The repository's name is the paper's: a word of its title (`VPTR`) or the start of its initials
    (`cavt` for “Class-attention Video Transformer for …”)."""
    parts = link.split("/")
    name = "".join(TOKEN_RE.findall(parts[2])) if len(parts) > 2 else ""
    if len(name) < MIN_NAME:
        return False
    tokens = TOKEN_RE.findall(entry.title.casefold())
    initials = "".join(token[0] for token in tokens if token not in duplicates.STOPWORDS)
    return name in tokens or initials.startswith(name)


def _retitled(a: Entry, b: Entry) -> bool:
    """One title holds every subject word of the other and at most one more (a name): one work, retitled
    in its later version (“VPTR: Efficient Transformers for Video Prediction”, “Video Prediction by
    Efficient Transformers”)."""
    first, second = ({subject.stem(word) for word in subject.words(entry.title)} for entry in (a, b))
    shorter, longer = sorted((first, second), key=len)
    return len(shorter) >= MIN_NAME and shorter <= longer and len(longer - shorter) <= 1


def _same_authors(a: Entry, b: Entry) -> bool:
    """True when both entries name their authors and share a surname: one group's papers (LDM and RDM in
    CompVis/latent-diffusion) rightly share its repository, whatever their titles."""
    return bool(_surnames(a.authors) & _surnames(b.authors))


def _surnames(authors: str) -> set[str]:
    names = re.split(r",|;|\band\b|&", authors.replace("*", "").replace("et al.", ""))
    return {name.split()[-1].casefold() for name in names if len(name.split()) >= 2}


def _code_links(entry: Entry, shared: _SharedCode) -> Iterator[Finding]:
    for url in entry.code_urls:
        if not links.is_repository_url(url):
            message = NOT_A_REPOSITORY.format(url=code(url), none=NO_CODE.get(entry.kind, "write `-`"))
            yield Finding(ID, Severity.INFO, message, _line(entry, Role.CODE), code=f"{ID}/not-a-repository")
        others = _other_papers(entry, shared.facts.shared_code(_code_key(entry, url)))
        why = shared.placeholder_reason(entry, url, others) if others else None
        if why:
            first = others[0]
            where = f"{first.path} line {first.line}"
            message = SHARED_CODE.format(url=code(url), other=" ".join(first.title.split()), where=where, why=why)
            yield Finding(
                ID,
                Severity.WARNING,
                message,
                _line(entry, Role.CODE),
                related=tuple(other.location for other in others),
                code=f"{ID}/shared-code",
            )


def _list_repositories(ctx: RuleContext) -> frozenset[str]:
    """The repositories a list's first heading links to (`# [Awesome VAD](https://github.com/o/r)`)."""
    found = set()
    for document in ctx.catalog.documents:
        heading = next(filter(None, map(markdown.HEADING_RE.match, iter_lines(document.text))), None)
        for link in inline.parse_cell(heading.group(2) or "").links if heading else ():
            if links.is_repository_url(link.url):
                found.add(_code_link(link.url))
    return frozenset(found)


def _other_papers(entry: Entry, group: Sequence[Entry]) -> list[Entry]:
    """Up to MAX_RELATED entries of ``group`` that are not the same paper as ``entry`` (a copy of it,
    even with a retyped title or another link to it, shares its code link rightly)."""
    others: list[Entry] = []
    for other in group:
        if not duplicates.same_paper(entry, other):
            others.append(other)
            if len(others) == MAX_RELATED:
                break
    return others


def _empty_link_cells(entry: Entry) -> Iterator[Finding]:
    """A row's code or model cell whose one link goes nowhere (``[Model](-)``, ``[![](code.svg)](#)``)."""
    assert entry.table is not None
    for role, what in EMPTY_LINK_COLUMNS.items():
        column = entry.table.column(role)
        if column is None or column >= len(entry.cells):
            continue
        cell = entry.cells[column]
        if not cell.startswith("[") or not NO_LINK_TARGET_RE.search(cell):
            continue  # `-`, a bare URL, a link to somewhere: asked first, as parsing the cell costs more
        parsed = inline.parse_cell(cell)
        if len(parsed.links) == 1 and links.is_no_link(parsed.links[0].url):
            message = EMPTY_LINK.format(what=what, cell=code(cell))
            fix = markdown.replace_cell(entry, role, "-")
            yield Finding(ID, Severity.WARNING, message, entry.location, fix, code=f"{ID}/empty-link")


def _empty_item_links(entry: Entry) -> Iterator[Finding]:
    """An item's code or model link that goes nowhere (``[[Code]]()``), which the fix drops."""
    for role in EMPTY_LINK_COLUMNS:
        yield from _empty_item_link(entry, role)


def _empty_item_link(entry: Entry, role: Role) -> Iterator[Finding]:
    wanted = LinkRole.CODE if role is Role.CODE else LinkRole.MODEL
    for link in entry.links:
        if link.role is wanted and links.is_no_link(link.url):
            extent = items.link_extent(entry.raw, link.url)
            written = entry.raw[extent[0] : extent[1]].strip(" ,|") if extent else f"[{link.text}]({link.url})"
            fix = entry.raw[: extent[0]] + entry.raw[extent[1] :] if extent else None
            message = EMPTY_ITEM_LINK.format(what=EMPTY_LINK_COLUMNS[role], link=code(written))
            yield Finding(ID, Severity.WARNING, message, entry.location, fix, code=f"{ID}/empty-link")


def _code_key(entry: Entry, url: str) -> tuple[str, str]:
    return str(entry.is_data), _code_link(url)


def _code_link(url: str) -> str:
    return url.strip().lower().rstrip("/").removeprefix("https://").removeprefix("http://").removeprefix("www.")


def _line(entry: Entry, role: Role) -> Location:
    """The line of the data file's key for ``role`` (``Resource.Code``, ``repo``), or the whole entry."""
    if entry.is_data:
        line = entry.field_line(entry.key_of(role))
        return Location(entry.path, line, line)
    return entry.location

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
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rules import duplicates, inline, links, subject
from rules.context import Needs, RuleContext
from rules.dialects import items, markdown
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
EMPTY_LINK_COLUMNS = {Role.CODE: "code", Role.MODEL: "model"}


def check(ctx: RuleContext) -> Iterator[Finding]:
    known = _known_badges(ctx)
    shared = _SharedCode(
        _code_links_shared_by_different_papers(ctx.catalog.entries),
        _list_repositories(ctx),
        _common_words(ctx.catalog.entries),
    )
    for entry in ctx.targets:
        yield from _badges(entry, known)
        yield from _code_links(entry, shared)
        for role in EMPTY_LINK_COLUMNS:
            yield from _empty_link(entry, role)


def _known_badges(ctx: RuleContext) -> frozenset[str] | None:
    if ctx.options.badges is not None:
        return frozenset(badge.lower() for badge in ctx.options.badges)
    entries = ctx.catalog.entries
    if len(entries) < MIN_ENTRIES_TO_LEARN_BADGES:
        return None  # too few entries to tell a list's badges from a typo
    counts = Counter(badge for entry in entries for badge in set(entry.tasks))
    return frozenset(badge for badge, count in counts.items() if count >= 2)


def _badges(entry: Entry, known: frozenset[str] | None) -> Iterator[Finding]:
    if not known or entry.is_data:
        return  # a data file's tasks are data-field's: it tells a misspelt task from a rare one
    for badge in entry.tasks:
        if badge not in known:
            message = UNKNOWN_BADGE.format(badge=code(badge), known=", ".join(f"`{name}`" for name in sorted(known)))
            yield Finding(ID, Severity.WARNING, message, _line(entry, Role.TASK), code=f"{ID}/unknown-badge")


@dataclass(frozen=True)
class _SharedCode:
    """Code links given for several papers, and what tells a placeholder from a family's repository."""

    groups: dict[tuple[str, str], list[Entry]]
    list_repositories: frozenset[str]  # the list's own repositories, as code keys
    common_words: frozenset[str]  # words too many of the list's titles hold to tie two papers

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
        return set(subject.words(entry.title)) - self.common_words


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
        others = _other_papers(entry, shared.groups.get(_code_key(entry, url), ()))
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
        heading = next(filter(None, map(markdown.HEADING_RE.match, document.text.splitlines())), None)
        for link in inline.parse_cell(heading.group(2) or "").links if heading else ():
            if links.is_repository_url(link.url):
                found.add(_code_link(link.url))
    return frozenset(found)


def _common_words(entries: Sequence[Entry]) -> frozenset[str]:
    """Words too many of the list's titles hold (`video`, `anomaly`) to say two papers are one family."""
    titles = {normalize_title(entry.title): entry.title for entry in entries}
    counts = Counter(word for title in titles.values() for word in set(subject.words(title)))
    most = max(2, int(DISTINCTIVE_SHARE * len(titles)))
    return frozenset(word for word, count in counts.items() if count > most)


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


def _empty_link(entry: Entry, role: Role) -> Iterator[Finding]:
    """A code or model cell whose one link goes nowhere (``[Model](-)``, ``[![](code.svg)](#)``); in an
    item, such a link (``[[Code]]()``), which the fix drops."""
    if entry.kind == "item":
        yield from _empty_item_link(entry, role)
        return
    if entry.kind != "markdown" or entry.table is None:
        return
    column = entry.table.column(role)
    if column is None or column >= len(entry.cells):
        return
    cell = entry.cells[column]
    if not cell.startswith("["):
        return  # `-`, a bare URL: no link of the cell's own (asked first: parsing the cell costs more)
    parsed = inline.parse_cell(cell)
    if len(parsed.links) == 1 and links.is_no_link(parsed.links[0].url):
        message = EMPTY_LINK.format(what=EMPTY_LINK_COLUMNS[role], cell=code(cell))
        yield Finding(
            ID,
            Severity.WARNING,
            message,
            entry.location,
            markdown.replace_cell(entry, role, "-"),
            code=f"{ID}/empty-link",
        )


def _empty_item_link(entry: Entry, role: Role) -> Iterator[Finding]:
    wanted = LinkRole.CODE if role is Role.CODE else LinkRole.MODEL
    for link in entry.links:
        if link.role is wanted and links.is_no_link(link.url):
            extent = items.link_extent(entry.raw, link.url)
            written = entry.raw[extent[0] : extent[1]].strip(" ,|") if extent else f"[{link.text}]({link.url})"
            fix = entry.raw[: extent[0]] + entry.raw[extent[1] :] if extent else None
            message = EMPTY_ITEM_LINK.format(what=EMPTY_LINK_COLUMNS[role], link=code(written))
            yield Finding(ID, Severity.WARNING, message, entry.location, fix, code=f"{ID}/empty-link")


def _code_links_shared_by_different_papers(entries: tuple[Entry, ...]) -> dict[tuple[str, str], list[Entry]]:
    """Repository links given for more than one paper, within one form of the list (a README and the
    data files it is generated from hold the same papers twice, and that is no placeholder)."""
    by_link: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for entry in entries:
        for url in entry.code_urls:
            if links.is_repository_url(url):
                by_link[_code_key(entry, url)].append(entry)
    return {key: group for key, group in by_link.items() if len({normalize_title(entry.title) for entry in group}) > 1}


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

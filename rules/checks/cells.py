"""cells — the task, code and model cells hold what their columns promise.

What it does: flags a task badge that is not one of the list's badges, a code link that is not a
repository, one code link shared by different papers (a placeholder), and an empty code or model
link (``[Model]()``, ``[Model](-)``, ``[![](./assets/code.svg)](-)``: no code, not a bad repository).
Why it matters: readers trust these columns to find code and weights; a placeholder sends them to
the wrong repository.
Example: ``| … | [Model]() |``
Use instead: ``| … | - |``
Fix safety: certain for an empty code or model link; the others need a person.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence

from rules import duplicates, links
from rules.dialects import markdown
from rules.context import RuleContext
from rules.model import Entry, Finding, Location, Role, Severity
from rules.text import code, normalize_title

ID = "cells"
SUMMARY = "Task badges, code links and model links are real."

MIN_ENTRIES_TO_LEARN_BADGES = 20
MAX_RELATED = 5

UNKNOWN_BADGE = "The task badge {badge} is not one of this list's badges ({known}). Use one of those."
NOT_A_REPOSITORY = "The code link {url} is not a repository (like `https://github.com/owner/repo`). Link the code itself, or write `-`."
SHARED_CODE = (
    "The code link {url} is also given for a different paper, “{other}” ({where}). "
    "It looks like a placeholder: link this paper's own code, or write `-`."
)
EMPTY_LINK = "The {what} link {cell} goes nowhere. Write `-` when there is no {what}."
EMPTY_LINK_COLUMNS = {Role.CODE: "code", Role.MODEL: "model"}


def check(ctx: RuleContext) -> Iterator[Finding]:
    known = _known_badges(ctx)
    shared = _code_links_shared_by_different_papers(ctx.catalog.entries)
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
    if not known:
        return
    for badge in entry.tasks:
        if badge not in known:
            message = UNKNOWN_BADGE.format(badge=code(badge), known=", ".join(f"`{name}`" for name in sorted(known)))
            yield Finding(ID, Severity.WARNING, message, _line(entry, "Task"))


def _code_links(entry: Entry, shared: dict[tuple[str, str], list[Entry]]) -> Iterator[Finding]:
    for url in entry.code_urls:
        if not links.is_repository_url(url):
            yield Finding(ID, Severity.INFO, NOT_A_REPOSITORY.format(url=code(url)), _line(entry, "Resource.Code"))
        others = _other_papers(entry, shared.get(_code_key(entry, url), ()))
        if others:
            first = others[0]
            where = f"{first.path} line {first.line}"
            yield Finding(
                ID, Severity.WARNING, SHARED_CODE.format(url=code(url), other=" ".join(first.title.split()), where=where),
                _line(entry, "Resource.Code"), related=tuple(other.location for other in others),
            )


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
    """A code or model cell whose one link goes nowhere (``[Model](-)``, ``[![](code.svg)](#)``)."""
    if entry.kind != "markdown" or entry.table is None:
        return
    column = entry.table.column(role)
    if column is None or column >= len(entry.cells):
        return
    cell = entry.cells[column]
    parsed = markdown.inline.parse_cell(cell)
    if len(parsed.links) == 1 and links.is_no_link(parsed.links[0].url) and cell.startswith("["):
        message = EMPTY_LINK.format(what=EMPTY_LINK_COLUMNS[role], cell=code(cell))
        yield Finding(ID, Severity.WARNING, message, entry.location, markdown.replace_cell(entry, role, "-"))


def _code_links_shared_by_different_papers(entries: tuple[Entry, ...]) -> dict[tuple[str, str], list[Entry]]:
    """Repository links given for more than one paper, within one form of the list (a README and the
    data files it is generated from hold the same papers twice, and that is no placeholder)."""
    by_link: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for entry in entries:
        for url in entry.code_urls:
            if links.is_repository_url(url):
                by_link[_code_key(entry, url)].append(entry)
    return {
        key: group for key, group in by_link.items()
        if len({normalize_title(entry.title) for entry in group}) > 1
    }


def _code_key(entry: Entry, url: str) -> tuple[str, str]:
    link = url.strip().lower().rstrip("/").removeprefix("https://").removeprefix("http://").removeprefix("www.")
    return str(entry.is_data), link


def _line(entry: Entry, json_field: str) -> Location:
    if entry.kind == "json":
        line = entry.field_line(json_field)
        return Location(entry.path, line, line)
    return entry.location

"""What a pull request does to a list as a whole: deleting, emptying or breaking a list file, removing many
of its entries, replacing most of them, renaming its title — and adding paper links that no entry was
read from. Each is one finding about the file, called out at the top of the summary; the config
(``review.list_changes``) says whether it fails the check, leaves it neutral, or is not called out."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from bot.repo_config import Callout, ListChangesConfig
from rules import moved, shapes
from rules.checks import coverage
from rules.model import Document, Entry, Finding, Location, Severity
from rules.text import code

RULE = "list-change"
# The review's findings about a list file as a whole, by the kind ``review.list_changes`` configures
# (coverage's are the coverage rule's own codes).
CODES = {
    f"{RULE}/deleted": "A pull request deletes a list file.",
    f"{RULE}/unreadable": "A pull request leaves a list file unreadable (not text, or its syntax broken).",
    f"{RULE}/blanked": "A pull request empties a list file.",
    f"{RULE}/removed": "A pull request removes many of a list's entries.",
    f"{RULE}/replaced": "A pull request replaces most of a list's entries with others.",
    f"{RULE}/retitled": "A pull request renames or removes a list's title heading.",
}
SEVERITIES = {Callout.FAILURE: Severity.ERROR, Callout.NEUTRAL: Severity.WARNING}

DELETED = "This pull request deletes {path}, a paper list of {size}."
NOT_TEXT = (
    "{path} can no longer be read: at the head of this pull request it is not UTF-8 text, or GitHub "
    "could not serve it. It held {size}."
)
NOT_PARSEABLE = "{path} can no longer be read ({error}), so none of its {size} are checked. Fix the syntax."
BLANKED = "This pull request empties {path}: it held {size}, and no entry is left."
REMOVED = "This pull request removes {removed} of the {total} entries of {path} ({share:.0%}){examples}."
REPLACED = (
    "This pull request replaces most of {path}: {removed} of its {total} entries go and {added} others "
    "come in{examples}."
)
RETITLED = "This pull request renames the list's title in {path} from {before} to {after}."
UNTITLED = "This pull request removes the list's title heading {before} from {path}."
UNREAD_ADDITIONS = (
    "The lines this pull request adds to {path} hold {count} paper link{s} that no entry was read "
    "from (read as {dialect}), so {them} not checked."
)
MAX_EXAMPLES = 3
MAX_QUOTED = 100


@dataclass(frozen=True)
class Sides:
    """One changed list file as the pull request leaves it: its path, both documents (None: absent or
    unreadable), whether the config names it, why the head cannot be read, and the entries it added and
    removed."""

    path: str
    base: Document | None
    head: Document | None
    named: bool = False  # the config names it a list
    deleted: bool = False
    unreadable: str | None = None  # "" when the head is no text at all; else the parser's reason
    added: tuple[Entry, ...] = ()
    removed: tuple[Entry, ...] = ()
    added_lines: frozenset[int] = frozenset()


def findings(sides: Sides, config: ListChangesConfig) -> list[Finding]:
    """The whole-list findings of one file, each at the severity the config gives its kind; paper links
    no entry was read from are the ``coverage`` rule's warning."""
    found: list[Finding] = []
    for kind, message, line in _called_out(sides, config):
        if kind.startswith(f"{coverage.ID}/"):
            found.append(Finding(coverage.ID, Severity.WARNING, message, Location(sides.path, line), code=kind))
        elif (callout := getattr(config, kind)) is not Callout.OFF:
            severity = SEVERITIES[callout]
            found.append(Finding(RULE, severity, message, Location(sides.path, line), code=f"{RULE}/{kind}"))
    return found


def _called_out(sides: Sides, config: ListChangesConfig) -> Iterator[tuple[str, str, int]]:
    """(kind, message, line) of everything the change does to the file as a whole; a kind is one of
    ``review.list_changes``, or the code of a coverage finding."""
    path = code(sides.path)
    size = _size(sides.base)
    if sides.deleted:
        yield "deleted", DELETED.format(path=path, size=size), 1
    elif sides.unreadable is not None:
        message = (
            NOT_PARSEABLE.format(path=path, error=sides.unreadable, size=size)
            if sides.unreadable
            else NOT_TEXT.format(path=path, size=size)
        )
        yield "unreadable", message, 1
    elif sides.head is not None:
        yield from _head_called_out(sides, sides.head, config)


def _head_called_out(sides: Sides, head: Document, config: ListChangesConfig) -> Iterator[tuple[str, str, int]]:
    held = sides.base is not None and _held_papers(sides.base)
    if held and not head.entries and not shapes.shapes_of(sides.path, head.text).papers:
        yield "blanked", BLANKED.format(path=code(sides.path), size=_size(sides.base)), 1
        return
    unread = coverage.finding(head, sides.named)
    if unread is not None:  # the head was not read: what it lost or gained is unknown
        yield unread.code, f"{code(sides.path)}: {unread.message}", unread.location.line
    elif held:
        yield from _removals(sides, config)
    if held:
        yield from _retitled(sides)
    if unread is None:
        yield from _unread_additions(sides)


def _removals(sides: Sides, config: ListChangesConfig) -> Iterator[tuple[str, str, int]]:
    """Many entries removed — or most of them, with as many others added: replaced."""
    assert sides.base is not None
    removed, added, total = len(sides.removed), len(sides.added), len(sides.base.entries)
    if not removed or not total:
        return
    examples = _examples(sides.removed)
    path = code(sides.path)
    if removed * 2 > total and added * 2 >= removed:
        yield "replaced", REPLACED.format(path=path, removed=removed, total=total, added=added, examples=examples), 1
    elif removed > config.max_removed or removed > total * config.max_removed_share:
        yield (
            "removed",
            REMOVED.format(path=path, removed=removed, total=total, share=removed / total, examples=examples),
            1,
        )


def _retitled(sides: Sides) -> Iterator[tuple[str, str, int]]:
    assert sides.base is not None and sides.head is not None
    before = shapes.title_of(sides.path, sides.base.text)
    after = shapes.title_of(sides.path, sides.head.text)
    if not before or " ".join(before.split()) == " ".join(after.split()):
        return
    if after:
        yield "retitled", RETITLED.format(path=code(sides.path), before=_quoted(before), after=_quoted(after)), 1
    else:
        yield "retitled", UNTITLED.format(path=code(sides.path), before=_quoted(before)), 1


def _unread_additions(sides: Sides) -> Iterator[tuple[str, str, int]]:
    """Paper links on added lines outside every entry: a shape the list's reader does not know."""
    if sides.head is None or not sides.added_lines:
        return
    outside = [number for number in sorted(sides.added_lines) if not _in_an_entry(sides.head.entries, number)]
    lines = sides.head.text.splitlines() if outside else []
    unread = [number for number in outside if 0 < number <= len(lines)]
    count = sum(shapes.shapes_of(sides.path, lines[number - 1]).papers for number in unread)
    if count:
        first = next(number for number in unread if shapes.shapes_of(sides.path, lines[number - 1]).papers)
        yield (
            coverage.UNREAD,
            UNREAD_ADDITIONS.format(
                path=code(sides.path),
                count=count,
                s="s" if count != 1 else "",
                dialect=sides.head.dialect or sides.head.kind,
                them="they are" if count != 1 else "it is",
            ),
            first,
        )


def _in_an_entry(entries: Sequence[Entry], line: int) -> bool:
    """Whether ``line`` is one of an entry's: the entry starting last before it holds it, as a rule (entries
    follow each other in their lines); the others are asked only when it does not (an item's sub-item)."""
    holding = bisect_right(entries, line, key=lambda entry: entry.line) - 1
    if holding >= 0 and entries[holding].line <= line <= entries[holding].end_line:
        return True
    return any(first <= line <= last for first, last in moved.spans(entries))


def _held_papers(document: Document) -> bool:
    return bool(document.entries) or shapes.shapes_of(document.path, document.text).looks_like_list


def _size(document: Document | None) -> str:
    if document is None:
        return "paper entries"
    if document.entries:
        return f"{len(document.entries)} entr{'y' if len(document.entries) == 1 else 'ies'}"
    return f"{shapes.shapes_of(document.path, document.text).papers} paper links"


def _examples(entries: tuple[Entry, ...]) -> str:
    titles = [_quoted(entry.title) for entry in entries[:MAX_EXAMPLES] if entry.title.strip()]
    more = len(entries) - len(titles)
    if not titles:
        return ""
    return ", among them " + ", ".join(titles) + (f" and {more} more" if more > 0 else "")


def _quoted(text: str) -> str:
    return code(_short(text))


def _short(text: str) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= MAX_QUOTED else one_line[: MAX_QUOTED - 1] + "…"

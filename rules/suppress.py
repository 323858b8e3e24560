"""In-list suppressions: a maintainer silences one kind of finding on one entry, in the list itself.

Markdown: an HTML comment on the row or item (same line, or the line right above an item),
``<!-- paper-triage: ignore duplicate/other-section -->``; reStructuredText, whose tables hold no comments:
a comment anywhere in the file naming the entry, ``.. paper-triage: ignore year/implausible for "Title"``
(any file may name its entry so); YAML: a comment on the entry's
lines or right above it, ``# paper-triage: ignore year/implausible``; JSON: a key of the object,
``"paper-triage": "ignore year/implausible"``. Several codes are comma-separated; a bare rule id
silences every code of its rule. A suppression is itself checked: a name that is no rule or code, or
one that silences nothing, is reported under the ``suppression`` rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass

from rules.model import Document, Entry, Finding, Location, Severity

ID = "suppression"
SUMMARY = "In-list suppressions name real codes and silence something."
CODES = {
    f"{ID}/unknown": "A suppression names no rule or finding code.",
    f"{ID}/unused": "A suppression silences nothing on its entry.",
    f"{ID}/no-entry": 'A suppression names its entry, `for "Title"`, and no entry of the file has that title.',
}
EXAMPLE = "<!-- paper-triage: ignore year/implausable -->"
FIX = "None: a person corrects or removes the comment."
USE_INSTEAD = "<!-- paper-triage: ignore year/implausible -->"

KEY = "paper-triage"  # the JSON key (and the comment's word) of a suppression
# `<!-- … -->` (markdown), `# …` (YAML), `.. …` (reStructuredText, whose tables hold no comments: there the
# comment names its entry, `for "Title"`, and may stand anywhere in the file).
COMMENT_RE = re.compile(
    r'(?:<!--|#|^\.\.)\s*paper-triage:\s*ignore\s+(?P<names>[\w/, -]+?)(?:\s+for\s+"(?P<title>[^"]+)")?\s*(?:-->|$)',
    re.MULTILINE,
)
VALUE_RE = re.compile(r"^\s*ignore\s+(?P<names>[\w/, -]+?)\s*$")
# Rules whose findings depend on what else is checked (the papers' records, the entries added): their
# suppressions may rightly silence nothing today, so they are never called unused.
CONTEXTUAL_RULES = frozenset({"record", "off-topic"})

UNKNOWN = "`{name}` is no rule id or finding code; run `paper-triage rules` for the list."
UNUSED = "`{name}` silences nothing here: the entry has no such finding. Remove the suppression."
NO_ENTRY = (
    "No entry in this file is titled “{title}”, so this suppression silences nothing. Copy the entry's title exactly."
)


@dataclass(frozen=True, slots=True)
class Suppression:
    """Names silenced on lines ``lines`` of a file, written at ``location``."""

    names: tuple[str, ...]
    location: Location
    lines: Location
    unmatched: str = ""  # the title a `for "Title"` comment names when no entry has it

    def covers(self, finding: Finding, name: str) -> bool:
        spot = finding.location
        return (
            spot.path == self.lines.path
            and spot.line <= self.lines.last_line
            and spot.last_line >= self.lines.line
            and name in (finding.code, finding.rule)
        )


def is_comment(text: str) -> bool:
    """True for text that is only a suppression comment (a table row's trailing `<!-- … -->`)."""
    match = COMMENT_RE.search(text)
    return match is not None and text.strip() == match.group().strip()


def names_in(value: object) -> tuple[str, ...]:
    """The names a JSON ``"paper-triage"`` value silences (none when it is no ``ignore …``)."""
    match = VALUE_RE.match(value) if isinstance(value, str) else None
    return _split(match.group("names")) if match else ()


def find(documents: Iterable[Document]) -> list[Suppression]:
    """Every suppression of the list's files."""
    found: list[Suppression] = []
    for document in documents:
        if KEY not in document.text:
            continue  # most files hold none: no regular expression over a long list's text
        if document.kind == "json":
            found.extend(_in_objects(document.entries))
        else:
            found.extend(_in_comments(document))
    return found


def apply(
    findings: Iterable[Finding],
    suppressions: Sequence[Suppression],
    known: Collection[str],
    judged: Collection[str],
    in_scope: Iterable[Location],
    reported: Callable[[Location], bool],
) -> list[Finding]:
    """``findings`` without the suppressed ones, plus a finding for each suppression name that is
    unknown, or silences nothing although its rule ``judged`` the entry, and for each that names an entry
    no file has. ``in_scope`` says which suppressions to check (the entries under review); ``reported``
    whether a line may be reported on (the comment of a suppression that names no entry)."""
    findings = list(findings)
    checked = set(in_scope)
    used: set[tuple[int, str]] = set()
    kept = []
    for finding in findings:
        hits = [
            (index, name)
            for index, suppression in enumerate(suppressions)
            for name in suppression.names
            if suppression.covers(finding, name)
        ]
        used.update(hits)
        if not hits:
            kept.append(finding)
    for index, suppression in enumerate(suppressions):
        if suppression.unmatched and reported(suppression.location):
            message = NO_ENTRY.format(title=suppression.unmatched)
            kept.append(Finding(ID, Severity.WARNING, message, suppression.location, code=f"{ID}/no-entry"))
        elif suppression.lines in checked:
            kept.extend(_verdicts(index, suppression, used, known, judged))
    return kept


def _verdicts(
    index: int, suppression: Suppression, used: set[tuple[int, str]], known: Collection[str], judged: Collection[str]
) -> Iterator[Finding]:
    for name in suppression.names:
        rule = name.split("/")[0]
        if name not in known:
            yield Finding(ID, Severity.WARNING, UNKNOWN.format(name=name), suppression.location, code=f"{ID}/unknown")
        elif (index, name) not in used and rule in judged and rule not in CONTEXTUAL_RULES:
            yield Finding(ID, Severity.WARNING, UNUSED.format(name=name), suppression.location, code=f"{ID}/unused")


def _in_objects(entries: Iterable[Entry]) -> Iterator[Suppression]:
    for entry in entries:
        if KEY not in (entry.data or {}):
            continue
        value = (entry.data or {})[KEY]
        # A value that is no `ignore …` is reported as the unknown name it is, not skipped.
        names = names_in(value) or (str(value),)
        line = entry.field_line(KEY)
        yield Suppression(names, Location(entry.path, line, line), entry.location)


def _in_comments(document: Document) -> Iterator[Suppression]:
    """Comments on an entry's lines silence the entry; a comment alone on its line silences the entry
    (or, between entries, the line) right below it; a comment ``for "Title"`` silences the entry of that
    title, wherever it stands (a title no entry has: nothing, so the finding still shows, and the comment is
    reported)."""
    starts = {entry.line: entry for entry in document.entries}
    spans = [(entry.line, entry.end_line) for entry in document.entries]
    for match in COMMENT_RE.finditer(document.text):
        line = document.text.count("\n", 0, match.start()) + 1
        holder: tuple[int, int] | None
        names = _split(match.group("names"))
        at = Location(document.path, line, line)
        if match.group("title"):
            holder = _titled(document.entries, match.group("title"))
            if holder is None:
                yield Suppression(names, at, at, unmatched=" ".join(match.group("title").split()))
                continue
        else:
            holder = next(((first, last) for first, last in spans if first <= line <= last), None)
        if holder is None:
            below = starts.get(line + 1)
            holder = (below.line, below.end_line) if below is not None else (line + 1, line + 1)
        yield Suppression(names, at, Location(document.path, *holder))


def _titled(entries: Sequence[Entry], title: str) -> tuple[int, int] | None:
    """The lines of the entry titled ``title`` (case and spacing aside)."""
    wanted = " ".join(title.split()).casefold()
    found = next((entry for entry in entries if " ".join(entry.title.split()).casefold() == wanted), None)
    return (found.line, found.end_line) if found is not None else None


def _split(names: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in names.split(",") if name.strip())

"""One finding per cause: the same problem recurring at many lines of a file (one venue spelling written 40
times, a generated page's empty model link on every row) is said once, with the count and the lines.

A group is a ``Finding`` whose ``parts`` are the single findings it stands for: it sits at the first of
them, names the others as ``related``, and each part keeps its own place and fix, so ``fix`` still edits
every line and a review can still suggest each line's correction.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from operator import attrgetter

from rules.change import describe_fix
from rules.lines import line_starts, lines_of
from rules.model import Finding, Location, Severity

# A cause recurring at this many places of one file is told once (fewer are clearer one by one).
MIN_GROUP = 5
SHOWN_LINES = 8
GROUPED = "The same {what}at {count} places of this file (lines {lines}){fixed}."
# Members whose messages differ (each quotes its own link) share the change their fixes make, not the words.
SAME_CHANGE = "change "
ALL_FIXED = "; one fix covers them all"

Cause = tuple[str, str, Severity, str]  # path, code, severity, the change made (or the message)
SORT_KEY = attrgetter("sort_key")  # a finding's place in the report (one call per finding, not two)


def line_list(locations: Sequence[Location], shown: int = SHOWN_LINES) -> str:
    """``3, 5, 9`` — the first ``shown`` lines, then how many more (``…, 40 and 12 more``)."""
    lines = ", ".join(str(location.line) for location in locations[:shown])
    more = len(locations) - shown
    return f"{lines} and {more} more" if more > 0 else lines


def group(
    findings: Iterable[Finding], texts: Mapping[str, str], min_group: int = MIN_GROUP, *, lines: Lines | None = None
) -> list[Finding]:
    """The findings with each cause that recurs ``min_group`` times or more in one file made one finding.

    A cause is a code with the same change where the fix is certain (`ICCV` → `C-ICCV`), else the same
    message; ``texts`` (path → file text) tell what each fix changes. Already grouped findings stay whole.
    ``lines``: the caller's reading of ``texts``, when it reads them again (to print the fixes)."""
    by_cause: dict[Cause, list[Finding]] = defaultdict(list)
    lines = lines if lines is not None else Lines(texts)
    for finding in findings:
        by_cause[_cause(finding, lines)].append(finding)
    out: list[Finding] = []
    for members in by_cause.values():
        out.extend([grouped(members)] if len(members) >= min_group else members)
    return sorted(out, key=SORT_KEY)


def grouped(members: Sequence[Finding]) -> Finding:
    """One finding for ``members`` (one cause, many lines): the first's message, the count and the lines."""
    ordered = sorted(members, key=lambda finding: finding.location.line)
    first = ordered[0]
    locations = [finding.location for finding in ordered]
    fixable = all(finding.fix is not None for finding in ordered)
    what = "" if all(finding.message == first.message for finding in ordered) else SAME_CHANGE
    note = GROUPED.format(what=what, count=len(ordered), lines=line_list(locations), fixed=ALL_FIXED if fixable else "")
    return Finding(
        first.rule,
        first.severity,
        f"{first.message} {note}",
        first.location,
        first.fix,
        related=tuple(locations[1:]),
        code=first.code,
        parts=tuple(ordered),
    )


def _cause(finding: Finding, lines: Lines) -> Cause:
    location = finding.location
    if finding.parts or finding.related or finding.fix == "":
        # A group already, a finding about other places (a copy of a paper), or a deletion (every one
        # reads "delete these lines"): a cause of its own.
        return location.path, finding.code, finding.severity, f"{location.line}:{finding.message}"
    original = lines.original(finding) if finding.fix is not None else None
    change = describe_fix(original, finding.fix or "") if original is not None else finding.message
    return location.path, finding.code, finding.severity, change


class Lines:
    """Each file's lines as ``str.splitlines`` counts them, found through the offsets where they start
    (``rules.lines.line_starts``, once per file): a 100k-entry JSON file split into its 1.2M lines held
    about 120 MB while its findings were grouped."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        self._texts = texts
        self._starts: dict[str, array[int]] = {}

    def starts(self, path: str) -> array[int]:
        if path not in self._starts:
            self._starts[path] = line_starts(self._texts.get(path, ""))
        return self._starts[path]

    def count(self, path: str) -> int:
        """How many lines the file has."""
        return len(self.starts(path)) - 1

    def original(self, finding: Finding) -> str | None:
        """The lines a finding's fix replaces, or None when the text no longer has them."""
        path = finding.location.path
        start, end = finding.location.line, finding.location.last_line
        if end > self.count(path):
            return None
        return lines_of(self._texts.get(path, ""), self.starts(path), start, end)

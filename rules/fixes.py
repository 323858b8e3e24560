"""Apply certain fixes to list files, and describe them for people."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from rules import engine
from rules.change import changed_span, describe_fix
from rules.context import Catalog, CheckOptions
from rules.model import Entry, Finding

MAX_FIX_ROUNDS = 10


def apply_fixes(text: str, findings: Iterable[Finding]) -> tuple[str, list[Finding]]:
    """Apply the non-overlapping certain fixes to ``text``; return the new text and the fixes applied.

    Fixes of the same lines that change separate parts of them (a row's venue and its model link) are
    applied together; other overlapping fixes are left for the next round (see ``fix_until_stable``),
    as ruff does. Each round judges the whole list again, so a round saved is a check saved.
    """
    singles = sorted(
        (part for finding in findings for part in finding.occurrences if part.fix is not None),
        key=lambda f: (f.location.line, f.location.last_line),
    )
    if not singles:
        return text, []  # nothing to apply: a long list is not split and joined again
    lines = text.splitlines(keepends=True)
    chosen: list[Finding] = []
    edits: list[tuple[int, int, str]] = []  # first line, last line, replacement
    for finding in singles:
        first, last, fix = finding.location.line, finding.location.last_line, finding.fix or ""
        if last > len(lines):
            continue
        if not edits or first > edits[-1][1]:
            edits.append((first, last, fix))
            chosen.append(finding)
        elif (first, last) == edits[-1][:2]:
            original = "\n".join(line.rstrip("\r\n") for line in lines[first - 1 : last])
            if (merged := _merged(original, edits[-1][2], fix)) is not None:
                edits[-1] = (first, last, merged)
                chosen.append(finding)
    for first, last, fix in reversed(edits):
        start, end = first - 1, last
        ending = _line_ending(lines[end - 1])
        replacement = [] if fix == "" else [line + ending for line in fix.split("\n")]
        if replacement and not lines[end - 1].endswith(("\n", "\r")):
            replacement[-1] = replacement[-1][: -len(ending)] if ending else replacement[-1]
        lines[start:end] = replacement
    return "".join(lines), chosen


def _merged(original: str, first: str, second: str) -> str | None:
    """``original`` with both replacements' changes, when they change parts of it apart from each other
    (at least one character left between them); None when they touch, overlap or one deletes the lines."""
    if not first or not second:
        return None
    spans = sorted((changed_span(original, first), changed_span(original, second)))
    (start_a, end_a, text_a), (start_b, end_b, text_b) = spans
    if end_a >= start_b:
        return None
    return original[:start_a] + text_a + original[end_a:start_b] + text_b + original[end_b:]


def _line_ending(line: str) -> str:
    if line.endswith("\r\n"):
        return "\r\n"
    return "\n"


def fix_until_stable(
    texts: Mapping[str, str],
    parse: Callable[[Mapping[str, str]], Catalog],
    options: CheckOptions | None = None,
    targets: Callable[[Catalog], Sequence[Entry]] | None = None,
    first_findings: Sequence[Finding] | None = None,
    on_applied: Callable[[Finding, str], None] | None = None,
) -> tuple[dict[str, str], list[Finding]]:
    """Apply certain fixes round after round until none is left (or MAX_FIX_ROUNDS is reached).

    ``targets`` picks the entries to fix in each round's catalog (default: every entry), so a review
    fixing a few new entries of a long list does not judge the whole list again each round.
    ``first_findings``, when the caller has already checked ``texts``, saves the first round's check.
    ``on_applied`` hears of each fix with its description, told against the text of its own round
    (line numbers shift from round to round)."""
    current = dict(texts)
    applied: list[Finding] = []
    for round_number in range(MAX_FIX_ROUNDS):
        if round_number == 0 and first_findings is not None:
            findings = list(first_findings)
        else:
            catalog = parse(current)
            findings = engine.check(catalog, options, targets(catalog) if targets is not None else None)
        round_applied: list[Finding] = []
        for path, text in current.items():
            new_text, done = apply_fixes(text, (f for f in findings if f.location.path == path))
            if on_applied is not None:
                lines = text.splitlines()
                for finding in done:
                    before = "\n".join(lines[finding.location.line - 1 : finding.location.last_line])
                    on_applied(finding, describe_fix(before, finding.fix or ""))
            current[path] = new_text
            round_applied.extend(done)
        if not round_applied:
            break
        applied.extend(round_applied)
    return current, applied

"""Apply certain fixes to list files, and describe them for people."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from rules import engine
from rules.context import Catalog, CheckOptions
from rules.model import Entry, Finding

MAX_FIX_ROUNDS = 10
SHOWN_CHANGE = 60


def apply_fixes(text: str, findings: Iterable[Finding]) -> tuple[str, list[Finding]]:
    """Apply the non-overlapping certain fixes to ``text``; return the new text and the fixes applied.

    Fixes of the same lines that change separate parts of them (a row's venue and its model link) are
    applied together; other overlapping fixes are left for the next round (see ``fix_until_stable``),
    as ruff does. Each round judges the whole list again, so a round saved is a check saved.
    """
    lines = text.splitlines(keepends=True)
    chosen: list[Finding] = []
    edits: list[tuple[int, int, str]] = []  # first line, last line, replacement
    for finding in sorted(
        (f for f in findings if f.fix is not None), key=lambda f: (f.location.line, f.location.last_line)
    ):
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
    spans = sorted((_changed_span(original, first), _changed_span(original, second)))
    (start_a, end_a, text_a), (start_b, end_b, text_b) = spans
    if end_a >= start_b:
        return None
    return original[:start_a] + text_a + original[end_a:start_b] + text_b + original[end_b:]


def _changed_span(original: str, replacement: str) -> tuple[int, int, str]:
    """Where ``replacement`` differs from ``original``: the span of ``original`` it rewrites, and the new text."""
    start = _common_prefix(original, replacement)
    shared_end = _common_prefix(original[start:][::-1], replacement[start:][::-1])
    return start, len(original) - shared_end, replacement[start : len(replacement) - shared_end]


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


def describe_fix(original: str, replacement: str) -> str:
    """A short human summary of what a fix changes: ``old`` → ``new``, widened to whole words.

    The changed part is what lies between the longest common prefix and suffix: linear in the text's
    length (a character diff would be quadratic on a hostile 50,000-word title)."""
    if replacement == "":
        return "delete these lines"
    if original == replacement:
        return "no change"
    start = _common_prefix(original, replacement)
    shared_end = _common_prefix(original[start:][::-1], replacement[start:][::-1])
    end_a, end_b = len(original) - shared_end, len(replacement) - shared_end
    # Widen to the word the change falls in (`C-ArXiv` → `arXiv`, not `C-A` → `a`).
    while start > 0 and original[start - 1].isalnum():
        start -= 1
    while end_a < len(original) and original[end_a].isalnum():
        end_a, end_b = end_a + 1, end_b + 1
    if not original[start:end_a].strip() and not replacement[start:end_b].strip():
        # Only spacing changed: show the neighbouring words it lies between.
        while start > 0 and not original[start - 1].isspace():
            start -= 1
        while end_a < len(original) and not original[end_a].isspace():
            end_a, end_b = end_a + 1, end_b + 1
    start_a = start_b = start
    if start_a == end_a:  # a pure insertion: show the text it follows
        context = max(0, start_a - SHOWN_CHANGE // 3)
        start_a = start_b = context
    return f"`{_clip(original[start_a:end_a])}` → `{_clip(replacement[start_b:end_b])}`"


def _common_prefix(a: str, b: str) -> int:
    """Length of the longest common prefix, by bisection over slice comparisons (done in C)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _clip(text: str) -> str:
    text = text.replace("\n", "⏎")
    return text if len(text) <= SHOWN_CHANGE else text[: SHOWN_CHANGE - 1] + "…"

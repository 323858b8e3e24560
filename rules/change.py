"""What a fix changes in the lines it replaces, told apart from what it keeps: for people (``describe_fix``)
and for merging or grouping fixes (``changed_span``)."""

from __future__ import annotations

from rules.lines import common_prefix, common_suffix

SHOWN_CHANGE = 60


def changed_span(original: str, replacement: str) -> tuple[int, int, str]:
    """Where ``replacement`` differs from ``original``: the span of ``original`` it rewrites, and the new text."""
    start = common_prefix(original, replacement)
    shared_end = common_suffix(original, replacement, min(len(original), len(replacement)) - start)
    return start, len(original) - shared_end, replacement[start : len(replacement) - shared_end]


def describe_fix(original: str, replacement: str) -> str:
    """A short human summary of what a fix changes: ``old`` → ``new``, widened to whole words.

    The changed part is what lies between the longest common prefix and suffix: linear in the text's
    length (a character diff would be quadratic on a hostile 50,000-word title)."""
    if replacement == "":
        return "delete these lines"
    if original == replacement:
        return "no change"
    start, end_a, new = changed_span(original, replacement)
    end_b = start + len(new)
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
    return f"`{clip(original[start_a:end_a])}` → `{clip(replacement[start_b:end_b])}`"


def clip(text: str) -> str:
    text = text.replace("\n", "⏎")
    return text if len(text) <= SHOWN_CHANGE else text[: SHOWN_CHANGE - 1] + "…"

"""Where the fixed head differs from the head: the corrected text of an entry (all its certain fixes
combined) and the smallest line range a suggestion must replace."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from rules import edit, moved
from rules.model import Document, Entry
from rules.text import normalize_title

Opcode = tuple[str, int, int, int, int]
UNTITLED = "\0untitled"  # every entry without title or URL: paired in order among themselves


@dataclass(frozen=True)
class Correction:
    """Head lines ``line..end_line`` (1-based) become ``text`` (no trailing newline; "" deletes them),
    which starts at line ``fixed_line`` of the fixed file. ``removes``: it deletes the entry (the text
    left, if any, is the previous object's last line without its comma)."""

    line: int
    end_line: int
    text: str
    fixed_line: int
    removes: bool = False

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n") if self.text else []


def entry_corrections(
    head: Document, fixed: Document, head_lines: list[str], fixed_lines: list[str]
) -> dict[int, Correction]:
    """Head entry line → its corrected text, for the entries the fixes changed or deleted.

    Entries are paired by title (fixes rarely touch it; a tidied title still folds the same), not by
    lines: once the rest of the list is fixed too, a line diff would merge neighbouring changes. Each
    correction must be right applied alone, so a JSON object keeps its own trailing comma (another
    fix deleting the last object takes it away, not this one), and deleting the last object takes
    the comma off the object before it."""
    found: dict[int, Correction] = {}
    # Entries are placed by their lines and read for their kind without being moved (``rules.moved``):
    # only those a fix changed are looked up.
    head_spans, fixed_spans = list(moved.spans(head.entries)), list(moved.spans(fixed.entries))
    kinds = [entry.kind for entry in moved.contents(head.entries)]
    for index, paired in paired_indices(head, fixed):
        line, end_line = head_spans[index]
        if paired is None:
            found[line] = _removal(head, head.entries[index])
            continue
        fixed_line, fixed_end = fixed_spans[paired]
        old_lines, new_lines = head_lines[line - 1 : end_line], fixed_lines[fixed_line - 1 : fixed_end]
        if old_lines == new_lines and kinds[index] != "json":
            continue  # the text is the same (a JSON object's comma is looked at below)
        old = "\n".join(old_lines)
        new = _same_comma("\n".join(new_lines), old, kinds[index])
        if new != old:
            found[line] = Correction(line, end_line, new, fixed_line)
    return found


def _removal(head: Document, entry: Entry) -> Correction:
    removal = edit.removal(head, entry)
    if removal is None:
        return Correction(entry.line, entry.end_line, "", 0, removes=True)
    location, text = removal
    return Correction(location.line, location.last_line, text, 0, removes=True)


def _same_comma(new: str, old: str, kind: str) -> str:
    """``new`` with the trailing comma ``old`` has (JSON only; markdown rows have none)."""
    if kind != "json" or not new:
        return new
    bare = new.rstrip().removesuffix(",")
    return bare + "," if old.rstrip().endswith(",") else bare


def paired_indices(before: Document, after: Document) -> list[tuple[int, int | None]]:
    """The index of each entry of ``before`` with the index of the same entry in ``after`` (None: it is
    gone), paired in order by title; entries only ``after`` has are left out. Titles are read from what
    the entries say (``rules.moved.contents``): a fix round's document is not moved whole to pair it."""
    folded: dict[str, str] = {}  # each title folded once: nearly all of them are on both sides
    matcher = difflib.SequenceMatcher(
        None,
        [_key(entry, folded) for entry in moved.contents(before.entries)],
        [_key(entry, folded) for entry in moved.contents(after.entries)],
        autojunk=False,
    )
    pairs: list[tuple[int, int | None]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "insert":
            pairs.extend((i1 + offset, j1 + offset if j1 + offset < j2 else None) for offset in range(i2 - i1))
    return pairs


def _key(entry: Entry, folded: dict[str, str]) -> str:
    """What pairs an entry with its fixed self: the folded title, else the URL. Never the raw text,
    which the fixes change: untitled neighbours would then pair with each other."""
    title = folded.get(entry.title)
    if title is None:
        title = folded[entry.title] = normalize_title(entry.title)
    return title or (entry.url or "").strip() or UNTITLED


def line_opcodes(head: list[str], fixed: list[str]) -> list[Opcode]:
    """difflib's opcodes between two line lists, a same-size replacement split line by line so that
    fixes of neighbouring rows stay apart."""
    opcodes: list[Opcode] = []
    matcher = difflib.SequenceMatcher(None, head, fixed, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace" and i2 - i1 == j2 - j1:
            opcodes.extend(("replace", i1 + k, i1 + k + 1, j1 + k, j1 + k + 1) for k in range(i2 - i1))
        else:
            opcodes.append((tag, i1, i2, j1, j2))
    return opcodes


def corrected(head: list[str], fixed: list[str], opcodes: list[Opcode], line: int, end_line: int) -> Correction | None:
    """The fixed text of head lines ``line..end_line``, the range widened to whole changes; None when
    the fixes leave those lines alone. An insertion right after the range belongs to it."""
    low, high = line - 1, end_line
    touching = [op for op in opcodes if op[0] != "equal" and _overlaps(op, low, high)]
    if not touching:
        return None
    low, high = min(low, touching[0][1]), max(high, touching[-1][2])
    out: list[str] = []
    fixed_start: int | None = None
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            start, stop = max(i1, low), min(i2, high)
            if start < stop:
                fixed_start = j1 + (start - i1) if fixed_start is None else fixed_start
                out.extend(fixed[j1 + (start - i1) : j1 + (stop - i1)])
        elif _overlaps((tag, i1, i2, j1, j2), low, high):
            fixed_start = j1 if fixed_start is None else fixed_start
            out.extend(fixed[j1:j2])
    return Correction(low + 1, high, "\n".join(out), (fixed_start or 0) + 1)


def _overlaps(opcode: Opcode, low: int, high: int) -> bool:
    _, i1, i2, _, _ = opcode
    if i1 == i2:  # an insertion before head index i1
        return low < i1 <= high
    return i1 < high and i2 > low


def suggestion_window(head: list[str], correction: Correction) -> Correction:
    """The smallest range a suggestion must replace: the correction without the lines it leaves as
    they are (a pure insertion keeps one neighbouring line, since a suggestion replaces at least one)."""
    old = head[correction.line - 1 : correction.end_line]
    new = correction.lines
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(old), len(new)) - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    if prefix + suffix == len(old):  # nothing replaced, only inserted: keep one line to anchor it
        if prefix:
            prefix -= 1
        else:
            suffix -= 1
    kept = new[prefix : len(new) - suffix]
    return Correction(
        correction.line + prefix, correction.end_line - suffix, "\n".join(kept), correction.fixed_line + prefix
    )

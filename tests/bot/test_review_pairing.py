"""The fix rounds' pairing of entries by title (``corrections.paired_indices``): the shared ends paired in
place and only the differing middle by difflib, against difflib over the whole lists as before."""

from __future__ import annotations

import difflib

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.review import corrections
from rules.dialects.markdown import parse_markdown
from rules.model import Document, Entry
from rules.text import normalize_title

HEADER = "| Title | Date |\n| --- | --- |\n"
# Titles that fold the same ("Alpha net" / "alpha  net"), links that differ, rows without a link.
TITLES = ["Alpha net", "alpha  net", "Beta net", "Gamma: a net", "Delta net", "Epsilon"]
URLS = ["https://a.org/1", "https://a.org/2", ""]

Row = tuple[int, int, int]  # title, URL, year: indices into TITLES, URLS and a year offset
Edit = tuple[str, int, Row]


def table(rows: list[Row]) -> Document:
    return parse_markdown("README.md", HEADER + "".join(map(_row, rows)))


def _row(row: Row) -> str:
    title, url, year = TITLES[row[0]], URLS[row[1]], 2000 + row[2]
    return f"| [{title}]({url}) | {year} |\n" if url else f"| {title} | {year} |\n"


def whole_pairing(before: Document, after: Document) -> list[tuple[int, int | None]]:
    """The pairing as it was: difflib over every entry's folded title (else its URL)."""

    def key(entry: Entry) -> str:
        return normalize_title(entry.title) or (entry.url or "").strip() or corrections.UNTITLED

    matcher = difflib.SequenceMatcher(
        None, [key(entry) for entry in before.entries], [key(entry) for entry in after.entries], autojunk=False
    )
    pairs: list[tuple[int, int | None]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "insert":
            pairs.extend((i1 + step, j1 + step if j1 + step < j2 else None) for step in range(i2 - i1))
    return pairs


rows = st.tuples(st.integers(0, len(TITLES) - 1), st.integers(0, len(URLS) - 1), st.integers(0, 3))
# An edit at a position (taken modulo the list's length): delete the row, give it another title or link,
# another year (the title stays), or insert a row before it.
edits = st.lists(
    st.tuples(st.sampled_from(["delete", "retitle", "relink", "year", "insert"]), st.integers(0, 10_000), rows),
    max_size=6,
)


def edited(before: list[Row], changes: list[Edit]) -> list[Row]:
    after = list(before)
    for action, position, row in changes:
        if action == "insert":
            after.insert(position % (len(after) + 1), row)
            continue
        if not after:
            continue
        at = position % len(after)
        title, url, year = after[at]
        if action == "delete":
            del after[at]
        elif action == "retitle":
            after[at] = (row[0], url, year)
        elif action == "relink":
            after[at] = (title, row[1], year)
        else:
            after[at] = (title, url, row[2])
    return after


def distinct_keys(rows: list[Row]) -> list[Row]:
    """``rows`` with at most one row per folded title and link (no title folds empty here)."""
    seen: set[str] = set()
    kept = []
    for row in rows:
        key = normalize_title(TITLES[row[0]])
        if key not in seen:
            seen.add(key)
            kept.append(row)
    return kept


@settings(max_examples=300, deadline=None)
@given(st.lists(rows, max_size=12), edits)
def test_pairing_the_middle_is_pairing_the_whole_when_titles_differ(before: list[Row], changes: list[Edit]) -> None:
    before = distinct_keys(before)
    head, fixed = table(before), table(distinct_keys(edited(before, changes)))
    assert corrections.paired_indices(head, fixed) == whole_pairing(head, fixed)


@settings(max_examples=300, deadline=None)
@given(st.lists(rows, max_size=12), edits)
def test_pairing_with_repeated_titles_pairs_each_entry_once_in_order(before: list[Row], changes: list[Edit]) -> None:
    head, fixed = table(before), table(edited(before, changes))
    pairs = corrections.paired_indices(head, fixed)
    assert [index for index, _ in pairs] == list(range(len(head.entries)))
    paired = [(index, other) for index, other in pairs if other is not None]
    assert [other for _, other in paired] == sorted({other for _, other in paired})
    # The rows at the start with the same title and link as the fixed list's pair in place.
    after = edited(before, changes)
    shared = next((at for at, (old, new) in enumerate(zip(before, after)) if old[:2] != new[:2]), len(after))
    assert pairs[: min(shared, len(before))] == [(index, index) for index in range(min(shared, len(before)))]


def test_a_fix_deleting_later_copies_keeps_the_first_copy_paired_in_place() -> None:
    """With repeated titles the two pairings may differ: a fix round deleting a later copy (``Gamma``
    and the second ``Alpha``) leaves the first in place, which difflib over the whole lists paired
    with the deleted copy instead (its longest block, ``Alpha, Beta``, starts there)."""
    head = table([(0, 0, 0), (3, 0, 0), (0, 0, 0), (2, 0, 0)])
    fixed = table([(0, 0, 0), (2, 0, 0)])
    assert corrections.paired_indices(head, fixed) == [(0, 0), (1, None), (2, None), (3, 1)]
    assert whole_pairing(head, fixed) == [(0, None), (1, None), (2, 0), (3, 1)]

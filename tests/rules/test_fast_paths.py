"""The shortcuts that keep a 10k-entry check cheap answer exactly as the general code they stand in for:
each property compares a fast path with the slower reading it replaced, on text built to reach its edges."""

from __future__ import annotations

import re
import string
from urllib.parse import urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st

from bench import duplicates
from rules import inline, links, parse, typography, venues
from rules.context import RuleContext
from rules.dialects import items, markdown
from rules.text import ascii_words

ASCII = st.text(alphabet=[chr(code) for code in range(128)], max_size=40)
URLISH = st.builds(
    "".join,
    st.lists(
        st.sampled_from(["http", "https", "HTTP", "://", "/", "//", "?", "#", "x.org", "a", "=", " ", "\t", ":"]),
        max_size=10,
    ),
)
TITLEISH = st.text(alphabet=string.ascii_letters[:6] + " -:)1\u2011\u00a0\u200bAB", max_size=30)


@given(ASCII)
@settings(max_examples=500)
def test_ascii_words_are_what_the_word_pattern_finds(text: str) -> None:
    assert ascii_words(text) == re.findall(r"[^\W_]+", text)


def _home_page_by_urlsplit(url: str) -> bool:
    parts = urlsplit(url.strip())
    if parts.scheme in ("http", "https") and parts.path in ("", "/") and not parts.query:
        return True
    return bool(links.HOME_PAGE_RE.match(url.strip()))


@given(URLISH)
@settings(max_examples=500)
def test_the_home_page_test_agrees_with_urlsplit(url: str) -> None:
    assert links.is_home_page(url) == _home_page_by_urlsplit(url)


def test_a_site_address_is_a_home_page_whatever_its_fragment() -> None:
    assert links.is_home_page("https://example.org/#/paper/12")
    assert links.is_home_page("https://example.org/?")
    assert not links.is_home_page("https://example.org/paper/12")


def _tidied_by_every_pattern(title: str) -> tuple[list[str], str]:
    """The spacing slips found by running every tidier's pattern, as before they had cheap tests."""
    found = []
    for what, _, pattern, replacement in typography.TIDIERS:
        if "://" in title and pattern is typography._GLUED_COLON_RE:
            continue  # a URL's colon is no typo
        if pattern.search(title):
            found.append(what)
            title = pattern.sub(replacement, title)
    return found, title


@given(TITLEISH)
@settings(max_examples=500)
def test_the_tidiers_cheap_tests_skip_only_titles_their_pattern_cannot_match(title: str) -> None:
    slips, fixed = typography.tidied(title)
    assert ([slip.what for slip in slips], fixed) == _tidied_by_every_pattern(title)


@given(st.text(alphabet="abAB \t-1_.\u212a", max_size=16))
@settings(max_examples=500)
def test_a_doubled_word_is_found_as_with_backtracking(title: str) -> None:
    backtracking = re.compile(r"\b([A-Za-z]{2,})\s+(\1)\b(?!-)", re.IGNORECASE)
    expected = next((found.group() for found in backtracking.finditer(title) if found.group(2).islower()), None)
    assert typography.doubled_word(title) == expected


def test_links_are_counted_without_image_sources_or_badges_in_any_case() -> None:
    text = (
        "[Paper](https://arxiv.org/abs/2401.00001) <img src=\"https://x.org/a.png\"> <IMG SRC='HTTP://X.ORG/B.PNG'>\n"
        "![badge](https://img.shields.io/badge/a) HTTPS://EXAMPLE.ORG/PAPER ![](https://x.org/c.png)\n"
    )
    assert parse.count_links(text) == 2


CEE = "https://www.sciencedirect.com/science/article/pii/S004579062400"  # one ISSN the registry lacks
VENUE_ROWS = st.lists(
    st.tuples(
        st.sampled_from(["J-Foo", "J-FOO", "J_FOO", "J-CEE", "J-CaEE", "C-CVPR", "CVPR'2024", "-", "J-N", "J-NC"]),
        st.sampled_from([CEE + "1234", CEE + "2345", "https://arxiv.org/abs/2401.00001", "https://github.com/o/r"]),
    ),
    max_size=12,
)


def _variant_by_reading_the_group(facts: venues.VenueFacts, reading: venues.Reading) -> venues.Variant | None:
    """A reading's variant as found before groups were judged once: the whole group read and judged again
    for each member, each variant holding a tuple of the others of its own."""
    if not venues._is_own_code(reading):
        return None
    for reason, key_of in venues.VARIANT_GROUPINGS:
        key = key_of(reading)
        if key is None:
            continue
        group = [venues.read(entry, facts.registry) for entry in facts.own_codes[(reason, key)]]
        if len({member.code for member in group}) < 2:
            continue
        top = venues._majority(member.code for member in group)
        preferred = next(iter(top)) if len(top) == 1 else None
        if reading.code != preferred:
            others = tuple(other for other in group if other.code != reading.code)
            return venues.Variant(reading, reason, preferred, others)
    return None


@given(VENUE_ROWS)
@settings(max_examples=200, deadline=None)
def test_a_groups_variants_judged_once_are_each_members_judged_alone(rows: list[tuple[str, str]]) -> None:
    text = "| Title | Date | Venue |\n| --- | --- | --- |\n" + "".join(
        f"| [Paper {number}]({url}) | 2024 | {venue} |\n" for number, (venue, url) in enumerate(rows)
    )
    catalog = parse.parse_catalog({"README.md": text})
    ctx = RuleContext(catalog, catalog.entries)
    for entry in catalog.entries:
        reading = ctx.venue_reading(entry)
        assert ctx.venue_facts.variant(reading) == _variant_by_reading_the_group(ctx.venue_facts, reading)


CELLISH = st.text(alphabet=string.ascii_letters[:4] + string.digits[:3] + " ./:_-()[]!<>|\\`*", max_size=20)


@given(CELLISH, CELLISH, CELLISH)
@settings(max_examples=500)
def test_a_table_cell_of_one_link_reads_as_the_general_reading_places_it(text: str, src: str, url: str) -> None:
    for source in (
        f"[{text}]({url})",
        f"[![{text}]({src})]({url})",
        f"[![]({src})]({url})",
        f"[{text}](https://a.b/{url})",
    ):
        assert markdown.parse_link_cell.__wrapped__(source) == markdown.placed_links(source)


def test_the_code_cells_of_a_generated_list_read_as_the_general_reading_places_them() -> None:
    table, _, _ = duplicates.build(300, 7)
    cells = {cell for line in table.splitlines() if line.startswith("| [") for cell in markdown.split_cells(line)}
    shortcut = {cell for cell in cells if inline.IMAGE_LINK_RE.fullmatch(cell) or inline.PLAIN_LINK_RE.fullmatch(cell)}
    assert len(shortcut) > 300  # titles, code badges and model links all take a shortcut
    for cell in shortcut:
        assert markdown.parse_link_cell.__wrapped__(cell) == markdown.placed_links(cell)


ITEMISH = st.text(alphabet="ab1 \t,;:|-.\\[]()*_\n'", max_size=40)


@given(ITEMISH, st.integers(min_value=0, max_value=40))
@settings(max_examples=500)
def test_the_emphasis_search_finds_what_the_lookbehind_first_pattern_finds(text: str, start: int) -> None:
    lookbehind_first = re.compile(r"(?<![*\w])\*(?!\*)|(?<![_\w])_(?!_)")
    found, expected = items.SINGLE_EMPHASIS_RE.search(text, start), lookbehind_first.search(text, start)
    assert (found and found.span()) == (expected and expected.span())


def _trimmed_testing_every_bracket(raw: str, start: int, end: int) -> list[tuple[int, int]]:
    """``items._trimmed`` as written before it skipped the bracket counts for a piece with nothing trimmed off
    its end."""
    piece = raw[start:end]
    left = piece.lstrip(items.SEGMENT_TRIM)
    kept = left.rstrip(items.SEGMENT_TRIM)
    for opener, closer in ("()", "[]"):
        if kept.count(opener) > kept.count(closer) and closer in left[len(kept) :]:
            kept = left[: left.index(closer, len(kept)) + 1]
    start += len(piece) - len(left)
    return [(start, start + len(kept))] if kept else []


@given(ITEMISH)
@settings(max_examples=500)
def test_an_items_segments_are_every_cells_trimmed_pieces(raw: str) -> None:
    every_cell = [
        segment
        for cell in items.CELL_RE.finditer(raw)
        for segment in items._split_commas(raw, cell.start(), cell.end())
    ]
    assert list(items._segments(raw, 0, len(raw), [])) == every_cell
    for cell in items.CELL_RE.finditer(raw):
        assert list(items._trimmed(raw, *cell.span())) == _trimmed_testing_every_bracket(raw, *cell.span())

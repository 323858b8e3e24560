"""The shortcuts that keep a 10k-entry check cheap answer exactly as the general code they stand in for:
each property compares a fast path with the slower reading it replaced, on text built to reach its edges."""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from functools import cache
from itertools import product
from typing import Any
from urllib.parse import urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st

from bench import duplicates
from rules import aggregates, evidence, inline, links, parse, typography, venues
from rules.checks import cells
from rules.context import Catalog, RuleContext
from rules.dialects import items, markdown
from rules.model import Entry
from rules.text import ascii_words
from tests.paper_triage.test_shared_list_findings import LISTS, PINNED, list_files

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


@given(st.text(alphabet="aAbB1):: ;.\n", max_size=16))
@settings(max_examples=500)
def test_a_glued_colon_is_found_as_by_looking_behind_first(title: str) -> None:
    behind_first = re.compile(r"(?<=[A-Za-z0-9)]{2}):(?=[A-Z][a-z])")
    colon_first = typography._GLUED_COLON_RE
    assert [found.span() for found in colon_first.finditer(title)] == [
        found.span() for found in behind_first.finditer(title)
    ]
    assert colon_first.sub(": ", title) == behind_first.sub(": ", title)


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
    row_cells = {cell for line in table.splitlines() if line.startswith("| [") for cell in markdown.split_cells(line)}
    shortcut = {
        cell for cell in row_cells if inline.IMAGE_LINK_RE.fullmatch(cell) or inline.PLAIN_LINK_RE.fullmatch(cell)
    }
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


def _evidence_by_every_reader(url: str | None) -> evidence.Evidence | None:
    """A link's evidence as read before readers were chosen by the link's host: every reader, in order."""
    if not url or not links.is_web_url(url):
        return None
    return next((found for reader in evidence.READERS if (found := reader(url)) is not None), None)


# Each reader's hosts, in the cases its patterns accept, and paths that reach each pattern's branches.
# The hosts the readers' patterns name (written out, not taken from the table under test), in other cases
# too, and hosts of none; then paths that reach each pattern's branches.
READER_HOSTS = [
    *("openaccess.thecvf.com", "arxiv.org", "www.arxiv.org", "export.arxiv.org", "ArXiv.org"),
    *("sciencedirect.com", "www.sciencedirect.com", "WWW.ScienceDirect.com", "linkinghub.elsevier.com"),
    *("ieeexplore.ieee.org", "IEEEXPLORE.ieee.org", "dl.acm.org", "ojs.aaai.org", "aaai.org", "www.aaai.org"),
    *("epubs.siam.org", "proceedings.neurips.cc", "papers.nips.cc", "proceedings.mlr.press", "ijcai.org"),
    *("www.ijcai.org", "mdpi.com", "www.mdpi.com", "link.springer.com", "doi.org", "x.org"),
]
LINK_STARTS = ["", " ", "https://", "http://", "HTTPS://", "ftp://", "https://user@"]
LINK_PATHS = [
    "/",
    "content/CVPR2024W/",
    "content_iccv_2019_workshops/",
    "abs/2401.05702",
    "pdf/cs/0701001",
    "science/article/pii/S1047320325000288",
    "retrieve/pii/S004579062400",
    "doi/10.1016/j.patcog.2024.110123",
    "10.1007/s11042-023-17770-z",
    "10.1007/978-3-031-19772-7_1",
    "10.1109/CVPR52729.2023.01234",
    "document/10015085",
    "stamp/stamp.jsp?tp=&arnumber=1",
    "doi/abs/10.1145/3581783.3612345",
    "index.php/AAAI/article/",
    "ojs/index.php/AAAI/article/",
    "doi/10.1137/1.9781611978032.73",
    "doi/10.1137/22M1234",
    "paper_files/paper/2023/hash",
    "paper/2021/",
    "v235/",
    "proceedings/2023/",
    "1424-8220/22/16/6080",
    "?q=10.1016/j.patcog.2024.",
]


def test_reading_a_link_by_its_host_finds_what_every_reader_finds() -> None:
    """Every start, host and path above, one path at a time (some thirteen thousand links)."""
    for start, host, port, path in product(LINK_STARTS, READER_HOSTS, ["", ":443", "/"], LINK_PATHS):
        url = start + host + port + path
        assert evidence.read(url) == _evidence_by_every_reader(url), url


@given(st.sampled_from(LINK_STARTS), st.sampled_from(READER_HOSTS), st.lists(st.sampled_from(LINK_PATHS), max_size=4))
@settings(max_examples=500)
def test_reading_a_link_by_its_host_finds_what_every_reader_finds_in_longer_links(
    start: str, host: str, paths: list[str]
) -> None:
    url = start + host + "/" + "/".join(paths)
    assert evidence.read(url) == _evidence_by_every_reader(url)


@cache
def real_catalogs() -> list[Catalog]:
    """Each real list of tests/fixtures/lists, parsed as a check parses it."""
    return [parse.parse_catalog(list_files(folder)) for folder in sorted(LISTS.iterdir()) if folder.name in PINNED]


def test_reading_links_by_their_hosts_agrees_on_the_real_lists_links() -> None:
    urls = {entry.url for catalog in real_catalogs() for entry in catalog.entries}
    assert sum(evidence.read(url) is not None for url in urls) > 100  # the lists' links do reach the readers
    assert all(evidence.read(url) == _evidence_by_every_reader(url) for url in urls)


def _venue_facts_shape(facts: venues.VenueFacts) -> tuple[object, ...]:
    def groups(part: aggregates.Groups[Any]) -> dict[object, list[tuple[str, int, int]]]:
        return {key: [(entry.path, entry.line, entry.position) for entry in part[key]] for key in part.keys()}

    return (
        sorted(facts.codes.items()),
        sorted(facts.code_papers.items()),
        sorted(facts.code_papers._pairs.items()),
        sorted(facts.year_papers.items(), key=repr),
        sorted(facts.year_papers._pairs.items(), key=repr),
        sorted(facts.linked_years.items()),
        sorted(facts.published.items()),
        groups(facts.preprint_linked),
        groups(facts.own_codes),
    )


def _venue_facts_counted_one_by_one(registry: venues.Registry, entries: Sequence[Entry]) -> venues.VenueFacts:
    """The facts as counted before they were counted in bulk: each entry's reading added in turn."""
    facts = venues.VenueFacts(registry)
    for entry in entries:
        facts._count(venues.read(entry, registry), 1)
    return facts


def test_venue_facts_counted_in_bulk_are_those_counted_entry_by_entry() -> None:
    generated = parse.parse_catalog({"README.md": duplicates.build(3000, seed=5)[0]})
    coded = 0
    for catalog in [*real_catalogs(), generated]:
        registry = venues.registry()
        built = venues.VenueFacts.build(registry, catalog.entries)
        coded += bool(built.codes[True] and built.code_papers.items() and built.own_codes.keys())
        one_by_one = _venue_facts_counted_one_by_one(registry, catalog.entries)
        assert _venue_facts_shape(built) == _venue_facts_shape(one_by_one)
    assert coded >= 2  # lists that write codes, some the registry lacks


@given(VENUE_ROWS)
@settings(max_examples=200, deadline=None)
def test_venue_facts_counted_in_bulk_are_those_counted_entry_by_entry_on_built_rows(
    rows: list[tuple[str, str]],
) -> None:
    text = "| Title | Date | Venue |\n| --- | --- | --- |\n" + "".join(
        f"| [Paper {number % 3}]({url}) | {2020 + number % 4} | {venue} |\n" for number, (venue, url) in enumerate(rows)
    )
    entries = parse.parse_catalog({"README.md": text}).entries
    registry = venues.registry()
    built = venues.VenueFacts.build(registry, entries)
    assert _venue_facts_shape(built) == _venue_facts_shape(_venue_facts_counted_one_by_one(registry, entries))


def _in_capitals_word_by_word(title: str) -> bool:
    """Whether a title is in capitals as told before lower-case pairs were looked for first: every word read."""
    words = [word.group() for word in typography._CAPS_WORD_RE.finditer(title)]
    return all(word.isupper() for word in words) and len(words) >= typography.CAPS_MIN_WORDS


@given(st.text(alphabet="aAbBéÉ\u212a\u01c5 1-_.", max_size=24))
@settings(max_examples=500)
def test_a_title_in_capitals_is_told_as_by_reading_every_word(title: str) -> None:
    assert typography.in_capitals(title) == _in_capitals_word_by_word(title)


def _goes_nowhere(cell: str) -> bool:
    parsed = inline.parse_cell(cell)
    return len(parsed.links) == 1 and links.is_no_link(parsed.links[0].url)


CELL_PIECES = ["[", "]", "(", ")", "](", "<", ">", "-", "#", "\\", "&#45;", "&#x2d;", "&#35;", "&num;", "&amp;"]
CELL_PIECES += [" ", "\t", "\n", '"t"', "'t'", "x", "Model", "https://a.org/b", "./c.svg", "!", "![](i.svg)", "`", "*"]


@given(st.lists(st.sampled_from(CELL_PIECES), max_size=10))
@settings(max_examples=3000)
def test_a_cell_whose_link_targets_cannot_go_nowhere_is_no_empty_link(pieces: list[str]) -> None:
    cell = "[" + "".join(pieces)
    if not cells.NO_LINK_TARGET_RE.search(cell):
        assert not _goes_nowhere(cell)


def test_the_real_lists_empty_links_are_all_found_by_their_targets() -> None:
    found = [cell for catalog in real_catalogs() for entry in catalog.entries for cell in entry.cells]
    nowhere = [cell for cell in found if cell.startswith("[") and _goes_nowhere(cell)]
    assert nowhere  # the lists do have empty links
    assert all(cells.NO_LINK_TARGET_RE.search(cell) for cell in nowhere)


def _cell_facts_shape(facts: cells.CellFacts) -> tuple[object, ...]:
    def groups(part: aggregates.Groups[Any]) -> dict[object, list[tuple[str, int, int]]]:
        return {key: [(entry.path, entry.line, entry.position) for entry in part[key]] for key in part.keys()}

    return sorted(facts.badges.items()), sorted(facts.words.items()), groups(facts.code_links), groups(facts.titles)


def test_cell_facts_built_in_bulk_are_those_counted_entry_by_entry() -> None:
    generated = parse.parse_catalog({"README.md": duplicates.build(3000, seed=5, shared_link=40)[0]})
    for catalog in [*real_catalogs(), generated]:
        one_by_one = cells.CellFacts()
        for entry in catalog.entries:
            one_by_one._count(entry, 1)
        assert _cell_facts_shape(cells.CellFacts.build(catalog.entries)) == _cell_facts_shape(one_by_one)

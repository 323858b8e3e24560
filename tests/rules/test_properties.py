"""Property tests: the parsers never crash, clean entries round-trip, and fixing converges."""

from __future__ import annotations

import json
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from rules import engine, fixes, inline, parse
from rules.dialects.jsondata import JsonListError, parse_json, render_entry, render_object
from rules.dialects.markdown import parse_markdown, render_row

WORD = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-:,.?'()", min_size=1, max_size=12
)
TITLE = st.lists(WORD, min_size=1, max_size=8).map(" ".join).filter(lambda title: "](" not in title)
SLUG = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=10)
URL = st.builds(lambda host, path: f"https://{host}.org/{path}", SLUG, SLUG)
YEAR = st.integers(min_value=1990, max_value=2030).map(str)
VENUE = st.sampled_from(["C-CVPR", "J-TPAMI", "arXiv", "C-ICCV", "J-PR"])
MARKDOWNISH = st.lists(
    st.sampled_from(list("|-:[]()!#`*_ \n\tabc\\<>") + ["```", "| --- |", "\r\n", "| Title |"]), max_size=120
).map("".join)


@given(st.one_of(st.text(max_size=400), MARKDOWNISH))
@settings(max_examples=300)
def test_the_markdown_parser_never_crashes(text: str) -> None:
    document = parse_markdown("list.md", text)
    for entry in document.entries:
        assert 1 <= entry.line <= entry.end_line


@given(
    st.one_of(
        st.text(max_size=300),
        st.recursive(
            st.none() | st.booleans() | st.text(max_size=10),
            lambda children: (
                st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
            ),
        ).map(json.dumps),
    )
)
@settings(max_examples=300)
def test_the_json_parser_returns_a_document_or_one_clear_error(text: str) -> None:
    try:
        parse_json("d.json", text)
    except JsonListError as error:
        assert str(error)


URLISH = st.one_of(
    st.text(max_size=20),
    st.text(alphabet=string.ascii_letters + string.digits + "_.~:/?#@!$*+,;=%-()[]<>&`\"' |\\", max_size=20),
)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40), URLISH)
@settings(max_examples=500)
def test_the_plain_link_shortcut_agrees_with_mistune(text: str, url: str) -> None:
    source = f"[{text}]({url})"
    if inline.PLAIN_LINK_RE.fullmatch(source):
        assert inline.parse_cell(source) == inline._parse_with_mistune(source)


@given(st.one_of(st.text(max_size=12), st.sampled_from(["", "code", "a b"])), URLISH, URLISH)
@settings(max_examples=500)
def test_the_image_link_shortcut_agrees_with_mistune(alt: str, src: str, url: str) -> None:
    source = f"[![{alt}]({src})]({url})"
    if inline.IMAGE_LINK_RE.fullmatch(source):
        assert inline.parse_cell(source) == inline._parse_with_mistune(source)


@given(st.lists(st.tuples(TITLE, URL, YEAR, VENUE), min_size=1, max_size=6))
def test_clean_markdown_rows_round_trip(rows: list[tuple[str, str, str, str]]) -> None:
    lines = ["| Title | Date | Venue |", "| --- | --- | --- |"]
    lines += [render_row([f"[{title}]({url})", year, venue]) for title, url, year, venue in rows]
    document = parse_markdown("list.md", "\n".join(lines) + "\n")
    assert [(entry.title, entry.url, entry.year, entry.venue) for entry in document.entries] == rows
    assert [render_row(entry.cells) for entry in document.entries] == lines[2:]


@given(st.lists(st.tuples(TITLE, URL, YEAR, VENUE), min_size=1, max_size=6))
def test_clean_json_objects_round_trip(rows: list[tuple[str, str, str, str]]) -> None:
    objects = [
        {"Title": title, "Link": url, "Date": year, "Venue": venue, "Task": ["Video"], "Resource": {"Code": "-"}}
        for title, url, year, venue in rows
    ]
    text = "[\n" + ",\n".join(render_object(item) for item in objects) + "\n]\n"
    document = parse_json("d.json", text)
    assert [entry.data for entry in document.entries] == objects
    assert all(render_entry(entry, entry.data) == entry.raw for entry in document.entries)


DEFECTIVE_ROW = st.builds(
    lambda title, url, year, messy, tracked, model: render_row(
        [
            f"[{'  ' + title + ' ' if messy else title}]({url + '?utm_source=x' if tracked else url})",
            year,
            "arXiv",
            model,
        ]
    ),
    TITLE,
    URL,
    YEAR,
    st.booleans(),
    st.booleans(),
    st.sampled_from(["[Model]()", "[Model](-)", "-"]),
)


@given(st.lists(DEFECTIVE_ROW, min_size=1, max_size=8), st.booleans())
@settings(max_examples=60, deadline=None)
def test_check_after_fix_finds_nothing_fixable_and_fix_is_idempotent(rows: list[str], glued: bool) -> None:
    header = "| Title | Date | Venue | Model |"
    text = ("Intro text." + header if glued else header) + "\n| --- | --- | --- | --- |\n" + "\n".join(rows) + "\n"
    fixed, _ = fixes.fix_until_stable({"list.md": text}, parse.parse_catalog)
    remaining = engine.check(parse.parse_catalog(fixed))
    assert [finding for finding in remaining if finding.fix is not None] == []
    again, applied = fixes.fix_until_stable(fixed, parse.parse_catalog)
    assert (again, applied) == (fixed, [])

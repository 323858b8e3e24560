"""The shortcuts of the duplicate check's per-entry work answer exactly as the plain code they replaced:
each is compared with that plain reading over the real fixture lists, a generated list and Hypothesis text
built to reach its edges (separators, stopwords, non-ASCII letters, every link shape)."""

from __future__ import annotations

import gzip
import re
import unicodedata
from functools import cache
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bench import duplicates as generated
from rules import duplicates, identity, links, parse
from rules.duplicates import NAME_MAX_WORDS, NAMED_MIN_WORDS, STOPWORDS, SUBTITLE_MIN_WORDS, SUBTITLE_RE
from rules.model import Entry
from rules.text import fold_title, title_words

LISTS = Path(__file__).parent.parent / "fixtures" / "lists"

# Pieces of titles: words, stopwords, the separators of names and subtitles, and letters that fold.
TITLE_PIECES = st.sampled_from(
    ["Ada", "VAD", "Net", "video", "anomaly", "detection", "of", "the", "for", "a", ":", " - ", " – ", " — ", "\n-\n"]
    + ["-", " ", "  ", "Café", "ﬁeld", "Ⅻ", "\u2011", "\u00a0", "_", "x2", "É", "’s", "Straße", "İ", "ß"]
)
TITLES = st.builds("".join, st.lists(TITLE_PIECES, max_size=14))
URL_PIECES = st.sampled_from(
    ["http", "https", "HTTPS", "httpſ", "ftp", "://", "/", "//", "?", "#", "&", "=", " ", "\t", ":443", ":80", "www."]
    + ["X.org", "arxiv.org", "abs", "2401.00001", "utm_source=a", "denied=", "id=Ab", "ieeexplore.ieee.org", "é"]
)
URLS = st.builds("".join, st.lists(URL_PIECES, max_size=12))


def _plain_fold(title: str) -> str:
    """The folding by the Unicode-aware regex alone, as for every title before the ASCII table."""
    folded = unicodedata.normalize("NFKC", title).casefold()
    decomposed = unicodedata.normalize("NFD", folded)
    stripped = unicodedata.normalize("NFC", "".join(char for char in decomposed if not unicodedata.combining(char)))
    return re.sub(r"[\W_]+", " ", stripped).strip()


def _plain_variants(raw_title: str, title: str) -> tuple[tuple[str, str], ...]:
    """The variants read from the folded title as a string, as before they were read from its words."""
    if ":" not in raw_title and " - " not in raw_title and " – " not in raw_title and " — " not in raw_title:
        return ()
    match = SUBTITLE_RE.search(raw_title)
    if match is None:
        return ()
    name = raw_title[: match.start()].strip()
    head = _plain_fold(name)
    if not head or not title.startswith(head + " "):
        return ()
    tail = title[len(head) + 1 :]
    found: list[tuple[str, str]] = []
    if 1 <= len(head.split()) <= NAME_MAX_WORDS and _plain_count(tail) >= NAMED_MIN_WORDS:
        found.append((tail.replace(" ", ""), " ".join(name.split())))
    if _plain_count(head) >= SUBTITLE_MIN_WORDS:
        found.append((head.replace(" ", ""), ""))
    return tuple(found)


def _plain_count(title: str) -> int:
    return sum(word not in STOPWORDS for word in title.split())


def _plain_facts(raw_title: str, url: str | None) -> tuple[object, ...]:
    """An entry's paper facts read the plain way: the folded title as a string, every form from it."""
    title = _plain_fold(raw_title)
    words = tuple(word for word in title.split() if word not in STOPWORDS)
    ids = tuple(sorted(identity.identifiers(url)))
    return title, title.replace(" ", ""), words, _plain_variants(raw_title, title), ids


def _split_by_partition(url: str) -> identity._Url | None:
    """A URL's parts by string partitions, as before the one pattern."""
    scheme, separator, rest = url.strip().partition("://")
    if not separator or scheme.lower() not in ("http", "https"):
        return None
    rest, _, query = rest.partition("#")[0].partition("?")
    host, slash, path = rest.partition("/")
    host = host.lower().removeprefix("www.").removesuffix(":443").removesuffix(":80")
    if not host:
        return None
    parameters = query.split("&") if query else ()
    kept = sorted(part for part in parameters if part and not links.is_tracking_key(host, part.split("=", 1)[0]))
    return identity._Url(host, (slash + path).rstrip("/"), "&".join(kept))


@cache
def _real_entries() -> tuple[Entry, ...]:
    """Every entry of the real fixture lists and of a generated 2k-entry list."""
    texts = {"generated.md": generated.build(2000, 7)[0]}
    for path in sorted(LISTS.glob("**/*.md*")):
        if {"cases", "history"} & set(path.parts) or "PROVENANCE" in path.name:
            continue
        data = path.read_bytes()
        texts[str(path.relative_to(LISTS))] = (gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8")
    return tuple(parse.parse_catalog(texts).entries)


def test_the_real_lists_are_read() -> None:
    entries = _real_entries()
    assert len(entries) > 5000
    assert sum(not entry.title.isascii() for entry in entries) > 50  # the Unicode path is reached too
    assert sum(bool(duplicates.paper_of(entry).variants) for entry in entries) > 500


def test_every_real_entrys_facts_are_the_plain_reading() -> None:
    for entry in _real_entries():
        assert duplicates._facts(entry.title, entry.url, {}) == _plain_facts(entry.title, entry.url), entry


def test_every_real_links_parts_are_the_partitions() -> None:
    for entry in _real_entries():
        for url in (entry.url or "", *entry.code_urls):
            assert identity._split(url) == _split_by_partition(url), url


@given(URLS)
@example("httpſ://x.org/a")  # a long s: a case-insensitive pattern would take it for https
@example(" HTTP://WWW.X.org:443/a/?b=2&utm_source=1&&a#c?d ")
@example("http://x.org?a=/b")
@settings(max_examples=1000)
def test_a_links_parts_by_one_pattern_are_the_partitions(url: str) -> None:
    assert identity._split(url) == _split_by_partition(url)


@given(TITLES)
@settings(max_examples=1000)
def test_folding_by_words_and_by_table_agrees_with_the_regex(title: str) -> None:
    assert fold_title(title) == _plain_fold(title)
    assert title_words(title) == _plain_fold(title).split()


@given(TITLES)
@settings(max_examples=1000)
def test_a_titles_facts_from_its_words_are_the_plain_reading(title: str) -> None:
    assert duplicates._facts(title, None, {})[:4] == _plain_facts(title, None)[:4]


def test_an_indexs_papers_share_one_string_per_word() -> None:
    titles = ["Video Anomaly Detection via Memory", "Memory-guided video ANOMALY detection"]
    text = "| Title |\n| --- |\n" + "".join(f"| [{title}](https://x.org/{n}) |\n" for n, title in enumerate(titles))
    first, second = duplicates.PaperIndex(parse.parse_catalog({"README.md": text}).entries).papers
    shared = {word: word for word in first.words}
    assert [shared[word] is word for word in second.words if word in shared] == [True] * 4
    assert first.words == ("video", "anomaly", "detection", "memory")

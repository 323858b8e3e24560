"""The document cache its caller owns: a document parsed once is reused, and the cache holds what fits its
byte budget, the least recently used going first."""

import pytest

from rules import footprint, parse
from rules.dialects import ListFormat, UnreadableList
from rules.parse import FACTS_BYTES_PER_TEXT_BYTE, DocumentCache

ROW = "| [Paper {n}](https://arxiv.org/abs/2401.{n:05d}) | 2024 |\n"


def cost(text: str) -> int:
    """What a cache counts for the document of ``text``: its measured bytes, and its facts estimated."""
    return footprint.document_bytes(parse.parse_document("README.md", text)) + len(text) * FACTS_BYTES_PER_TEXT_BYTE


def table(rows: int, first: int = 0) -> str:
    return "| Title | Date |\n| --- | --- |\n" + "".join(ROW.format(n=n) for n in range(first, first + rows))


def test_the_same_text_is_parsed_once_per_cache():
    text, cache = table(3), DocumentCache()
    document = parse.parse_document("README.md", text, cache=cache)
    assert cache.get_or_parse("README.md", text) is document
    assert parse.parse_catalog({"README.md": text}, cache=cache).documents == (document,)
    assert DocumentCache().get_or_parse("README.md", text) is not document  # another owner, another cache


def test_without_a_cache_every_call_parses_afresh():
    text = table(3)
    first, second = parse.parse_document("README.md", text), parse.parse_document("README.md", text)
    assert first is not second and first == second


def test_another_path_text_or_format_is_parsed_on_its_own():
    text, cache = table(3), DocumentCache()
    document = cache.get_or_parse("README.md", text)
    assert cache.get_or_parse("docs/README.md", text) is not document
    assert cache.get_or_parse("README.md", table(3, first=1)) is not document
    assert cache.get_or_parse("README.md", text, ListFormat(dialect="markdown")) is not document
    assert len(cache) == 4


def test_the_least_recently_used_document_goes_first_when_the_budget_is_spent():
    texts = [table(2, first=10 + 10 * n) for n in range(3)]  # texts of one length
    cache = DocumentCache(budget=2 * cost(texts[0]))
    first, second = (cache.get_or_parse("README.md", text) for text in texts[:2])
    assert cache.get_or_parse("README.md", texts[0]) is first  # now the most recently used
    third = cache.get_or_parse("README.md", texts[2])
    assert len(cache) == 2 and cache.used <= cache.budget
    assert cache.get_or_parse("README.md", texts[0]) is first
    assert cache.get_or_parse("README.md", texts[2]) is third
    assert cache.get_or_parse("README.md", texts[1]) is not second  # it was dropped, so parsed again


def test_a_document_larger_than_the_whole_budget_is_not_kept():
    small, large = table(1), table(50, first=100)
    cache = DocumentCache(budget=cost(large) - 1)
    kept = cache.get_or_parse("README.md", small)
    assert cache.get_or_parse("README.md", large) is not cache.get_or_parse("README.md", large)
    assert cache.get_or_parse("README.md", small) is kept and len(cache) == 1


def test_an_unreadable_file_raises_every_time_and_takes_no_room():
    cache = DocumentCache()
    for _ in range(2):
        with pytest.raises(UnreadableList):
            cache.get_or_parse("data.json", '[{"Title": "A"}')
    assert parse.parse_or_none("data.json", '[{"Title": "A"}', cache=cache) is None
    assert len(cache) == 0 and cache.used == 0


def test_the_cache_counts_what_each_document_it_keeps_weighs():
    cache = DocumentCache()
    texts = [table(rows, first=rows) for rows in (1, 40, 400)]
    for text in texts:
        cache.get_or_parse("README.md", text)
    assert cache.used == sum(cost(text) for text in texts)
    assert cache.used > cost(texts[1]) > cost(texts[0])

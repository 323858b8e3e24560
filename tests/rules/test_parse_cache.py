"""The parse cache: a document parsed once is reused, and the cache holds what fits its byte budget."""

from rules import parse
from rules.parse import PARSED_BYTES_PER_TEXT_BYTE, _DocumentCache

ROW = "| [Paper {n}](https://arxiv.org/abs/2401.{n:05d}) | 2024 |\n"


def table(rows: int, first: int = 0) -> str:
    return "| Title | Date |\n| --- | --- |\n" + "".join(ROW.format(n=n) for n in range(first, first + rows))


def key(text: str) -> tuple[str, str, str]:
    return ("README.md", text, "")


def test_the_same_text_is_parsed_once():
    text = table(3)
    assert parse.parse_document("README.md", text) is parse.parse_document("README.md", text)


def test_another_path_or_text_is_parsed_on_its_own():
    text = table(3)
    document = parse.parse_document("README.md", text)
    assert parse.parse_document("docs/README.md", text) is not document
    assert parse.parse_document("README.md", table(3, first=1)) is not document


def test_the_least_recently_used_document_goes_first_when_the_budget_is_spent():
    texts = [table(2, first=10 + 10 * n) for n in range(3)]  # texts of one length
    cache = _DocumentCache(budget=2 * len(texts[0]) * PARSED_BYTES_PER_TEXT_BYTE)
    documents = [parse.parse_document("README.md", text) for text in texts]
    cache.put(key(texts[0]), documents[0])
    cache.put(key(texts[1]), documents[1])
    assert cache.get(key(texts[0])) is documents[0]  # now the most recently used
    cache.put(key(texts[2]), documents[2])
    assert cache.get(key(texts[1])) is None
    assert cache.get(key(texts[0])) is documents[0]
    assert cache.get(key(texts[2])) is documents[2]
    assert cache.used <= cache.budget


def test_a_document_larger_than_the_whole_budget_is_not_kept():
    small, large = table(1), table(50, first=100)
    cache = _DocumentCache(budget=len(large) * PARSED_BYTES_PER_TEXT_BYTE - 1)
    cache.put(key(small), parse.parse_document("README.md", small))
    cache.put(key(large), parse.parse_document("README.md", large))
    assert cache.get(key(large)) is None
    assert cache.get(key(small)) is not None

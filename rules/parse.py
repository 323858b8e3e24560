"""Parse list files by kind: ``.json`` data files and markdown documents."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from rules import collector
from rules.context import Catalog
from rules.jsondata import JsonListError, parse_json
from rules.markdown import parse_markdown
from rules.model import Document


def is_json(path: str) -> bool:
    return path.lower().endswith(".json")


@lru_cache(maxsize=32)
def parse_document(path: str, text: str) -> Document:
    """Parse one list file; a broken JSON file raises ``jsondata.JsonListError``.

    Cached: a review parses the same base and head texts several times, and fix rounds re-parse
    the files they did not change. Documents are immutable, so sharing them is safe.
    """
    return parse_json(path, text) if is_json(path) else parse_markdown(path, text)


def parse_catalog(texts: Mapping[str, str]) -> Catalog:
    """Parse every file of a list (path → text) into one catalog."""
    with collector.paused():
        return Catalog(tuple(parse_document(path, text) for path, text in texts.items()))


def parse_or_none(path: str, text: str) -> Document | None:
    """The document, or None for a JSON file that is not a valid list (its own check reports why)."""
    try:
        return parse_document(path, text)
    except JsonListError:
        return None


def parse_readable(texts: Mapping[str, str]) -> Catalog:
    """The catalog of every file that parses, leaving out broken data files."""
    with collector.paused():
        documents = (parse_or_none(path, text) for path, text in texts.items())
        return Catalog(tuple(document for document in documents if document is not None))

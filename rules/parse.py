"""Read list files into documents: pick the dialect a file is written in (by the repository's config, else
by its name), parse it, and count what it links to so that a file read badly can be told from a file with
no papers."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from fnmatch import fnmatchcase
from functools import lru_cache

from rules import collector
from rules.context import Catalog
from rules.dialects import ListFormat, UnreadableList
from rules.dialects.jsondata import parse_json
from rules.dialects.markdown import parse_markdown
from rules.dialects.rst import parse_rst
from rules.dialects.yamldata import parse_yaml
from rules.model import Document

Reader = Callable[[str, str, ListFormat], Document]

# The reader of each dialect, and the dialect a file name implies when the config names none.
READERS: dict[str, Reader] = {
    "markdown": parse_markdown,
    "rst": parse_rst,
    "json": parse_json,
    "yaml": parse_yaml,
}
EXTENSIONS = {".json": "json", ".yml": "yaml", ".yaml": "yaml", ".md": "markdown", ".markdown": "markdown", ".rst": "rst"}
DEFAULT_DIALECT = "markdown"

# A web link, not an image or a badge: what a reader would click to reach a paper or its code.
_LINK_RE = re.compile(r"(?<!src=[\"'])https?://[^\s)\]>\"'`|<]+", re.IGNORECASE)
# Where an image's source starts (``![alt](https://…)``): that URL is shown, not clicked.
_IMAGE_SOURCE_RE = re.compile(r"!\[[^\]]*\]\(\s*(?=https?://)", re.IGNORECASE)
_BADGE_HOSTS = ("img.shields.io", "badge.fury.io", "badgen.net", "awesome.re/badge")


def is_json(path: str) -> bool:
    return path.lower().endswith(".json")


def dialect_of(path: str, fmt: ListFormat | None = None) -> str:
    """The dialect a file is read in: the config's, else the one its extension implies."""
    if fmt is not None and fmt.dialect is not None:
        return fmt.dialect
    lowered = path.lower()
    return next((name for ext, name in EXTENSIONS.items() if lowered.endswith(ext)), DEFAULT_DIALECT)


def format_for(path: str, formats: Mapping[str, ListFormat] | None) -> ListFormat | None:
    """The format the repository's config sets for ``path`` (the first glob that matches), if any."""
    for glob, fmt in (formats or {}).items():
        if fnmatchcase(path, glob) or fnmatchcase(path.lower(), glob.lower()):
            return fmt
    return None


def parse_document(path: str, text: str, fmt: ListFormat | None = None) -> Document:
    """Parse one list file; a file its dialect cannot read raises ``UnreadableList`` with the position.

    Cached: a review parses the same base and head texts several times, and fix rounds re-parse
    the files they did not change. Documents are immutable, so sharing them is safe.
    """
    return _parse(path, text, fmt.model_dump_json() if fmt is not None else "")


@lru_cache(maxsize=32)
def _parse(path: str, text: str, fmt_json: str) -> Document:
    fmt = ListFormat.model_validate_json(fmt_json) if fmt_json else ListFormat()
    document = READERS[dialect_of(path, fmt)](path, text, fmt)
    return document.evolve(links=count_links(text))


def count_links(text: str) -> int:
    """How many web links a file holds, images and badges left out."""
    images = {match.end() for match in _IMAGE_SOURCE_RE.finditer(text)} if "![" in text else set()
    return sum(1 for match in _LINK_RE.finditer(text)
               if match.start() not in images and not any(host in match.group() for host in _BADGE_HOSTS))


def parse_catalog(texts: Mapping[str, str], formats: Mapping[str, ListFormat] | None = None) -> Catalog:
    """Parse every file of a list (path → text) into one catalog."""
    with collector.paused():
        return Catalog(tuple(parse_document(path, text, format_for(path, formats)) for path, text in texts.items()))


def parse_or_none(path: str, text: str, fmt: ListFormat | None = None) -> Document | None:
    """The document, or None for a data file that is not a valid list (its own check reports why)."""
    try:
        return parse_document(path, text, fmt)
    except UnreadableList:
        return None


def parse_readable(texts: Mapping[str, str], formats: Mapping[str, ListFormat] | None = None) -> Catalog:
    """The catalog of every file that parses, leaving out broken data files."""
    with collector.paused():
        documents = (parse_or_none(path, text, format_for(path, formats)) for path, text in texts.items())
        return Catalog(tuple(document for document in documents if document is not None))

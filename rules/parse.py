"""Read list files into documents: pick the dialect a file is written in (by the repository's config, else
by its name), parse it, and count what it links to so that a file read badly can be told from a file with
no papers."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from fnmatch import fnmatchcase

from rules import footprint
from rules.aggregates import ListFacts
from rules.context import Catalog
from rules.dialects import ListFormat, UnreadableList
from rules.dialects.jsondata import parse_json
from rules.dialects.markdown import parse_markdown
from rules.dialects.rst import parse_rst
from rules.model import Document

Reader = Callable[[str, str, ListFormat], Document]


def _parse_yaml(path: str, text: str, fmt: ListFormat) -> Document:
    # PyYAML loads only for YAML lists: most runs read markdown, and its import costs start-up ~30 ms.
    from rules.dialects.yamldata import parse_yaml

    return parse_yaml(path, text, fmt)


# The reader of each dialect, and the dialect a file name implies when the config names none.
READERS: dict[str, Reader] = {
    "markdown": parse_markdown,
    "rst": parse_rst,
    "json": parse_json,
    "yaml": _parse_yaml,
}
EXTENSIONS = {
    ".json": "json",
    ".yml": "yaml",
    ".yaml": "yaml",
    ".md": "markdown",
    ".markdown": "markdown",
    ".rst": "rst",
}
DEFAULT_DIALECT = "markdown"

# A web link, not an image or a badge: what a reader would click to reach a paper or its code.
# The lookbehind sits after the leading `h` (`src="h` must not end there: the same as `src="` not before
# the `h`), so that the scan looks for a literal first: twice as fast on a long list.
_LINK_RE = re.compile(r"h(?<!src=[\"']h)ttps?://[^\s)\]>\"'`|<]+", re.IGNORECASE)
# Where an image's source starts (``![alt](https://…)``): that URL is shown, not clicked.
_IMAGE_SOURCE_RE = re.compile(r"!\[[^\]]*\]\(\s*(?=https?://)", re.IGNORECASE)
_BADGE_HOSTS = ("img.shields.io", "badge.fury.io", "badgen.net", "awesome.re/badge")
_BADGE_HOST_RE = re.compile("|".join(map(re.escape, _BADGE_HOSTS)))


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


# A document cache's default budget, in bytes of parsed documents and their whole-list facts rather than a
# count: one document of a 100k-entry list weighs as much as thousands of small ones, and a worker that kept
# 32 of those grew past 3 GB. A document's bytes are measured (``rules.footprint``: a parsed 100k-entry
# table holds about 200 MB); its facts (``rules.aggregates``: the duplicate index, most of it) are built
# after it is kept, as rules ask, so they are estimated from its text (tracemalloc on bench.duplicates' 10k
# list: 2.7 MB of text, 34 MB of facts). The budget holds one list of 100k entries with its facts, or the
# base and head of every review in a queue of smaller ones. A review built those facts again for every
# push before they were kept.
FACTS_BYTES_PER_TEXT_BYTE = 13
PARSE_CACHE_BYTES = 768 * 2**20

_CacheKey = tuple[str, str, str]  # path, text, the format as JSON ("" for none)


class DocumentCache:
    """Parsed documents by (path, text, format), the least recently used dropped first to stay within a
    budget of bytes (each document's measured by ``rules.footprint``). Its owner decides how long it lives: the command line makes one per run,
    a worker one per process. A review parses the same base and head texts several times, fix rounds
    re-parse the files they did not change, and a worker reviews push after push of one list. Documents
    are immutable, so sharing them is safe, and a worker's threads may share one cache."""

    def __init__(self, budget: int = PARSE_CACHE_BYTES) -> None:
        self.budget = budget
        self.used = 0
        self._documents: OrderedDict[_CacheKey, tuple[Document, int, ListFacts]] = OrderedDict()
        self._facts: dict[int, ListFacts] = {}  # by the identity of a document kept
        self._lock = threading.Lock()

    def get_or_parse(self, path: str, text: str, fmt: ListFormat | None = None) -> Document:
        """The document of ``text`` read as ``fmt`` says, parsed once while it stays in the cache; a file
        its dialect cannot read raises ``UnreadableList`` every time (failures are not kept)."""
        key = (path, text, repr(fmt) if fmt is not None else "")
        with self._lock:
            found = self._documents.get(key)
            if found is not None:
                self._documents.move_to_end(key)
                return found[0]
        document = _parse(path, text, fmt)  # outside the lock: another thread's parse need not wait for it
        cost = footprint.document_bytes(document) + len(text) * FACTS_BYTES_PER_TEXT_BYTE
        with self._lock:
            self._keep(key, document, cost)
        return document

    def __len__(self) -> int:
        return len(self._documents)

    def facts(self, document: Document) -> ListFacts | None:
        """The whole-list facts of a document this cache keeps (built as rules ask, kept with it), so a
        list reviewed again, or changed by a few rows, does not learn them from every entry again."""
        with self._lock:
            return self._facts.get(id(document))

    def _keep(self, key: _CacheKey, document: Document, cost: int) -> None:
        # Larger than the whole budget, keeping it would evict everything for one document; a thread
        # that parsed the same text meanwhile has kept it already.
        if cost > self.budget or key in self._documents:
            return
        while self.used + cost > self.budget:
            _, (evicted, freed, _) = self._documents.popitem(last=False)
            del self._facts[id(evicted)]
            self.used -= freed
        facts = ListFacts(document.entries)
        self._documents[key] = (document, cost, facts)
        self._facts[id(document)] = facts
        self.used += cost


def parse_document(path: str, text: str, fmt: ListFormat | None = None, cache: DocumentCache | None = None) -> Document:
    """Parse one list file (through ``cache`` when given); a file its dialect cannot read raises
    ``UnreadableList`` with the position."""
    if cache is not None:
        return cache.get_or_parse(path, text, fmt)
    return _parse(path, text, fmt)


def _parse(path: str, text: str, fmt: ListFormat | None) -> Document:
    fmt = fmt if fmt is not None else ListFormat()
    document = READERS[dialect_of(path, fmt)](path, text, fmt)
    return document.evolve(links=count_links(text))


def count_links(text: str) -> int:
    """How many web links a file holds, images and badges left out."""
    images = {match.end() for match in _IMAGE_SOURCE_RE.finditer(text)} if "![" in text else set()
    return sum(
        1
        for match in _LINK_RE.finditer(text)
        if match.start() not in images and not _BADGE_HOST_RE.search(match.group())
    )


def parse_catalog(
    texts: Mapping[str, str], formats: Mapping[str, ListFormat] | None = None, cache: DocumentCache | None = None
) -> Catalog:
    """Parse every file of a list (path → text) into one catalog."""
    return Catalog(tuple(parse_document(path, text, format_for(path, formats), cache) for path, text in texts.items()))


def parse_or_none(
    path: str, text: str, fmt: ListFormat | None = None, cache: DocumentCache | None = None
) -> Document | None:
    """The document, or None for a data file that is not a valid list (its own check reports why)."""
    try:
        return parse_document(path, text, fmt, cache)
    except UnreadableList:
        return None


def parse_readable(
    texts: Mapping[str, str], formats: Mapping[str, ListFormat] | None = None, cache: DocumentCache | None = None
) -> Catalog:
    """The catalog of every file that parses, leaving out broken data files."""
    documents = (parse_or_none(path, text, format_for(path, formats), cache) for path, text in texts.items())
    return Catalog(tuple(document for document in documents if document is not None))

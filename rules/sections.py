"""The places a new paper can go: each paper table of a list (or each data file, for a list without
tables), named as people name it, and the data file a generated table is built from."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase

from rapidfuzz import fuzz, process

from rules import inline
from rules.context import Catalog
from rules.dialects import markdown
from rules.model import DATA_KINDS, Document, Entry, Table
from rules.text import normalize_title

# Where a list keeps its papers when the repository config names no files: the README at the top,
# and the data files it may be generated from (``scripts/data_weakly.json``, ``data/publications.yml``):
# JSON named ``data*``, YAML in a ``data`` folder or named ``data.yml``/``data_*.yml`` — not every YAML
# file, which is mostly configuration (``_config.yml``, ``mkdocs.yml``, ``config/database.yml``).
# (fnmatch's "*" also crosses folders, so "*/data*.json" finds them at any depth.)
DEFAULT_LIST_GLOBS = (
    "readme.md",
    "readme.markdown",
    "readme.rst",
    "data*.json",
    "*/data*.json",
    "data/*.y*ml",
    "*/data/*.y*ml",
    "data.y*ml",
    "*/data.y*ml",
    "data[_-]*.y*ml",
    "*/data[_-]*.y*ml",
)
# The first table of many lists sits under a bare "#" or no heading at all: it is named by the list's
# title (its first heading), as reviews name it when it sits right under that title; else this.
UNNAMED_SECTION = "Main list"
# A table is generated from a data file when at least this share of its titles are in that file.
MIN_SHARED_TITLES = 0.5
MAX_SUGGESTIONS = 3
MIN_SUGGESTION_SCORE = 60


@dataclass(frozen=True)
class Target:
    """Where new papers of one section go.

    ``rows`` are the entries in the order a reader sees them: the table's rows, or the data file's
    objects when the list has no table. ``source`` is the data file to edit when the table is
    generated from one (None: edit the table itself).
    """

    label: str
    table: Table | None
    rows: tuple[Entry, ...]
    source: Document | None

    @property
    def path(self) -> str:
        """The file a new entry is written to."""
        if self.source is not None:
            return self.source.path
        if self.table is not None:
            return self.table.path
        return self.rows[0].path  # a section of items

    @property
    def source_rows(self) -> tuple[Entry, ...]:
        """The entries of the file a new entry is written to."""
        return tuple(self.source.entries) if self.source is not None else self.rows

    @property
    def aliases(self) -> tuple[str, ...]:
        """Names that select this target: its label, its heading, its data file's stem (``weakly``)."""
        names = [self.label, self.table.section if self.table else self.rows[0].section if self.rows else ""]
        if self.source is not None:
            stem = self.source.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
            names += [stem, stem.removeprefix("data").lstrip("_-")]
        return tuple(name for name in dict.fromkeys(names) if name)


def default_list_paths(paths: Sequence[str]) -> list[str]:
    """The paths that may be list files when the repository config names none: the top README and
    the data files (case ignored), in the order given; nothing in a hidden folder (``.github/``)."""
    return [
        path
        for path in paths
        if any(fnmatchcase(path.lower(), glob) for glob in DEFAULT_LIST_GLOBS)
        and not any(part.startswith(".") for part in path.split("/"))
    ]


def targets(catalog: Catalog, generated: Mapping[str, Sequence[str]] | None = None) -> list[Target]:
    """Every target of the list, in reading order, main list first.

    ``generated`` maps a markdown file to globs of the data files it is generated from (the
    repository config); for files it does not name, a table is taken as generated from the data
    file that holds most of its titles.
    """
    data_files = [document for document in catalog.documents if document.kind in DATA_KINDS]
    tables = _tables(catalog)
    item_sections = _item_sections(catalog)
    if not tables and not item_sections:
        return [
            Target(_data_label(document), None, tuple(document.entries), document)
            for document in data_files
            if document.entries
        ]
    found: list[Target] = []
    labels: Counter[str] = Counter()
    for table, rows in tables:
        candidates = _sources_for(table.path, data_files, generated or {})
        label = table.section or _list_title(catalog.document(table.path)) or UNNAMED_SECTION
        labels[label] += 1
        if labels[label] > 1:
            label = f"{label} ({labels[label]})"
        found.append(Target(label, table, rows, _source_of(rows, candidates)))
    for items in item_sections:
        label = items[0].section or _list_title(catalog.document(items[0].path)) or UNNAMED_SECTION
        labels[label] += 1
        found.append(Target(label if labels[label] == 1 else f"{label} ({labels[label]})", None, items, None))
    return found


def find(found: Sequence[Target], name: str | None) -> Target | None:
    """The target ``name`` selects (case, spacing and punctuation ignored); the first when no name."""
    if not found:
        return None
    if not name or not name.strip():
        return found[0]
    wanted = normalize_title(name)
    if wanted == normalize_title(UNNAMED_SECTION):
        return found[0]  # the list's first table, whatever its name
    return next((target for target in found if wanted in {normalize_title(alias) for alias in target.aliases}), None)


def label_of(found: Sequence[Target], entry: Entry) -> str:
    """The label of the target an entry belongs to (its table, or the data file behind it)."""
    for target in found:
        if any(row.path == entry.path and row.line == entry.line for row in (*target.rows, *target.source_rows)):
            return target.label
    return entry.section or UNNAMED_SECTION


def suggest(found: Sequence[Target], name: str) -> list[str]:
    """Labels of the targets closest to a name that selects none."""
    labels = [target.label for target in found]
    matches = process.extract(
        name, labels, scorer=fuzz.WRatio, limit=MAX_SUGGESTIONS, score_cutoff=MIN_SUGGESTION_SCORE
    )
    return [label for label, _, _ in matches]


def _tables(catalog: Catalog) -> list[tuple[Table, tuple[Entry, ...]]]:
    rows: dict[tuple[str, int], list[Entry]] = defaultdict(list)
    for entry in catalog.entries:
        if entry.kind == "markdown" and entry.table is not None:
            rows[(entry.path, entry.table.header_line)].append(entry)
    ordered: list[tuple[Table, tuple[Entry, ...]]] = []
    for document in _markdown_by_size(catalog):
        for table in document.tables:
            ordered.append((table, tuple(rows.get((document.path, table.header_line), ()))))
    return ordered


def _item_sections(catalog: Catalog) -> list[tuple[Entry, ...]]:
    """The items of each section (of each file, the largest first), in reading order. A new item goes
    into a section with items; a list generated from data files gets its new paper in the data file."""
    found: list[tuple[Entry, ...]] = []
    documents = [document for document in catalog.documents if document.kind == "markdown"]
    for document in sorted(documents, key=lambda document: -len(document.entries)):
        sections: dict[str, list[Entry]] = defaultdict(list)
        for entry in document.entries:
            if entry.kind == "item":
                sections[entry.section].append(entry)
        found += [tuple(items) for items in sections.values()]
    return found


def _markdown_by_size(catalog: Catalog) -> list[Document]:
    """Markdown files, the one with the most entries first: that is the list's main page."""
    documents = [document for document in catalog.documents if document.kind == "markdown" and document.tables]
    return sorted(documents, key=lambda document: -len(document.entries))


def _sources_for(path: str, data_files: list[Document], generated: Mapping[str, Sequence[str]]) -> list[Document]:
    globs = generated.get(path)
    if globs is None:
        return data_files
    return [document for document in data_files if any(fnmatchcase(document.path, glob) for glob in globs)]


def _source_of(rows: tuple[Entry, ...], candidates: list[Document]) -> Document | None:
    titles = {normalize_title(entry.title) for entry in rows}
    if not titles:
        return None
    best: tuple[float, Document] | None = None
    for document in candidates:
        shared = len(titles & {normalize_title(entry.title) for entry in document.entries}) / len(titles)
        if shared >= MIN_SHARED_TITLES and (best is None or shared > best[0]):
            best = (shared, document)
    return best[1] if best else None


def _list_title(document: Document | None) -> str:
    """The text of the document's first heading that has any (``# [Awesome VAD](…) [![badge](…)](…)`` → ``Awesome VAD``)."""
    for line in document.text.splitlines() if document is not None else ():
        heading = markdown.HEADING_RE.match(line)
        if heading and (text := inline.parse_cell(heading.group(2) or "").text.strip()):
            return text
    return ""


def _data_label(document: Document) -> str:
    stem = document.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return stem.removeprefix("data").lstrip("_-") or UNNAMED_SECTION

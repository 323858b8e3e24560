"""Pages generated from data files: a README written by a script from ``scripts/data*.json`` or
``data/publications.yml`` shows each object again as a row. Which page comes from which data files is
data given to the engine (``Catalog.generated``): the repository config says it, or the list makes it
obvious — a generator script beside the data files, or a page whose rows are the data's papers nearly
one for one.

A problem of a row that a data object holds is the object's problem: reported once, at the data file,
where the fix belongs. The page keeps what only it can have wrong (its own structure) and its rows
that no data file holds, which the next generation would drop.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fnmatch import fnmatchcase

from rules import identity
from rules.model import DATA_KINDS, Document, Entry, Finding
from rules.text import normalize_title

Generated = tuple[tuple[str, tuple[str, ...]], ...]  # page path → the data files it is generated from

# Without a config, a page is generated from the data files when nearly all its rows are their papers —
# or, with a generator script beside them, when most are (a page a few commits behind its data).
NEARLY_ALL = 0.9
MOST = 0.5
MIN_ROWS = 5
# A script beside a data file (``scripts/make_readme.py`` next to ``scripts/data.json``), or named so.
GENERATOR_NAMES = ("generate*", "gen_*", "build_readme*", "make_readme*", "update_readme*")
SCRIPT_SUFFIXES = (".py", ".js", ".mjs", ".ts", ".rb", ".sh")
# What only a page can have wrong, whoever wrote it: its own structure, what was read of it, its comments.
PAGE_RULES = frozenset({"structure", "coverage", "suppression", "generated"})


def generated_from(
    configured: Mapping[str, Sequence[str]], documents: Sequence[Document], paths: Iterable[str] = ()
) -> Generated:
    """Each page generated from data files among ``documents``, with those files: as ``configured``
    (page → globs of its data files) says for the pages it names, else inferred. ``paths`` are the
    repository's files, where a generator script shows."""
    data = [document for document in documents if document.kind in DATA_KINDS and document.entries]
    scripted = has_generator(paths, [document.path for document in data])
    found: list[tuple[str, tuple[str, ...]]] = []
    for page in (document for document in documents if document.kind not in DATA_KINDS):
        globs = configured.get(page.path)
        if globs is not None:
            sources = tuple(document.path for document in data if any(fnmatchcase(document.path, g) for g in globs))
        else:
            sources = _inferred_sources(page, data, MOST if scripted else NEARLY_ALL)
        if sources:
            found.append((page.path, sources))
    return tuple(found)


def has_generator(paths: Iterable[str], data_paths: Sequence[str]) -> bool:
    """A script in a data file's folder, or one named as generators are, among the repository's files. A
    data file at the top has the repository's every tool beside it (``setup.py``): there only the name counts."""
    folders = {folder for path in data_paths if (folder := path.rpartition("/")[0])}
    for path in paths:
        folder, _, name = path.rpartition("/")
        if name.lower().endswith(SCRIPT_SUFFIXES) and (
            folder in folders or any(fnmatchcase(name.lower(), pattern) for pattern in GENERATOR_NAMES)
        ):
            return True
    return False


def _inferred_sources(page: Document, data: Sequence[Document], share: float) -> tuple[str, ...]:
    """The data files a page shows, when its rows are theirs nearly one for one: nearly all its rows
    are data objects, or nearly all the objects are on the page and most of its rows are objects (the
    page has sections from elsewhere too). ``share`` lowers the bar where a generator script is seen."""
    rows = [entry for entry in page.entries if not entry.is_data]
    objects = [entry for document in data for entry in document.entries]
    if len(rows) < MIN_ROWS or not objects:
        return ()
    index = DataIndex(objects)
    held = [found for row in rows if (found := index.counterpart(row)) is not None]
    shown = len({(entry.path, entry.line, entry.position) for entry in held})
    rows_held, objects_shown = len(held) / len(rows), shown / len(objects)
    if rows_held >= share or (objects_shown >= NEARLY_ALL and rows_held >= MOST):
        return tuple(dict.fromkeys(entry.path for entry in held))
    return ()


class DataIndex:
    """The data files' objects, found by a row's folded title or by an identifier of its link."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self._by_title: dict[str, Entry] = {}
        self._by_identifier: dict[identity.Identifier, Entry] = {}
        for entry in entries:
            self._by_title.setdefault(normalize_title(entry.title), entry)
            for identifier in identity.identifiers(entry.url):
                self._by_identifier.setdefault(identifier, entry)

    def counterpart(self, row: Entry) -> Entry | None:
        """The object a row was generated from: the same title, else the same paper link."""
        title = normalize_title(row.title)
        if title and title in self._by_title:
            return self._by_title[title]
        return next(
            (self._by_identifier[found] for found in identity.identifiers(row.url) if found in self._by_identifier),
            None,
        )


def counterparts(documents: Sequence[Document], generated: Generated) -> dict[tuple[str, int], Entry | None]:
    """Each row of a generated page (by path and first line) with the data object it shows, or None
    when no data file it is generated from holds its paper."""
    by_path = {document.path: document for document in documents}
    found: dict[tuple[str, int], Entry | None] = {}
    for page_path, sources in generated:
        page = by_path.get(page_path)
        if page is None:
            continue
        index = DataIndex(entry for path in sources if path in by_path for entry in by_path[path].entries)
        shown = [(row, index.counterpart(row)) for row in page.entries]
        # A section none of whose rows is a data object comes from elsewhere (another data file, or
        # written by hand around the generated part): its rows are the page's own.
        generated_sections = {row.section for row, held in shown if held is not None}
        found.update(((row.path, row.line), held) for row, held in shown if row.section in generated_sections)
    return found


def derived_from_data(
    findings: Iterable[Finding], documents: Sequence[Document], shown: Mapping[tuple[str, int], Entry | None]
) -> list[Finding]:
    """The findings less those on generated rows that show a data object (``shown``: ``counterparts``):
    the object's own findings say them, at the data file. What only the page can have wrong
    (``PAGE_RULES``) is kept."""
    if not shown:
        return list(findings)
    rows = {(entry.path, entry.line): entry for document in documents for entry in document.entries}
    lines = {
        (path, line)
        for (path, first), held in shown.items()
        if held is not None
        for line in range(first, rows[(path, first)].end_line + 1)
    }
    return [
        finding
        for finding in findings
        if finding.rule in PAGE_RULES or (finding.location.path, finding.location.line) not in lines
    ]

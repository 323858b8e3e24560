"""A row written into a generated file (a README built from ``scripts/data*.json`` or ``data/*.yml``),
turned into the entry to add to the data file instead — a JSON object or a YAML item in that file's keys,
order and style."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.review import changes
from bot.review.corrections import Correction
from rules import candidate, parse
from rules.candidate import NewPaper
from rules.dialects import ListFormat, UnreadableList
from rules.model import Document, Entry
from rules.text import normalize_title


@dataclass(frozen=True)
class Paste:
    """The entry (JSON object, YAML item) to add to ``data_path``."""

    data_path: str
    text: str


def data_file_for(entry: Entry, source_paths: Sequence[str], globs: Sequence[str]) -> str:
    """The data file a generated row comes from: the one named like the row's section (``data_weakly``
    for "Weakly Supervised"), else the main one (``data.json``), else the first glob."""
    section = entry.section.casefold()
    named = [(path, _section_name(path)) for path in sorted(source_paths)]
    for path, name in named:
        if name and name in section:
            return path
    for path, name in named:
        if not name:
            return path
    return named[0][0] if named else globs[0]


def _section_name(path: str) -> str:
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return stem.casefold().removeprefix("data").lstrip("_-")


def paste_for(
    entry: Entry,
    correction: Correction | None,
    fixed: Mapping[str, str],
    texts: Mapping[str, str],
    globs: Sequence[str],
    documents: parse.DocumentCache,
    formats: Mapping[str, ListFormat],
) -> Paste:
    """The object to paste for a generated row, built from the row with its certain fixes applied."""
    row = _fixed_entry(entry, correction, fixed, documents, formats)
    sources = [path for path in texts if changes.matches(path, globs)]
    data_path = data_file_for(entry, sources, globs)
    data = _data_document(data_path, texts, documents, formats)
    return Paste(data_path, candidate.render_object(data, NewPaper.from_entry(row, "")))


def _fixed_entry(
    entry: Entry,
    correction: Correction | None,
    fixed: Mapping[str, str],
    documents: parse.DocumentCache,
    formats: Mapping[str, ListFormat],
) -> Entry:
    if correction is None or entry.path not in fixed:
        return entry
    line = correction.fixed_line + (entry.line - correction.line)
    fmt = parse.format_for(entry.path, formats)
    document = parse.parse_document(entry.path, fixed[entry.path], fmt, cache=documents)
    return next((candidate for candidate in document.entries if candidate.line == line), entry)


def _data_document(
    path: str, texts: Mapping[str, str], documents: parse.DocumentCache, formats: Mapping[str, ListFormat]
) -> Document | None:
    """A data file as the config's ``formats:`` says it is written (its own keys), or None when unreadable."""
    if path not in texts:
        return None
    try:
        return parse.parse_document(path, texts[path], parse.format_for(path, formats), cache=documents)
    except UnreadableList:
        return None


def shows(row: Entry, data: Entry) -> bool:
    """Whether a row is its data object as the generator writes it: the same title, link, year and
    venue (a page generated again, as a maintainer's workflow commits it)."""
    return _shown_fields(row) == _shown_fields(data)


def _shown_fields(entry: Entry) -> tuple[str, str, str, str]:
    return normalize_title(entry.title), (entry.url or "").strip(), entry.year.strip(), entry.venue.strip()


def existing_object(
    entry: Entry,
    texts: Mapping[str, str],
    globs: Sequence[str],
    documents: parse.DocumentCache,
    formats: Mapping[str, ListFormat],
) -> Entry | None:
    """The data files' object for the same paper as a generated row, if they hold one."""
    for path in sorted(texts):
        if not changes.matches(path, globs):
            continue
        document = _data_document(path, texts, documents, formats)
        found = next((item for item in document.entries if changes.same_paper(item, entry)), None) if document else None
        if found is not None:
            return found
    return None

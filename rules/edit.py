"""Rewrite one field of an entry, or remove the entry, for fixes: every other byte is kept."""

from __future__ import annotations

from array import array
from collections.abc import Mapping
from functools import lru_cache

from rules.dialects import jsondata, markdown, rst
from rules.lines import line_starts
from rules.model import Document, Entry, Location, Role


def with_title_link(entry: Entry, title: str, url: str) -> str | None:
    """The entry with a new title text and paper URL, or None when its title cell holds more than a
    plain link (emphasis, HTML, several links) and no rewrite would be certain."""
    if entry.kind == "json":
        return jsondata.replace_fields(entry, **{entry.key_of(Role.TITLE): title, entry.key_of(Role.URL): url})
    if entry.table is None:
        changes = {Role.TITLE: title, **({Role.URL: url} if url != (entry.url or "") else {})}
        return with_spans(entry, changes)
    column = entry.table.column(Role.TITLE)
    if column is None or entry.cells[column] != f"[{entry.title}]({entry.url or ''})":
        return None
    return markdown.replace_cell(entry, Role.TITLE, f"[{title}]({url})")


def with_value(entry: Entry, role: Role, value: str) -> str | None:
    """The entry with the plain-text field of ``role`` (year, venue) set to ``value``."""
    if entry.kind == "json":
        return jsondata.replace_fields(entry, **{entry.key_of(role): value})
    if entry.table is not None and entry.table.column(role) is not None:
        return markdown.replace_cell(entry, role, value)
    return with_spans(entry, {role: value})


def with_spans(entry: Entry, changes: Mapping[Role, str]) -> str | None:
    """The entry's text with the fields of ``changes`` rewritten where its dialect recorded them, or None
    when one of them has no recorded place (no rewrite would be certain)."""
    if entry.kind == "rst":
        return rst.splice(entry, changes)  # its columns must stay aligned
    spans = [span for role in changes if (span := entry.span(role)) is not None]
    if len(spans) < len(changes):
        return None
    if entry.kind == "yaml":
        scalars = _yaml_scalars(entry, changes)
        if scalars is None:
            return None
        changes = scalars
    text = entry.raw
    for span in sorted(spans, key=lambda span: span.start, reverse=True):
        text = text[: span.start] + changes[span.role] + text[span.end :]
    return text


def _yaml_scalars(entry: Entry, changes: Mapping[Role, str]) -> dict[Role, str] | None:
    """The new values written as YAML scalars in the quoting each field uses now (None when one cannot be)."""
    from rules.dialects import yamldata  # PyYAML loads only for YAML lists (see rules.parse)

    written = {span.role: entry.raw[span.start : span.end] for span in entry.spans}
    scalars = {role: yamldata.scalar(value, written[role]) for role, value in changes.items()}
    return None if any(text is None for text in scalars.values()) else scalars  # type: ignore[return-value]


def removal(document: Document, entry: Entry) -> tuple[Location, str] | None:
    """The lines to replace, and their replacement, that delete ``entry`` from ``document``: a
    markdown row goes; a JSON object goes, and when it is the array's last one the object before it
    loses its trailing comma, so the array stays valid. None when the object shares its lines with
    other JSON text (``[{…}, {…}]`` on one line) and no line-wise removal would be certain."""
    if not entry.is_data:
        return entry.location, ""
    if entry.kind == "yaml":
        return _yaml_removal(document, entry)
    if not jsondata.owns_its_lines(entry):
        return None
    if not entry.is_last:
        return entry.location, ""
    previous = _previous_object(document, entry)
    if previous is None:
        return None
    last_line = previous.raw.splitlines()[-1]
    return Location(entry.path, previous.end_line, entry.end_line), last_line.rstrip().removesuffix(",")


def _yaml_removal(document: Document, entry: Entry) -> tuple[Location, str] | None:
    """A YAML item's lines, and the blank lines after it (the ones before it stay as the separator);
    None when the item shares its first line with other text."""
    if not entry.raw.lstrip().startswith("- "):
        return None
    text, starts = document.text, _line_starts(document.text)
    end = entry.end_line
    while not entry.is_last and end < len(starts) - 1 and not text[starts[end] : starts[end + 1]].strip():
        end += 1
    return Location(entry.path, entry.line, end), ""


def _previous_object(document: Document, entry: Entry) -> Entry | None:
    """The entry just before ``entry`` when only blank lines lie between them (not, say, an array item
    that is no object)."""
    entries = document.entries
    if len(entries) < 2 or entries[-1] != entry or not jsondata.owns_its_lines(entries[-2]):
        return None
    previous = entries[-2]
    starts = _line_starts(document.text)
    between = document.text[starts[previous.end_line] : starts[max(previous.end_line, entry.line - 1)]]
    return previous if not between.strip() else None  # line breaks are blanks too


@lru_cache(maxsize=1)
def _line_starts(text: str) -> array[int]:
    """Where a document's lines start, found once however many of its entries are removed: splitting the
    whole text per removal made the duplicate rule quadratic on YAML lists (a removal per copy), and its
    split lines held 47 MB of a 100k-entry YAML file. One document's are kept, the last one asked for."""
    return line_starts(text)

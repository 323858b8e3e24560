"""Rewrite one field of an entry, for fixes: the whole row or object comes back, every other byte kept."""

from __future__ import annotations

from rules import jsondata, markdown
from rules.model import Entry, Role

JSON_KEYS = {
    Role.TITLE: jsondata.KEY_TITLE,
    Role.YEAR: jsondata.KEY_DATE,
    Role.VENUE: jsondata.KEY_VENUE,
}


def with_title_link(entry: Entry, title: str, url: str) -> str | None:
    """The entry with a new title text and paper URL, or None when its title cell holds more than a
    plain link (emphasis, HTML, several links) and no rewrite would be certain."""
    if entry.kind == "json":
        return jsondata.replace_fields(entry, **{jsondata.KEY_TITLE: title, jsondata.KEY_LINK: url})
    assert entry.table is not None
    column = entry.table.column(Role.TITLE)
    if column is None or entry.cells[column] != f"[{entry.title}]({entry.url or ''})":
        return None
    return markdown.replace_cell(entry, Role.TITLE, f"[{title}]({url})")


def with_value(entry: Entry, role: Role, value: str) -> str | None:
    """The entry with the plain-text field of ``role`` (year, venue) set to ``value``."""
    if entry.kind == "json":
        return jsondata.replace_fields(entry, **{JSON_KEYS[role]: value})
    return markdown.replace_cell(entry, role, value)

"""One reader per shape lists are written in: markdown tables and items, reStructuredText tables, JSON and
YAML data files. ``rules.parse`` picks the reader for a file; ``ListFormat`` is how a repository tells it
what inference got wrong."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Literal

from rules.settings import about


class UnreadableList(ValueError):
    """A list file its dialect cannot read at all (invalid JSON or YAML, …); the message gives the position,
    ``line`` the line where reading stopped, when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


DialectName = Literal["markdown", "json", "yaml", "rst"]


@dataclass(frozen=True)
class ListFormat:
    """How one list file is written, where reading it by its name and contents goes wrong (a repository's
    config sets it: pydantic validates it there, by ``__pydantic_config__`` and the types)."""

    __pydantic_config__: ClassVar[dict[str, str]] = {"extra": "forbid"}

    dialect: DialectName | None = field(
        default=None, metadata=about("markdown, json, yaml or rst; default: by the file's extension")
    )
    fields: dict[str, str] = field(
        default_factory=dict,
        metadata=about(
            'field → the column header or data key holding it, e.g. {year: "Pub. & Date", url: Website}; '
            "fields: title, url, year, venue, authors, code, model, task, links (a table column of mixed links)"
        ),
    )

"""What a rule sees: the whole list, the entries to judge, and the maintainer's options."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field

from rules.model import Document, Entry, Location, Severity


class CheckOptions(BaseModel):
    """Maintainer-tunable knobs of the rules (the ``rules:`` part of the repository config)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    disable: frozenset[str] = Field(default=frozenset(), description="Rule ids to switch off.")
    severity: dict[str, Severity] = Field(default_factory=dict, description="Rule id → severity override.")
    badges: frozenset[str] | None = Field(
        default=None, description="The list's task badges (e.g. video); default: those the list itself uses twice or more."
    )


@dataclass(frozen=True)
class Catalog:
    """The whole list: every parsed file of it."""

    documents: tuple[Document, ...]

    @cached_property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(entry for document in self.documents for entry in document.entries)

    def document(self, path: str) -> Document | None:
        return next((document for document in self.documents if document.path == path), None)


@dataclass(frozen=True)
class RuleContext:
    """Everything a rule may read. ``targets`` are the entries under review (all, for a full check);
    ``scope`` says which lines may be reported on (None: every line)."""

    catalog: Catalog
    targets: tuple[Entry, ...]
    options: CheckOptions = field(default_factory=CheckOptions)
    scope: Callable[[str, int], bool] | None = None

    def in_scope(self, location: Location) -> bool:
        if self.scope is None:
            return True
        return any(self.scope(location.path, line) for line in range(location.line, location.last_line + 1))

"""How the rules' settings (``CheckOptions``, ``VenueSpec``, ``ListFormat``: plain dataclasses, so that a check
with no config loads no pydantic) tell the config's edge what pydantic validates and ``paper-triage init``
explains: a description per field, and bounds on a value."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


def about(description: str) -> dict[str, str]:
    """A setting's field metadata (``dataclasses.field(metadata=about(…))``): its description."""
    return {"description": description}


@dataclass(frozen=True)
class Limits:
    """Bounds on a setting (``Annotated[int, Limits(ge=50, le=100)]``), enforced where pydantic validates a
    repository's config: they join the value's core schema, so the errors are pydantic's own, and the rules
    need not import pydantic (nor ``annotated_types``, a fifth of a small check's start-up) to declare them."""

    ge: int | None = None
    le: int | None = None
    min_length: int | None = None

    def __get_pydantic_core_schema__(self, source: Any, handler: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
        return {**handler(source), **{name: bound for name, bound in vars(self).items() if bound is not None}}

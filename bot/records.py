"""The papers' own records for a review: looked up through ``scholarly`` when the repository's config
(``metadata:``) and the installation (``PAPER_TRIAGE_METADATA``) allow it, else none."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from bot.config import MetadataConfig
from rules.model import Entry
from rules.records import Lookup
from scholarly.http import Fetcher
from scholarly.lookup import look_up
from scholarly.settings import SourceSettings
from scholarly.store import open_store

Records = Callable[[Sequence[Entry]], Mapping[str, Lookup]]


def records_for(config: MetadataConfig) -> Records | None:
    """A function looking entries up as ``config`` says, or None when lookups are off."""
    settings = SourceSettings()
    if not (config.enabled and settings.enabled):
        return None
    fetcher = Fetcher(settings, open_store(settings.data_dir, settings.redis_url))
    sources = [source.value for source in config.sources]
    return lambda entries: look_up(entries, fetcher, sources, budget=settings.budget)


def unverified(found: Mapping[str, Lookup]) -> tuple[tuple[str, ...], int]:
    """The sources that did not answer, and how many entries they left unverified."""
    sources = sorted({source for lookup in found.values() for source in lookup.unverified})
    return tuple(sources), sum(1 for lookup in found.values() if lookup.unverified)

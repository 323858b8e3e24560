"""The papers' own records for a review: looked up through ``scholarly`` when the repository's config
(``metadata:``) and the installation (``PAPER_TRIAGE_METADATA``) allow it, else none."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from bot.repo_config import MetadataConfig
from rules.model import Entry
from rules.records import Lookup
from scholarly.http import Fetcher
from scholarly.lookup import by_link, look_up
from scholarly.settings import SourceSettings
from scholarly.store import open_store

Records = Callable[[Sequence[Entry]], Mapping[str, Lookup]]


def records_for(config: MetadataConfig) -> Records | None:
    """A function looking entries up as ``config`` says, or None when lookups are off."""
    found = _fetcher(config)
    if found is None:
        return None
    fetcher, sources = found
    return lambda entries: look_up(entries, fetcher, sources, budget=fetcher.settings.budget)


def unverified(found: Mapping[str, Lookup]) -> tuple[tuple[str, ...], int]:
    """The sources that did not answer, and how many entries they left unverified."""
    sources = sorted({source for lookup in found.values() for source in lookup.unverified})
    return tuple(sources), sum(1 for lookup in found.values() if lookup.unverified)


def link_lookup_for(config: MetadataConfig) -> Callable[[str], Lookup] | None:
    """A function finding a link's records (``/add-paper <link>``), or None when lookups are off."""
    found = _fetcher(config)
    if found is None:
        return None
    fetcher, sources = found
    return lambda url: by_link(url, fetcher, sources)


def _fetcher(config: MetadataConfig) -> tuple[Fetcher, list[str]] | None:
    settings = SourceSettings()
    if not (config.enabled and settings.enabled):
        return None
    return Fetcher(settings, open_store(settings.data_dir, settings.redis_url)), [
        source.value for source in config.sources
    ]

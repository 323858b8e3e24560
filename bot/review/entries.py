"""Stage 1 of a review — changed entries: which changed files are lists, and for each its head and base
documents, the lines the pull request added, the entries it added, modified or removed, and what the
change does to the file as a whole (deleted, unreadable, gutted)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace

from bot.repo_config import RepoConfig
from bot.review import changes as diffs
from bot.review import whole_list
from bot.review.changes import Diff, EntryChanges, FileChange
from bot.review.model import ListFile
from rules import parse, sections, shapes, splice
from rules.aggregates import ListFacts
from rules.checks import coverage, structure
from rules.dialects import UnreadableList, jsondata
from rules.model import Document, Entry, Finding, Location, Severity

INVALID_JSON = (
    "This data file is no longer valid JSON ({error}), so the list cannot be generated from it. Fix the syntax here."
)
UNREADABLE_DATA = (
    "This data file can no longer be read ({error}), so the list cannot be generated from it. Fix it here."
)


def list_files(
    changes: Sequence[FileChange], config: RepoConfig, documents: parse.DocumentCache | None = None
) -> tuple[ListFile, ...]:
    """The changed files the review reads as lists, in the pull request's order (parsed through ``documents``)."""
    return tuple(listed for change in changes if (listed := list_file(change, config, documents)) is not None)


def is_list_change(change: FileChange, config: RepoConfig, documents: parse.DocumentCache | None = None) -> bool:
    """Whether the review reads this changed file as a list (so the other lists are worth fetching)."""
    return list_file(change, config, documents) is not None


def list_file(change: FileChange, config: RepoConfig, documents: parse.DocumentCache | None = None) -> ListFile | None:
    """The change as a list file, or None when it is no list: one the config names, or one that was or
    is a list by its contents (a paper table, data objects, or enough paper links in items or tables).
    A list deleted, left unreadable or gutted carries the findings about the file as a whole."""
    configured = diffs.matches(change.path, diffs.configured_globs(config))
    if config.lists and not configured:
        return None
    fmt = parse.format_for(change.path, config.formats)
    base_text = _base_text(change)
    base = parse.parse_or_none(change.path, base_text, fmt, documents)
    was_list = configured or _reads_as_list(change.path, base_text, base)
    diff = diffs.diff_of(change, base_text)
    if change.status == "removed" or change.head_text is None:
        return _gone(change, base, diff, config) if was_list or _looks_like_data(change.path) else None
    # A change inside one table's rows is read from the base: that table again, the rest shifted.
    spliced = splice.splice(base, change.head_text, fmt) if base is not None else None
    try:
        head = (
            spliced.document
            if spliced is not None
            else parse.parse_document(change.path, change.head_text, fmt, documents)
        )
    except UnreadableList as error:
        unreadable = was_list or _looks_like_data(change.path)
        return _unreadable(change, change.head_text, base, diff, error, config) if unreadable else None
    if not (was_list or _reads_as_list(change.path, change.head_text, head)):
        return None
    if spliced is None:
        return _edited(change, base, head, diff, configured, config, None)
    listed = _edited(change, base, head, diff, configured, config, (spliced.base_nearby, spliced.head_nearby))
    return replace(listed, facts=_head_facts(base, spliced, documents))


def _head_facts(
    base: Document | None, spliced: splice.Spliced, documents: parse.DocumentCache | None
) -> ListFacts | None:
    """The head's whole-list facts, derived from the base's: the few rows changed are counted out and in,
    instead of every entry of the head again (``rules.aggregates``). The base's are those the cache keeps,
    or, for a list it does not keep (one over its budget), built from the base's entries as rules ask: the
    head's entries below the change are then never all moved to count them (``rules.moved``)."""
    if base is None:
        return None
    known = documents.facts(base) if documents is not None else None
    return (known or ListFacts(base.entries)).derived(spliced.document.entries, spliced.change)


def _edited(
    change: FileChange,
    base: Document | None,
    head: Document,
    diff: Diff,
    configured: bool,
    config: RepoConfig,
    nearby: tuple[Sequence[Entry], Sequence[Entry]] | None,
) -> ListFile:
    """A list still readable at the head: the entries the pull request added, modified and removed
    (compared around the change only, when the head was spliced from the base: ``nearby``)."""
    entries = diffs.classify(base, head, diff.added, diff.removed, nearby)
    sides = whole_list.Sides(
        change.path, base, head, configured, added=entries.added, removed=entries.removed, added_lines=diff.added
    )
    return ListFile(change, head, diff, entries, base=base, alerts=_alerts(sides, config))


def _gone(change: FileChange, base: Document | None, diff: Diff, config: RepoConfig) -> ListFile:
    """A list deleted, or whose head GitHub did not send: every paper of its base is removed."""
    deleted = change.status == "removed"
    sides = whole_list.Sides(change.path, base, None, deleted=deleted, unreadable=None if deleted else "")
    removed = EntryChanges(removed=tuple(base.entries) if base else ())
    return ListFile(change, None, diff, removed, base=base, alerts=_alerts(sides, config))


def _unreadable(
    change: FileChange, head_text: str, base: Document | None, diff: Diff, error: UnreadableList, config: RepoConfig
) -> ListFile:
    """A list the pull request left unreadable: the error, and what that does to the list."""
    sides = whole_list.Sides(change.path, base, None, unreadable=str(error))
    finding = _unreadable_finding(change.path, head_text, diff.added, error)
    return ListFile(change, None, diff, EntryChanges(), finding, base=base, alerts=_alerts(sides, config))


def _alerts(sides: whole_list.Sides, config: RepoConfig) -> tuple[Finding, ...]:
    """What the change does to the file as a whole; the ``coverage`` part as the rule options say."""
    found = whole_list.findings(sides, config.review.list_changes)
    return tuple(
        _as_configured(finding, config)
        for finding in found
        if finding.rule != coverage.ID or coverage.ID not in config.rules.disable
    )


def _as_configured(finding: Finding, config: RepoConfig) -> Finding:
    override = config.rules.severity.get(finding.rule)
    return finding if override is None else replace(finding, severity=override)


def _base_text(change: FileChange) -> str:
    if change.base_text is not None:
        return change.base_text
    if change.status == "added":
        return ""
    if change.patch is not None:
        try:
            return diffs.base_from_patch(change.head_text or "", change.patch)
        except diffs.PatchMismatch:
            return ""
    return change.head_text or ""  # a pure rename: GitHub sends no patch, nothing changed


def _looks_like_data(path: str) -> bool:
    """A JSON file named like a list's data file (``data*.json``) or kept with them under ``scripts/``, or a
    YAML file where lists keep their data (``data/*.yml``): broken, it must be reported even when it held
    no paper before."""
    name = path.rsplit("/", 1)[-1].lower()
    if name.endswith(".json"):
        return name.startswith("data") or path.lower().startswith("scripts/")
    return parse.dialect_of(path) == "yaml" and bool(sections.default_list_paths([path]))


def _reads_as_list(path: str, text: str, document: Document | None) -> bool:
    """A paper list by its contents: a paper table, paper entries, or enough paper links in items or tables."""
    return _is_list(document) or shapes.shapes_of(path, text).looks_like_list


def _is_list(document: Document | None) -> bool:
    """A file with a paper table, or with paper entries of any dialect (items, data objects)."""
    if document is None:
        return False
    return bool(document.tables) or any(entry.title for entry in document.entries)


def _unreadable_finding(path: str, text: str, added: frozenset[int], error: UnreadableList) -> Finding:
    """Why a data file can no longer be read, on the last added line up to where reading stopped."""
    if parse.is_json(path):
        return _invalid_json(path, text, added)
    stop = error.line or 1
    line = max((number for number in added if number <= stop), default=stop)
    return _unreadable_data(UNREADABLE_DATA.format(error=error), Location(path, line))


def _invalid_json(path: str, text: str, added: frozenset[int]) -> Finding:
    """The syntax error, placed on the last added line up to where the parser gave up: the mistake
    (a missing comma, say) is usually just before the place the parser names."""
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}: {error.msg}"
        line = max((number for number in added if number <= error.lineno), default=error.lineno)
        return _unreadable_data(INVALID_JSON.format(error=where), Location(path, line))
    return _unreadable_data(INVALID_JSON.format(error=jsondata.NOT_AN_ARRAY), Location(path, 1))


def _unreadable_data(message: str, location: Location) -> Finding:
    return Finding(structure.ID, Severity.ERROR, message, location, code=structure.UNREADABLE)

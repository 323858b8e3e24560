"""Stage 2 of a review — findings: the changed entries checked against the whole head list (and their own
records), a data file the pull request broke, and edits made to a generated file instead of its data."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace

from bot.repo_config import RepoConfig
from bot.review import changes as diffs
from bot.review import generated
from bot.review.model import Checked, ListFile, ReviewInput
from rules import engine, parse
from rules import generated as generated_pages
from rules.aggregates import ListFacts
from rules.checks import generated as generated_rule
from rules.context import Catalog
from rules.dialects import ListFormat
from rules.model import Document, Entry, Finding, Severity
from rules.records import Lookup

GENERATED_RULE = generated_rule.ID
GENERATED_PREFIX = "`{path}` is generated from {sources}: edits to it are overwritten the next time it is generated. "
EDIT_THE_DATA_FILE = GENERATED_PREFIX + "Add this paper to `{data_path}` instead."
EDIT_THE_OBJECT = GENERATED_PREFIX + "This paper is already at `{data_path}:{line}`: edit it there."
MAKE_THE_CHANGE_IN = GENERATED_PREFIX + "Make this change in `{data_path}` instead."


def check(given: ReviewInput, files: Sequence[ListFile]) -> Checked:
    """The findings about the entries ``files`` add or modify, judged against the whole head list."""
    config = given.config
    head = _head_texts(files, given.head_list)
    texts = _catalog_texts(head, files, config)
    catalog = _catalog(texts, files, config, given.documents)
    reviewed = {file.path: file for file in files if catalog.document(file.path) is not None}
    targets = tuple(entry for file in reviewed.values() for entry in file.entries.changed)
    records = given.records(targets) if given.records is not None and targets else None
    found = _rule_findings(catalog, reviewed, targets, records, config)
    found += [file.error for file in files if file.error is not None]
    found += _generated_findings(reviewed.values(), head, config, given.documents)
    return Checked(tuple(files), head, texts, catalog, reviewed, targets, tuple(found), records)


def with_generated_pages(given: ReviewInput, files: Sequence[ListFile]) -> ReviewInput:
    """The review's input with the pages the list makes obvious are generated from its data files (a
    page whose rows are the data's papers: ``rules.generated``) in its config, where the config names
    none, so they are reviewed as the config would have them. The files read to tell stay in the
    review's document cache for the stages after."""
    config = given.config
    head = _head_texts(files, given.head_list)
    if config.generated or not any(diffs.is_data_file(path, config) for path in head):
        return given
    documents = _catalog(head, files, config, given.documents).documents
    pages = {page: list(sources) for page, sources in generated_pages.generated_from({}, documents)}
    return replace(given, config=config.model_copy(update={"generated": pages})) if pages else given


def _catalog(
    texts: Mapping[str, str], files: Sequence[ListFile], config: RepoConfig, documents: parse.DocumentCache
) -> Catalog:
    """The catalog of ``texts``, reusing the documents the entries stage already read."""
    parsed = {file.path: file.document for file in files if file.document is not None and file.path in texts}
    catalog = parse_valid(texts, parsed, config.formats, documents)
    derived = {file.path: file.facts for file in files if file.facts is not None}
    # A document the cache does not keep (a list over its budget) gets facts of its own all the same: the
    # fix rounds derive theirs from them instead of counting every entry again beside them.
    known = tuple(
        derived.get(document.path) or documents.facts(document) or ListFacts(document.entries)
        for document in catalog.documents
    )
    return replace(catalog, known=known)


def _rule_findings(
    catalog: Catalog,
    reviewed: Mapping[str, ListFile],
    targets: Sequence[Entry],
    records: Mapping[str, Lookup] | None,
    config: RepoConfig,
) -> list[Finding]:
    """The rules' findings about the targets, on the lines the pull request wrote."""

    def in_scope(path: str, line: int) -> bool:
        return path in reviewed and line in reviewed[path].reviewed_lines

    return engine.check(catalog, options=config.rules, targets=targets, scope=in_scope, records=records)


def parse_valid(
    texts: Mapping[str, str],
    parsed: Mapping[str, Document] | None = None,
    formats: Mapping[str, ListFormat] | None = None,
    documents: parse.DocumentCache | None = None,
) -> Catalog:
    """The catalog of every file that parses (a broken data file is reported once, as its own finding),
    each read as the config's ``formats:`` say (through ``documents``); ``parsed`` are documents already read."""
    parsed = parsed or {}
    read = (
        parsed[path] if path in parsed else parse.parse_or_none(path, text, parse.format_for(path, formats), documents)
        for path, text in texts.items()
    )
    return Catalog(tuple(document for document in read if document is not None))


def _head_texts(files: Sequence[ListFile], head_list: Mapping[str, str]) -> dict[str, str]:
    """Every list file at the head: the fetched list with the changed files' head texts over it."""
    texts = dict(head_list)
    texts.update({file.path: file.change.head_text for file in files if file.change.head_text is not None})
    for file in files:
        if file.change.previous_path and file.change.previous_path != file.path:
            texts.pop(file.change.previous_path, None)
        if file.change.head_text is None or file.change.status == "removed":
            texts.pop(file.path, None)  # deleted or unreadable: its findings say so
    return texts


def _catalog_texts(head: Mapping[str, str], files: Sequence[ListFile], config: RepoConfig) -> dict[str, str]:
    """The whole head list to judge against. A generated file and its data files hold the same papers,
    so only one side is kept: the data files, unless the pull request edited only the generated file."""
    texts = dict(head)
    changed = {file.path for file in files}
    for target, globs in config.generated.items():
        sources = [path for path in texts if diffs.matches(path, globs)]
        if target not in texts or not sources:
            continue
        if target in changed and not changed.intersection(sources):
            for path in sources:
                del texts[path]
        else:
            del texts[target]
    return texts


def _generated_findings(
    files: Collection[ListFile], texts: Mapping[str, str], config: RepoConfig, documents: parse.DocumentCache
) -> list[Finding]:
    """One finding per entry the pull request wrote into a generated file: edit the data file instead —
    the paper's existing object when the data files hold it. A row that is its object as the generator
    writes it (a workflow's "Update README" commit) has nothing to send back."""
    found: list[Finding] = []
    for file in files:
        globs = config.generated.get(file.path, [])
        for entry in file.entries.changed if globs else ():
            existing = generated.existing_object(entry, texts, globs, documents, config.formats)
            if existing is None or not generated.shows(entry, existing):
                message = _edit_the_data(entry, file, texts, globs, existing)
                found.append(
                    Finding(GENERATED_RULE, Severity.ERROR, message, entry.location, code=generated_rule.EDITED)
                )
    return found


def _edit_the_data(
    entry: Entry, file: ListFile, texts: Mapping[str, str], globs: Sequence[str], existing: Entry | None
) -> str:
    """Where the paper of an entry written into a generated file belongs instead: ``existing``, the data
    files' object for it, or the data file it would go to."""
    sources = ", ".join(f"`{glob}`" for glob in globs)
    if existing is not None:
        return EDIT_THE_OBJECT.format(path=file.path, sources=sources, data_path=existing.path, line=existing.line)
    data_path = generated.data_file_for(entry, [path for path in texts if diffs.matches(path, globs)], globs)
    template = EDIT_THE_DATA_FILE if entry in file.entries.added else MAKE_THE_CHANGE_IN
    return template.format(path=file.path, sources=sources, data_path=data_path)

"""Plan a pull request's review: the changed entries checked against the whole list, turned into inline
comments (at most 30, new ones only), one living summary comment and a check run. Pure: the handler
fetches before and posts after."""

from __future__ import annotations

import json
from bisect import bisect_right
from collections import Counter
from collections.abc import Collection, Container, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from bot.posts import CheckRun, InlineComment
from bot.records import Records, unverified
from bot.repo_config import RepoConfig, ReviewMode
from bot.review import changes as diffs
from bot.review import corrections, generated, render, whole_list
from bot.review.changes import Diff, EntryChanges, FileChange
from bot.review.corrections import Correction
from bot.review.fingerprints import combined, fingerprint, normalize_content
from rules import engine, fixes, parse, sections, shapes, splice
from rules.checks import coverage
from rules.context import Catalog
from rules.dialects import ListFormat, UnreadableList, jsondata
from rules.model import Document, Entry, Finding, Location, Severity

MAX_INLINE_COMMENTS = 30
INVALID_JSON = (
    "This data file is no longer valid JSON ({error}), so the list cannot be generated from it. Fix the syntax here."
)
INVALID_JSON_RULE = "structure"
UNREADABLE_DATA = (
    "This data file can no longer be read ({error}), so the list cannot be generated from it. Fix it here."
)
GENERATED_RULE = "generated"
GENERATED_PREFIX = "`{path}` is generated from {sources}: edits to it are overwritten the next time it is generated. "
EDIT_THE_DATA_FILE = GENERATED_PREFIX + "Add this paper to `{data_path}` instead."
EDIT_THE_OBJECT = GENERATED_PREFIX + "This paper is already at `{data_path}:{line}`: edit it there."
MAKE_THE_CHANGE_IN = GENERATED_PREFIX + "Make this change in `{data_path}` instead."


@dataclass(frozen=True)
class ReviewPlan:
    """Everything the handler posts for one push; see ``plan_review``."""

    touched_lists: bool
    comments: tuple[InlineComment, ...]
    review_event: str | None
    review_body: str
    summary: str
    check: CheckRun


@dataclass(frozen=True)
class ListFile:
    """A changed list file: its head document (None: deleted, or unreadable now), diff and entry diffs,
    its base document, and the findings about the file as a whole."""

    change: FileChange
    document: Document | None
    diff: Diff
    entries: EntryChanges
    error: Finding | None = None
    base: Document | None = None
    alerts: tuple[Finding, ...] = ()  # what the change does to the file as a whole

    @property
    def path(self) -> str:
        return self.change.path

    @cached_property  # asked once per finding: recomputing it made a review quadratic in its entries
    def reviewed_lines(self) -> frozenset[int]:
        """The added lines, less those of entries that did not change but for whitespace or a JSON
        comma (the last object gains one when a paper is appended): those entries are not on trial."""
        if self.document is None:
            return self.diff.added
        changed = set(self.entries.changed)
        unchanged = {
            line
            for entry in self.document.entries
            if entry not in changed
            for line in range(entry.line, entry.end_line + 1)
        }
        return self.diff.added - unchanged


@dataclass(frozen=True)
class Anchor:
    """One place of the head the review talks about — an entry, or the lines of a finding outside any
    entry — with its findings, its corrected text and, for a generated file, the object to paste."""

    path: str
    line: int
    end_line: int
    content: str
    findings: tuple[Finding, ...]
    entry: Entry | None = None
    correction: Correction | None = None
    paste: generated.Paste | None = None
    fingerprints: frozenset[str] = field(default=frozenset())

    @property
    def severity(self) -> Severity:
        return render.worst(finding.severity for finding in self.findings)


def plan_review(
    changes: Sequence[FileChange],
    head_list: Mapping[str, str],
    config: RepoConfig,
    posted: Collection[str] = (),
    *,
    summarised: Container[str] = (),
    repo_url: str | None = None,
    head_sha: str | None = None,
    records: Records | None = None,
    documents: parse.DocumentCache | None = None,
) -> ReviewPlan:
    """Review the entries a pull request adds or modifies against the whole head list.

    ``changes`` are the pull request's files (only list files matter), ``head_list`` every list file
    at the head (path → text; the changed ones may be left out), ``posted`` the fingerprints already
    on the pull request's review comments, ``summarised`` those in our summary comment: problems that
    did not fit the first review live in the summary from then on, never posted inline later (a push
    must not drip-feed another 30 comments). ``repo_url`` (the repository's web address) and
    ``head_sha`` let the summary link to the lines. ``records`` looks the changed entries up in the
    papers' own records (None: offline); a source that did not answer is named in the summary.
    ``documents`` is the caller's document cache (a worker keeps one for its reviews; None: one for this review).
    """
    documents = documents if documents is not None else parse.DocumentCache()
    files = [listed for change in changes if (listed := _list_file(change, config, documents)) is not None]
    if not files:
        return _untouched()
    everything = _head_texts(files, head_list)
    texts = _catalog_texts(everything, files, config)
    parsed = {file.path: file.document for file in files if file.document is not None and file.path in texts}
    catalog = _parse_valid(texts, documents, parsed, config.formats)
    reviewed = {file.path: file for file in files if catalog.document(file.path) is not None}
    targets = tuple(entry for file in reviewed.values() for entry in file.entries.changed)
    found = records(targets) if records is not None and targets else None
    findings = engine.check(
        catalog,
        options=config.rules,
        targets=targets,
        scope=lambda path, line: path in reviewed and line in reviewed[path].reviewed_lines,
        records=found,
    )
    findings += [file.error for file in files if file.error is not None]
    findings += _generated_findings(reviewed.values(), everything, config, documents)
    reader = Rereader(catalog, config.formats, documents)
    fixed = _fixed_texts(texts, findings, config, FollowedTargets(catalog, targets), reader)
    anchors = _anchors(findings, catalog, texts, fixed, reviewed, config, everything, documents, reader)
    links = render.Links(repo_url, head_sha)
    kept = {digest for anchor in anchors if (digest := combined(anchor.fingerprints)) in summarised}
    fresh = [anchor for anchor in anchors if combined(anchor.fingerprints) not in kept]
    inline = _inline_comments(fresh, {file.path: file for file in files}, posted)
    shown = inline[:MAX_INLINE_COMMENTS]
    kept |= {combined(anchor.fingerprints) for _, anchor in inline[MAX_INLINE_COMMENTS:]}
    alerts = [alert for file in files for alert in file.alerts]
    errors = any(finding.severity is Severity.ERROR for finding in findings)
    event = None
    if shown:
        event = "REQUEST_CHANGES" if errors and config.review.mode is ReviewMode.REQUEST_CHANGES else "COMMENT"
    return ReviewPlan(
        touched_lists=True,
        comments=tuple(comment for comment, _ in shown),
        review_event=event,
        review_body=render.review_body(findings, len(shown), len(inline) - len(shown)) if shown else "",
        summary=render.summary(
            files,
            anchors,
            findings + alerts,
            links,
            skipped_inline=len(inline) - len(shown),
            summarised=kept,
            unverified=unverified(found) if found else ((), 0),
            alerts=alerts,
        ),
        check=render.check_run(files, findings + alerts, alerts),
    )


def is_list_change(change: FileChange, config: RepoConfig, documents: parse.DocumentCache | None = None) -> bool:
    """Whether the planner reviews this changed file as a list (so the other lists are worth fetching)."""
    return _list_file(change, config, documents) is not None


def _untouched() -> ReviewPlan:
    return ReviewPlan(False, (), None, "", render.untouched_summary(), render.untouched_check())


def _list_file(change: FileChange, config: RepoConfig, documents: parse.DocumentCache | None) -> ListFile | None:
    """The change as a list file, or None when it is no list: one the config names, or one that was or
    is a list by its contents (a paper table, data objects, or enough paper links in items or tables).
    A list deleted, left unreadable or gutted carries the findings about the file as a whole."""
    configured = diffs.matches(change.path, diffs.configured_globs(config))
    if config.lists and not configured:
        return None
    fmt = parse.format_for(change.path, config.formats)
    base_text = _base_text(change)
    base = parse.parse_or_none(change.path, base_text, fmt, documents)
    was_list = configured or _is_list(base) or shapes.shapes_of(change.path, base_text).looks_like_list
    diff = diffs.diff_of(change, base_text)
    if change.status == "removed" or change.head_text is None:
        if not (was_list or _looks_like_data(change.path)):
            return None
        deleted = change.status == "removed"
        sides = whole_list.Sides(change.path, base, None, deleted=deleted, unreadable=None if deleted else "")
        return ListFile(
            change,
            None,
            diff,
            EntryChanges(removed=base.entries if base else ()),
            base=base,
            alerts=_alerts(sides, config),
        )
    spliced = splice.splice(base, change.head_text, fmt) if base is not None else None
    if spliced is not None and documents is not None:  # kept: the next push's base is likely this head
        documents.keep(change.path, change.head_text, fmt, spliced.document)
    try:
        head = (
            spliced.document
            if spliced is not None
            else parse.parse_document(change.path, change.head_text, fmt, documents)
        )
    except UnreadableList as error:
        if not (was_list or _looks_like_data(change.path)):
            return None
        sides = whole_list.Sides(change.path, base, None, unreadable=str(error))
        return ListFile(
            change,
            None,
            diff,
            EntryChanges(),
            _unreadable(change.path, change.head_text, diff.added, error),
            base=base,
            alerts=_alerts(sides, config),
        )
    if not (was_list or _is_list(head) or shapes.shapes_of(change.path, change.head_text).looks_like_list):
        return None
    nearby = (spliced.base_nearby, spliced.head_nearby) if spliced is not None else None
    entries = diffs.classify(base, head, diff.added, diff.removed, nearby)
    sides = whole_list.Sides(
        change.path, base, head, configured, added=entries.added, removed=entries.removed, added_lines=diff.added
    )
    return ListFile(change, head, diff, entries, base=base, alerts=_alerts(sides, config))


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


def _is_list(document: Document | None) -> bool:
    """A file with a paper table, or with paper entries of any dialect (items, data objects)."""
    if document is None:
        return False
    return bool(document.tables) or any(entry.title for entry in document.entries)


def _unreadable(path: str, text: str, added: frozenset[int], error: UnreadableList) -> Finding:
    """Why a data file can no longer be read, on the last added line up to where reading stopped."""
    if parse.is_json(path):
        return _invalid_json(path, text, added)
    stop = error.line or 1
    line = max((number for number in added if number <= stop), default=stop)
    return Finding(INVALID_JSON_RULE, Severity.ERROR, UNREADABLE_DATA.format(error=error), Location(path, line))


def _invalid_json(path: str, text: str, added: frozenset[int]) -> Finding:
    """The syntax error, placed on the last added line up to where the parser gave up: the mistake
    (a missing comma, say) is usually just before the place the parser names."""
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}: {error.msg}"
        line = max((number for number in added if number <= error.lineno), default=error.lineno)
        return Finding(INVALID_JSON_RULE, Severity.ERROR, INVALID_JSON.format(error=where), Location(path, line))
    return Finding(
        INVALID_JSON_RULE, Severity.ERROR, INVALID_JSON.format(error=jsondata.NOT_AN_ARRAY), Location(path, 1)
    )


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


def _catalog_texts(everything: Mapping[str, str], files: Sequence[ListFile], config: RepoConfig) -> dict[str, str]:
    """The whole head list to judge against. A generated file and its data files hold the same papers,
    so only one side is kept: the data files, unless the pull request edited only the generated file."""
    texts = dict(everything)
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


def _parse_valid(
    texts: Mapping[str, str],
    documents: parse.DocumentCache,
    parsed: Mapping[str, Document] | None = None,
    formats: Mapping[str, ListFormat] | None = None,
) -> Catalog:
    """The catalog of every file that parses (a broken data file is reported once, as its own finding),
    each read as the config's ``formats:`` say; ``parsed`` are documents already read."""
    parsed = parsed or {}
    read = (
        parsed[path] if path in parsed else parse.parse_or_none(path, text, parse.format_for(path, formats), documents)
        for path, text in texts.items()
    )
    return Catalog(tuple(document for document in read if document is not None))


def _generated_findings(
    files: Collection[ListFile], texts: Mapping[str, str], config: RepoConfig, documents: parse.DocumentCache
) -> list[Finding]:
    """One finding per entry the pull request wrote into a generated file: edit the data file instead —
    the paper's existing object when the data files hold it."""
    found: list[Finding] = []
    for file in files:
        globs = config.generated.get(file.path)
        if not globs:
            continue
        sources = ", ".join(f"`{glob}`" for glob in globs)
        for entry in file.entries.changed:
            existing = generated.existing_object(entry, texts, globs, documents)
            if existing is not None:
                message = EDIT_THE_OBJECT.format(
                    path=file.path, sources=sources, data_path=existing.path, line=existing.line
                )
            else:
                data_path = generated.data_file_for(
                    entry, [path for path in texts if diffs.matches(path, globs)], globs
                )
                template = EDIT_THE_DATA_FILE if entry in file.entries.added else MAKE_THE_CHANGE_IN
                message = template.format(path=file.path, sources=sources, data_path=data_path)
            found.append(Finding(GENERATED_RULE, Severity.ERROR, message, entry.location))
    return found


def _needs_paste(
    entry: Entry, file: ListFile, texts: Mapping[str, str], globs: Sequence[str], documents: parse.DocumentCache
) -> bool:
    """Only a row the pull request added for a paper the data files lack gets an object to paste."""
    return entry in file.entries.added and generated.existing_object(entry, texts, globs, documents) is None


class FollowedTargets:
    """The entries under review, found again in each round's catalog while fixes move their lines."""

    def __init__(self, catalog: Catalog, targets: Sequence[Entry]) -> None:
        self.catalog = catalog
        self.targets = tuple(targets)

    def __call__(self, catalog: Catalog) -> tuple[Entry, ...]:
        if catalog is not self.catalog:
            wanted = {(entry.path, entry.line) for entry in self.targets}
            followed: list[Entry] = []
            for document in catalog.documents:
                before = self.catalog.document(document.path)
                if before is not None:
                    followed.extend(
                        after
                        for entry, after in corrections.pair_entries(before, document)
                        if after is not None and (entry.path, entry.line) in wanted
                    )
            self.catalog, self.targets = catalog, tuple(followed)
        return self.targets


def _fixed_texts(
    texts: dict[str, str], findings: Sequence[Finding], config: RepoConfig, targets: FollowedTargets, reader: Rereader
) -> dict[str, str]:
    """The head with every certain fix of the reviewed entries applied, round after round (skipped
    when nothing is fixable)."""
    if not any(finding.fix is not None for finding in findings):
        return texts
    fixed, _ = fixes.fix_until_stable(texts, reader, config.rules, targets, first_findings=findings)
    return fixed


class Rereader:
    """Reads each fix round's texts as ``_parse_valid`` does, from the documents of the round before: a
    fix changes a few lines, so a document is spliced from its previous version (``rules.splice``) where
    the change allows, rather than read again whole."""

    def __init__(self, catalog: Catalog, formats: Mapping[str, ListFormat] | None, cache: parse.DocumentCache) -> None:
        self.documents = {document.path: document for document in catalog.documents}
        self.formats = formats
        self.cache = cache  # for the texts read whole; spliced rounds are not kept, they pass

    def __call__(self, texts: Mapping[str, str]) -> Catalog:
        read: dict[str, Document] = {}
        for path, text in texts.items():
            document = self.document(path, text)
            if document is not None:
                read[path] = document
        self.documents = read
        return Catalog(tuple(read.values()))

    def document(self, path: str, text: str) -> Document | None:
        """``text`` read as ``path``, from the last document read of it; None when it does not parse."""
        before = self.documents.get(path)
        if before is not None and before.text == text:
            return before
        fmt = parse.format_for(path, self.formats)
        spliced = splice.splice(before, text, fmt) if before is not None else None
        return spliced.document if spliced is not None else parse.parse_or_none(path, text, fmt, self.cache)


def _anchors(
    findings: Sequence[Finding],
    catalog: Catalog,
    texts: Mapping[str, str],
    fixed: Mapping[str, str],
    reviewed: Mapping[str, ListFile],
    config: RepoConfig,
    everything: Mapping[str, str],
    documents: parse.DocumentCache,
    reader: Rereader,
) -> list[Anchor]:
    """Group the findings by the entry they are about (one comment per entry), with corrections."""
    grouped: dict[tuple[str, int, int], list[Finding]] = {}
    entries: dict[tuple[str, int, int], Entry | None] = {}
    starts: dict[str, list[int]] = {}
    for finding in findings:
        entry = _entry_at(catalog, finding.location, starts)
        key = (
            (entry.path, entry.line, entry.end_line)
            if entry
            else (finding.location.path, finding.location.line, finding.location.last_line)
        )
        grouped.setdefault(key, []).append(finding)
        entries[key] = entry
    lines = {path: text.splitlines() for path, text in texts.items()}
    fixed_paths = [path for path in texts if fixed.get(path, texts[path]) != texts[path]]
    opcodes = {path: corrections.line_opcodes(lines[path], fixed[path].splitlines()) for path in fixed_paths}
    by_entry = {path: _entry_corrections(catalog, path, lines[path], fixed[path], reader) for path in fixed_paths}
    anchors: list[Anchor] = []
    seen: Counter[tuple[str, str]] = Counter()
    for (path, line, end_line), found in sorted(grouped.items()):
        head_lines = lines.get(path, [])
        content = "\n".join(head_lines[line - 1 : end_line])
        # Identical entries (pasted placeholders) are told apart by their rank among their twins.
        seen[(path, normalize_content(content))] += 1
        occurrence = seen[(path, normalize_content(content))]
        entry = entries[(path, line, end_line)]
        correction = None
        if entry is not None and path in by_entry:
            correction = by_entry[path].get(entry.line)
        elif path in opcodes:
            correction = corrections.corrected(head_lines, fixed[path].splitlines(), opcodes[path], line, end_line)
        paste = None
        if (
            entry is not None
            and path in config.generated
            and path in reviewed
            and _needs_paste(entry, reviewed[path], everything, config.generated[path], documents)
        ):
            paste = generated.paste_for(entry, correction, fixed, everything, config.generated[path], documents)
        prints = frozenset(fingerprint(finding.rule, path, content, occurrence) for finding in found)
        ordered = tuple(sorted(found, key=lambda finding: (render.SEVERITY_RANK[finding.severity], finding.rule)))
        anchors.append(Anchor(path, line, end_line, content, ordered, entry, correction, paste, prints))
    return anchors


def _entry_corrections(
    catalog: Catalog, path: str, head_lines: list[str], fixed_text: str, reader: Rereader
) -> dict[int, Correction]:
    head, fixed = catalog.document(path), reader.document(path, fixed_text)
    if head is None or fixed is None:
        return {}
    return corrections.entry_corrections(head, fixed, head_lines, fixed_text.splitlines())


def _entry_at(catalog: Catalog, location: Location, starts: dict[str, list[int]]) -> Entry | None:
    """The entry a finding is about: the one holding all its lines, else the one its lines end in (the
    removal of a JSON array's last object starts on the line before it, to take the comma off).

    A document's entries follow each other without overlapping, so a binary search over their first
    lines (``starts``, filled per path as needed) finds the candidates: one pass per finding made a review
    quadratic in its entries."""
    document = catalog.document(location.path)
    if document is None:
        return None
    if location.path not in starts:
        starts[location.path] = [entry.line for entry in document.entries]
    firsts = starts[location.path]
    holding = bisect_right(firsts, location.line) - 1
    if holding >= 0 and location.last_line <= document.entries[holding].end_line:
        return document.entries[holding]
    ending = bisect_right(firsts, location.last_line) - 1
    if ending >= 0 and location.line < firsts[ending] and location.last_line <= document.entries[ending].end_line:
        return document.entries[ending]
    return None


def _inline_comments(
    anchors: Sequence[Anchor], files: Mapping[str, ListFile], posted: Collection[str]
) -> list[tuple[InlineComment, Anchor]]:
    """New inline comments, most severe first when there are too many, in file order within that. Two
    comments never cover the same line: each suggestion must be appliable alone."""
    out: list[tuple[InlineComment, Anchor]] = []
    posted = set(posted)
    free: dict[str, set[int]] = {}  # per file, the added lines no comment covers yet
    head_lines: dict[str, list[str]] = {}
    for anchor in anchors:
        file = files.get(anchor.path)
        if file is None or not file.diff.commentable or anchor.fingerprints <= posted:
            continue
        if anchor.path not in free:
            free[anchor.path], head_lines[anchor.path] = set(file.diff.added), _head_lines(file)
        comment = render.inline_comment(anchor, free[anchor.path], head_lines[anchor.path])
        if comment is not None:
            free[anchor.path].difference_update(range(comment.start_line or comment.line, comment.line + 1))
            out.append((comment, anchor))
    ranked = sorted(out, key=lambda pair: render.SEVERITY_RANK[pair[1].severity])
    chosen = ranked[:MAX_INLINE_COMMENTS]
    rest = ranked[MAX_INLINE_COMMENTS:]
    return sorted(chosen, key=lambda pair: (pair[0].path, pair[0].line)) + rest


def _head_lines(file: ListFile) -> list[str]:
    return (file.change.head_text or "").splitlines()

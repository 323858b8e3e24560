"""What a pull request changes in a list: which files are lists, which lines it added, which entries it
added, modified or removed — and the base file rebuilt from GitHub's patch.

Diffs are read with ``unidiff`` (GitHub's per-file patches and ``git diff`` output alike), so no
hunk arithmetic is written here; a file GitHub sends without a patch is diffed with ``difflib``.
"""

from __future__ import annotations

import difflib
import fnmatch
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from itertools import islice

import unidiff
from unidiff import constants as diff_constants

from bot.repo_config import RepoConfig
from bot.review.fingerprints import normalize_content
from rules.lines import iter_lines
from rules.model import DATA_KINDS, Document, Entry
from rules.parse import dialect_of, format_for
from rules.sections import default_list_paths
from rules.text import normalize_title

LIST_SUFFIXES = (".md", ".markdown", ".rst", ".json", ".yml", ".yaml")
# Files that are never paper lists, whatever they hold: GitHub's and CI's settings, package manifests and
# lock files, licences, changelogs and the usual project documents (case ignored; "*" crosses folders).
NEVER_LISTS = (
    ".github/*",
    ".gitlab/*",
    ".circleci/*",
    ".vscode/*",
    "*node_modules/*",
    ".gitlab-ci.yml",
    ".travis.yml",
    "appveyor.yml",
    "azure-pipelines.yml",
    "codecov.yml",
    ".codecov.yml",
    ".pre-commit-config.yaml",
    ".pre-commit-hooks.yaml",
    ".readthedocs.yml",
    ".readthedocs.yaml",
    "*docker-compose*.yml",
    "*docker-compose*.yaml",
    "mkdocs.yml",
    "_config.yml",
    "action.yml",
    "action.yaml",
    "*package.json",
    "*package-lock.json",
    "*composer.json",
    "*tsconfig*.json",
    "*.lock.json",
    "*pnpm-lock.yaml",
    "*environment.yml",
    "*environment.yaml",
    "*pubspec.yaml",
    "*chart.yaml",
    "citation.cff",
    "*license*",
    "*licence*",
    "*changelog*",
    "*changes.md",
    "*history.md",
    "*contributing*",
    "*code_of_conduct*",
    "*security.md",
    "*pull_request_template*",
    "*issue_template*",
)
CLOSING_LINES = ("}", "},")  # workflows and templates, never a paper list

CONTEXT_LINE_TYPES = (diff_constants.LINE_TYPE_CONTEXT, diff_constants.LINE_TYPE_EMPTY)
NO_NEWLINE_TYPE = diff_constants.LINE_TYPE_NO_NEWLINE


class PatchMismatch(ValueError):
    """The patch does not fit the text it is applied to."""


@dataclass(frozen=True)
class FileChange:
    """One file of a pull request: its status, both texts (None: absent, binary or not UTF-8) and
    GitHub's patch (None for large diffs and pure renames)."""

    path: str
    status: str
    previous_path: str | None
    base_text: str | None
    head_text: str | None
    patch: str | None


@dataclass(frozen=True)
class Diff:
    """The lines a change added (head line numbers) and removed (base line numbers).

    ``commentable`` is False when GitHub sent no patch: it then shows no diff, and review comments
    on the file would be refused.
    """

    added: frozenset[int]
    removed: frozenset[int]
    commentable: bool


@dataclass(frozen=True)
class EntryChanges:
    """Entries a change added, modified (same paper, changed text: head side) and removed (base side).
    A row that only moved is in none of them."""

    added: tuple[Entry, ...] = ()
    modified: tuple[Entry, ...] = ()
    removed: tuple[Entry, ...] = ()

    @property
    def changed(self) -> tuple[Entry, ...]:
        """The head entries under review: added and modified, in file order."""
        return tuple(sorted(self.added + self.modified, key=lambda entry: entry.line))


def matches(path: str, globs: Iterable[str]) -> bool:
    """Whether ``path`` matches one of the config's globs (``**/`` also matches at the top level)."""
    return any(
        fnmatch.fnmatchcase(path, glob) or (glob.startswith("**/") and fnmatch.fnmatchcase(path, glob[3:]))
        for glob in globs
    )


def configured_globs(config: RepoConfig) -> list[str]:
    """Every glob that names a list file in the config: lists, generated files and their sources."""
    return [*config.lists, *config.generated, *(glob for sources in config.generated.values() for glob in sources)]


def list_candidates(changed_paths: Sequence[str], config: RepoConfig) -> list[str]:
    """Changed files that might be lists, to read: those the config names, else every markdown,
    reStructuredText, JSON and YAML file that is not obviously something else (``NEVER_LISTS``) —
    whether it holds papers is decided once it is read."""
    globs = configured_globs(config)
    if config.lists:
        return [path for path in changed_paths if matches(path, globs)]
    return [path for path in changed_paths if matches(path, globs) or might_be_list(path)]


def might_be_list(path: str) -> bool:
    """A file whose name allows a paper list: a text format lists are written in, and no known non-list."""
    lowered = path.lower()
    return lowered.endswith(LIST_SUFFIXES) and not any(fnmatch.fnmatchcase(lowered, glob) for glob in NEVER_LISTS)


def worth_reading(path: str, patch: str | None, config: RepoConfig) -> bool:
    """Whether to spend a request on a candidate: one the config or the default globs name, one GitHub
    sent no patch for, or one whose changed lines hold a web link (a change without any cannot touch a
    paper, and a file without the config's word is read only when it may)."""
    if config.lists or matches(path, configured_globs(config)) or default_list_paths([path]) or patch is None:
        return True
    return any(line[:1] in "+-" and "://" in line for line in patch.splitlines())


def literal_globs(config: RepoConfig) -> list[str] | None:
    """The config's list globs when every one is a plain path (no tree needed to find them), else None."""
    globs = configured_globs(config)
    return None if any(char in glob for glob in globs for char in "*?[") else globs


def is_data_file(path: str, config: RepoConfig) -> bool:
    """True for a JSON or YAML data file (by its name, or the config's ``formats:``)."""
    return dialect_of(path, format_for(path, config.formats)) in DATA_KINDS


def other_list_paths(tree_paths: Sequence[str], config: RepoConfig) -> list[str]:
    """List files of the repository's tree, to fetch for cross-file checks; [] when the config names none."""
    globs = configured_globs(config)
    return [path for path in tree_paths if matches(path, globs)] if globs else []


def diff_of(change: FileChange, base_text: str) -> Diff:
    """The added and removed lines of a change: from GitHub's patch, or computed when it sent none."""
    if change.patch is not None:
        return _diff_from_hunks(parse_hunks(change.patch), commentable=True)
    return _diff_from_hunks(computed_hunks(base_text, change.head_text or ""), commentable=False)


def _diff_from_hunks(hunks: Sequence[unidiff.Hunk], commentable: bool) -> Diff:
    lines = [line for hunk in hunks for line in hunk]
    added = frozenset(number for line in lines if line.is_added and (number := line.target_line_no) is not None)
    removed = frozenset(number for line in lines if line.is_removed and (number := line.source_line_no) is not None)
    return Diff(added, removed, commentable)


def parse_hunks(patch: str) -> list[unidiff.Hunk]:
    """The hunks of one file's patch: GitHub's header-less ``@@`` form or a ``git diff`` of one file."""
    text = patch if patch.endswith("\n") else patch + "\n"
    if text.startswith("@@"):
        text = "--- a/file\n+++ b/file\n" + text
    try:
        patch_set = unidiff.PatchSet(text)
    except unidiff.UnidiffParseError as error:
        raise PatchMismatch(f"not a unified diff ({error})") from None
    if len(patch_set) > 1:
        raise PatchMismatch(f"the patch changes {len(patch_set)} files; give the diff of one file")
    if patch.strip() and not any(len(patched_file) or patched_file.is_rename for patched_file in patch_set):
        raise PatchMismatch("not a unified diff (no @@ hunk in it)")  # a pure rename has none, and is fine
    return [hunk for patched_file in patch_set for hunk in patched_file]


def patched_path(patch: str) -> str | None:
    """The file a ``git diff`` of one file writes (its new name), None for GitHub's header-less form."""
    try:
        patch_set = unidiff.PatchSet(patch if patch.endswith("\n") else patch + "\n")
    except unidiff.UnidiffParseError:
        return None
    return patch_set[0].path if len(patch_set) == 1 and patch_set[0].target_file else None


def computed_hunks(base_text: str, head_text: str) -> list[unidiff.Hunk]:
    """Hunks between two texts (for files GitHub sent without a patch)."""
    before = [line + "\n" for line in base_text.splitlines()]
    after = [line + "\n" for line in head_text.splitlines()]
    text = "".join(difflib.unified_diff(before, after, "a/file", "b/file"))
    return parse_hunks(text) if text else []


def base_from_patch(head_text: str, patch: str) -> str:
    """Rebuild the base file from the head file and GitHub's patch (one API request saved)."""
    return _apply(head_text, parse_hunks(patch), reverse=True)


def apply_patch(base_text: str, patch: str) -> str:
    """Apply one file's unified diff to the base text."""
    return _apply(base_text, parse_hunks(patch), reverse=False)


def _apply(text: str, hunks: Sequence[unidiff.Hunk], reverse: bool) -> str:
    """Walk the hunks over ``text`` (the source side, or the target side when ``reverse``), checking
    every line the patch expects there and emitting the other side."""
    lines = text.splitlines(keepends=True)
    consumed, emitted = ("+", "-") if reverse else ("-", "+")
    out: list[str] = []
    position = 0
    for hunk in hunks:
        start, length = (hunk.target_start, hunk.target_length) if reverse else (hunk.source_start, hunk.source_length)
        first = start - 1 if length else start  # an empty side names the line it follows
        if not position <= first <= len(lines):
            raise PatchMismatch(f"a hunk starts at line {start}, but the file has {len(lines)} lines")
        out.extend(lines[position:first])
        position = first
        for index, line in enumerate(hunk):
            kind = line.line_type
            if kind == NO_NEWLINE_TYPE:
                continue
            value = line.value
            if index + 1 < len(hunk) and hunk[index + 1].line_type == NO_NEWLINE_TYPE:
                value = value.rstrip("\r\n")
            if kind in CONTEXT_LINE_TYPES or kind == consumed:
                if position >= len(lines) or lines[position].rstrip("\r\n") != value.rstrip("\r\n"):
                    raise PatchMismatch(f"line {position + 1} does not match the patch")
                if kind != consumed:
                    out.append(lines[position])
                position += 1
            elif kind == emitted:
                out.append(value)
    out.extend(lines[position:])
    return "".join(out)


def classify(
    base: Document | None,
    head: Document,
    touched: Collection[int],
    removed: Collection[int] = (),
    nearby: tuple[Sequence[Entry], Sequence[Entry]] | None = None,
) -> EntryChanges:
    """Added, modified and removed entries, by content: a head entry whose text is in the base is
    unchanged (even if moved); the others are modifications when the same paper left the base, else
    additions. Entries off the diff's added lines are matched first, so of two identical rows the
    one the pull request wrote is the addition; likewise, of two identical base rows, the one on the
    diff's ``removed`` lines (base line numbers) is the removal.

    ``nearby`` (base side, head side) are the entries around the change when every other entry of one
    side has an identical twin on the other (``rules.splice``): those twins cancel out of the counts,
    so only the nearby entries are compared, whatever the list's length."""
    base_entries = nearby[0] if nearby is not None else base.entries if base is not None else ()
    head_entries = nearby[1] if nearby is not None else head.entries
    remaining = Counter(normalize_content(entry.raw) for entry in base_entries)
    written = _written_lines(head, touched)
    new: list[Entry] = []
    for entry in sorted(head_entries, key=lambda entry: _touches(entry, written)):
        key = normalize_content(entry.raw)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            new.append(entry)
    gone: list[Entry] = []
    for entry in sorted(base_entries, key=lambda entry: not _touches(entry, removed)):
        key = normalize_content(entry.raw)
        if remaining[key] > 0:
            remaining[key] -= 1
            gone.append(entry)
    gone.sort(key=lambda entry: entry.line)
    added: list[Entry] = []
    modified: list[Entry] = []
    for entry in sorted(new, key=lambda entry: entry.line):
        previous = next((old for old in gone if same_paper(old, entry)), None)
        if previous is None:
            added.append(entry)
        else:
            gone.remove(previous)
            modified.append(entry)
    return EntryChanges(tuple(added), tuple(modified), tuple(gone))


def _written_lines(head: Document, touched: Collection[int]) -> set[int]:
    """The touched lines that say something: a lone JSON ``}`` or ``},`` does not (when a paper is
    appended, the diff may show the old last object's closing line as added)."""
    # Split only as far as the last of them: a pull request's lines are a few, often near the top.
    lines = list(islice(iter_lines(head.text), max(max(touched, default=0), 0)))
    return {number for number in touched if 0 < number <= len(lines) and lines[number - 1].strip() not in CLOSING_LINES}


def _touches(entry: Entry, lines: Collection[int]) -> bool:
    return any(line in lines for line in range(entry.line, entry.end_line + 1))


def same_paper(a: Entry, b: Entry) -> bool:
    """Two versions of one paper: the same title (folded) or the same paper URL."""
    title_a, title_b = normalize_title(a.title), normalize_title(b.title)
    if title_a and title_a == title_b:
        return True
    url_a, url_b = (a.url or "").strip().rstrip("/"), (b.url or "").strip().rstrip("/")
    return bool(url_a) and url_a == url_b

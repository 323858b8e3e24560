"""The records the review pipeline passes from stage to stage (see ``bot.review.plan``): what it is given,
the list files a pull request changes, the places it talks about, and what the handler posts. Planning and
rendering both import them from here, so neither imports the other for its types."""

from __future__ import annotations

from collections.abc import Collection, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from bot.posts import CheckRun, InlineComment
from bot.records import Records
from bot.repo_config import RepoConfig
from bot.review.changes import Diff, EntryChanges, FileChange
from bot.review.corrections import Correction
from bot.review.generated import Paste
from rules import moved
from rules.aggregates import ListFacts
from rules.context import Catalog
from rules.model import Document, Entry, Finding, Severity
from rules.parse import DocumentCache
from rules.records import Lookup

SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def worst(severities: Iterable[Severity]) -> Severity:
    """The most severe of some severities (INFO when there are none)."""
    return min(severities, key=SEVERITY_RANK.__getitem__, default=Severity.INFO)


@dataclass(frozen=True)
class ReviewInput:
    """Everything one review is planned from; see ``bot.review.plan.plan_review`` for each field."""

    changes: Sequence[FileChange]
    head_list: Mapping[str, str]
    config: RepoConfig
    posted: Collection[str] = ()
    summarised: Container[str] = ()
    repo_url: str | None = None
    head_sha: str | None = None
    records: Records | None = None
    documents: DocumentCache = field(default_factory=DocumentCache, compare=False)  # every stage parses through it


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
    # The head's whole-list facts, derived from the base's when the head was spliced from it.
    facts: ListFacts | None = field(default=None, compare=False)

    @property
    def path(self) -> str:
        return self.change.path

    @property
    def head_lines(self) -> list[str]:
        return (self.change.head_text or "").splitlines()

    @cached_property  # asked once per finding: recomputing it made a review quadratic in its entries
    def reviewed_lines(self) -> frozenset[int]:
        """The added lines, less those of entries that did not change but for whitespace or a JSON
        comma (the last object gains one when a paper is appended): those entries are not on trial."""
        added = self.diff.added
        if self.document is None or not added:
            return added
        changed = set(self.entries.changed)
        entries, low, high = self.document.entries, min(added), max(added)
        # Found by their lines first: a spliced document's entries are moved only when read (``rules.moved``).
        holding = (
            entries[index] for index, (line, end) in enumerate(moved.spans(entries)) if line <= high and end >= low
        )
        unchanged = {
            line for entry in holding if entry not in changed for line in range(entry.line, entry.end_line + 1)
        }
        return added - unchanged


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
    paste: Paste | None = None
    fingerprints: frozenset[str] = field(default=frozenset())

    @property
    def severity(self) -> Severity:
        return worst(finding.severity for finding in self.findings)


@dataclass(frozen=True)
class ReviewPlan:
    """Everything the handler posts for one push; see ``bot.review.plan.plan_review``."""

    touched_lists: bool
    comments: tuple[InlineComment, ...]
    review_event: str | None
    review_body: str
    summary: str
    check: CheckRun


@dataclass(frozen=True)
class Checked:
    """The findings stage's result: the head list as judged, the list files whose entries were on trial,
    and what was found about them."""

    files: tuple[ListFile, ...]  # every changed list file (stage 1)
    head: Mapping[str, str]  # every list file at the head, path → text
    texts: Mapping[str, str]  # the files judged: the head less one side of each generated list
    catalog: Catalog  # those of ``texts`` that parse
    reviewed: Mapping[str, ListFile]  # the changed list files in the catalog, by path
    targets: tuple[Entry, ...]  # their added and modified entries
    findings: tuple[Finding, ...]  # about the targets, broken files and edits to generated files
    records: Mapping[str, Lookup] | None = None  # the targets' own records (None: not looked up)

    @property
    def alerts(self) -> tuple[Finding, ...]:
        """What the pull request does to each list file as a whole."""
        return tuple(alert for file in self.files for alert in file.alerts)


@dataclass(frozen=True)
class Placement:
    """Where each anchor is told: the inline comments of this review, and the fingerprints of what only
    the summary reports (too many for one review, or summarised by an earlier one)."""

    comments: tuple[InlineComment, ...]
    not_inline: int  # new comments that did not fit in this review
    summarised: frozenset[str]
    event: str | None  # the review's event; None: no review

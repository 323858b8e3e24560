"""Stage 3 of a review — anchors on diff lines: the findings grouped by the place of the head they are
about (an entry, or the lines of a finding outside any entry), each place with its corrected text (every
certain fix applied, round after round), the object to paste for a generated list, and its fingerprints."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence

from bot.repo_config import RepoConfig
from bot.review import corrections, generated
from bot.review.corrections import Correction
from bot.review.fingerprints import fingerprint, normalize_content
from bot.review.model import SEVERITY_RANK, Anchor, Checked
from rules import fixes, moved, parse, splice
from rules.aggregates import ListFacts
from rules.context import Catalog
from rules.dialects import ListFormat
from rules.model import Document, Entry, Finding, Location

Span = tuple[str, int, int]  # path, first and last line


def anchor(checked: Checked, config: RepoConfig, documents: parse.DocumentCache) -> tuple[Anchor, ...]:
    """One anchor per place the findings are about (one comment per entry), in file and line order; every
    text is parsed through ``documents``."""
    reader = Rereader(checked.catalog, config.formats, documents)
    fixed = _fixed_texts(checked, config, reader)
    corrector = _Corrector(checked, fixed, reader)
    twins: Counter[tuple[str, str]] = Counter()
    anchors: list[Anchor] = []
    for span, (entry, found) in sorted(_by_place(checked).items()):
        path, line, end_line = span
        content = corrector.content(span)
        # Identical entries (pasted placeholders) are told apart by their rank among their twins.
        twins[(path, normalize_content(content))] += 1
        occurrence = twins[(path, normalize_content(content))]
        correction = corrector.correction(span, entry)
        paste = _paste(entry, path, correction, checked, fixed, config, documents)
        prints = frozenset(fingerprint(finding.rule, path, content, occurrence) for finding in found)
        ordered = tuple(sorted(found, key=lambda finding: (SEVERITY_RANK[finding.severity], finding.rule)))
        anchors.append(Anchor(path, line, end_line, content, ordered, entry, correction, paste, prints))
    return tuple(anchors)


def _by_place(checked: Checked) -> dict[Span, tuple[Entry | None, list[Finding]]]:
    """The findings by the lines of the entry they are about, else by their own lines."""
    grouped: dict[Span, tuple[Entry | None, list[Finding]]] = {}
    for finding in checked.findings:
        entry = _entry_at(checked.catalog, finding.location)
        where = entry.location if entry else finding.location
        span = (where.path, where.line, where.last_line)
        grouped.setdefault(span, (entry, []))[1].append(finding)
    return grouped


def _entry_at(catalog: Catalog, location: Location) -> Entry | None:
    """The entry a finding is about: the one holding all its lines, else the one its lines end in (the
    removal of a JSON array's last object starts on the line before it, to take the comma off).

    A document's entries follow each other without overlapping, so a binary search over their first
    lines finds the candidates: one pass per finding made a review quadratic in its entries, and a list
    of every first line moved every entry of a spliced document (``rules.moved``)."""
    document = catalog.document(location.path)
    if document is None:
        return None
    entries = document.entries
    holding = bisect_right(entries, location.line, key=_first_line) - 1
    if holding >= 0 and location.last_line <= entries[holding].end_line:
        return entries[holding]
    ending = bisect_right(entries, location.last_line, key=_first_line) - 1
    if ending >= 0 and location.line < entries[ending].line and location.last_line <= entries[ending].end_line:
        return entries[ending]
    return None


def _first_line(entry: Entry) -> int:
    return entry.line


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
                    # By their lines, so that only the targets of a spliced round are moved (``rules.moved``).
                    lines = [line for line, _ in moved.spans(before.entries)]
                    followed.extend(
                        document.entries[paired]
                        for index, paired in corrections.paired_indices(before, document)
                        if paired is not None and (document.path, lines[index]) in wanted
                    )
            self.catalog, self.targets = catalog, tuple(followed)
        return self.targets


def _fixed_texts(checked: Checked, config: RepoConfig, reader: Rereader) -> Mapping[str, str]:
    """The head with every certain fix of the reviewed entries applied, round after round (skipped
    when nothing is fixable)."""
    if not any(finding.fix is not None for finding in checked.findings):
        return checked.texts
    targets = FollowedTargets(checked.catalog, checked.targets)
    fixed, _ = fixes.fix_until_stable(checked.texts, reader, config.rules, targets, first_findings=checked.findings)
    return fixed


class Rereader:
    """Reads each fix round's texts as the findings stage reads the head (files that do not parse left
    out), from the documents of the round before: a fix changes a few lines, so a document is spliced
    from its previous version (``rules.splice``) where the change allows, rather than read again whole,
    and its whole-list facts are derived from that version's (``rules.aggregates``)."""

    def __init__(self, catalog: Catalog, formats: Mapping[str, ListFormat] | None, cache: parse.DocumentCache) -> None:
        known = catalog.known or (None,) * len(catalog.documents)
        self.documents = {document.path: (document, facts) for document, facts in zip(catalog.documents, known)}
        self.formats = formats
        self.cache = cache  # for the texts read whole; spliced rounds are not kept, they pass

    def __call__(self, texts: Mapping[str, str]) -> Catalog:
        read: dict[str, tuple[Document, ListFacts | None]] = {}
        for path, text in texts.items():
            found = self._read(path, text)
            if found is not None:
                read[path] = found
        self.documents = read
        return Catalog(tuple(document for document, _ in read.values()), known=tuple(f for _, f in read.values()))

    def document(self, path: str, text: str) -> Document | None:
        """``text`` read as ``path``, from the last document read of it; None when it does not parse."""
        found = self._read(path, text)
        return found[0] if found is not None else None

    def _read(self, path: str, text: str) -> tuple[Document, ListFacts | None] | None:
        before, facts = self.documents.get(path, (None, None))
        if before is not None and before.text == text:
            return before, facts
        fmt = parse.format_for(path, self.formats)
        spliced = splice.splice(before, text, fmt) if before is not None else None
        if spliced is not None:
            return spliced.document, facts.derived(spliced.document.entries, spliced.change) if facts else None
        document = parse.parse_or_none(path, text, fmt, self.cache)
        return (document, self.cache.facts(document)) if document is not None else None


class _Corrector:
    """The head's lines of each place, and their corrected text: the head against the fixed head, by entry
    where both parse, by lines elsewhere."""

    def __init__(self, checked: Checked, fixed: Mapping[str, str], reader: Rereader) -> None:
        texts = checked.texts
        self.lines = {path: text.splitlines() for path, text in texts.items()}
        self.fixed_lines = {
            path: fixed[path].splitlines() for path in texts if fixed.get(path, texts[path]) != texts[path]
        }
        self.opcodes: dict[str, list[corrections.Opcode]] = {}  # by path, as a place outside every entry needs them
        self.by_entry = {
            path: _entry_corrections(checked.catalog, path, self.lines[path], fixed[path], lines, reader)
            for path, lines in self.fixed_lines.items()
        }

    def content(self, span: Span) -> str:
        path, line, end_line = span
        return "\n".join(self.lines.get(path, [])[line - 1 : end_line])

    def correction(self, span: Span, entry: Entry | None) -> Correction | None:
        path, line, end_line = span
        if entry is not None and path in self.by_entry:
            return self.by_entry[path].get(entry.line)
        if path in self.fixed_lines:
            lines, fixed_lines = self.lines[path], self.fixed_lines[path]
            if path not in self.opcodes:  # a line diff of a 100k-entry list: only for a place outside every entry
                self.opcodes[path] = corrections.line_opcodes(lines, fixed_lines)
            return corrections.corrected(lines, fixed_lines, self.opcodes[path], line, end_line)
        return None


def _entry_corrections(
    catalog: Catalog, path: str, head_lines: list[str], fixed_text: str, fixed_lines: list[str], reader: Rereader
) -> dict[int, Correction]:
    head, fixed = catalog.document(path), reader.document(path, fixed_text)
    if head is None or fixed is None:
        return {}
    return corrections.entry_corrections(head, fixed, head_lines, fixed_lines)


def _paste(
    entry: Entry | None,
    path: str,
    correction: Correction | None,
    checked: Checked,
    fixed: Mapping[str, str],
    config: RepoConfig,
    documents: parse.DocumentCache,
) -> generated.Paste | None:
    """The object to paste into the data files for a row the pull request added to a generated list for a
    paper the data files lack."""
    if entry is None or path not in config.generated or path not in checked.reviewed:
        return None
    globs = config.generated[path]
    added = entry in checked.reviewed[path].entries.added
    if not added or generated.existing_object(entry, checked.head, globs, documents, config.formats) is not None:
        return None
    return generated.paste_for(entry, correction, fixed, checked.head, globs, documents, config.formats)

"""coverage — a list file whose papers were not read.

What it does: compares the entries read from each file with the links that lead to papers (arXiv,
DOIs, proceedings, ``[pdf]`` and ``[Paper]`` links) in its items, table rows, paragraphs or data values.
A file with at least ``MIN_PAPER_LINKS`` such links and fewer entries than a third of them (``FAR_FEWER``:
an entry rarely has more than two paper links, a PDF and its abstract) was not read the way it is
written; the finding says what was seen and how to name the file's format in the config.
Why it matters: every other rule judges the entries read; a list read as empty gets "no problems".
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from rules.context import Needs, RuleContext
from rules.model import Document, Finding, Location, Severity
from rules.shapes import shapes_of
from rules.text import code

ID = "coverage"
SUMMARY = "Every list file is read: its paper links become entries."
CODES = {
    "coverage/unread": "A file with paper links from which no entry was read.",
    "coverage/few-read": "A file read far short of its paper links.",
}
EXAMPLE = "a README of 76 numbered items written in a shape no dialect reads"
USE_INSTEAD = "its dialect and fields named under `formats:` in `.github/paper-triage.yml`"
NEEDS = Needs.LIST  # every file as a whole; it does not judge entries (reviews call it per file)
FIX = "None; the config or the reader must change."
UNREAD = f"{ID}/unread"  # also the review's, for paper links on added lines that no entry was read from

# Entries fewer than this share of the paper links: the file was not read as it is written.
FAR_FEWER = 1 / 3
CONFIG_HINT = (
    "If it is a paper list, say how it is written in `.github/paper-triage.yml` — its dialect and the column or "
    "key of each field, {snippet}; "
    "if it is not, name the list files in `lists:` and this one is left alone."
)
NO_ENTRIES = "{seen}, but no paper entries recognised, so none of its papers are checked. " + CONFIG_HINT
FEW_ENTRIES = (
    "{seen}, but only {entries} paper entr{ies} recognised (read as {read_as}), so most of its papers are "
    "not checked. " + CONFIG_HINT
)
# The dialect to name in the hint, by the file's extension.
DIALECT_HINTS = {".rst": "rst", ".json": "json", ".yml": "yaml", ".yaml": "yaml"}


def check(ctx: RuleContext) -> Iterator[Finding]:
    """A whole-file judgement: made on full checks; a review asks ``finding`` for the files it changes."""
    if ctx.scope is not None:
        return
    for document in ctx.catalog.documents:
        found = finding(document)
        if found is not None:
            yield found


def finding(document: Document, named: bool = False) -> Finding | None:
    """The warning for a file read far short of its paper links, or None. A file the config ``named`` a
    list needs only one paper link to be held to it."""
    if not is_unread(document, named):
        return None
    shapes = shapes_of(document.path, document.text)
    entries = len(document.entries)
    suffix = "." + document.path.rsplit(".", 1)[-1].lower() if "." in document.path else ""
    dialect = DIALECT_HINTS.get(suffix, "markdown")
    snippet = code(
        f"formats: {{{json.dumps(document.path)}: {{dialect: {dialect}, fields: {{title: …, url: …, year: …}}}}}}"
    )
    values = {"seen": shapes.described(), "snippet": snippet}
    if entries:
        message = FEW_ENTRIES.format(
            **values, entries=entries, ies="y" if entries == 1 else "ies", read_as=document.dialect or document.kind
        )
    else:
        message = NO_ENTRIES.format(**values)
    kind = f"{ID}/few-read" if entries else UNREAD
    return Finding(ID, Severity.WARNING, message, Location(document.path, shapes.first_paper_line), code=kind)


def is_unread(document: Document, named: bool = False) -> bool:
    """Whether a file that looks like a list (or is ``named`` one) yielded far fewer entries than its paper links."""
    if document.links and len(document.entries) >= document.links * FAR_FEWER:
        return False  # enough entries for all its links, paper links or not: no need to read its shapes
    shapes = shapes_of(document.path, document.text)
    return (bool(shapes.papers) if named else shapes.looks_like_list) and len(
        document.entries
    ) < shapes.papers * FAR_FEWER

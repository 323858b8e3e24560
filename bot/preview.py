"""The words of ``/add-paper``: the one preview comment (the entry it would add, where, and every problem
with its fix), the ``/help`` reply, and the pull request's title and body. Pure: data in, markdown out;
every user-written text goes through ``bot.safe_text``."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from enum import StrEnum

from bot import safe_text
from bot.commands import ALIASES, FIELDS, Command
from bot.filled import Filled
from bot.review.render import ICONS
from rules import candidate, change
from rules.insert import Listed, Placement, ProblemKind, Proposal, RequestProblem
from rules.model import Finding, Severity

MARKER = "<!-- paper-triage:add-paper -->"
HELP_MARKER = "<!-- paper-triage:help -->"
MAX_TITLE = 90
BLOCKING_ICON = ICONS[Severity.ERROR]


class Permission(StrEnum):
    """What the commenter's request may lead to, by the repository's ``add_paper.allowed``."""

    OPENS = "opens"  # may open the pull request
    NEEDS_MAINTAINER = "needs-maintainer"  # only a collaborator's /add-paper opens it
    DISABLED = "disabled"  # the repository opens none


@dataclass(frozen=True, slots=True)
class Pull:
    """The request's open pull request: ``updated`` when this run wrote the entry shown into it."""

    number: int
    updated: bool


TITLE_READY = "### ✅ Ready to add: {title}"
TITLE_BLOCKED = "### ✋ Not ready to add yet: {title}"
TITLE_DUPLICATE = "### 📚 Already in the list: {title}"
TITLE_NO_FIELDS = "### ✋ No paper to add"
UNTITLED = "(no title yet)"

WHERE = "**Where:** {section}, in {path}, {position}."
BETWEEN = "between “{after}” (line {after_line}) and “{before}” (line {before_line})"
AT_END = "at the end, after “{after}” (line {after_line})"
AT_START = "at the start, before “{before}” (line {before_line})"
AS_FIRST = "as its first entry"
ROW_LEAD = "The row it adds:"
ITEM_LEAD = "The item it adds:"
GENERATED_ROW_LEAD = "How the table will show it (generated from {path}):"
OBJECT_LEAD = "The object it adds to {path} (only this file changes):"
PROBLEMS_TITLE = "#### To fix first"
NOTES_TITLE = "#### Worth a look"
FIXED_TITLE = "#### Tidied for you"
FIX_HINT = " Suggested fix: {fix}."
FILLED_TITLE = "#### From the papers' records"
FILLED_FIELD = "- {name}: {value} — from {source}"
FILLED_AUTHORS = "- authors: {authors} — from {source}"
CONFIRM = (
    "Please check these against the paper, then confirm by commenting the command below (correct any field first):"
)

ALREADY_LISTED = "This paper is already in the list, so there is nothing to add:"
LISTED_AT = "- “{title}” ({year}, {venue}) in {section}, {path} line {line}"
LOOKS_LIKE = (
    "{icon} This looks like “{title}” ({year}, {venue}) in {section}, {path} line {line}. If it is the same "
    "paper, a maintainer can close this issue; if it is a different one, it can be added as it is."
)
DUPLICATE_END = "If it is a different paper, edit the title or link so they tell the two apart, and I will check again."

MISSING = {
    "title": "No `title` given. Add a line `title: <the paper's title>`.",
    "url": "No `url` given. Add a line `url: <a link to the paper: arXiv, DOI or the publisher's page>`.",
    "year": "No `year` given. Add a line `year: <the year it was published, like 2024>`.",
    "venue": "No `venue` given. Add a line `venue: <where it was published>`{examples}.",
}
EXAMPLES = ", like {choices}"
BAD_YEAR = "The year {value} is not a year. Write four digits, like `2024`."
UNKNOWN_SECTION = "This list has no section {value}.{guess} The sections are {choices}."
GUESS = " Did you mean {choices}?"
NO_LIST = (
    "I found no paper table or data file on this repository's default branch, so I cannot tell where the paper goes."
)
UNKNOWN_VENUE = (
    "Neither this list nor my venue registry knows the venue {value}.{guess} Write it the way this list "
    "writes venues{examples}; a maintainer can add a new venue by hand."
)
UNPLACEABLE = (
    "{value} keeps several entries on one line, so I cannot add one without rewriting others. "
    "A maintainer can add the entry above by hand."
)
UNKNOWN_KEY = "I don't know the key {key}{guess}. The keys are {keys}."
UNKNOWN_KEY_GUESS = " (did you mean {guess}?)"
NOT_A_LINK = "The {field} link {value} is not an http(s) URL. Use the full address, starting with `https://`."
NOT_ONE_ADDRESS = (
    "The {field} link {value} is not one web address (it holds spaces, markup or hidden characters). "
    "Give the address alone, starting with `https://`."
)
LINK_NAMES = {"url": "paper", "code": "code", "model": "model"}
HTML_TITLE = "The title holds HTML ({tag}), which the list would show as markup. Write the title as plain text."
REPEATED_KEY = "{key} is given more than once; I used the last one."

OPENED = "➡️ Pull request #{number} adds it. Editing this issue (or commenting `/add-paper` again) updates it."
NEEDS_MAINTAINER = "A maintainer can comment `/add-paper` on this issue to open the pull request."
DISABLED = "This repository adds papers by hand: a maintainer can copy the entry above."
BLOCKED = "Edit the issue (or comment `/add-paper` with the corrected fields) and I will update this comment."
STALE_BLOCKED = (
    "⚠️ Pull request #{number} is still open with the earlier entry; I leave it as it is until the request "
    "is ready again (a maintainer can close it if the paper should not be added)."
)
STALE_READY = "⚠️ Pull request #{number} still holds the earlier entry; a maintainer can comment `/add-paper` to update it to this one."
STALE_DUPLICATE = "⚠️ Pull request #{number} is still open with the earlier entry; a maintainer can close it."

HELP_TITLE = "### How to add a paper"
USAGE = """\
Comment (or write in the issue) `/add-paper` at the start of a line, followed by one `key: value` per line:

```text
/add-paper
title: Video Anomaly Detection and Explanation via Large Language Models
url: https://arxiv.org/abs/2401.05702
year: 2024
venue: {example}
code: https://github.com/owner/repository
section: {section}
```

- Required: `title`, `url` (or `link`), `year`, `venue`. Optional: `code`, `model`, `section` (default: \
the first table), `task`.
- Keys are case-insensitive; values may be markdown links like `[text](https://…)`.
- `/add-paper` alone in a comment uses the fields written in this issue (or its issue form).
- I reply with the entry I would add, where it goes and anything to fix, and keep that reply up to date. \
When everything is right and a maintainer asked, I open the pull request.
- `/recheck` on a pull request runs its review again; `/help` shows this.
"""

PULL_REQUEST_TITLE = "Add paper: {title}"
PULL_REQUEST_BODY = """\
Adds “{title}” ({year}, {venue}) to {section}, as asked in #{issue}.

{entry}

Closes #{issue}

<sub>Opened by paper-triage from `/add-paper`; editing the issue or commenting `/add-paper` again updates this pull request.</sub>"""
COMMIT_MESSAGE = "Add paper: {title}\n\nRequested in #{issue}."


def is_ready(command: Command, proposal: Proposal, filled: Filled | None = None) -> bool:
    """True when the entry can be added: the rules find nothing blocking, every key was understood, every
    link field is one address, and no field was filled from the records without the requester confirming it."""
    return (
        proposal.ready
        and not command.unknown
        and not command.not_addresses
        and not (filled is not None and filled.fields)
    )


def render(
    command: Command, proposal: Proposal, permission: Permission, pull: Pull | None = None, filled: Filled | None = None
) -> str:
    """The preview comment: headline, where, the entry, the fields filled from the records (to confirm),
    problems and notes, what happens next (with the request's pull request, whenever one is open)."""
    title = _title(proposal.paper.title) if proposal.paper.title else UNTITLED
    if proposal.existing:
        return _render_duplicate(proposal, title, pull)
    ready = is_ready(command, proposal, filled)
    parts = [MARKER, (TITLE_READY if ready else TITLE_BLOCKED).format(title=title)]
    if proposal.placement is not None:
        parts.append(_where(proposal.placement))
    parts += _entry_blocks(proposal)
    if filled is not None and filled.fields:
        parts += _filled_blocks(command, filled)
    blocking = _blocking_lines(command, proposal)
    if blocking:
        parts += [PROBLEMS_TITLE, "\n".join(blocking)]
    notes = [_looks_like(listed) for listed in proposal.similar]
    notes += [_finding_line(f, proposal) for f in proposal.notes]
    notes += [REPEATED_KEY.format(key=safe_text.code(key)) for key in command.repeated]
    if notes:
        parts += [NOTES_TITLE, "\n".join(f"- {note}" for note in notes)]
    if proposal.fixed:
        # The entry shown is already the tidied one, so each fix is told by its message alone.
        parts += [FIXED_TITLE, "\n".join(f"- {safe_text.prose(finding.message)}" for finding in proposal.fixed)]
    parts.append(_next_step(ready, permission, pull))
    return safe_text.clip("\n\n".join(parts))


def render_no_fields(example_venue: str = "C-CVPR", first_section: str = "Main list") -> str:
    """The reply to an ``/add-paper`` that brings no fields, in an issue that has none either."""
    return "\n\n".join([MARKER, TITLE_NO_FIELDS, _usage(example_venue, first_section)])


def help_text(example_venue: str = "C-CVPR", first_section: str = "Main list") -> str:
    """The ``/help`` reply: how to ask for a paper, with an example in the list's own spelling."""
    return "\n\n".join([HELP_MARKER, HELP_TITLE, _usage(example_venue, first_section)])


def _usage(example_venue: str, first_section: str) -> str:
    # The example sits in a code block: the list's own venue and section names are shown as written.
    return USAGE.format(example=" ".join(example_venue.split()), section=" ".join(first_section.split()))


def pull_request_title(proposal: Proposal) -> str:
    """``Add paper: <title>`` as plain text (GitHub does not render titles as markdown)."""
    return PULL_REQUEST_TITLE.format(title=safe_text.plain(proposal.paper.title))


def commit_message(proposal: Proposal, issue: int) -> str:
    """The commit message of the change the pull request carries."""
    return COMMIT_MESSAGE.format(title=safe_text.plain(proposal.paper.title), issue=issue)


def pull_request_body(proposal: Proposal, issue: int) -> str:
    """The pull request's description: what it adds and where, the entry itself, and ``Closes #N``."""
    assert proposal.placement is not None
    paper = proposal.paper
    entry = proposal.json_object if proposal.json_object is not None else proposal.row or ""
    language = candidate.code_language(proposal.placement.path) if proposal.json_object is not None else "markdown"
    return safe_text.clip(
        PULL_REQUEST_BODY.format(
            title=safe_text.inline(_clip_title(paper.title)),
            year=safe_text.inline(paper.year),
            venue=safe_text.inline(paper.venue),
            section=_section(proposal.placement),
            issue=issue,
            entry=safe_text.fenced(entry, language),
        )
    )


def _render_duplicate(proposal: Proposal, title: str, pull: Pull | None) -> str:
    listed = [_listed_at(LISTED_AT, found) for found in proposal.existing]
    parts = [MARKER, TITLE_DUPLICATE.format(title=title), ALREADY_LISTED, "\n".join(listed), DUPLICATE_END]
    if pull is not None:
        parts.append(STALE_DUPLICATE.format(number=pull.number))
    return safe_text.clip("\n\n".join(parts))


def _listed_at(template: str, found: Listed) -> str:
    entry = found.entry
    return template.format(
        title=safe_text.inline(_clip_title(entry.title)),
        year=safe_text.inline(entry.year or "?"),
        venue=safe_text.inline(entry.venue or "?"),
        section=safe_text.code(found.section),
        path=safe_text.code(entry.path),
        line=entry.line,
        icon=ICONS[Severity.WARNING],
    )


def _looks_like(found: Listed) -> str:
    return _listed_at(LOOKS_LIKE, found)


def _where(placement: Placement) -> str:
    after, before = placement.after, placement.before
    if after is not None and before is not None:
        position = BETWEEN.format(
            after=_title(after.title), after_line=after.line, before=_title(before.title), before_line=before.line
        )
    elif after is not None:
        position = AT_END.format(after=_title(after.title), after_line=after.line)
    elif before is not None:
        position = AT_START.format(before=_title(before.title), before_line=before.line)
    else:
        position = AS_FIRST
    return WHERE.format(section=_section(placement), path=safe_text.code(placement.path), position=position)


def _entry_blocks(proposal: Proposal) -> list[str]:
    placement = proposal.placement
    blocks: list[str] = []
    if proposal.json_object is not None and placement is not None:
        blocks += [
            OBJECT_LEAD.format(path=safe_text.code(placement.path)),
            safe_text.fenced(proposal.json_object, candidate.code_language(placement.path)),
        ]
        if proposal.row is not None:
            blocks += [
                GENERATED_ROW_LEAD.format(path=safe_text.code(placement.path)),
                safe_text.fenced(proposal.row, "markdown"),
            ]
    elif proposal.row is not None:
        lead = ITEM_LEAD if placement is not None and placement.target.table is None else ROW_LEAD
        blocks += [lead, safe_text.fenced(proposal.row, "markdown")]
    return blocks


def _blocking_lines(command: Command, proposal: Proposal) -> list[str]:
    refused = dict(command.not_addresses)
    lines = [f"- {BLOCKING_ICON} {_unknown_key(key)}" for key in command.unknown]
    lines += [
        f"- {BLOCKING_ICON} {NOT_ONE_ADDRESS.format(field=LINK_NAMES[name], value=safe_text.code(value))}"
        for name, value in refused.items()
    ]
    lines += [
        f"- {BLOCKING_ICON} {_problem(problem, proposal)}"
        for problem in proposal.problems
        if not (problem.kind is ProblemKind.MISSING and problem.field in refused)
    ]  # said just above
    lines += [f"- {_finding_line(f, proposal)}" for f in proposal.blocking]
    return lines


def _finding_line(finding: Finding, proposal: Proposal) -> str:
    line = f"{ICONS[finding.severity]} {safe_text.prose(finding.message)}"
    entry = proposal.entry
    if (
        finding.fix
        and entry is not None
        and finding.location.line == entry.line
        and finding.location.last_line == entry.end_line
    ):
        line += FIX_HINT.format(fix=safe_text.prose(change.describe_fix(entry.raw, finding.fix)))
    return line


def _problem(problem: RequestProblem, proposal: Proposal) -> str:
    value = safe_text.code(problem.value)
    guess = GUESS.format(choices=_listing(problem.suggestions, "or")) if problem.suggestions else ""
    examples = EXAMPLES.format(choices=_listing(problem.choices, "or")) if problem.choices else ""
    if problem.kind is ProblemKind.MISSING:
        return MISSING[problem.field].format(examples=examples)
    if problem.kind is ProblemKind.BAD_YEAR:
        return BAD_YEAR.format(value=value)
    if problem.kind is ProblemKind.UNKNOWN_SECTION:
        return UNKNOWN_SECTION.format(value=value, guess=guess, choices=_listing(problem.choices, "and"))
    if problem.kind is ProblemKind.UNKNOWN_VENUE:
        return UNKNOWN_VENUE.format(value=value, guess=guess, examples=examples)
    if problem.kind is ProblemKind.NOT_A_LINK:
        return NOT_A_LINK.format(field=LINK_NAMES[problem.field], value=value)
    if problem.kind is ProblemKind.HTML_TITLE:
        return HTML_TITLE.format(tag=safe_text.code(_clip_title(problem.value)))
    if problem.kind is ProblemKind.UNPLACEABLE:
        return UNPLACEABLE.format(value=value)
    return NO_LIST


def _listing(values: tuple[str, ...], conjunction: str) -> str:
    """```a`, `b` or `c``` — values as code spans."""
    shown = [safe_text.code(value) for value in values]
    if len(shown) < 2:
        return "".join(shown)
    return f"{', '.join(shown[:-1])} {conjunction} {shown[-1]}"


def _unknown_key(key: str) -> str:
    names = list(FIELDS) + list(ALIASES)
    close = difflib.get_close_matches(key.lower(), names, n=1, cutoff=0.6)
    guess = UNKNOWN_KEY_GUESS.format(guess=safe_text.code(close[0])) if close else ""
    keys = ", ".join(safe_text.code(name) for name in FIELDS)
    return UNKNOWN_KEY.format(key=safe_text.code(key), guess=guess, keys=keys)


def _filled_blocks(command: Command, filled: Filled) -> list[str]:
    """Which field came from which record, and the whole command to confirm them with."""
    lines = [
        FILLED_FIELD.format(name=name, value=safe_text.code(value), source=safe_text.code(filled.sources[name]))
        for name, value in filled.fields.items()
    ]
    if filled.authors:
        lines.append(
            FILLED_AUTHORS.format(
                authors=safe_text.inline(", ".join(filled.authors)), source=safe_text.code(filled.authors_source)
            )
        )
    confirmed = {**command.fields, **filled.fields}
    text = "/add-paper\n" + "\n".join(
        f"{name}: {' '.join(confirmed[name].split())}" for name in FIELDS if name in confirmed
    )
    return [FILLED_TITLE, "\n".join(lines), CONFIRM, safe_text.fenced(text)]


def _next_step(ready: bool, permission: Permission, pull: Pull | None) -> str:
    if not ready:
        return BLOCKED if pull is None else f"{BLOCKED}\n\n{STALE_BLOCKED.format(number=pull.number)}"
    if pull is not None and pull.updated:
        return OPENED.format(number=pull.number)
    if pull is not None:  # "open the pull request" would be wrong: it is open, with the earlier entry
        return STALE_READY.format(number=pull.number)
    return DISABLED if permission is Permission.DISABLED else NEEDS_MAINTAINER


def _section(placement: Placement) -> str:
    return f"section {safe_text.code(placement.target.label)}"


def _title(title: str) -> str:
    return safe_text.inline(_clip_title(title))


def _clip_title(title: str) -> str:
    one_line = " ".join(title.split())
    return one_line if len(one_line) <= MAX_TITLE else one_line[: MAX_TITLE - 1] + "…"

"""Stage 5 of a review — rendering: inline comment bodies with ```suggestion blocks, the review's own text,
the living summary comment and the check run. Every user-written text goes through ``bot.safe_text``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from urllib.parse import quote

from bot import records, safe_text
from bot.posts import MAX_ANNOTATIONS, Annotation, AnnotationLevel, CheckRun, Conclusion, InlineComment
from bot.review import corrections
from bot.review.corrections import Correction
from bot.review.fingerprints import markers, summarised_marker
from bot.review.model import SEVERITY_RANK, Anchor, Checked, ListFile, Placement, ReviewInput, ReviewPlan, worst
from rules import candidate, grouping
from rules.checks import off_topic
from rules.model import Entry, Finding, Severity

SUMMARY_MARKER = "<!-- paper-triage:summary -->"
CHECK_NAME = "paper-triage"
MAX_TABLE_ROWS = 100
MAX_TITLE = 120
MAX_LISTED = 100  # problems, corrected entries or objects listed in the summary before "…and N more"

ICONS = {Severity.ERROR: "❌", Severity.WARNING: "⚠️", Severity.INFO: "ℹ️"}
OK_ICON = "✅"
LEVELS = {
    Severity.ERROR: AnnotationLevel.FAILURE,
    Severity.WARNING: AnnotationLevel.WARNING,
    Severity.INFO: AnnotationLevel.NOTICE,
}

COMMENT_LEAD = "**paper-triage** found {problems} {where}:"
IN_ENTRY = "in this entry"
ON_LINES = "on these lines"
SUGGESTION_LEAD = "Every certain fix, in one suggestion:"
DELETION_LEAD = "Every certain fix, in one suggestion (it deletes these lines):"
CORRECTED_LEAD = "Corrected (some of these lines are not part of this diff, so it cannot be a suggestion):"
DELETED_NOTE = "Every certain fix applied, lines {line}–{end_line} go: delete them."
FIX_TOO_LONG = "_This entry is too long for GitHub to show its fix in a comment; the summary comment and the check run list its problems._"
PASTE_LEAD = "The object to add to {path}:"
REVIEW_BODY = (
    "paper-triage found {problems} in the entries this pull request adds or changes; details are on the lines below."
)
REVIEW_MORE = " {count} more comment(s) did not fit in this review (at most {limit}); the summary comment lists them."

SUMMARY_TITLE = "### paper-triage"
ALL_GOOD = "{icon} No problems in the {papers} this pull request adds or changes."
ALL_GOOD_NO_ENTRIES = "{icon} No problems in the list files this pull request changes."
HEADLINE = "{icon} {problems} in the {papers} this pull request adds or changes."
HEADLINE_NO_ENTRIES = "{icon} {problems} in the list files this pull request changes."
TABLE_HEAD = "| | Paper | Where | Problems |\n| :-: | --- | --- | --- |"
TABLE_MORE = "\n…and {count} more."
LIST_MORE = "…and {count} more."
LEFT_OUT = (
    "_Some sections were left out to fit GitHub's size limit; the inline comments and the check run have the details._"
)
PROBLEMS_TITLE = "#### Problems"
NOT_INLINE = "{count} comment(s) did not fit in the review (GitHub takes about 30 at a time); they are all listed here."
CORRECTED_TITLE = "#### Corrected lines, ready to copy"
CORRECTED_FILE = "Every certain fix applied, in {path}:"
PASTE_TITLE = "#### Objects to add to the data files"
NOTES_TITLE = "#### Notes"
NO_DIFF_NOTE = (
    "GitHub sent no diff for {path} (too large to show), so its problems are listed here instead of on the lines."
)
UNVERIFIED = (
    "{papers} could not be checked against the papers' own records: {sources} did not answer in time. "
    "The other checks ran; the next push checks them again."
)
UNTOUCHED_SUMMARY = "This pull request changes no paper list, so there is nothing to review."
CHECK_OK_TITLE = "No problems in {papers}"
CHECK_TITLE = "{problems} in {papers}"
CHECK_LIST_FILES = "the changed list files"
CHECK_UNTOUCHED_TITLE = "No list files changed"
CHECK_FILES = "| File | Added | Changed | Removed |\n| --- | --: | --: | --: |"
ANNOTATED = (
    "The check run annotates the {shown} most severe of the {count} problems (a review posts one check run, and "
    "GitHub takes {shown} annotations per request); the summary comment on the pull request counts them all."
)


@dataclass(frozen=True)
class Links:
    """Links to head lines when the repository's web address (``https://github.com/o/r``, or an
    Enterprise host's) and the head commit are known; plain ``path:line`` otherwise."""

    repo_url: str | None = None
    head_sha: str | None = None

    def place(self, path: str, line: int, end_line: int | None = None) -> str:
        end_line = end_line or line
        label = safe_text.code(f"{path}:{line}" + (f"-{end_line}" if end_line != line else ""))
        if not (self.repo_url and self.head_sha):
            return label
        plain = "?plain=1" if path.lower().endswith((".md", ".markdown")) else ""  # line anchors need source view
        lines = f"#L{line}" + (f"-L{end_line}" if end_line != line else "")
        return f"[{label}]({self.repo_url.rstrip('/')}/blob/{quote(self.head_sha)}/{quote(path)}{plain}{lines})"


def count_problems(findings: Sequence[Finding]) -> str:
    """``2 errors, 1 warning`` — the non-zero counts by severity."""
    parts = []
    for severity in SEVERITY_RANK:
        count = sum(finding.severity is severity for finding in findings)
        if count:
            parts.append(f"{count} {severity.value}{'s' if count != 1 else ''}")
    return ", ".join(parts) or "no problems"


def _papers(count: int) -> str:
    return f"{count} paper{'s' if count != 1 else ''}"


_language = candidate.code_language


def _finding_line(finding: Finding) -> str:
    return f"{ICONS[finding.severity]} {safe_text.prose(finding.message)} <sub>{safe_text.code(finding.code)}</sub>"


def review_plan(given: ReviewInput, checked: Checked, anchors: Sequence[Anchor], placement: Placement) -> ReviewPlan:
    """What the handler posts: the placed comments under the review's text, the summary and the check run."""
    alerts = checked.alerts
    told = [*checked.findings, *alerts]
    shown = len(placement.comments)
    return ReviewPlan(
        touched_lists=True,
        comments=placement.comments,
        review_event=placement.event,
        review_body=review_body(checked.findings, shown, placement.not_inline) if shown else "",
        summary=summary(
            checked.files,
            anchors,
            told,
            Links(given.repo_url, given.head_sha),
            skipped_inline=placement.not_inline,
            summarised=placement.summarised,
            unverified=records.unverified(checked.records) if checked.records else ((), 0),
            alerts=alerts,
            texts=checked.head,
        ),
        check=check_run(checked.files, told, alerts),
    )


def untouched_plan() -> ReviewPlan:
    """A push that changes no list: nothing to comment on, a summary and a check run that say so."""
    return ReviewPlan(False, (), None, "", untouched_summary(), untouched_check())


# ---------------------------------------------------------------- inline comments


def inline_comment(anchor: Anchor, added: AbstractSet[int], head_lines: list[str]) -> InlineComment | None:
    """The comment for one entry, on its added lines; a suggestion when the whole range it replaces was
    added by the pull request. None when none of the entry's lines were added."""
    suggestion = _suggestion(anchor, added, head_lines)
    if suggestion is not None:
        start, end = suggestion.line, suggestion.end_line
    else:
        run = _added_run(anchor.line, anchor.end_line, added)
        if run is None:
            return None
        start, end = run
    body = comment_body(anchor, suggestion)
    return InlineComment(anchor.path, end, body, start if start < end else None)


def _suggestion(anchor: Anchor, added: AbstractSet[int], head_lines: list[str]) -> Correction | None:
    if anchor.correction is None or anchor.paste is not None:
        return None
    window = corrections.suggestion_window(head_lines, anchor.correction)
    for suggestion in (window, anchor.correction):
        if all(line in added for line in range(suggestion.line, suggestion.end_line + 1)):
            return suggestion
    return None


def _added_run(line: int, end_line: int, added: AbstractSet[int]) -> tuple[int, int] | None:
    """The first run of consecutive added lines within ``line..end_line``."""
    start = next((number for number in range(line, end_line + 1) if number in added), None)
    if start is None:
        return None
    end = start
    while end + 1 <= end_line and end + 1 in added:
        end += 1
    return start, end


def comment_body(anchor: Anchor, suggestion: Correction | None) -> str:
    """Findings, then the one-click fix (or the corrected text, or the object to paste), then markers.
    Within GitHub's size limit without cutting the markers or a fenced block: a fix too long to show is
    left out with a note, and only then the findings are cut."""
    problems = f"{len(anchor.findings)} problem{'s' if len(anchor.findings) != 1 else ''}"
    where = IN_ENTRY if anchor.entry is not None else ON_LINES
    text = "\n\n".join(
        [
            COMMENT_LEAD.format(problems=problems, where=where),
            "\n".join(f"- {_finding_line(f)}" for f in anchor.findings),
        ]
    )
    fix = _fix_parts(anchor, suggestion)
    marker = markers(anchor.fingerprints)
    body = "\n\n".join([text, *fix, marker])
    if len(body) <= safe_text.GITHUB_BODY_LIMIT:
        return body
    room = safe_text.GITHUB_BODY_LIMIT - len(FIX_TOO_LONG) - len(marker) - 4
    return "\n\n".join([safe_text.clip(text, room), FIX_TOO_LONG, marker])


def _fix_parts(anchor: Anchor, suggestion: Correction | None) -> list[str]:
    if anchor.paste is not None:
        return [
            PASTE_LEAD.format(path=safe_text.code(anchor.paste.data_path)),
            safe_text.fenced(anchor.paste.text, _language(anchor.paste.data_path)),
        ]
    if suggestion is not None and not suggestion.text:
        return [DELETION_LEAD, "```suggestion\n```"]  # an empty suggestion deletes the lines
    if suggestion is not None:
        lead = DELETION_LEAD if anchor.correction is not None and anchor.correction.removes else SUGGESTION_LEAD
        return [lead, safe_text.fenced(suggestion.text, "suggestion")]
    if anchor.correction is not None and (anchor.correction.removes or not anchor.correction.text):
        return [DELETED_NOTE.format(line=anchor.correction.line, end_line=anchor.correction.end_line)]
    if anchor.correction is not None:
        return [CORRECTED_LEAD, safe_text.fenced(anchor.correction.text, _language(anchor.path))]
    return []


def review_body(findings: Sequence[Finding], shown: int, not_shown: int, limit: int = 30) -> str:
    """The short text of the review itself."""
    body = REVIEW_BODY.format(problems=count_problems(findings))
    if not_shown:
        body += REVIEW_MORE.format(count=not_shown, limit=limit)
    return body


# ---------------------------------------------------------------- summary comment


def summary(
    files: Sequence[ListFile],
    anchors: Sequence[Anchor],
    findings: Sequence[Finding],
    links: Links,
    skipped_inline: int,
    summarised: Iterable[str] = (),
    unverified: tuple[Sequence[str], int] = ((), 0),
    alerts: Sequence[Finding] = (),
    texts: Mapping[str, str] | None = None,
) -> str:
    """The living summary comment: what the pull request does to a list as a whole (``alerts``, called
    out first), status table, problems with links (``texts``: the head files they are in), corrected entries, notes, and
    the fingerprints of the problems only it reports. Built to fit GitHub's size limit: long lists
    end in "…and N more", and whole sections are left out, last first, rather than cut mid-markdown."""
    papers = [entry for file in files for entry in file.entries.changed]
    head = [SUMMARY_MARKER, SUMMARY_TITLE] + ([callout(alerts)] if alerts else [])
    sources, count = unverified
    unchecked = [UNVERIFIED.format(papers=_papers(count), sources=", ".join(sources))] if count else []
    if not findings:
        return "\n\n".join([*head, _all_good(papers), *unchecked])
    sections = [
        [_status_table(papers, anchors, links)] if papers else [],
        _problems_section(anchors, links, skipped_inline, texts or {}),
        _notes_section(files, unchecked),
        *_corrected_sections(anchors),
    ]
    tail = [summarised_marker(summarised)] if summarised else []
    return _fitted(head + _headlines(findings, papers), sections, tail)


def _all_good(papers: Sequence[Entry]) -> str:
    if papers:
        return ALL_GOOD.format(icon=OK_ICON, papers=_papers(len(papers)))
    return ALL_GOOD_NO_ENTRIES.format(icon=OK_ICON)


def _headlines(findings: Sequence[Finding], papers: Sequence[Entry]) -> list[str]:
    """The count of problems, and what a reader needs to know before the details."""
    icon = ICONS[worst(finding.severity for finding in findings)]
    headline = HEADLINE if papers else HEADLINE_NO_ENTRIES
    lines = [headline.format(icon=icon, problems=count_problems(findings), papers=_papers(len(papers)))]
    if off_topic_note := off_topic.summary_note(findings, len(papers)):
        lines.append(off_topic_note)
    if len(findings) > MAX_ANNOTATIONS:
        lines.append(ANNOTATED.format(shown=MAX_ANNOTATIONS, count=len(findings)))
    return lines


def _problems_section(
    anchors: Sequence[Anchor], links: Links, skipped_inline: int, texts: Mapping[str, str]
) -> list[str]:
    if not anchors:
        return []
    return [PROBLEMS_TITLE, _problem_list(anchors, links, texts)] + (
        [NOT_INLINE.format(count=skipped_inline)] if skipped_inline else []
    )


def _notes_section(files: Sequence[ListFile], unchecked: list[str]) -> list[str]:
    notes = [
        NO_DIFF_NOTE.format(path=safe_text.code(file.path))
        for file in files
        if not file.diff.commentable and (file.diff.added or file.diff.removed)
    ]  # a pure rename has no diff
    notes += unchecked
    return [NOTES_TITLE, "\n".join(f"- {note}" for note in notes)] if notes else []


def callout(alerts: Sequence[Finding]) -> str:
    """The alerts as a GitHub alert block: CAUTION when one fails the check, WARNING otherwise."""
    kind = "CAUTION" if any(alert.severity is Severity.ERROR for alert in alerts) else "WARNING"
    lines = [f"> {ICONS[alert.severity]} {safe_text.prose(alert.message)}" for alert in alerts[:MAX_LISTED]]
    return "\n>\n".join([f"> [!{kind}]", *lines])


def _fitted(
    head: list[str], sections: list[list[str]], tail: list[str], limit: int = safe_text.GITHUB_BODY_LIMIT
) -> str:
    """``head``, as many ``sections`` as fit (the first ones), and ``tail``."""
    kept = [section for section in sections if section]
    while True:
        parts = head + [part for section in kept for part in section]
        if len(kept) < len([section for section in sections if section]):
            parts.append(LEFT_OUT)
        body = "\n\n".join(parts + tail)
        if len(body) <= limit or not kept:
            return safe_text.clip(body, limit)
        kept.pop()


def _status_table(papers: Sequence[Entry], anchors: Sequence[Anchor], links: Links) -> str:
    by_entry = {(anchor.path, anchor.line): anchor for anchor in anchors if anchor.entry is not None}
    rows = [TABLE_HEAD]
    for entry in papers[:MAX_TABLE_ROWS]:
        anchor = by_entry.get((entry.path, entry.line))
        status = ICONS[anchor.severity] if anchor else OK_ICON
        found = count_problems(anchor.findings) if anchor else "—"
        title = safe_text.inline(_short(entry.title) or "(no title)")
        rows.append(f"| {status} | {title} | {links.place(entry.path, entry.line, entry.end_line)} | {found} |")
    table = "\n".join(rows)
    if len(papers) > MAX_TABLE_ROWS:
        table += TABLE_MORE.format(count=len(papers) - MAX_TABLE_ROWS)
    return table


def _short(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1] + "…"


def _problem_list(anchors: Sequence[Anchor], links: Links, texts: Mapping[str, str]) -> str:
    """One line per problem; a cause recurring on many of the pull request's lines (one venue spelling
    on every added row) once, with the count and the lines, as ``check`` groups them."""
    found = grouping.group((finding for anchor in anchors for finding in anchor.findings), texts)
    lines = [
        f"- {links.place(finding.location.path, finding.location.line, finding.location.last_line)} {_finding_line(finding)}"
        for finding in found
    ]
    return "\n".join(_capped(lines, MAX_LISTED))


def _capped(items: list[str], limit: int) -> list[str]:
    """At most ``limit`` items, the last saying how many more there are."""
    if len(items) <= limit:
        return items
    return items[:limit] + [LIST_MORE.format(count=len(items) - limit)]


def _corrected_sections(anchors: Sequence[Anchor]) -> list[list[str]]:
    """The corrected entries, then the objects to paste, each section at most ``MAX_LISTED`` entries."""
    fixed_by_path: dict[str, list[str]] = {}
    pastes: dict[str, list[str]] = {}
    for anchor in anchors:
        if anchor.paste is not None:
            pastes.setdefault(anchor.paste.data_path, []).append(anchor.paste.text)
        elif anchor.correction is not None and anchor.correction.text and not anchor.correction.removes:
            fixed_by_path.setdefault(anchor.path, []).append(anchor.correction.text)
    return [
        _code_section(CORRECTED_TITLE, fixed_by_path, lambda path: "\n", _language),
        _code_section(PASTE_TITLE, pastes, candidate.separator, _language),
    ]


def _code_section(
    title: str, texts_by_path: dict[str, list[str]], joiner: Callable[[str], str], language: Callable[[str], str]
) -> list[str]:
    if not texts_by_path:
        return []
    parts = [title]
    for path, texts in texts_by_path.items():
        shown = texts[:MAX_LISTED]
        parts += [
            CORRECTED_FILE.format(path=safe_text.code(path)),
            safe_text.fenced(joiner(path).join(shown), language(path)),
        ]
        if len(texts) > len(shown):
            parts.append(LIST_MORE.format(count=len(texts) - len(shown)))
    return parts


def untouched_summary() -> str:
    """The summary for a push that touches no list (the handler need not post it)."""
    return f"{SUMMARY_MARKER}\n\n{SUMMARY_TITLE}\n\n{UNTOUCHED_SUMMARY}"


# ---------------------------------------------------------------- check run


def check_run(files: Sequence[ListFile], findings: Sequence[Finding], alerts: Sequence[Finding] = ()) -> CheckRun:
    """``paper-triage``: failure on errors, neutral on warnings and notes only, success otherwise; an
    annotation for each of the MAX_ANNOTATIONS most severe findings on lines, the rest counted in its text;
    ``alerts`` (among the findings: about whole files, which may be gone from the head) lead its summary."""
    lined = [finding for finding in findings if finding not in alerts]
    text = ANNOTATED.format(shown=MAX_ANNOTATIONS, count=len(lined)) if len(lined) > MAX_ANNOTATIONS else ""
    summary_text = _check_summary(files, alerts)
    return CheckRun(
        CHECK_NAME, _conclusion(findings), _check_title(files, findings), summary_text, _annotations(lined), text
    )


def _conclusion(findings: Sequence[Finding]) -> Conclusion:
    if any(finding.severity is Severity.ERROR for finding in findings):
        return Conclusion.FAILURE
    return Conclusion.NEUTRAL if findings else Conclusion.SUCCESS


def _check_title(files: Sequence[ListFile], findings: Sequence[Finding]) -> str:
    papers = _papers(sum(len(file.entries.changed) for file in files))
    where = papers if any(file.entries.changed for file in files) else CHECK_LIST_FILES
    if findings:
        return CHECK_TITLE.format(problems=count_problems(findings), papers=where)
    return CHECK_OK_TITLE.format(papers=where)


def _check_summary(files: Sequence[ListFile], alerts: Sequence[Finding]) -> str:
    """The alerts, then a table of the entries each file gains, changes and loses."""
    table = [CHECK_FILES] + [
        f"| {safe_text.code(file.path)} | {len(file.entries.added)} | {len(file.entries.modified)} | {len(file.entries.removed)} |"
        for file in files
    ]
    lead = [f"- {ICONS[alert.severity]} {safe_text.prose(alert.message)}" for alert in alerts]
    return safe_text.clip("\n".join(lead) + "\n\n" + "\n".join(table) if lead else "\n".join(table))


def _annotations(lined: Sequence[Finding]) -> tuple[Annotation, ...]:
    """The MAX_ANNOTATIONS most severe findings on lines, in the list's order."""
    most_severe = sorted(range(len(lined)), key=lambda index: SEVERITY_RANK[lined[index].severity])
    return tuple(
        Annotation(
            finding.location.path,
            finding.location.line,
            finding.location.last_line,
            LEVELS[finding.severity],
            safe_text.visible(finding.message),
            finding.code,
        )
        for finding in (lined[index] for index in sorted(most_severe[:MAX_ANNOTATIONS]))
    )


def untouched_check() -> CheckRun:
    """A success that says why nothing was checked."""
    return CheckRun(CHECK_NAME, Conclusion.SUCCESS, CHECK_UNTOUCHED_TITLE, UNTOUCHED_SUMMARY)

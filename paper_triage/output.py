"""How ``paper-triage check`` prints its findings: one renderer per ``--format``, each one pass over them.

A renderer takes a ``Report`` (the findings, the texts they were found in, the files that could not be
read; what else a run has to tell goes there too) and returns the text to print as chunks to write one
after another (``"".join`` makes the whole of it): a 100k-entry list's output is a few tens of MB, and
streaming it keeps that copy, and the pieces it is joined from, out of the peak memory. Nothing here reads
the environment or writes a file: the command decides where the text goes.
"""

from __future__ import annotations

import inspect
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from rules import change, checks
from rules.grouping import Lines
from rules.model import Finding, Severity

TOOL = "paper-triage"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
NOT_INSTALLED = "0+source"  # run from a source folder (python -m paper_triage, as buildpacks do) without installing

# GitHub shows at most 10 error and 10 warning annotations made by workflow commands per step (and 50 per
# job); notices are capped alike here. The rest are printed as plain log lines and counted.
ANNOTATIONS_PER_KIND = 10
GITHUB_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# The text format's code column fits the longest code (`venue-contradicted/preprint-link`); the notes under
# a finding (`see …`, `fix: …`) start two columns before its message.
CODE_WIDTH = 32
INDENT = 2 + 5 + 2 + 7 + 2 + CODE_WIDTH

COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
BOLD, RESET = "\033[1m", "\033[0m"


@dataclass(frozen=True)
class FileRead:
    """What was read from one file: in which dialect, and how many paper entries."""

    path: str
    dialect: str
    entries: int
    generated_from: tuple[str, ...] = ()  # the data files a generated page shows, judged in its stead

    def line(self) -> str:
        noun = "entry" if self.entries == 1 else "entries"
        read = f"{self.path}: {self.entries} {noun} read as {self.dialect or 'nothing known'}"
        if not self.generated_from:
            return read
        return f"{read}, generated from {', '.join(self.generated_from)} (its rows' problems are reported there)"


@dataclass(frozen=True)
class Report:
    """Everything one run of ``check`` has to tell."""

    findings: list[Finding]
    texts: dict[str, str]
    unreadable: list[str] = field(default_factory=list)  # one-line reasons, "path: why"
    files: list[FileRead] = field(default_factory=list)
    lines: Lines | None = None  # ``texts`` as grouping the findings read them


def version() -> str:
    from importlib import metadata  # slow to import (email parsing): only `--version` and SARIF need it

    try:
        return metadata.version(TOOL)
    except metadata.PackageNotFoundError:
        return NOT_INSTALLED


def fix_summary(finding: Finding, lines: Lines) -> str:
    original = lines.original(finding)
    return change.describe_fix(original, finding.fix or "") if original is not None else "available"


def read_lines(report: Report) -> Lines:
    """The report's texts as grouping read them (where each line starts), else read afresh."""
    return report.lines if report.lines is not None else Lines(report.texts)


# --- text ---------------------------------------------------------------------------------------------


def render_text(report: Report, *, colour: bool = False, quiet: bool = False) -> Iterator[str]:
    """What each file was read as, then findings grouped by file: ``line  severity  code  message``, then
    related places and the fix; one chunk per finding."""
    read = [] if quiet else [file.line() for file in report.files]
    if not report.findings:
        done = (
            "" if quiet or not report.texts else f"No problems found in {len(report.texts)} file(s){_unread(report)}."
        )
        yield "\n".join([*read, done]).strip("\n")
        return
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        by_path[finding.location.path].append(finding)
    lines = read_lines(report)
    separator = "\n".join([*read, "", ""]) if read else ""
    for path, found in by_path.items():
        yield separator + (f"{BOLD}{path}{RESET}" if colour else path)
        for finding in found:
            yield "\n" + "\n".join(_finding_lines(finding, lines, colour))
        separator = "\n\n"
    if not quiet:
        yield separator + totals(report.findings)


def _finding_lines(finding: Finding, lines: Lines, colour: bool) -> list[str]:
    """One finding in the text output: its line, severity, code and message, then its notes."""
    severity = f"{finding.severity.value:<7}"
    if colour:
        severity = f"{COLOURS[finding.severity]}{severity}{RESET}"
    out = [f"  {finding.location.line:>5}  {severity}  {finding.code:<{CODE_WIDTH}}  {finding.message}"]
    out.extend(_related_lines(finding))
    if finding.fix is not None:
        out.append(f"{'':{INDENT}}fix: {fix_summary(finding, lines)}{_each(finding)}")
    return out


def _related_lines(finding: Finding) -> list[str]:
    """``see path:line`` for each related place; a group's places (its parts) in one line, all of them."""
    if finding.parts:
        return [f"{'':{INDENT}}at lines {', '.join(str(part.location.line) for part in finding.parts)}"]
    return [f"{'':{INDENT}}see {related.path}:{related.line}" for related in finding.related]


def _each(finding: Finding) -> str:
    return f" (at each of the {len(finding.parts)} lines)" if finding.parts else ""


def _unread(report: Report) -> str:
    return f" ({len(report.unreadable)} could not be read)" if report.unreadable else ""


def totals(findings: Iterable[Finding]) -> str:
    counts = Counter(finding.severity for finding in findings)
    fixable = sum(finding.fix is not None for finding in findings)
    parts = ", ".join(f"{counts[s]} {s.value}{'s' if counts[s] != 1 else ''}" for s in Severity)
    return f"{parts}; {fixable} fixable with `paper-triage fix`."


# --- concise ------------------------------------------------------------------------------------------


def concise_line(finding: Finding) -> str:
    """``path:line:col: severity [code] message`` — what editors and problem matchers read."""
    location = finding.location
    return f"{location.path}:{location.line}:1: {finding.severity.value} [{finding.code}] {_one_line(finding.message)}"


def render_concise(report: Report, **_: object) -> Iterator[str]:
    return lines_of(concise_line(finding) for finding in report.findings)


def lines_of(lines: Iterable[str]) -> Iterator[str]:
    """``lines`` as chunks of output, one per line, a line break between each two."""
    separator = ""
    for line in lines:
        yield separator + line
        separator = "\n"


# --- json ---------------------------------------------------------------------------------------------


def finding_json(finding: Finding) -> dict:
    """The ``--format json`` shape of one finding."""
    return {
        "rule": finding.rule,
        "code": finding.code,
        "severity": finding.severity.value,
        "path": finding.location.path,
        "line": finding.location.line,
        "end_line": finding.location.last_line,
        "message": finding.message,
        "fix": finding.fix,
        "related": [{"path": related.path, "line": related.line} for related in finding.related],
        **(_group_json(finding) if finding.parts else {}),
    }


def _group_json(finding: Finding) -> dict:
    """A group's count and each of its lines' own edit (``fix`` is the first line's)."""
    return {
        "count": len(finding.parts),
        "edits": [
            {"line": part.location.line, "end_line": part.location.last_line, "fix": part.fix} for part in finding.parts
        ],
    }


def render_json(report: Report, **_: object) -> Iterator[str]:
    document: dict = {
        "files": [{"path": file.path, "dialect": file.dialect, "entries": file.entries} for file in report.files],
        "findings": ITEMS,
    }
    if report.unreadable:
        document["errors"] = report.unreadable
    return items_per_line(document, (finding_json(finding) for finding in report.findings))


# Where dumps_items_per_line writes its items; a string no document holds (JSON escapes control characters).
ITEMS = "\0items\0"
_COMPACT = json.JSONEncoder(ensure_ascii=False)


def dumps_items_per_line(document: dict, items: Iterable[object]) -> str:
    """``document`` as indented JSON, with the value ``ITEMS`` replaced by the list of ``items``, one item
    per line: the standard library indents only in pure Python (a 10k-entry list's SARIF took 1.5 s so),
    while its C encoder writes each item compactly at many times the speed."""
    return "".join(items_per_line(document, items))


def items_per_line(document: dict, items: Iterable[object]) -> Iterator[str]:
    """``dumps_items_per_line`` as chunks: the document up to the items, one chunk per item, then the rest."""
    before, _, after = json.dumps(document, indent=2, ensure_ascii=False).partition(json.dumps(ITEMS))
    last_line = before[before.rfind("\n") + 1 :]
    indent = " " * (len(last_line) - len(last_line.lstrip(" "))) + "  "
    yield before
    separator = "[\n"
    for item in items:
        yield separator + indent + _COMPACT.encode(item)
        separator = ",\n"
    yield ("[]" if separator == "[\n" else f"\n{indent[:-2]}]") + after


# --- github (workflow commands) -----------------------------------------------------------------------


def render_github(report: Report, **_: object) -> Iterator[str]:
    """Workflow commands, at most ``ANNOTATIONS_PER_KIND`` of each kind (GitHub drops the rest
    silently); the others as plain log lines, then one line counting what was not annotated."""
    shown: Counter[Severity] = Counter()
    out: list[str] = []
    for finding in report.findings:
        if shown[finding.severity] < ANNOTATIONS_PER_KIND:
            shown[finding.severity] += 1
            out.append(workflow_command(finding))
        else:
            out.append(concise_line(finding))
    out.extend(f"::error::{_escape_data(reason)}" for reason in report.unreadable)
    hidden = len(report.findings) - sum(shown.values())
    if hidden:
        out.append(
            f"{hidden} more finding(s) are in this log but not annotated: GitHub shows "
            f"{ANNOTATIONS_PER_KIND} annotations of each kind per step."
        )
    return lines_of(out)


def workflow_command(finding: Finding) -> str:
    location = finding.location
    properties = {
        "file": location.path,
        "line": location.line,
        "endLine": location.last_line,
        "title": f"{TOOL} [{finding.code}]",
    }
    rendered = ",".join(f"{key}={_escape_property(str(value))}" for key, value in properties.items())
    return f"::{GITHUB_COMMAND[finding.severity]} {rendered}::{_escape_data(finding.message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def step_summary(report: Report) -> str:
    """Markdown for the workflow run's page (``$GITHUB_STEP_SUMMARY``): totals and every finding."""
    if not report.findings and not report.unreadable:
        checked = f"No problems found in {len(report.texts)} file(s)." if report.texts else "No list file to check."
        return f"### {TOOL}\n\n{checked}\n"
    out = [f"### {TOOL}", "", totals(report.findings), ""]
    out.extend(f"- **{reason}**" for reason in report.unreadable)
    if report.findings:
        out += ["| file | line | severity | code | message |", "| --- | ---: | --- | --- | --- |"]
        out.extend(
            f"| `{f.location.path}` | {f.location.line} | {f.severity.value} | `{f.code}` | {_table_cell(f.message)} |"
            for f in report.findings
        )
    return "\n".join(out) + "\n"


def _table_cell(text: str) -> str:
    return _one_line(text).replace("|", "\\|")


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- sarif --------------------------------------------------------------------------------------------


def render_sarif(report: Report, **_: object) -> Iterator[str]:
    """One SARIF 2.1.0 run: every rule with its description, every finding with its place and fix. A
    result's ``ruleId`` is its rule (code scanning groups alerts by it); its code is the result's
    ``properties.code``, and each rule lists its codes in ``properties.codes``."""
    rule_index = {rule.ID: index for index, rule in enumerate(checks.DESCRIBED)}
    lines = read_lines(report)
    run = {
        "tool": {
            "driver": {
                "name": TOOL,
                "version": version(),
                "rules": [sarif_rule(rule) for rule in checks.DESCRIBED],
            }
        },
        "results": ITEMS,
        "invocations": [
            {
                "executionSuccessful": not report.unreadable,
                "toolExecutionNotifications": [
                    {"level": "error", "message": {"text": reason}} for reason in report.unreadable
                ],
            }
        ],
    }
    results = (sarif_result(finding, rule_index, lines) for finding in report.findings)
    return items_per_line({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, results)


def sarif_rule(rule: checks.Described) -> dict:
    described = inspect.getdoc(rule) or rule.SUMMARY
    return {
        "id": rule.ID,
        "name": rule.ID,
        "shortDescription": {"text": rule.SUMMARY},
        "fullDescription": {"text": described},
        "help": {"text": f"{described}\n\nExample: {rule.EXAMPLE}\nFix: {rule.FIX}"},
        "properties": {"codes": dict(rule.CODES)},
    }


def sarif_result(finding: Finding, rule_index: dict[str, int], lines: Lines) -> dict:
    result: dict = {
        "ruleId": finding.rule,
        "level": SARIF_LEVEL[finding.severity],
        "message": {"text": finding.message},
        "properties": {"code": finding.code},
        "locations": [_sarif_location(finding.location.path, finding.location.line, finding.location.last_line)],
    }
    if finding.rule in rule_index:
        result["ruleIndex"] = rule_index[finding.rule]
    if finding.related:
        result["relatedLocations"] = [
            {"id": index, **_sarif_location(related.path, related.line, related.last_line)}
            for index, related in enumerate(finding.related)
        ]
    if finding.fix is not None:
        result["fixes"] = [_sarif_fix(finding, lines)]
    return result


def _sarif_location(path: str, line: int, end_line: int) -> dict:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": path, "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": line, "endLine": end_line},
        }
    }


def _sarif_fix(finding: Finding, lines: Lines) -> dict:
    """One fix replacing the lines of each of the finding's occurrences (a group's every line)."""
    return {
        "description": {"text": fix_summary(finding, lines) + _each(finding)},
        "artifactChanges": [
            {
                "artifactLocation": {"uri": finding.location.path, "uriBaseId": "%SRCROOT%"},
                "replacements": [
                    _sarif_replacement(part, lines) for part in finding.occurrences if part.fix is not None
                ],
            }
        ],
    }


def _sarif_replacement(finding: Finding, lines: Lines) -> dict:
    """Replace whole lines ``line..end_line``: from the start of the first to the start of the line after
    the last, newline included; the file's last line has none, and a region without columns ends with it."""
    location = finding.location
    replacement = finding.fix or ""
    deleted: dict = {"startLine": location.line, "endLine": location.last_line}
    inserted = replacement
    if location.last_line < lines.count(location.path):
        deleted = {"startLine": location.line, "startColumn": 1, "endLine": location.last_line + 1, "endColumn": 1}
        inserted = replacement + "\n" if replacement else ""
    return {"deletedRegion": deleted, "insertedContent": {"text": inserted}}


Renderer = Callable[..., Iterable[str]]
RENDERERS: dict[str, Renderer] = {
    "text": render_text,
    "concise": render_concise,
    "json": render_json,
    "github": render_github,
    "sarif": render_sarif,
}

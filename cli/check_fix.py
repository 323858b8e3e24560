"""``paper-triage check`` and ``paper-triage fix``: judge whole list files on this machine."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot import config as repo_config
from bot.errors import ConfigError
from cli import files
from rules import engine, fixes
from rules.context import CheckOptions
from rules.model import Finding, Severity


def register(subcommands: argparse._SubParsersAction) -> None:
    check = subcommands.add_parser("check", help="report every problem in list files (markdown or JSON)")
    check.add_argument("paths", nargs="+", metavar="PATH", help="list files: README.md, scripts/data*.json, …")
    check.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    check.set_defaults(run=run_check)
    fix = subcommands.add_parser("fix", help="apply the certain fixes in place")
    fix.add_argument("paths", nargs="+", metavar="PATH", help="list files to fix in place")
    fix.set_defaults(run=run_fix)
    for command in (check, fix):
        command.add_argument(
            "--config", metavar="FILE", default=None,
            help=f"repository config with rule options (default: {repo_config.CONFIG_PATH} when it exists)",
        )


def load_options(config_path: str | None) -> CheckOptions:
    """The rule options of the repository config the bot would use, so local runs judge alike."""
    path = Path(config_path or repo_config.CONFIG_PATH)
    text = None if config_path is None and not path.exists() else files.read_text(path)
    try:
        return repo_config.parse_config(text, str(path)).rules
    except ConfigError as error:
        raise files.UsageError(str(error)) from None


def run_check(args: argparse.Namespace) -> int:
    """Print the findings; exit 1 when any is an error."""
    options = load_options(args.config)
    texts = files.read_texts(args.paths)
    findings = engine.check(files.parse_texts(texts), options)
    if args.format == "json":
        print(json.dumps({"findings": [finding_json(finding) for finding in findings]}, indent=2, ensure_ascii=False))
    else:
        print(format_text(findings, texts, fix_outcome(texts, options, findings).resolved))
    return 1 if any(finding.severity is Severity.ERROR for finding in findings) else 0


def run_fix(args: argparse.Namespace) -> int:
    """Apply certain fixes until none is left; write each changed file atomically; say what is left."""
    options = load_options(args.config)
    texts = files.read_texts(args.paths)
    findings = engine.check(files.parse_texts(texts), options)  # refuses broken input before touching anything
    outcome = fix_outcome(texts, options, findings, on_applied=_print_fix)
    changed = [path for path in texts if outcome.texts[path] != texts[path]]
    where = files.locations(args.paths)
    for path in changed:
        files.write_atomically(where[path], outcome.texts[path])
    print(f"Fixed {outcome.resolved} problem(s) in {len(changed)} file(s)." if changed else "Nothing to fix.")
    if outcome.after:
        print(_left(outcome.after))
    return 0


@dataclass(frozen=True)
class FixOutcome:
    """What ``fix`` does to the files: their fixed texts, and the problems found before and after."""

    texts: dict[str, str]
    before: list[Finding]
    after: list[Finding]

    @property
    def resolved(self) -> int:
        """The problems the fixes make go away: what ``check`` calls fixable and ``fix`` reports fixed
        (one fix can settle several problems of an entry, and a deleted copy takes its others along)."""
        return max(0, len(self.before) - len(self.after))


def fix_outcome(
    texts: dict[str, str], options: CheckOptions, before: list[Finding],
    on_applied: Callable[[Finding, str], None] | None = None,
) -> FixOutcome:
    """Run the certain fixes in memory, round after round, and check what is left."""
    if not any(finding.fix is not None for finding in before):
        return FixOutcome(dict(texts), before, before)
    fixed, applied = fixes.fix_until_stable(texts, files.parse_texts, options, first_findings=before, on_applied=on_applied)
    return FixOutcome(fixed, before, engine.check(files.parse_texts(fixed), options) if applied else before)


def _left(findings: list[Finding]) -> str:
    fixable = sum(finding.fix is not None for finding in findings)
    stuck = f"; {fixable} of them have a fix that could not be applied" if fixable else ""
    return f"Left unfixed: {_counts(findings)}{stuck}. `paper-triage check` lists them."


def _print_fix(finding: Finding, summary: str) -> None:
    # Later rounds number lines in the text as the earlier rounds left it.
    print(f"{finding.location.path}:{finding.location.line}: [{finding.rule}] {summary}")


def _lines(text: str, finding: Finding) -> str | None:
    lines = text.splitlines()
    start, end = finding.location.line, finding.location.last_line
    return "\n".join(lines[start - 1:end]) if end <= len(lines) else None


def finding_json(finding: Finding) -> dict:
    """The ``--format json`` shape of one finding."""
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "path": finding.location.path,
        "line": finding.location.line,
        "end_line": finding.location.last_line,
        "message": finding.message,
        "fix": finding.fix,
        "related": [{"path": related.path, "line": related.line} for related in finding.related],
    }


def format_text(findings: list[Finding], texts: dict[str, str], fixable: int) -> str:
    """Findings grouped by file: ``line  severity  rule  message``, then related places and the fix."""
    if not findings:
        return f"No problems found in {len(texts)} file(s)."
    out: list[str] = []
    for path in dict.fromkeys(finding.location.path for finding in findings):
        out.append(path)
        for finding in (f for f in findings if f.location.path == path):
            out.append(f"  {finding.location.line:>5}  {finding.severity.value:<7}  {finding.rule:<18}  {finding.message}")
            for related in finding.related:
                out.append(f"{'':36}see {related.path}:{related.line}")
            if finding.fix is not None:
                original = _lines(texts[path], finding)
                summary = fixes.describe_fix(original, finding.fix) if original is not None else "available"
                out.append(f"{'':36}fix: {summary}")
        out.append("")
    out.append(f"{_counts(findings)}; {fixable} fixable with `paper-triage fix`.")
    return "\n".join(out)


def _counts(findings: list[Finding]) -> str:
    counts = {severity: sum(f.severity is severity for f in findings) for severity in Severity}
    return ", ".join(f"{count} {severity.value}{'s' if count != 1 else ''}" for severity, count in counts.items())

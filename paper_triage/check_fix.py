"""``paper-triage check`` and ``paper-triage fix``: judge whole list files on this machine.

Each file is judged with the config of its own repository (the nearest folder above it holding ``.git``),
as the bot would judge it there; ``--config`` names one for all. A file that cannot be read is reported
and the others are still checked; the run then exits 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot import collector, memory
from bot.config_file import CONFIG_PATH, dated
from bot.errors import ConfigError
from paper_triage import files, online, output
from rules import engine, fixes, generated, grouping, parse, sections
from rules.context import Catalog, CheckOptions
from rules.dialects import ListFormat
from rules.model import DATA_KINDS, Document, Finding, Severity

if TYPE_CHECKING:
    from bot.repo_config import RepoConfig

FAIL_ON = {
    "error": {Severity.ERROR},
    "warning": {Severity.ERROR, Severity.WARNING},
    "never": set(),
}
NO_LISTS = "{root}: found no list file (README.md, data*.json, or the `lists:` of {config}); name the files to check"
LEFT_UNFIXED = "Left unfixed: {counts}. `paper-triage check` lists them."
NO_CHANGED_LISTS = "No list file changed since {ref}."
CHANGED_WITH_PATHS = "--changed-from picks among the repository's list files: give it without PATHs"
STEP_SUMMARY = "GITHUB_STEP_SUMMARY"


def register(subcommands: argparse._SubParsersAction) -> None:
    check = subcommands.add_parser("check", help="report every problem in list files (markdown or JSON)")
    check.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="list files (README.md, scripts/data*.json, `-` for standard input); "
        "none: the list files of the repository you are in",
    )
    check.add_argument(
        "--format",
        choices=tuple(output.RENDERERS),
        default="text",
        help="text (default), concise (path:line:col: severity [rule] message), json, "
        "github (workflow annotations), sarif (SARIF 2.1.0)",
    )
    check.add_argument(
        "--fail-on",
        choices=tuple(FAIL_ON),
        default="error",
        help="exit 1 when a finding is this severe or more (default: error; never: always 0)",
    )
    check.add_argument(
        "--changed-from", metavar="REF", help="without PATHs: only the list files that differ from this git revision"
    )
    check.add_argument("--sarif-file", metavar="FILE", help="also write the findings as SARIF 2.1.0 to FILE")
    check.add_argument(
        "--online",
        action="store_true",
        help="also check entries against the papers' records (arXiv, Crossref, DBLP, OpenReview)",
    )
    check.set_defaults(run=run_check)
    fix = subcommands.add_parser(
        "fix", help="apply the certain fixes in place (`-`: fix standard input to standard output)"
    )
    fix.add_argument("paths", nargs="+", metavar="PATH", help="list files to fix in place")
    fix.set_defaults(run=run_fix)
    for command in (check, fix):
        command.add_argument(
            "--config",
            metavar="FILE",
            default=None,
            help=f"repository config with rule options (default: each file's repository's {CONFIG_PATH})",
        )
        command.add_argument(
            "--stdin-filename",
            metavar="PATH",
            help="the path standard input (`-`) stands for: its kind, its repository, its name in findings",
        )
        command.add_argument(
            "-q", "--quiet", action="store_true", help="print the findings (or changes) and nothing else"
        )


# --- configs ------------------------------------------------------------------------------------------


def config_path(root: Path | None, explicit: str | None) -> Path | None:
    """The config a file is judged by: ``--config``, else its repository's, else the current folder's."""
    if explicit is not None:
        return Path(explicit)
    candidate = (root / CONFIG_PATH) if root is not None else Path(CONFIG_PATH)
    return candidate if candidate.is_file() else None


def load_config(path: Path | None) -> RepoConfig | None:
    """The config file at ``path``, validated; None when there is none (every setting its default)."""
    if path is None:
        return None
    from bot.repo_config import parse_config  # pydantic loads only for a repository with a config

    try:
        return parse_config(files.read_text(path), str(path))
    except ConfigError as error:
        raise files.UsageError(str(error)) from None


@dataclass(frozen=True)
class Repository:
    """One repository's files, read and judged with its config (``formats:`` says how a file is written),
    parsed through the run's document cache."""

    root: Path | None
    config: RepoConfig | None
    documents: parse.DocumentCache

    @cached_property
    def rules(self) -> CheckOptions:
        """The config's rule options; without a config, the defaults dated as ``parse_config`` dates them."""
        return self.config.rules if self.config is not None else dated(CheckOptions())

    @property
    def formats(self) -> Mapping[str, ListFormat]:
        return self.config.formats if self.config is not None else {}

    @property
    def generated(self) -> Mapping[str, Sequence[str]]:
        return self.config.generated if self.config is not None else {}

    @classmethod
    def load(cls, root: Path | None, explicit_config: str | None, documents: parse.DocumentCache) -> Repository:
        return cls(root, load_config(config_path(root, explicit_config)), documents)

    def parse(self, name: str, text: str) -> Document:
        """The file ``name`` (its path from the repository's root, as the config's globs see it)."""
        return files.parse_text(name, text, parse.format_for(name, self.formats), self.documents)

    def parse_all(self, texts: Mapping[str, str]) -> Catalog:
        return self.catalog([self.parse(name, text) for name, text in texts.items()])

    def catalog(self, documents: Sequence[Document]) -> Catalog:
        """The documents, with the pages generated from their data files: as the config's ``generated:``
        says, else as the list makes obvious (a generator script beside the data, rows matching them)."""
        found = generated.generated_from(self.generated, documents, self.script_paths(documents))
        return Catalog(tuple(documents), found)

    def script_paths(self, documents: Sequence[Document]) -> list[str]:
        """The files at the repository's top and beside its data files: where a generator script sits."""
        if self.root is None:
            return []
        folders = {""} | {document.path.rpartition("/")[0] for document in documents if document.kind in DATA_KINDS}
        return [
            f"{folder}/{path.name}" if folder else path.name
            for folder in sorted(folders)
            if (self.root / folder).is_dir()
            for path in sorted((self.root / folder).iterdir())
            if path.is_file()
        ]


def shown_names(paths: list[str], stdin_filename: str | None) -> dict[str, str]:
    """The name each file goes by in findings: its path from its repository's root, so that a path typed
    on the command line never leaks into messages (standard input goes by ``--stdin-filename``). Files
    that would share a name (one README in each of two repositories) keep theirs as given."""
    names = {path: files.repository_path(located(path, stdin_filename)) for path in paths}
    taken = Counter(names.values())
    return {path: name if taken[name] == 1 else located(path, stdin_filename) for path, name in names.items()}


def located(path: str, stdin_filename: str | None) -> str:
    """Where a file is, for finding its repository: standard input is where ``--stdin-filename`` says."""
    return stdin_filename if path == files.STDIN and stdin_filename else path


def group_by_repository(paths: list[str], stdin_filename: str | None) -> dict[Path | None, list[str]]:
    groups: dict[Path | None, list[str]] = defaultdict(list)
    for path in paths:
        groups[files.repository_root(Path(located(path, stdin_filename)).parent)].append(path)
    return groups


def discover(changed_from: str | None, explicit_config: str | None) -> list[str]:
    """The list files of the repository around the current folder: the config's globs, else the top
    README and ``data*.json`` files; with ``changed_from``, only those git sees changed since it."""
    from bot.review.changes import configured_globs, matches  # the review planner loads only when needed

    root = files.repository_root(Path.cwd()) or Path.cwd()
    path = config_path(root, explicit_config)
    config = load_config(path)
    globs = configured_globs(config) if config is not None else []
    names = files.repository_files(root)
    found = [name for name in names if matches(name, globs)] if globs else sections.default_list_paths(names)
    if not found:
        raise files.UsageError(NO_LISTS.format(root=root, config=path or CONFIG_PATH))
    if changed_from is not None:
        changed = files.changed_files(root, changed_from)
        found = [name for name in found if name in changed]
    return [os.path.relpath(root / name) for name in found]


# --- check --------------------------------------------------------------------------------------------


@collector.paused()
def run_check(args: argparse.Namespace) -> int:
    """Print the findings in the chosen format; exit 2 when a file could not be read, else 1 when a
    finding reaches ``--fail-on``, else 0."""
    if args.changed_from is not None and args.paths:
        raise files.UsageError(CHANGED_WITH_PATHS)
    paths = args.paths or discover(args.changed_from, args.config)
    report = check_files(paths, args.config, args.stdin_filename, args.online)
    rendered = output.RENDERERS[args.format](report, colour=wants_colour(args.format), quiet=args.quiet)
    if not write_chunks(rendered, sys.stdout) and not paths and not args.quiet:
        print(NO_CHANGED_LISTS.format(ref=args.changed_from))
    if args.sarif_file:
        write_report(Path(args.sarif_file), "".join(output.render_sarif(report)) + "\n")
    if args.format == "github" and os.environ.get(STEP_SUMMARY):
        with open(os.environ[STEP_SUMMARY], "a", encoding="utf-8") as summary:
            summary.write(output.step_summary(report))
    for reason in report.unreadable:
        print(f"paper-triage: {reason}", file=sys.stderr)
    if report.unreadable:
        return 2
    return 1 if any(finding.severity in FAIL_ON[args.fail_on] for finding in report.findings) else 0


def check_files(
    paths: list[str], explicit_config: str | None, stdin_filename: str | None, online_records: bool = False
) -> output.Report:
    """Read and judge every file, each repository's files together under that repository's config (and,
    ``online_records``, against the papers' own records)."""
    texts: dict[str, str] = {}
    unreadable: list[str] = []
    findings: list[Finding] = []
    read: list[output.FileRead] = []
    names = shown_names(paths, stdin_filename)
    cache = parse.DocumentCache()
    lines = grouping.Lines(texts)  # the texts as read for grouping, read again to print the fixes
    for root, group in group_by_repository(paths, stdin_filename).items():
        repository = Repository.load(root, explicit_config, cache)
        documents: list[Document] = []
        for path in group:
            name = names[path]
            try:
                text = files.read_text(Path(path))
                documents.append(repository.parse(name, text))
            except files.UsageError as error:
                unreadable.append(str(error))
                continue
            texts[name] = text
        if documents:
            catalog = repository.catalog(documents)
            pages = dict(catalog.generated)
            read.extend(
                output.FileRead(document.path, document.dialect, len(document.entries), pages.get(document.path, ()))
                for document in documents
            )
            records = online.records(catalog) if online_records else None
            # A check parses each file once: the parser's memos of rows are of no more use, and neither are
            # one rule's memos and own facts (the duplicate index) to the next; emptied, they do not add up.
            memory.release_row_memos()
            found = engine.check(catalog, repository.rules, records=records, after_rule=_released(catalog))
            # Grouping reads only the texts: the entries are let go first (a third of a 100k-entry list's peak).
            checked = {document.path: document.text for document in documents}
            del catalog, documents
            findings.extend(grouping.group(found, checked, lines=lines))
    findings.sort(key=lambda finding: finding.sort_key)
    return output.Report(findings, texts, unreadable, read, lines)


def _released(catalog: Catalog) -> Callable[[str], None]:
    def release(rule: str) -> None:
        catalog.facts.forget(rule)
        memory.release_row_memos()

    return release


def write_chunks(chunks: Iterable[str], stream: TextIO) -> bool:
    """Write a renderer's chunks as they come (a large list's output is never whole in memory), then a
    line break; False when there was nothing to write."""
    wrote = False
    for chunk in chunks:
        if chunk:
            stream.write(chunk)
            wrote = True
    if wrote:
        stream.write("\n")
    return wrote


def write_report(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise files.UsageError(f"{path}: cannot write it ({error.strerror})") from None


def wants_colour(format_name: str) -> bool:
    """Colour only for people: text on a terminal, unless NO_COLOR is set (https://no-color.org)."""
    return (
        format_name == "text"
        and sys.stdout.isatty()
        and not os.environ.get("NO_COLOR")
        and os.environ.get("TERM") != "dumb"
    )


# --- fix ----------------------------------------------------------------------------------------------


@dataclass
class _FixTally:
    """What a `fix` run did, over every repository it touched."""

    unreadable: list[str] = field(default_factory=list)
    left: list[Finding] = field(default_factory=list)
    resolved: int = 0
    changed: int = 0


@collector.paused()
def run_fix(args: argparse.Namespace) -> int:
    """Apply certain fixes until none is left; write each changed file atomically (standard input: to
    standard output). A file that cannot be read is reported, the others fixed, and the run exits 2."""
    tally = _FixTally()
    say = _reporter(args)
    names = shown_names(args.paths, args.stdin_filename)
    documents = parse.DocumentCache()  # fix rounds re-read the files they did not change
    for root, group in group_by_repository(args.paths, args.stdin_filename).items():
        repository = Repository.load(root, args.config, documents)
        texts = _readable(repository, group, names, tally)
        if texts:
            _fix_files(repository, texts, names, say, tally)
    if not args.quiet and files.STDIN not in args.paths:
        print(f"Fixed {tally.resolved} problem(s) in {tally.changed} file(s)." if tally.changed else "Nothing to fix.")
        if tally.left:
            print(LEFT_UNFIXED.format(counts=output.totals(tally.left).split(";")[0]))
    for reason in tally.unreadable:
        print(f"paper-triage: {reason}", file=sys.stderr)
    return 2 if tally.unreadable else 0


def _readable(
    repository: Repository, group: Iterable[str], names: Mapping[str, str], tally: _FixTally
) -> dict[str, str]:
    """The files of ``group`` that read and parse; the others are told in ``tally``, never touched."""
    texts: dict[str, str] = {}
    for path in group:
        try:
            text = files.read_text(Path(path))
            repository.parse(names[path], text)  # refuse broken input before touching anything
        except files.UsageError as error:
            tally.unreadable.append(str(error))
            continue
        texts[path] = text
    return texts


def _fix_files(
    repository: Repository,
    texts: Mapping[str, str],
    names: Mapping[str, str],
    say: Callable[[Finding, str], None],
    tally: _FixTally,
) -> None:
    """Fix one repository's files until stable and write those that changed."""
    named = {names[path]: text for path, text in texts.items()}
    before = engine.check(repository.parse_all(named), repository.rules, grouped=True)
    fixed, _ = fixes.fix_until_stable(
        named, repository.parse_all, repository.rules, first_findings=before, on_applied=say
    )
    after = engine.check(repository.parse_all(fixed), repository.rules, grouped=True)
    for path in texts:
        new_text = fixed[names[path]]
        if path == files.STDIN:
            sys.stdout.write(new_text)
        elif new_text != texts[path]:
            files.write_atomically(Path(path), new_text)
            tally.changed += 1
    # What `check` called fixable and is no longer there: one fix can settle several problems of an
    # entry, and a deleted copy takes its others along, so counting fixes applied would tell another story.
    tally.resolved += _fixable(before) - _fixable(after)
    tally.left.extend(after)


def _fixable(findings: list[Finding]) -> int:
    return sum(finding.fix is not None for finding in findings)


def _reporter(args: argparse.Namespace) -> Callable[[Finding, str], None]:
    """Where each applied fix is told: stdout, or stderr when stdout carries the fixed standard input."""
    stream = sys.stderr if files.STDIN in args.paths else sys.stdout

    def say(finding: Finding, summary: str) -> None:
        # Later rounds number lines in the text as the earlier rounds left it.
        if not args.quiet:
            print(f"{finding.location.path}:{finding.location.line}: [{finding.code}] {summary}", file=stream)

    return say

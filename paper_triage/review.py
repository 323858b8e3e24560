"""``paper-triage review``: the pull-request review the bot would post, computed offline from two
versions of a list file, a file and a unified diff, or a folder and the diff of a whole commit."""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import json
from pathlib import Path

import unidiff

from bot import collector
from bot.errors import ConfigError
from bot.repo_config import CONFIG_PATH, RepoConfig, parse_config
from bot.review import FileChange, ReviewPlan, plan_review
from bot.review.changes import PatchMismatch, apply_patch, patched_path
from paper_triage import files

NO_COMMENTS = "No inline comments."
COMMENT_TITLE = "### {place}"
SECTION = "## {title}"


def register(subcommands: argparse._SubParsersAction) -> None:
    review = subcommands.add_parser(
        "review", help="show the review the bot would post for a change to a list file (no GitHub needed)"
    )
    review.add_argument(
        "--base",
        required=True,
        metavar="OLD_FILE",
        help="the list file before the change; or a folder of the files a --diff of several files changes",
    )
    source = review.add_mutually_exclusive_group(required=True)
    source.add_argument("--head", metavar="NEW_FILE", help="the list file after the change")
    source.add_argument("--diff", metavar="PATCH", help="a unified diff to apply to OLD_FILE instead of NEW_FILE")
    review.add_argument(
        "--path", help="the file's path in its repository (default: NEW_FILE, or the diff's file name with --diff)"
    )
    review.add_argument(
        "--list",
        nargs="+",
        default=[],
        metavar="PATH",
        help="the list's other files, for checks across files (duplicates)",
    )
    review.add_argument("--config", metavar="YML", help="a .github/paper-triage.yml to review with")
    review.add_argument(
        "--format",
        choices=("markdown", "json"),
        default="markdown",
        help="markdown: what the bot would post; json: the whole plan",
    )
    review.set_defaults(run=run_review)


@collector.paused()
def run_review(args: argparse.Namespace) -> int:
    """Print the inline comments, review, summary and check run; exit 1 when the check would fail."""
    if Path(args.base).is_dir():
        changes = _commit_changes(Path(args.base), args)
    else:
        changes = [_file_change(args)]
    head_list = files.read_texts(args.list)
    head_list.update({change.path: change.head_text for change in changes if change.head_text is not None})
    plan = plan_review(changes, head_list, _config(args.config))
    print(plan_json(plan) if args.format == "json" else format_markdown(plan))
    return 1 if plan.check.conclusion == "failure" else 0


def _commit_changes(base: Path, args: argparse.Namespace) -> list[FileChange]:
    """Every file a (``git diff``) patch changes, its base read under the folder ``base`` — a whole commit
    or pull request reviewed at once, deleted files included."""
    if args.diff is None:
        raise files.UsageError(f"{base}: is a folder; with a folder as --base, give the change as --diff")
    patch = files.read_text(Path(args.diff))
    try:
        patched = unidiff.PatchSet(patch)
    except unidiff.UnidiffParseError as error:
        raise files.UsageError(f"{args.diff}: not a unified diff ({error})") from None
    return [_patched_change(base, args.diff, patched_file) for patched_file in patched]


def _patched_change(base: Path, diff_name: str, patched_file: unidiff.PatchedFile) -> FileChange:
    source, target = _repo_path(patched_file.source_file), _repo_path(patched_file.target_file)
    base_text = "" if patched_file.is_added_file else files.read_text(base / source)
    patch = str(patched_file)
    try:
        head_text = None if patched_file.is_removed_file else apply_patch(base_text, patch)
    except PatchMismatch as error:
        raise files.UsageError(f"{diff_name}: {source}: {error}") from None
    status = (
        "removed"
        if patched_file.is_removed_file
        else "added"
        if patched_file.is_added_file
        else "renamed"
        if source != target
        else "modified"
    )
    path = source if patched_file.is_removed_file else target
    return FileChange(path, status, source if status == "renamed" else None, base_text, head_text, patch)


def _repo_path(name: str) -> str:
    """``a/README.md`` → ``README.md`` (``/dev/null`` stays)."""
    return name.split("/", 1)[1] if name.startswith(("a/", "b/")) else name


def _file_change(args: argparse.Namespace) -> FileChange:
    """One list file changed: ``--head``, or ``--diff`` applied to ``--base``."""
    base_text = files.read_text(Path(args.base))
    diff_path = None
    if args.diff is not None:
        patch = files.read_text(Path(args.diff))
        try:
            head_text = apply_patch(base_text, patch)
        except PatchMismatch as error:
            raise files.UsageError(f"{args.diff}: {error}") from None
        diff_path = patched_path(patch)
    else:
        head_text = files.read_text(Path(args.head))
        patch = "".join(difflib.unified_diff(_ended(base_text).splitlines(True), _ended(head_text).splitlines(True)))
    path = args.path or diff_path or files.repository_path(args.head or args.base)
    return FileChange(path, "modified", None, base_text, head_text, patch)


def _ended(text: str) -> str:
    """difflib needs every line ended to write a well-formed diff; line numbers stay the same."""
    return text if not text or text.endswith("\n") else text + "\n"


def _config(path: str | None) -> RepoConfig:
    try:
        return parse_config(None if path is None else files.read_text(Path(path)), path or CONFIG_PATH)
    except ConfigError as error:
        raise files.UsageError(str(error)) from None


def plan_json(plan: ReviewPlan) -> str:
    """The whole plan as JSON (inline comments, review, summary, check run with annotations)."""
    return json.dumps(dataclasses.asdict(plan), indent=2, ensure_ascii=False)


def format_markdown(plan: ReviewPlan) -> str:
    """What the bot would post, in posting order: the review's inline comments, the summary, the check."""
    out = [SECTION.format(title=f"Inline comments ({len(plan.comments)})")]
    if not plan.comments:
        out.append(NO_COMMENTS)
    for comment in plan.comments:
        lines = f"{comment.start_line}-{comment.line}" if comment.start_line else str(comment.line)
        out += [COMMENT_TITLE.format(place=f"{comment.path}:{lines}"), comment.body]
    if plan.review_event:
        out += [SECTION.format(title=f"Review ({plan.review_event})"), plan.review_body]
    out += [SECTION.format(title="Summary comment"), plan.summary]
    check = plan.check
    out += [SECTION.format(title=f"Check run {check.name}: {check.conclusion.value} — {check.title}"), check.summary]
    return "\n\n".join(out)

"""``paper-triage review``: the pull-request review the bot would post, computed offline from two
versions of a list file (or a file and a unified diff)."""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import CONFIG_PATH, RepoConfig, parse_config
from bot.errors import ConfigError
from cli import files

if TYPE_CHECKING:
    from bot.review import ReviewPlan

NO_COMMENTS = "No inline comments."
COMMENT_TITLE = "### {place}"
SECTION = "## {title}"


def register(subcommands: argparse._SubParsersAction) -> None:
    review = subcommands.add_parser(
        "review", help="show the review the bot would post for a change to a list file (no GitHub needed)"
    )
    review.add_argument("--base", required=True, metavar="OLD_FILE", help="the list file before the change")
    source = review.add_mutually_exclusive_group(required=True)
    source.add_argument("--head", metavar="NEW_FILE", help="the list file after the change")
    source.add_argument("--diff", metavar="PATCH", help="a unified diff to apply to OLD_FILE instead of NEW_FILE")
    review.add_argument("--path", help="the file's path in its repository (default: NEW_FILE, or the diff's file name with --diff)")
    review.add_argument("--list", nargs="+", default=[], metavar="PATH",
                        help="the list's other files, for checks across files (duplicates)")
    review.add_argument("--config", metavar="YML", help="a .github/paper-triage.yml to review with")
    review.add_argument("--format", choices=("markdown", "json"), default="markdown",
                        help="markdown: what the bot would post; json: the whole plan")
    review.set_defaults(run=run_review)


def run_review(args: argparse.Namespace) -> int:
    """Print the inline comments, review, summary and check run; exit 1 when the check would fail."""
    # The planner (and the record look-ups it can make) loads here, not when another command starts.
    from bot.review import FileChange, plan_review
    from bot.review.changes import PatchMismatch, apply_patch, patched_path

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
    change = FileChange(path, "modified", None, base_text, head_text, patch)
    head_list = files.read_texts(args.list)
    head_list[path] = head_text
    plan = plan_review([change], head_list, _config(args.config))
    print(plan_json(plan) if args.format == "json" else format_markdown(plan))
    return 1 if plan.check.conclusion == "failure" else 0


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

"""Stage 4 of a review — inline comments vs summary: which anchors become new inline comments (at most
``MAX_INLINE_COMMENTS``, most severe first, never two on one line) and which the summary alone reports
from now on, so a later push does not drip-feed another batch of comments."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from bot.posts import InlineComment
from bot.repo_config import ReviewMode
from bot.review import render
from bot.review.fingerprints import combined
from bot.review.model import SEVERITY_RANK, Anchor, Checked, ListFile, Placement, ReviewInput
from rules.model import Severity

MAX_INLINE_COMMENTS = 30


def place(given: ReviewInput, checked: Checked, anchors: Sequence[Anchor]) -> Placement:
    """New anchors go inline while they fit; those an earlier summary reports, or that do not fit, stay
    in the summary."""
    summarised = {digest for anchor in anchors if (digest := combined(anchor.fingerprints)) in given.summarised}
    fresh = [anchor for anchor in anchors if combined(anchor.fingerprints) not in summarised]
    inline = _inline_comments(fresh, {file.path: file for file in checked.files}, given.posted)
    shown, rest = inline[:MAX_INLINE_COMMENTS], inline[MAX_INLINE_COMMENTS:]
    summarised |= {combined(anchor.fingerprints) for _, anchor in rest}
    comments = tuple(comment for comment, _ in shown)
    return Placement(comments, len(rest), frozenset(summarised), _event(given, checked, comments))


def _event(given: ReviewInput, checked: Checked, comments: Sequence[InlineComment]) -> str | None:
    """The review's event: changes requested for errors when the config asks for that; none without comments."""
    if not comments:
        return None
    errors = any(finding.severity is Severity.ERROR for finding in checked.findings)
    return "REQUEST_CHANGES" if errors and given.config.review.mode is ReviewMode.REQUEST_CHANGES else "COMMENT"


def _inline_comments(
    anchors: Sequence[Anchor], files: Mapping[str, ListFile], posted: Collection[str]
) -> list[tuple[InlineComment, Anchor]]:
    """New inline comments, most severe first when there are too many, in file order within that. Two
    comments never cover the same line: each suggestion must be appliable alone."""
    out: list[tuple[InlineComment, Anchor]] = []
    posted = set(posted)
    free: dict[str, set[int]] = {}  # per file, the added lines no comment covers yet
    head_lines: dict[str, list[str]] = {}
    for anchor in anchors:
        file = files.get(anchor.path)
        if file is None or not file.diff.commentable or anchor.fingerprints <= posted:
            continue
        if anchor.path not in free:
            free[anchor.path], head_lines[anchor.path] = set(file.diff.added), file.head_lines
        comment = render.inline_comment(anchor, free[anchor.path], head_lines[anchor.path])
        if comment is not None:
            _take(free[anchor.path], comment)
            out.append((comment, anchor))
    ranked = sorted(out, key=lambda pair: SEVERITY_RANK[pair[1].severity])
    chosen = ranked[:MAX_INLINE_COMMENTS]
    rest = ranked[MAX_INLINE_COMMENTS:]
    return sorted(chosen, key=lambda pair: (pair[0].path, pair[0].line)) + rest


def _take(free: set[int], comment: InlineComment) -> None:
    """The lines a comment covers are no longer free for another."""
    free.difference_update(range(comment.start_line or comment.line, comment.line + 1))

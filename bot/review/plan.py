"""Plan a pull request's review: the changed entries checked against the whole list, turned into inline
comments (at most 30, new ones only), one living summary comment and a check run. Pure: the handler
fetches before and posts after.

The review is five stages over one ``ReviewInput``, each in its own module:
``entries`` (which changed files are lists, and what each change adds, modifies or removes) →
``findings`` (those entries judged against the whole head list) →
``anchors`` (the findings grouped by the entry or lines they are about, with their corrections) →
``placement`` (which anchors go inline now, which only the summary reports) →
``render`` (the comments' words, the summary comment and the check run)."""

from __future__ import annotations

from collections.abc import Collection, Container, Mapping, Sequence

from bot.records import Records
from bot.repo_config import RepoConfig
from bot.review import anchors, entries, findings, placement, render
from bot.review.changes import FileChange
from bot.review.model import ReviewInput, ReviewPlan
from rules.parse import DocumentCache


def plan_review(
    changes: Sequence[FileChange],
    head_list: Mapping[str, str],
    config: RepoConfig,
    posted: Collection[str] = (),
    *,
    summarised: Container[str] = (),
    repo_url: str | None = None,
    head_sha: str | None = None,
    records: Records | None = None,
    documents: DocumentCache | None = None,
) -> ReviewPlan:
    """Review the entries a pull request adds or modifies against the whole head list.

    ``changes`` are the pull request's files (only list files matter), ``head_list`` every list file
    at the head (path → text; the changed ones may be left out), ``posted`` the fingerprints already
    on the pull request's review comments, ``summarised`` those in our summary comment: problems that
    did not fit the first review live in the summary from then on, never posted inline later (a push
    must not drip-feed another 30 comments). ``repo_url`` (the repository's web address) and
    ``head_sha`` let the summary link to the lines. ``records`` looks the changed entries up in the
    papers' own records (None: offline); a source that did not answer is named in the summary.
    ``documents`` is the caller's document cache (a worker keeps one for its reviews; None: one for this review).
    """
    cache = documents if documents is not None else DocumentCache()
    return review(ReviewInput(changes, head_list, config, posted, summarised, repo_url, head_sha, records, cache))


def review(given: ReviewInput) -> ReviewPlan:
    """The review's stages, in order."""
    files = entries.list_files(given.changes, given.config, given.documents)
    if not files:
        return render.untouched_plan()
    given = findings.with_generated_pages(given, files)
    checked = findings.check(given, files)
    anchored = anchors.anchor(checked, given.config, given.documents)
    placed = placement.place(given, checked, anchored)
    return render.review_plan(given, checked, anchored, placed)

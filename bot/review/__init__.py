"""The pull-request review planner (pure: the handler fetches before it and posts after it).

The names the handler uses are gathered here; each lives in the module that explains it.
"""

from bot.review.changes import FileChange, base_from_patch, list_candidates, other_list_paths
from bot.review.fingerprints import Remembered, fingerprints_in, summarised_in
from bot.review.model import ReviewInput, ReviewPlan
from bot.review.plan import plan_review
from bot.review.render import SUMMARY_MARKER

__all__ = [
    "SUMMARY_MARKER",
    "FileChange",
    "Remembered",
    "ReviewInput",
    "ReviewPlan",
    "base_from_patch",
    "fingerprints_in",
    "list_candidates",
    "other_list_paths",
    "plan_review",
    "summarised_in",
]

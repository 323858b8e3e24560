"""Hidden fingerprints in posted review comments, so a new push does not repeat what was already said.

A fingerprint names the rule, the file and the entry's content — never a line number — so it
survives pushes that shift lines, and changes as soon as the contributor edits the entry.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

MARKER = "<!-- paper-triage:fingerprint {value} -->"
_MARKER_RE = re.compile(r"<!-- paper-triage:fingerprint ([0-9a-f]{16}) -->")
# One compact marker in the summary for the many problems that did not fit a review.
SUMMARISED_MARKER = "<!-- paper-triage:summarised {values} -->"
_SUMMARISED_RE = re.compile(r"<!-- paper-triage:summarised ([0-9a-f,]*) -->")


def normalize_content(text: str) -> str:
    """Entry text as compared across pushes: whitespace runs folded, a JSON trailing comma dropped
    (it comes and goes as objects are added after the entry)."""
    return " ".join(text.split()).removesuffix(",").rstrip()


def fingerprint(rule: str, path: str, content: str, occurrence: int = 1) -> str:
    """A short stable digest of one finding: rule + path + normalised entry content (+ which of several
    identical entries it is, counted from the top)."""
    parts = (rule, path, normalize_content(content), str(occurrence))
    digest = hashlib.sha256("\0".join(parts).encode("utf-8"))
    return digest.hexdigest()[:16]


def markers(values: Iterable[str]) -> str:
    """The hidden markers to append to a comment body, one per fingerprint."""
    return "\n".join(MARKER.format(value=value) for value in sorted(set(values)))


def fingerprints_in(body: str) -> set[str]:
    """Read the fingerprints back from a posted comment body."""
    return set(_MARKER_RE.findall(body))


def combined(values: Iterable[str]) -> str:
    """One digest for a set of fingerprints (an entry's findings): it changes when any of them does."""
    return hashlib.sha256(",".join(sorted(values)).encode("utf-8")).hexdigest()[:16]


def summarised_marker(values: Iterable[str]) -> str:
    """The summary's hidden list of what it alone reports."""
    return SUMMARISED_MARKER.format(values=",".join(sorted(set(values))))


def summarised_in(body: str) -> set[str]:
    """Read back the summary's hidden list."""
    return {value for found in _SUMMARISED_RE.findall(body) for value in found.split(",") if value}

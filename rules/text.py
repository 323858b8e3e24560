"""Text normalisation shared by the rules that compare titles."""

from __future__ import annotations

import re
import unicodedata

# Every dash and hyphen variant folds to a plain space, like other punctuation.
_PUNCTUATION_RE = re.compile(r"[\W_]+", re.UNICODE)


def normalize_title(title: str) -> str:
    """Fold a title for comparison: NFKC, case-folding, punctuation and whitespace to single spaces."""
    folded = unicodedata.normalize("NFKC", title).casefold()
    return _PUNCTUATION_RE.sub(" ", folded).strip()

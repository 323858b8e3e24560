"""Typing slips in a title that a tidy fix can undo (spacing around hyphens and colons, look-alike
hyphen and space characters), and two a person should judge (a title in capitals, a doubled word)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

# Characters that look like a hyphen or a space but are not the one a reader searches for.
LOOKALIKES = {
    "\u2010": "-",
    "\u2011": "-",  # hyphen, non-breaking hyphen
    "\u00a0": " ",
    "\u2007": " ",
    "\u2009": " ",
    "\u202f": " ",  # no-break, figure, thin, narrow spaces
    "\u200b": "",
    "\u00ad": "",
    "\ufeff": "",  # zero-width space, soft hyphen, BOM
}
_LOOKALIKE_RE = re.compile("[" + "".join(LOOKALIKES) + "]")
# `Spatio- Temporal`: a hyphen and a space between two words of letters, neither in capitals. A suspended
# hyphen (`Self- and Cross-Attention`, `Pre- or Post-Training`) is right, and `RAG- an …`, `RAG- Retrieval`
# use the hyphen as a dash.
_FUNCTION_WORDS = r"(?i:and|or|nor|to|vs|versus|an?|the)\b"
_HYPHEN_SPACE_RE = re.compile(rf"\b([A-Z][a-z]+|[a-z]+)- +(?!{_FUNCTION_WORDS})(?=(?:[A-Z][a-z]+|[a-z]+)\b)")
# `DAMS:Dual`: a colon glued to the next word, a capitalised one (not `1:1`, `http://`, `C++:`, `x:y`). The
# colon comes first and the two characters before it are looked behind from after it: a pattern that starts
# with its colon is searched for that character, one that starts by looking behind is tried at every place.
_GLUED_COLON_RE = re.compile(r":(?=[A-Z][a-z])(?<=[A-Za-z0-9)]{2}:)")
# `Generation : A Unified Approach`: spaces before a colon that a space follows.
_SPACED_COLON_RE = re.compile(r"(?<=[A-Za-z0-9)]) +:(?= )")
# `the the`: a word repeated, the repeat in lower case (`Hungry Hungry Hippos` is a name) and no part of
# a compound (`on on-policy data`). The first word is taken whole (possessive `{2,}+`: a shorter part of
# it is never followed by a space, so trying one only costs time).
_DOUBLED_RE = re.compile(r"\b([A-Za-z]{2,}+)\s+(\1)\b(?!-)", re.IGNORECASE)
_DOUBLED_LOWER_RE = re.compile(r"\b([a-z]{2,}+)\s+(\1)\b(?!-)")
# Two lower-case letters in a row: a word that is not in capitals (most titles have one at their start).
_LOWER_PAIR_RE = re.compile(r"[a-z]{2}")
_CAPS_WORD_RE = re.compile(r"[^\W\d_]{2,}")
CAPS_MIN_WORDS = 4  # `BERT`, `GPT-4 V` and acronym pairs are names, not a title typed in capitals
SMALL_WORDS = frozenset("a an and as at but by for from in nor of on or the to via vs with".split())


@dataclass(frozen=True)
class Slip:
    """One kind of slip: what to call it, an example of it from the title, and a note on the example."""

    what: str
    example: str
    note: str = ""


# Each tidier: what it undoes, a cheap test the title must pass for its pattern to match at all (most
# titles have no slip, and a substring test costs a tenth of a regex search), the pattern, the repair.
TIDIERS: tuple[tuple[str, Callable[[str], bool], re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (
        "a look-alike hyphen or space character",
        lambda title: not title.isascii(),  # every look-alike is outside ASCII
        _LOOKALIKE_RE,
        lambda match: LOOKALIKES[match.group()],
    ),
    ("a space after a hyphen", lambda title: "- " in title, _HYPHEN_SPACE_RE, lambda match: match.group(1) + "-"),
    # A URL's colon is no typo.
    ("no space after a colon", lambda title: ":" in title and "://" not in title, _GLUED_COLON_RE, lambda _: ": "),
    ("a space before a colon", lambda title: " :" in title, _SPACED_COLON_RE, lambda _: ":"),
)


def tidied(title: str) -> tuple[list[Slip], str]:
    """The spacing and character slips of ``title`` and the title with all of them undone."""
    slips: list[Slip] = []
    for what, may_match, pattern, replacement in TIDIERS:
        if not may_match(title):
            continue
        match = pattern.search(title)
        if match:
            # a look-alike is invisible in a message: name the character
            note = (
                f"U+{ord(match.group()):04X} {unicodedata.name(match.group(), '').lower()}"
                if pattern is _LOOKALIKE_RE
                else ""
            )
            slips.append(Slip(what, _around(title, match), note))
            title = pattern.sub(replacement, title)
    return slips, title


def doubled_word(title: str) -> str | None:
    """The first word written twice in a row (`the the`), the repeat in lower case."""
    if title.isascii():
        # Lower-cased, an ASCII title's words compare case-sensitively, a third cheaper than ignoring case
        # (outside ASCII, ignoring case folds more letters: `K`, the Kelvin sign, is a `k`).
        matches = _DOUBLED_LOWER_RE.finditer(title.lower())
    else:
        matches = _DOUBLED_RE.finditer(title)
    match = next((found for found in matches if title[found.start(2) : found.end(2)].islower()), None)
    return title[match.start() : match.end()] if match else None


def in_capitals(title: str) -> bool:
    """True for a title typed in capitals: four or more words, every one of them upper case."""
    if _LOWER_PAIR_RE.search(title):
        return False
    words = 0
    for word in _CAPS_WORD_RE.finditer(title):
        if not word.group().isupper():
            return False  # most titles stop at their first word
        words += 1
    return words >= CAPS_MIN_WORDS


def title_case(title: str) -> str:
    """A suggestion for a title in capitals: each word capitalised, small words lower case but the first."""
    words = title.lower().split(" ")
    return " ".join(
        word if index and word in SMALL_WORDS else word[:1].upper() + word[1:] for index, word in enumerate(words)
    )


def _around(title: str, match: re.Match[str]) -> str:
    """The slip with the words either side of it, as a reader would find it in the title."""
    start = title.rfind(" ", 0, match.start()) + 1
    end = title.find(" ", match.end() + 1)
    return title[start : end if end != -1 else len(title)]

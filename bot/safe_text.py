"""Make user-written text (titles, URLs, venue codes) safe to put in anything the bot posts.

No @mention pings, no #reference backlinks, no HTML, no broken table cells, no escaping code spans, no
invisible or reordering characters (a U+202E in a title shows as ``[U+202E]``), and none of the bot's own
hidden markers (``<!-- paper-triage:… -->``), which only the bot may write.
"""

from __future__ import annotations

import re

ZERO_WIDTH_SPACE = "\u200b"
GITHUB_BODY_LIMIT = 65_536

_MENTION_RE = re.compile(r"([@#])(?=[\w-])")  # @user, @org/team, #123 → inert
# Control and format characters that reorder text (bidi overrides and isolates: "Trojan Source") or hide it
# (zero-width, soft hyphen, byte-order mark, C0/C1 controls); line breaks and tabs are folded elsewhere.
_INVISIBLE_RE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
_MARKER_PREFIX_RE = re.compile(r"paper-triage:", re.IGNORECASE)
_MARKDOWN_SPECIAL_RE = re.compile(r"([\\`*_{}\[\]<>|!~])")
# A code span as GitHub reads it: a backtick run, then text, then a run of the same length.
_CODE_SPAN_RE = re.compile(r"(?<!`)(`+)(?!`)(.*?)(?<!`)\1(?!`)")


def visible(text: str) -> str:
    """User text with every invisible or reordering character shown by its code point, and the bot's
    marker prefix broken (so text echoed from a contributor never reads back as the bot's memory)."""
    shown = _INVISIBLE_RE.sub(lambda match: f"[U+{ord(match.group()):04X}]", text)
    return _MARKER_PREFIX_RE.sub(lambda match: match.group()[:-1] + ZERO_WIDTH_SPACE + ":", shown)


def inline(text: str) -> str:
    """User text as inert inline markdown: one line, specials escaped, mentions and references broken."""
    one_line = " ".join(visible(text).split())
    escaped = _MARKDOWN_SPECIAL_RE.sub(r"\\\1", one_line).replace("&", "&amp;")
    return _MENTION_RE.sub(lambda match: match.group(1) + ZERO_WIDTH_SPACE, escaped)


def plain(text: str, limit: int = 200) -> str:
    """User text for a pull-request title or commit message (not rendered as markdown, so nothing is
    escaped): one line, mentions and references broken, cut to ``limit`` characters."""
    one_line = " ".join(visible(text).split())
    if len(one_line) > limit:
        one_line = one_line[: limit - 1] + "…"
    return _MENTION_RE.sub(lambda match: match.group(1) + ZERO_WIDTH_SPACE, one_line)


def code(text: str) -> str:
    """User text as an inline code span that its own backticks cannot close; pipes escaped for tables."""
    one_line = " ".join(visible(text).split()).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", one_line)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if one_line.startswith("`") or one_line.endswith("`") or not one_line else ""
    return f"{fence}{padding}{one_line}{padding}{fence}"


def fenced(text: str, info: str = "") -> str:
    """A fenced code block around ``text`` whose fence no line of the text can close."""
    longest = max((len(run) for run in re.findall(r"^\s*(`{3,})", text, re.MULTILINE)), default=2)
    fence = "`" * (longest + 1)
    return f"{fence}{info}\n{text}\n{fence}"


def prose(text: str) -> str:
    """A rule's message (our markdown, with user values in code spans) made inert: code spans kept
    whole and unescaped (a backslash shows literally inside one; messages go in lines and bullets, never
    table cells), mentions, references, HTML and pipes neutralised outside them, one line."""
    one_line = " ".join(visible(text).split())
    out: list[str] = []
    last = 0
    for span in _CODE_SPAN_RE.finditer(one_line):
        out += [_inert_prose(one_line[last : span.start()]), span.group(0)]
        last = span.end()
    return "".join(out) + _inert_prose(one_line[last:])


def _inert_prose(text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")
    return _MENTION_RE.sub(lambda match: match.group(1) + ZERO_WIDTH_SPACE, escaped)


def clip(body: str, limit: int = GITHUB_BODY_LIMIT, note: str = "\n\n…(cut to fit GitHub's size limit)") -> str:
    """Cut a comment body to GitHub's limit, saying so."""
    if len(body) <= limit:
        return body
    return body[: limit - len(note)] + note

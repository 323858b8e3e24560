"""Read one table cell's inline markdown (links, images, text) with mistune."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import mistune
from mistune.core import InlineState

from rules.model import Link

# A token of mistune's inline parser, as mistune types it: its keys and their values depend on its "type".
MistuneToken = dict[str, Any]

# A cell that is exactly one link (or one image inside a link) whose text and URLs hold no markdown
# syntax parses the same with or without mistune; on a 100k-entry list these shortcuts save seconds
# (their equivalence with mistune is property-tested).
PLAIN_LINK_RE = re.compile(
    r"""
    \[ (?P<text> [^\[\]\\`*_<>&!~\n|]* ) \]     # link text without emphasis, escapes or entities
    \( (?P<url> [A-Za-z0-9_.~:/?\#@!$*+,;=%-]* ) \)   # a bare ASCII URL mistune would not re-encode
    """,
    re.VERBOSE,
)

# The code column's ``[![](./assets/code.svg)](https://github.com/o/r)``: an image inside a link.
IMAGE_LINK_RE = re.compile(
    r"""
    \[ !\[ (?P<alt> [^\[\]\\`*_<>&!~\n|]* ) \]       # the image's alt text, plain
    \( (?P<src> [A-Za-z0-9_.~:/?\#@!$*+,;=%-]* ) \) \]  # its source, a bare ASCII URL
    \( (?P<url> [A-Za-z0-9_.~:/?\#@!$*+,;=%-]* ) \)      # the link's target, a bare ASCII URL
    """,
    re.VERBOSE,
)

_MARKDOWN = mistune.create_markdown(renderer=None)


@dataclass(frozen=True, slots=True)
class Cell:
    """What one cell holds: its links (outermost), the image sources inside it, and its plain text."""

    links: tuple[Link, ...]
    images: tuple[str, ...]
    text: str


def parse_cell(source: str) -> Cell:
    """Parse one cell's inline markdown."""
    match = PLAIN_LINK_RE.fullmatch(source)
    if match:
        text = match["text"]
        return Cell(links=(Link(text, match["url"]),), images=(), text=text)
    match = IMAGE_LINK_RE.fullmatch(source)
    if match:
        return Cell(links=(Link("", match["url"]),), images=(match["src"],), text="")
    return _parse_with_mistune(source)


@lru_cache(maxsize=4096)
def _parse_with_mistune(source: str) -> Cell:
    # Cached: badge, code and model cells repeat thousands of times in a long list.
    state = InlineState({})
    state.src = source
    tokens = _MARKDOWN.inline.parse(state)
    links: list[Link] = []
    images: list[str] = []
    for token in tokens:
        if token["type"] == "link":
            links.append(Link(_plain_text(token.get("children", ())), token["attrs"]["url"]))
        images.extend(_image_sources(token))
    return Cell(links=tuple(links), images=tuple(images), text=_plain_text(tokens))


def _plain_text(tokens: Iterable[MistuneToken]) -> str:
    parts: list[str] = []
    for token in tokens:
        kind = token["type"]
        if kind in ("softbreak", "linebreak"):
            parts.append("\n")
        elif "raw" in token:
            parts.append(token["raw"])
        elif kind != "image":
            parts.append(_plain_text(token.get("children", ())))
    return "".join(parts)


def _image_sources(token: MistuneToken) -> list[str]:
    if token["type"] == "image":
        return [token["attrs"]["url"]]
    return [src for child in token.get("children", ()) for src in _image_sources(child)]

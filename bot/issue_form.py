"""Read the body GitHub renders from an issue form (``### Label`` then the value, ``_No response_`` for
a blank) as an ``/add-paper`` request. Pure: text in, command out."""

from __future__ import annotations

import re

from bot import commands

# The last choice of a dropdown whose real value is typed in the field after it ("Other venue").
OTHER_CHOICE = "Other (write it below)"

HEADING_RE = re.compile(r"^###[ \t]+(?P<label>.+?)[ \t]*#*[ \t]*$")
PARENTHESES_RE = re.compile(r"\([^)]*\)")
FENCED_VALUE_RE = re.compile(r"^(?P<fence>`{3,}|~{3,})[^\n]*\n(?P<text>.*)\n(?P=fence)\s*$", re.DOTALL)
# Words a form label may carry around the field's name: "Paper title", "Code repository (optional)".
FILLER_WORDS = frozenset({"paper", "paper's", "the", "of", "its", "optional", "link", "repository", "page", "name"})
LABEL_WORDS = {
    "repository": "code",
    "repo": "code",
    "github": "code",
    "weights": "model",
    "checkpoint": "model",
    "conference": "venue",
    "journal": "venue",
    "published": "venue",
    "table": "section",
}


def parse_form(body: str | None) -> commands.Command | None:
    """The ``/add-paper`` request an issue-form body makes, or None when the body is not such a form.

    A body is such a form when at least two of its ``###`` headings name fields and one of them
    is the title. Other headings are the maintainer's own questions ("Anything else?"), not typos
    of a contributor, so they are left out rather than reported.
    """
    sections = _sections(body or "")
    named = [(name, text) for label, text in sections if (name := label_key(label)) is not None]
    names = [name for name, _ in named]
    if len(names) < 2 or "title" not in names:
        return None
    # A blank answer or the "Other" choice says nothing, so it must not undo an answer given nearby
    # (a venue picked in the dropdown, then "Other venue" left blank).
    values = [(name, _value(text)) for name, text in named]
    pairs = [
        (name, value) for name, value in values if value.lower() not in commands.BLANK_VALUES and value != OTHER_CHOICE
    ]
    return commands.command_from(_first_heading_line(body or ""), pairs)


def request_in_body(body: str | None) -> commands.Command | None:
    """The ``/add-paper`` request an issue body makes: its first ``/add-paper`` command, else its form."""
    return commands.first(commands.find_commands(body), commands.ADD_PAPER) or parse_form(body)


def request_for_comment(command: commands.Command, issue_body: str | None) -> commands.Command:
    """A comment's ``/add-paper``; with no fields of its own it means "the fields of this issue's body"."""
    if command.fields or command.unknown:
        return command
    return request_in_body(issue_body) or command


def label_key(label: str) -> str | None:
    """The field a form label names: ``Paper URL (arXiv or DOI)`` → ``url``; None for other labels."""
    plain = PARENTHESES_RE.sub(" ", label).replace("*", " ").replace(":", " ").lower()
    direct = commands.canonical_key(plain)
    if direct:
        return direct
    words = plain.split()
    for word in words:
        if word not in FILLER_WORDS and (name := commands.canonical_key(word) or LABEL_WORDS.get(word)):
            return name
    if words and all(word in FILLER_WORDS for word in words):
        # "Paper" alone is the title; "Link" alone is the URL; "Paper link" is the URL.
        return "url" if "link" in words else "title" if words == ["paper"] else None
    return None


def _sections(body: str) -> list[tuple[str, str]]:
    sections: list[tuple[str, list[str]]] = []
    for text in body[: commands.MAX_BODY].splitlines():
        heading = HEADING_RE.match(text)
        if heading:
            sections.append((heading["label"], []))
        elif sections:
            sections[-1][1].append(text)
    return [(label, "\n".join(lines).strip()) for label, lines in sections]


def _value(text: str) -> str:
    """A field's text: a ``render:`` textarea's fence taken off, joined to one line."""
    fenced = FENCED_VALUE_RE.match(text)
    if fenced:
        text = fenced["text"]
    return " ".join(text.split())


def _first_heading_line(body: str) -> int:
    for number, text in enumerate(body.splitlines(), start=1):
        if HEADING_RE.match(text):
            return number
    return 1

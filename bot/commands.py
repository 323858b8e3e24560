"""Find slash commands (``/add-paper``, ``/help``, ``/recheck``) in an issue body or comment, and read
the ``key: value`` fields that follow ``/add-paper``. Pure: text in, commands out.

A command counts only where a reader sees it as written: at the start of a line, outside fenced and
indented code blocks, block quotes and HTML comments — so quoting or documenting a command never
triggers it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from bot import safe_text
from rules import inline

ADD_PAPER, HELP, RECHECK = "add-paper", "help", "recheck"

# Canonical field names, in the order they are shown to people.
FIELDS = ("title", "url", "year", "venue", "code", "model", "section", "task", "authors")
ALIASES = {"link": "url", "date": "year", "tasks": "task", "author": "authors"}
URL_FIELDS = frozenset({"url", "code", "model"})
# Values that mean "nothing here" in a command or an issue form.
BLANK_VALUES = frozenset({"", "-", "_no response_", "none", "n/a", "na"})

# Bodies longer than GitHub accepts are not ours to read (a pasted log, an attack).
MAX_BODY = 65_536
MAX_FIELDS = 40

COMMAND_RE = re.compile(
    r"""
    ^[ ]{0,3}                                 # up to three spaces: four would be a code block
    /(?P<name>add-paper|help|recheck)
    (?=\s|$)                                  # a whole word: not /add-papers, not /help-me
    (?P<rest>.*)$
    """,
    re.VERBOSE | re.IGNORECASE,
)
FIELD_RE = re.compile(
    r"""
    ^\s{0,3}(?:[-*+]\s+)?                     # an optional list bullet
    (?:\*\*|__)?                              # an optional bold key: **Title**: …
    (?P<key>[A-Za-z][A-Za-z0-9_-]*(?:[ ][A-Za-z0-9_-]+){0,2})
    (?:\*\*|__)?\s*:(?:\*\*|__)?              # the colon, inside or outside the bold
    (?!//)                                    # "https://…" is a link, not a field called https
    (?:\s*(?P<value>.*?))?\s*$               # the space after the colon is optional: "title:Masked…"
    """,
    re.VERBOSE,
)
# ``/add-paper https://arxiv.org/abs/2404.12345`` or ``/add-paper 10.1109/…``: a link alone is the paper's url.
LINK_ALONE_RE = re.compile(r"^<?(?:(?P<url>https?://\S+?)|(?:doi:\s*)?(?P<doi>10\.\d{4,9}/\S+?))>?$", re.IGNORECASE)
FENCE_RE = re.compile(r"^[ ]{0,3}(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
QUOTE_RE = re.compile(r"^[ ]{0,3}>")
INDENTED_RE = re.compile(r"^(?:[ ]{4}|[ ]{0,3}\t)")
AUTOLINK_RE = re.compile(r"^<(?P<url>[a-zA-Z][a-zA-Z0-9+.-]*:[^<>\s]*)>$")
CODE_SPAN_RE = re.compile(r"^(?P<ticks>`+)\s?(?P<text>.*?)\s?(?P=ticks)$")
# What no single web address holds: spaces, markup, quotes (``https://github.com/a/b @octocat <b>x</b>``).
NOT_IN_ADDRESS_RE = re.compile(r"[\s<>\"`{}|\\^]")


@dataclass(frozen=True, slots=True)
class Command:
    """One command found in a body.

    ``fields`` maps canonical field names to their values (links resolved, blanks dropped);
    ``unknown`` lists keys the command gave that are not fields, as written; ``repeated`` lists
    fields given more than once (the last value wins); ``not_addresses`` the link fields whose value
    is not one web address, (field, value), left out of ``fields``. ``line`` is 1-based.
    """

    name: str
    line: int
    fields: dict[str, str] = field(default_factory=dict, compare=True, hash=False)
    unknown: tuple[str, ...] = ()
    repeated: tuple[str, ...] = ()
    not_addresses: tuple[tuple[str, str], ...] = ()


def find_commands(body: str | None) -> list[Command]:
    """Every command a reader of ``body`` would see, in order, with the fields of each ``/add-paper``."""
    lines = list(_visible_lines(body or ""))
    commands: list[Command] = []
    index = 0
    while index < len(lines):
        number, text = lines[index]
        match = COMMAND_RE.match(text) if text is not None else None
        index += 1
        if match is None:
            continue
        name = match["name"].lower()
        if name != ADD_PAPER:
            commands.append(Command(name, number))
            continue
        pairs, index = _field_lines(lines, index, match["rest"])
        commands.append(command_from(number, pairs))
    return commands


def first(commands: list[Command], name: str) -> Command | None:
    """The first command called ``name``, or None."""
    return next((command for command in commands if command.name == name), None)


def canonical_key(key: str) -> str | None:
    """``Title`` → ``title``, ``Link`` → ``url``; None for a key that is not a field."""
    folded = " ".join(key.lower().replace("_", " ").split())
    folded = ALIASES.get(folded, folded)
    return folded if folded in FIELDS else None


def field_value(key: str, raw: str) -> str:
    """A field's value with markdown taken off: the URL of a link for URL fields, else its text."""
    value = raw.strip()
    autolink = AUTOLINK_RE.match(value)
    if autolink:
        return autolink["url"]
    code_span = CODE_SPAN_RE.match(value)
    if code_span:
        return code_span["text"].strip()
    if "[" not in value and "*" not in value and "_" not in value and "<" not in value and "`" not in value:
        return value  # plain text: nothing for the markdown reader to take off
    cell = inline.parse_cell(value)
    if key in URL_FIELDS and len(cell.links) == 1:
        return cell.links[0].url.strip()
    return " ".join(cell.text.split())


def title_link(raw: str) -> str | None:
    """The URL of a title written as a link (``[Title](https://…)``), else None."""
    cell = inline.parse_cell(raw.strip())
    return cell.links[0].url.strip() if len(cell.links) == 1 else None


def command_from(line: int, pairs: list[tuple[str, str]]) -> Command:
    """The ``/add-paper`` command at ``line`` with these (key as written, raw value) pairs.

    A title written as a link also gives the URL, unless a ``url`` field is there too.
    """
    fields: dict[str, str] = {}
    unknown: list[str] = []
    repeated: list[str] = []
    not_addresses: dict[str, str] = {}
    linked_url: str | None = None
    for key, raw in pairs[:MAX_FIELDS]:
        name = canonical_key(key)
        if name is None:
            unknown.append(" ".join(key.split()))
            continue
        if name in fields or name in not_addresses:
            repeated.append(name)
        value = field_value(name, raw)
        if name == "title":
            linked_url = title_link(raw) or linked_url
        fields.pop(name, None)
        not_addresses.pop(name, None)
        if raw.strip().lower() in BLANK_VALUES or value.lower() in BLANK_VALUES:
            continue
        if name in URL_FIELDS and not is_only_an_address(raw, value):
            not_addresses[name] = " ".join(raw.split())  # refused, never percent-encoded into a link
        else:
            fields[name] = value
    if linked_url and "url" not in fields and "url" not in not_addresses:
        fields["url"] = linked_url
    return Command(
        ADD_PAPER,
        line,
        fields,
        tuple(dict.fromkeys(unknown)),
        tuple(dict.fromkeys(repeated)),
        tuple(not_addresses.items()),
    )


def is_only_an_address(raw: str, value: str) -> bool:
    """True when a link field says one web address and nothing else: ``value`` (the address read from
    ``raw``) holds no spaces, markup or invisible characters, and ``raw`` is that address alone, as an
    autolink, a code span or one markdown link — not an address followed by more text."""
    if NOT_IN_ADDRESS_RE.search(value) or safe_text.visible(value) != value:
        return False
    written = raw.strip()
    return (
        written in (value, f"<{value}>")
        or bool(CODE_SPAN_RE.match(written))
        or bool(re.fullmatch(r"\[[^\[\]]*\]\(\s*" + re.escape(value) + r"\s*\)", written))
    )


def _field_lines(lines: list[tuple[int, str | None]], index: int, rest: str) -> tuple[list[tuple[str, str]], int]:
    """The ``key: value`` lines after a command (and on its own line), and where reading stopped.

    Blank lines may separate the command from its fields; once a field is read, a blank line,
    a line that is not a field, a hidden line or another command ends them.
    """
    pairs: list[tuple[str, str]] = []
    link = LINK_ALONE_RE.match(rest.strip()) if rest.strip() else None
    same_line = FIELD_RE.match(rest.strip()) if rest.strip() and not link else None
    if link:
        pairs.append(("url", link["url"] or f"https://doi.org/{link['doi']}"))
    elif same_line:
        pairs.append((same_line["key"], same_line["value"] or ""))
    while index < len(lines):
        _, text = lines[index]
        if text is None or COMMAND_RE.match(text):
            break
        if not text.strip():
            if pairs:
                break
            index += 1
            continue
        match = FIELD_RE.match(text)
        if match is None:
            break
        pairs.append((match["key"], match["value"] or ""))
        index += 1
    return pairs, index


def _visible_lines(body: str) -> Iterator[tuple[int, str | None]]:
    """(line number, text) for each line; text is None where a reader does not see markdown as
    written: inside fenced or indented code, block quotes and HTML comments."""
    fence: tuple[str, int] | None = None
    in_comment = False
    previous_blank = True
    in_indented_code = False
    for number, text in enumerate(body[:MAX_BODY].splitlines(), start=1):
        if fence is not None:
            closing = FENCE_RE.match(text)
            if (
                closing
                and closing["fence"][0] == fence[0]
                and len(closing["fence"]) >= fence[1]
                and not closing["info"].strip()
            ):
                fence = None
            yield number, None
            continue
        if in_comment:
            in_comment = "-->" not in text
            yield number, None
            continue
        opening = FENCE_RE.match(text)
        if opening and not (opening["fence"][0] == "`" and "`" in opening["info"]):
            fence = (opening["fence"][0], len(opening["fence"]))
            yield number, None
            continue
        if "<!--" in text:
            in_comment = "-->" not in text.split("<!--", 1)[1]
            yield number, None
            continue
        blank = not text.strip()
        # An indented line starts a code block only after a blank line (it cannot interrupt a paragraph).
        in_indented_code = bool(INDENTED_RE.match(text)) and not blank and (previous_blank or in_indented_code)
        hidden = in_indented_code or bool(QUOTE_RE.match(text))
        previous_blank = blank
        yield number, None if hidden else text

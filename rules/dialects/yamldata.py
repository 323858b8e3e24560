"""Read a YAML data file (a sequence of paper mappings, as ``data/publications.yml``) into entries.

PyYAML's composer gives every node its exact start and end in the text, so each entry keeps the line of
each key and the span of each one-line scalar value: a fix rewrites that value in the file's own quoting
and leaves every other byte alone. Keys are read as the file names them (``datakeys``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import yaml
from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from rules.dialects import ListFormat, UnreadableList, datakeys
from rules.model import DataObject, Document, Entry, Location, Problem, Role, Span, field_lines, shared_spans
from rules.text import BOM

NOT_A_SEQUENCE = "expected a YAML list of papers (`- title: …` items), found {found}"
NOT_A_MAPPING = "Item {position} of this data file is not a mapping of keys to values; every item must be a paper."
DUPLICATE_KEY = "The key {key!r} appears twice in this paper; the second value wins silently."
WRONG_TYPE = "`{key}` must be a single value, not {kind}."
NODE_KINDS = {MappingNode: "a mapping", SequenceNode: "a list", ScalarNode: "a single value"}
# Fields a fix may rewrite in place: they are single-line scalars where the file writes them so.
SPAN_ROLES = (Role.TITLE, Role.URL, Role.YEAR, Role.VENUE, Role.AUTHORS)
TEXT_ROLES = (Role.TITLE, Role.URL, Role.YEAR, Role.VENUE)
QUOTES = ("'", '"')
NULL_TAG = "tag:yaml.org,2002:null"
# libyaml's composer where PyYAML was built with it (five times faster), else PyYAML's own.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NESTED_ITEM_RE = re.compile(r"^(\s+)- ")
_DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
DEFAULT_LIST_OFFSET = 2


class YamlListError(UnreadableList):
    """The file is not valid YAML, or not a list of mappings; the message gives the position."""


def parse_yaml(path: str, text: str, fmt: ListFormat | None = None) -> Document:
    """Parse a YAML data file; raise YamlListError (with line and column) when it is not a list of papers."""
    root = _compose(text)
    if not isinstance(root, SequenceNode):
        found = "nothing" if root is None else NODE_KINDS[type(root)]
        line = root.start_mark.line + 1 if root is not None else None
        raise YamlListError(NOT_A_SEQUENCE.format(found=found) + (f" at line {line}" if line else ""), line)
    if root.value and not any(isinstance(item, MappingNode) for item in root.value):
        line = root.start_mark.line + 1
        raise YamlListError(NOT_A_SEQUENCE.format(found="a list of single values") + f" at line {line}", line)
    reader = _Reader(path, text)
    return reader.document(root, fmt.fields if fmt is not None else {})


def _compose(text: str) -> Node | None:
    try:
        return yaml.compose(text, Loader=LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        line = mark.line + 1 if mark is not None else None
        raise YamlListError(f"invalid YAML{where}: {error.problem or error.context}", line) from None
    except yaml.YAMLError as error:
        raise YamlListError(f"invalid YAML: {error}") from None


class _Constructor(yaml.SafeLoader):
    """``yaml.safe_load``'s decoding, except that a date that does not exist (``2024-02-30``) stays the text
    it is: the year rule reports it, where the plain loader would raise and the whole file be unread."""

    def construct_yaml_timestamp(self, node: ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


def _decode(node: Node) -> Any:
    """The node as Python data (dates as dates), the way ``yaml.safe_load`` would decode it."""
    return _Constructor("").construct_document(node)


def _style(node: ScalarNode) -> str | None:
    """The scalar's quote (``'``, ``"``), block indicator (``|``, ``>``), or None for plain text (which
    libyaml calls ``""``)."""
    return node.style or None


class _Reader:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
        self.problems: list[Problem] = []

    def offset(self, mark: Mark) -> int:
        """A mark's offset into the text, from its line and column (libyaml's index skips a byte-order mark)."""
        return (
            self.line_starts[mark.line]
            + mark.column
            + (len(BOM) if mark.line == 0 and self.text.startswith(BOM) else 0)
        )

    def document(self, root: SequenceNode, overrides: Mapping[str, str]) -> Document:
        items = root.value
        decoded = list(zip(items, _decode(root), strict=True))
        keymap = datakeys.infer([data for node, data in decoded if isinstance(node, MappingNode)], overrides)
        entries = []
        for position, (node, data) in enumerate(decoded):
            if not isinstance(node, MappingNode):
                location = Location(self.path, node.start_mark.line + 1, self.end_line(node))
                self.problems.append(Problem("not-an-object", NOT_A_MAPPING.format(position=position + 1), location))
                continue
            entries.append(self.entry(position, node, data, keymap, position == len(items) - 1))
        return Document(self.path, "yaml", self.text, tuple(entries), (), tuple(self.problems), dialect="YAML data")

    def end_line(self, node: Node) -> int:
        """The last line holding the node's text: its last value's (a block collection ends where the next
        token starts, after any comment; a block value's end mark sits on the line after it)."""
        mark = _last_leaf(node).end_mark
        line = mark.line if mark.column == 0 and mark.line > node.start_mark.line else mark.line + 1
        while line > node.start_mark.line + 1 and not self.line(line).strip():
            line -= 1
        return line

    def line(self, number: int) -> str:
        start = self.line_starts[number - 1]
        end = self.line_starts[number] - 1 if number < len(self.line_starts) else len(self.text)
        return self.text[start:end]

    def entry(
        self, position: int, node: MappingNode, data: DataObject, keymap: datakeys.KeyMap, is_last: bool
    ) -> Entry:
        line, end_line = node.start_mark.line + 1, self.end_line(node)
        raw_start = self.line_starts[line - 1]
        raw = self.text[raw_start : self.line_starts[end_line - 1] + len(self.line(end_line))]
        location = Location(self.path, line, end_line)
        values = _folded(self.values(node))
        self.problems += datakeys.missing_keys(data, keymap, location, lambda key: f"{key}: …")
        self.check_types(values, keymap)
        found = datakeys.fields(_as_written(node), keymap, datakeys.plain_text)
        return Entry(
            **found._replace(spans=self.spans(values, keymap, raw_start, len(raw)))._asdict(),
            path=self.path,
            line=line,
            end_line=end_line,
            raw=raw,
            kind="yaml",
            section="",
            position=position,
            data=data,
            field_lines=field_lines([(key, value.start_mark.line + 1) for key, value in self.key_nodes(node)], line),
            is_last=is_last,
            indent=self.line(line)[: node.start_mark.column],
            keys=keymap.roles,
        )

    def key_nodes(self, node: MappingNode, prefix: str = "") -> list[tuple[str, Node]]:
        """Each key (nested mappings' keys one level down as ``Outer.Inner``) with its key node; a key
        written twice is a problem."""
        found: list[tuple[str, Node]] = []
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                location = Location(self.path, key_node.start_mark.line + 1)
                self.problems.append(Problem("duplicate-key", DUPLICATE_KEY.format(key=key), location))
            seen.add(key)
            found.append((prefix + key, key_node))
            if isinstance(value_node, MappingNode) and not prefix:
                found.extend(self.key_nodes(value_node, f"{key}."))
        return found

    def values(self, node: MappingNode) -> dict[str, Node]:
        """Key path → value node (the last of a repeated key, as decoding keeps it)."""
        nodes: dict[str, Node] = {}
        for key_node, value_node in node.value:
            nodes[str(key_node.value)] = value_node
            if isinstance(value_node, MappingNode):
                nodes.update((f"{key_node.value}.{inner.value}", value) for inner, value in value_node.value)
        return nodes

    def check_types(self, values: Mapping[str, Node], keymap: datakeys.KeyMap) -> None:
        for role in TEXT_ROLES:
            node = _node_at(values, keymap.key(role))
            if node is not None and not isinstance(node, ScalarNode):
                key = keymap.key(role)
                location = Location(self.path, node.start_mark.line + 1, self.end_line(node))
                self.problems.append(
                    Problem("wrong-type", WRONG_TYPE.format(key=key, kind=NODE_KINDS[type(node)]), location)
                )

    def spans(
        self, values: Mapping[str, Node], keymap: datakeys.KeyMap, raw_start: int, raw_length: int
    ) -> tuple[Span, ...]:
        """Where each one-line scalar field is written in the entry's text, quotes included."""
        found = []
        for role in SPAN_ROLES:
            node = _node_at(values, keymap.key(role))
            if not isinstance(node, ScalarNode) or _style(node) not in (None, *QUOTES):
                continue
            start, end = self.offset(node.start_mark) - raw_start, self.offset(node.end_mark) - raw_start
            if node.start_mark.line == node.end_mark.line and 0 <= start < end <= raw_length:
                found.append(Span(role, start, end))
        return shared_spans(found)


def _last_leaf(node: Node) -> Node:
    while isinstance(node, (MappingNode, SequenceNode)) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, MappingNode) else last
    return node


def _folded(values: dict[str, Node]) -> dict[str, Node]:
    """Key path → value node with the paths case-folded, the first path of each folding kept: an
    object's fields are looked up by the file's key case-insensitively, once per field."""
    folded: dict[str, Node] = {}
    for path, node in values.items():
        folded.setdefault(path.casefold(), node)
    return folded


def _node_at(folded: Mapping[str, Node], key: str | None) -> Node | None:
    return None if key is None else folded.get(key.casefold())


def _as_written(node: Node) -> Any:
    """The node's data with every scalar as the file writes it (``2024-06-20``, ``2022.10``, not a date
    or 2022.1); null is empty."""
    if isinstance(node, MappingNode):
        return {str(key.value): _as_written(value) for key, value in node.value}
    if isinstance(node, SequenceNode):
        return [_as_written(item) for item in node.value]
    return "" if node.tag == NULL_TAG else str(node.value)


def scalar(value: str, written: str, quote: str = '"') -> str | None:
    """``value`` as a YAML scalar in the style of ``written`` (plain, 'single' or "double" quoted), in
    ``quote``s when plain text would read as something else (``key: value``, ``#``, ``yes``); None when
    no style reads back as exactly ``value``."""
    styles = [written[:1]] if written[:1] in QUOTES else ["", quote]
    styles += [style for style in QUOTES if style not in styles]
    for style in styles:
        text = _quoted(value, style)
        if _reads_back(text, value):
            return text
    return None


def _quoted(value: str, style: str) -> str:
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if style == '"':
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return value


def _reads_back(text: str, value: str) -> bool:
    if "\n" in text or not text:
        return False
    try:
        loaded = yaml.safe_load(f"k: {text}")
    except yaml.YAMLError:
        return False
    return isinstance(loaded, dict) and list(loaded) == ["k"] and isinstance(loaded["k"], str) and loaded["k"] == value


def render_item(data: Mapping[str, object], entries: Sequence[Entry]) -> str:
    """``data`` as an item of the file ``entries`` come from: its item indentation (``- title: …``), the
    indentation of its nested lists (``    - name: …``) and its quotes where a value needs them."""
    prefix = entries[-1].indent if entries else "- "
    style = _Style(prefix, _list_offset(entries, len(prefix)), _quote(entries))
    lines = style.mapping(data, 0)
    return "\n".join([prefix + lines[0][len(prefix) :], *lines[1:]])


def _list_offset(entries: Sequence[Entry], key_column: int) -> int:
    """How far the file indents a list's ``- `` under its key (``authors:`` / ``    - name: …``)."""
    offsets = Counter(
        len(match[1]) - key_column
        for entry in entries
        for line in entry.raw.splitlines()[1:]
        if (match := _NESTED_ITEM_RE.match(line)) and len(match[1]) >= key_column
    )
    return offsets.most_common(1)[0][0] if offsets else DEFAULT_LIST_OFFSET


def _quote(entries: Sequence[Entry]) -> str:
    """The quote the file puts around values that need one."""
    quotes = Counter(
        entry.raw[span.start] for entry in entries for span in entry.spans if entry.raw[span.start] in QUOTES
    )
    return quotes.most_common(1)[0][0] if quotes else '"'


class _Style:
    def __init__(self, prefix: str, list_offset: int, quote: str) -> None:
        self.key_column = len(prefix)
        self.list_offset = list_offset
        self.quote = quote

    def mapping(self, data: Mapping[str, object], column: int) -> list[str]:
        lines = []
        pad = " " * (self.key_column + column)
        for key, value in data.items():
            if isinstance(value, Mapping) and value:
                lines += [f"{pad}{key}:", *self.mapping(value, column + DEFAULT_LIST_OFFSET)]
            elif isinstance(value, list) and value:
                lines += [f"{pad}{key}:", *self.sequence(value, column + self.list_offset)]
            else:
                lines.append(f"{pad}{key}: {self.scalar(value)}")
        return lines

    def sequence(self, items: list[object], column: int) -> list[str]:
        pad = " " * (self.key_column + column)
        lines = []
        for item in items:
            if isinstance(item, Mapping) and item:
                inner = self.mapping(item, column + 2)
                lines += [pad + "- " + inner[0].lstrip(), *inner[1:]]
            else:
                lines.append(f"{pad}- {self.scalar(item)}")
        return lines

    def scalar(self, value: object) -> str:
        if isinstance(value, (list, Mapping)):
            return "[]" if isinstance(value, list) else "{}"
        text = datakeys.plain_text(value)
        if _DATE_RE.match(text):
            return text  # a date or year, written bare as the file writes its dates
        return scalar(text, "", self.quote) or _quoted(text, '"')

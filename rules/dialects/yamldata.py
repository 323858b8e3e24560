"""Read a YAML data file (a sequence of paper mappings, as ``data/publications.yml``) into entries.

PyYAML's composer gives every node its exact start and end in the text, so each entry keeps the line of
each key and the span of each one-line scalar value: a fix rewrites that value in the file's own quoting
and leaves every other byte alone. Keys are read as the file names them (``datakeys``).
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple

import yaml
from yaml.composer import ComposerError
from yaml.error import Mark
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from rules.dialects import ListFormat, UnreadableList, datakeys
from rules.model import (
    DataObject,
    Document,
    Entry,
    FieldLines,
    Location,
    Problem,
    Role,
    Span,
    field_lines,
    shared_spans,
)
from rules.text import BOM

NOT_A_SEQUENCE = "expected a YAML list of papers (`- title: …` items), found {found}"
NOT_A_MAPPING = "Item {position} of this data file is not a mapping of keys to values; every item must be a paper."
DUPLICATE_KEY = "The key {key!r} appears twice in this paper; the second value wins silently."
WRONG_TYPE = "`{key}` must be a single value, not {kind}."
NODE_KINDS = {MappingNode: "a mapping", SequenceNode: "a list", ScalarNode: "a single value"}
# Fields a fix may rewrite in place: they are single-line scalars where the file writes them so.
SPAN_ROLES = (Role.TITLE, Role.URL, Role.YEAR, Role.VENUE, Role.AUTHORS)
TEXT_ROLES = (Role.TITLE, Role.URL, Role.YEAR, Role.VENUE)
# The fields whose values' places an item keeps until the file's keys are known.
PLACED_ROLES = tuple(dict.fromkeys(SPAN_ROLES + TEXT_ROLES))
QUOTES = ("'", '"')
NULL_TAG = "tag:yaml.org,2002:null"
STR_TAG, MAP_TAG, SEQ_TAG = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_NOT_PLAIN = object()  # a node ``_plain_data`` leaves to PyYAML's constructor
# libyaml's parser where PyYAML was built with it (five times faster), else PyYAML's own.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NESTED_ITEM_RE = re.compile(r"^(\s+)- ")
_DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
DEFAULT_LIST_OFFSET = 2


class YamlListError(UnreadableList):
    """The file is not valid YAML, or not a list of mappings; the message gives the position."""


def parse_yaml(path: str, text: str, fmt: ListFormat | None = None) -> Document:
    """Parse a YAML data file; raise YamlListError (with line and column) when it is not a list of papers."""
    overrides = fmt.fields if fmt is not None else {}
    reader = _Reader(path, text, datakeys.may_hold(PLACED_ROLES, overrides))
    with _read_errors():
        items = reader.read(_Composer(text))
    return reader.document(items, overrides)


@contextmanager
def _read_errors() -> Iterator[None]:
    """PyYAML's errors as YamlListError, with the line and column where reading stopped."""
    try:
        yield
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        line = mark.line + 1 if mark is not None else None
        raise YamlListError(f"invalid YAML{where}: {error.problem or error.context}", line) from None
    except yaml.YAMLError as error:
        raise YamlListError(f"invalid YAML: {error}") from None


class _Composer(LOADER):  # type: ignore[valid-type, misc]  # LOADER is one of two classes
    """The loader's events (libyaml's, where PyYAML has it) composed into nodes one item of the top-level
    list at a time: a list composed whole held every node of the file with two marks each, about 3 KB an
    item (340 MB at 100k), besides the entries built from them. The nodes are PyYAML's composer's (tags
    resolved alike, anchors and aliases alike, libyaml's words for their errors), read with one event call
    per node and none of the path resolvers the safe loader never registers: PyYAML's composer over
    libyaml's events took 0.50 s of CPU for a 10k-entry list where libyaml composing it took 0.32 s, and
    this one takes 0.41 s."""

    def __init__(self, text: str) -> None:
        LOADER.__init__(self, text)
        self.anchors: dict[str, Node] = {}

    def next_node(self) -> Node:
        """The next node of the stream, whole."""
        event: Any = self.get_event()
        kind = type(event)  # libyaml's events are PyYAML's event classes exactly
        if kind is AliasEvent:
            if event.anchor not in self.anchors:
                raise ComposerError(None, None, "found undefined alias", event.start_mark)
            return self.anchors[event.anchor]
        anchor: str | None = event.anchor
        if anchor is not None and anchor in self.anchors:
            raise ComposerError(
                "found duplicate anchor; first occurrence",
                self.anchors[anchor].start_mark,
                "second occurrence",
                event.start_mark,
            )
        node: Node
        if kind is ScalarEvent:
            node = ScalarNode(
                self._tag(event, ScalarNode), event.value, event.start_mark, event.end_mark, style=event.style
            )
        elif kind is SequenceStartEvent:
            node = SequenceNode(self._tag(event, SequenceNode), [], event.start_mark, None, flow_style=event.flow_style)
            self._anchor(anchor, node)  # before its items, which may name it
            while type(self.peek_event()) is not SequenceEndEvent:
                node.value.append(self.next_node())
            node.end_mark = self.get_event().end_mark
        else:
            node = MappingNode(self._tag(event, MappingNode), [], event.start_mark, None, flow_style=event.flow_style)
            self._anchor(anchor, node)
            while type(self.peek_event()) is not MappingEndEvent:
                key = self.next_node()
                node.value.append((key, self.next_node()))
            node.end_mark = self.get_event().end_mark
        self._anchor(anchor, node)
        return node

    def _tag(self, event: Any, kind: type[Node]) -> str:
        tag: str | None = event.tag
        if tag is None or tag == "!":
            return self.resolve(kind, event.value if kind is ScalarNode else None, event.implicit)  # type: ignore[no-any-return]
        return tag

    def _anchor(self, anchor: str | None, node: Node) -> None:
        if anchor is not None:
            self.anchors[anchor] = node


class _Constructor(yaml.SafeLoader):
    """``yaml.safe_load``'s decoding, except that a date that does not exist (``2024-02-30``) stays the text
    it is: the year rule reports it, where the plain loader would raise and the whole file be unread."""

    def construct_yaml_timestamp(self, node: ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


def _style(node: ScalarNode) -> str | None:
    """The scalar's quote (``'``, ``"``), block indicator (``|``, ``>``), or None for plain text (which
    libyaml calls ``""``)."""
    return node.style or None


class _Collection(NamedTuple):
    """A field's value that is a list or a mapping where one value is expected: what it is, and where."""

    kind: str
    location: Location


# What an item keeps of a field's value once its nodes are let go: where a one-line scalar is written in the
# item's text (start, end), a list or mapping, or None (a scalar written over lines, or in a block).
_Place = tuple[int, int] | _Collection | None


class _Item(NamedTuple):
    """What an entry needs of one paper of the file, read before the file's keys are known (they are
    inferred from every paper): its place and text, its data as decoded and as written, and the places of
    the values that may hold a field."""

    position: int
    line: int
    end_line: int
    raw: str
    indent: str
    data: DataObject
    written: DataObject
    places: dict[str, _Place]  # by key path, case-folded
    field_lines: FieldLines
    duplicates: tuple[Problem, ...]


class _Reader:
    def __init__(self, path: str, text: str, may_hold: Callable[[str], bool]) -> None:
        self.path = path
        self.text = text
        self.may_hold = may_hold
        # Each line's start, as machine integers: a list of Python ints cost 25 MB on a 100k-entry file.
        self.line_starts = array("q", (0, *(match.end() for match in re.finditer("\n", text))))
        self.problems: list[Problem] = []
        self.indents: dict[str, str] = {}  # one string for each indentation the file uses
        self.shared: dict[object, object] = {}  # the short values the file's items share (dates, venues)

    def offset(self, mark: Mark) -> int:
        """A mark's offset into the text, from its line and column (libyaml's index skips a byte-order mark)."""
        return (
            self.line_starts[mark.line]
            + mark.column
            + (len(BOM) if mark.line == 0 and self.text.startswith(BOM) else 0)
        )

    def read(self, composer: _Composer) -> list[_Item | Problem]:
        """Each item of the file's top-level list, composed, read and let go in turn: a paper, or the
        problem of an item that is not one."""
        composer.get_event()  # the stream's start
        if composer.check_event(StreamEndEvent):
            raise YamlListError(NOT_A_SEQUENCE.format(found="nothing"))
        composer.get_event()  # the document's start
        if not composer.check_event(SequenceStartEvent):
            root = composer.next_node()
            _end_of_stream(composer, root.start_mark)
            line = root.start_mark.line + 1
            raise YamlListError(NOT_A_SEQUENCE.format(found=NODE_KINDS[type(root)]) + f" at line {line}", line)
        start = composer.get_event().start_mark
        constructor = _Constructor("")
        items: list[_Item | Problem] = []
        while not composer.check_event(SequenceEndEvent):
            node = composer.next_node()
            # Decoded first: decoding merges ``<<: *base`` keys into the node, which is then read as merged.
            # Nodes an anchor names may stand in several places: the constructor decodes them once.
            plain: Any = _NOT_PLAIN if composer.anchors else _plain_data(node, constructor)
            data = constructor.construct_document(node) if plain is _NOT_PLAIN else plain
            items.append(
                self.item(len(items), node, data)
                if isinstance(node, MappingNode)
                else self.not_a_paper(len(items), node)
            )
        composer.get_event()  # the list's end
        _end_of_stream(composer, start)
        if items and all(isinstance(item, Problem) for item in items):
            raise YamlListError(
                NOT_A_SEQUENCE.format(found="a list of single values") + f" at line {start.line + 1}", start.line + 1
            )
        return items

    def not_a_paper(self, position: int, node: Node) -> Problem:
        location = Location(self.path, node.start_mark.line + 1, self.end_line(node))
        return Problem("not-an-object", NOT_A_MAPPING.format(position=position + 1), location)

    def item(self, position: int, node: MappingNode, data: DataObject) -> _Item:
        line, end_line = node.start_mark.line + 1, self.end_line(node)
        raw_start = self.line_starts[line - 1]
        raw = self.text[raw_start : self.line_starts[end_line - 1] + len(self.line(end_line))]
        indent = self.line(line)[: node.start_mark.column]
        duplicates: list[Problem] = []
        keys = self.key_nodes(node, duplicates)
        return _Item(
            position=position,
            line=line,
            end_line=end_line,
            raw=raw,
            indent=self.indents.setdefault(indent, indent),
            data=datakeys.share_values(data, self.shared),
            written=datakeys.share_values(_as_written(node), self.shared),
            places={
                path: self.place(value, raw_start, len(raw))
                for path, value in _folded(self.values(node)).items()
                if self.may_hold(path)
            },
            field_lines=field_lines([(key, value.start_mark.line + 1) for key, value in keys], line),
            duplicates=tuple(duplicates),
        )

    def document(self, items: list[_Item | Problem], overrides: Mapping[str, str]) -> Document:
        keymap = datakeys.infer([item.data for item in items if isinstance(item, _Item)], overrides)
        entries = []
        last = len(items) - 1
        items.reverse()  # taken from the end, in the file's order: each item let go once its entry is made
        while items:
            item = items.pop()
            if isinstance(item, Problem):
                self.problems.append(item)
            else:
                entries.append(self.entry(item, keymap, item.position == last))
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

    def entry(self, item: _Item, keymap: datakeys.KeyMap, is_last: bool) -> Entry:
        location = Location(self.path, item.line, item.end_line)
        self.problems += datakeys.missing_keys(item.data, keymap, location, lambda key: f"{key}: …")
        self.check_types(item.places, keymap)
        found = datakeys.fields(item.written, keymap, datakeys.plain_text)
        self.problems += item.duplicates
        return found._replace(spans=_spans(item.places, keymap)).entry(
            path=self.path,
            line=item.line,
            end_line=item.end_line,
            raw=item.raw,
            kind="yaml",
            section="",
            position=item.position,
            data=item.data,
            field_lines=item.field_lines,
            is_last=is_last,
            indent=item.indent,
            keys=keymap.roles,
        )

    def key_nodes(self, node: MappingNode, duplicates: list[Problem], prefix: str = "") -> list[tuple[str, Node]]:
        """Each key (nested mappings' keys one level down as ``Outer.Inner``) with its key node; a key
        written twice is a problem."""
        found: list[tuple[str, Node]] = []
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                location = Location(self.path, key_node.start_mark.line + 1)
                duplicates.append(Problem("duplicate-key", DUPLICATE_KEY.format(key=key), location))
            seen.add(key)
            found.append((prefix + key, key_node))
            if isinstance(value_node, MappingNode) and not prefix:
                found.extend(self.key_nodes(value_node, duplicates, f"{key}."))
        return found

    def values(self, node: MappingNode) -> dict[str, Node]:
        """Key path → value node (the last of a repeated key, as decoding keeps it)."""
        nodes: dict[str, Node] = {}
        for key_node, value_node in node.value:
            nodes[str(key_node.value)] = value_node
            if isinstance(value_node, MappingNode):
                nodes.update((f"{key_node.value}.{inner.value}", value) for inner, value in value_node.value)
        return nodes

    def place(self, node: Node, raw_start: int, raw_length: int) -> _Place:
        """Where a value is written in its item's text, when it is a one-line scalar written plain or in quotes."""
        if not isinstance(node, ScalarNode):
            return _Collection(
                NODE_KINDS[type(node)], Location(self.path, node.start_mark.line + 1, self.end_line(node))
            )
        if _style(node) not in (None, *QUOTES) or node.start_mark.line != node.end_mark.line:
            return None
        start, end = self.offset(node.start_mark) - raw_start, self.offset(node.end_mark) - raw_start
        return (start, end) if 0 <= start < end <= raw_length else None

    def check_types(self, places: Mapping[str, _Place], keymap: datakeys.KeyMap) -> None:
        for role in TEXT_ROLES:
            key = keymap.key(role)
            place = _place_of(places, key)
            if isinstance(place, _Collection):
                self.problems.append(Problem("wrong-type", WRONG_TYPE.format(key=key, kind=place.kind), place.location))


def _plain_data(node: Node, constructor: _Constructor) -> Any:
    """The node decoded as ``constructor.construct_document`` decodes it, where it is written as papers
    are: mappings with text keys, of text, lists and mappings (a date or a number is decoded alone by the
    constructor). ``_NOT_PLAIN`` for any other key (a merge key ``<<``, a number): the constructor decodes
    the whole node. PyYAML's constructor spends a few calls on every value of a file of text."""
    kind, tag = type(node), node.tag
    if kind is ScalarNode:
        return node.value if tag == STR_TAG else constructor.construct_document(node)
    if kind is MappingNode and tag == MAP_TAG:
        mapping: dict[str, Any] = {}
        for key, value in node.value:
            if type(key) is not ScalarNode or key.tag != STR_TAG:
                return _NOT_PLAIN
            decoded = _plain_data(value, constructor)
            if decoded is _NOT_PLAIN:
                return _NOT_PLAIN
            mapping[key.value] = decoded
        return mapping
    if kind is SequenceNode and tag == SEQ_TAG:
        items = [_plain_data(item, constructor) for item in node.value]
        return _NOT_PLAIN if any(item is _NOT_PLAIN for item in items) else items
    return _NOT_PLAIN


def _spans(places: Mapping[str, _Place], keymap: datakeys.KeyMap) -> tuple[Span, ...]:
    """Where each one-line scalar field is written in the entry's text, quotes included."""
    found = []
    for role in SPAN_ROLES:
        place = _place_of(places, keymap.key(role))
        if place is not None and not isinstance(place, _Collection):
            found.append(Span(role, *place))
    return shared_spans(found)


def _end_of_stream(composer: _Composer, start: Mark) -> None:
    """Past the document's end, which must be the stream's: a file holds one list."""
    composer.get_event()  # the document's end
    if not composer.check_event(StreamEndEvent):
        raise ComposerError(
            "expected a single document in the stream",
            start,
            "but found another document",
            composer.get_event().start_mark,
        )


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


def _place_of(places: Mapping[str, _Place], key: str | None) -> _Place:
    return None if key is None else places.get(key.casefold())


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

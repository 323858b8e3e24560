"""Read a JSON data file (an array of paper objects) into entries, keeping the line of every field.

The stdlib decoder gives no positions, so the array and each object's keys are walked here with the
decoder's own ``raw_decode`` and ``scanstring`` for the values: exact offsets, no hand-written
value parser.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from json.decoder import scanstring  # type: ignore[attr-defined]  # typeshed omits it; CPython exports it (tests/test_private_apis.py)

from rules.dialects import ListFormat, UnreadableList, datakeys
from rules.model import DataObject, Document, Entry, FieldLines, Location, Problem, Role, field_lines
from rules.text import BOM

# Keys of the data files in ``scripts/data*.json``, matched case-insensitively; a file's own keys
# (``Initial Date``, ``url``, …) are read from it by ``datakeys``.
KEY_TITLE, KEY_LINK, KEY_DATE, KEY_VENUE = "Title", "Link", "Date", "Venue"
KEY_TASK, KEY_RESOURCE, KEY_CODE, KEY_MODEL, KEY_MODEL_LINK = "Task", "Resource", "Code", "Model", "ModelLink"

_WHITESPACE_RE = re.compile(r"[ \t\n\r]*")
# Between a key and its value, and after a value: one match each (the text is valid JSON by then).
_COLON_RE = re.compile(r"[ \t\n\r]*:[ \t\n\r]*")
_SEPARATOR_RE = re.compile(r"[ \t\n\r]*(?:,[ \t\n\r]*)?")
# A key written without escapes (then it is its own text), its colon, a string value and what follows it
# up to the next key: one match for most fields of an object.
_STRING_FIELD_RE = re.compile(r'"([^"\\]*)"[ \t\n\r]*:[ \t\n\r]*"[^"\\]*(?:\\.[^"\\]*)*"[ \t\n\r]*(?:,[ \t\n\r]*)?')
_DECODER = json.JSONDecoder()

NOT_AN_ARRAY = "expected a JSON array of paper objects"
NOT_AN_OBJECT = "Item {position} of this data file is not a JSON object; every item must be a paper."
WRONG_TYPE = "`{key}` must be a JSON string, not {kind} (`{value}`). Write it in quotes."
# Fields that hold text (a year may also be a number: ``"year": 2024``).
STRING_ROLES = (Role.TITLE, Role.URL, Role.YEAR, Role.VENUE)
JSON_KINDS = ((bool, "a boolean"), (int, "a number"), (float, "a number"), (list, "an array"), (dict, "an object"))
DUPLICATE_KEY = "The key {key!r} appears twice in this object; the second value wins silently."


class JsonListError(UnreadableList):
    """The file is not valid JSON, or not an array of objects; the message gives the position."""


def parse_json(path: str, text: str, fmt: ListFormat | None = None) -> Document:
    """Parse a JSON data file; raise JsonListError (with line and column) when it is not one. ``fmt``
    names keys where reading them from the file goes wrong."""
    try:
        # Decoded whole, in one call: the decoder then makes each key once for the file, not once per
        # object (a 100k-entry file's objects held 50 MB of copies of its dozen key names).
        items = _DECODER.decode(text.removeprefix(BOM))
    except json.JSONDecodeError as error:
        raise JsonListError(f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}") from None
    if not isinstance(items, list):
        raise JsonListError(NOT_AN_ARRAY)
    walker = _Walker(path, text, fmt.fields if fmt is not None else {})
    return walker.document(items)


def get(data: Mapping[str, object], key: str, default: object = None) -> object:
    """``data[key]`` with the key matched case-insensitively."""
    name = key_name(data, key)
    return data[name] if name in data else default


key_name = datakeys.key_name


class _Walker:
    """Walks the text of a decoded array item by item, for the offsets the decoder does not give: where
    each object starts and ends, and the line of each key. Lines are counted forward as the walk goes
    (the text is read once, in order), not looked up in a table of every line's start."""

    def __init__(self, path: str, text: str, overrides: Mapping[str, str]) -> None:
        self.path = path
        self.text = text
        self.overrides = overrides
        self.problems: list[Problem] = []
        self.section = _section_of(path)  # one string for every entry of the file
        self.counted = 0  # the offset up to which lines are counted
        self.lines = 1  # the line at ``counted``

    def line_of(self, offset: int) -> int:
        """The line of ``offset``, at or past every offset asked before."""
        self.lines += self.text.count("\n", self.counted, offset)
        self.counted = offset
        return self.lines

    def skip(self, offset: int) -> int:
        blank = _WHITESPACE_RE.match(self.text, offset)  # a ``*`` pattern: it always matches
        return blank.end() if blank else offset

    def document(self, items: list[object]) -> Document:
        # Offsets stay those of the text as written, a leading byte-order mark included; the text is
        # valid JSON holding an array, so the walk needs no checks.
        offset = self.skip(self.skip(len(BOM) if self.text.startswith(BOM) else 0) + 1)
        indent = self.indent_at(offset) if items else "  "
        keymap = datakeys.infer([value for value in items if isinstance(value, dict)], self.overrides)
        datakeys.share_values(items, {})
        entries: list[Entry] = []
        for position, value in enumerate(items):
            line = self.line_of(offset)
            if isinstance(value, dict):
                pairs, end = self.object_keys(offset, line)
                entries.append(
                    self.entry(position, value, (offset, end, line), pairs, position == len(items) - 1, indent, keymap)
                )
            else:
                _, end = _DECODER.raw_decode(self.text, offset)
                location = Location(self.path, line, self.line_of(end - 1))
                self.problems.append(Problem("not-an-object", NOT_AN_OBJECT.format(position=position + 1), location))
            offset = _SEPARATOR_RE.match(self.text, end).end()  # type: ignore[union-attr]
        return Document(self.path, "json", self.text, tuple(entries), (), tuple(self.problems), dialect="JSON data")

    def indent_at(self, offset: int) -> str:
        """What stands before the first item on its line: the file's indentation of its objects."""
        return self.text[self.text.rfind("\n", 0, offset) + 1 : offset] or "  "

    def entry(
        self,
        position: int,
        value: DataObject,
        place: tuple[int, int, int],
        pairs: list[tuple[str, int]],
        is_last: bool,
        indent: str,
        keymap: datakeys.KeyMap,
    ) -> Entry:
        start, end, line = place
        end_line = self.line_of(end - 1)
        location = Location(self.path, line, end_line)
        lines = field_lines(pairs, line)
        self.problems += datakeys.missing_keys(value, keymap, location, lambda key: f'"{key}": "…"')
        self.check_types(value, keymap, lines, location)
        raw_start = self.text.rfind("\n", 0, start) + 1
        raw_end = self.text.find("\n", end - 1)
        return datakeys.fields(value, keymap, _text).entry(
            path=self.path,
            line=line,
            end_line=end_line,
            raw=self.text[raw_start : raw_end if raw_end >= 0 else len(self.text)],
            kind="json",
            section=self.section,
            position=position,
            data=value,
            field_lines=lines,
            is_last=is_last,
            indent=indent,
            keys=keymap.roles,
        )

    def check_types(self, value: DataObject, keymap: datakeys.KeyMap, lines: FieldLines, location: Location) -> None:
        """Report text fields holding another JSON type (a year may be a number)."""
        for role in STRING_ROLES:
            key = keymap.key(role)
            if key is None:
                continue
            field = datakeys.value_at(value, key)
            if field is None or isinstance(field, str) or (role is Role.YEAR and _is_number(field)):
                continue
            kind = next(name for types, name in JSON_KINDS if isinstance(field, types))
            line = lines.line(key_name(value, key), location.line) or location.line
            message = WRONG_TYPE.format(key=key_name(value, key), kind=kind, value=_text(field))
            self.problems.append(Problem("wrong-type", message, Location(self.path, line, line)))

    def object_keys(self, start: int, line: int) -> tuple[list[tuple[str, int]], int]:
        """The line of each key of the object at ``start`` (nested objects' keys as ``Outer.Inner``), and
        the offset just past the object."""
        text = self.text
        found: list[tuple[str, int]] = []
        seen: set[str] = set()
        offset = self.skip(start + 1)
        while text.startswith('"', offset):
            key_line = self.line_of(offset)
            field = _STRING_FIELD_RE.match(text, offset)
            if field is not None:  # most fields: read in one match, up to the next key
                self.note_key(field[1], key_line, found, seen)
                offset = field.end()
                continue
            key, after_key = json_string(text, offset + 1)
            self.note_key(key, key_line, found, seen)
            offset = _COLON_RE.match(text, after_key).end()  # type: ignore[union-attr]
            if text.startswith('"', offset):
                _, offset = json_string(text, offset + 1)
            elif text.startswith("{", offset):
                nested, offset = self.object_keys(offset, key_line)
                found.extend((f"{key}.{name}", number) for name, number in nested)
            else:
                _, offset = _DECODER.raw_decode(text, offset)
            offset = _SEPARATOR_RE.match(text, offset).end()  # type: ignore[union-attr]
        return found, offset + 1  # past the closing brace

    def note_key(self, key: str, line: int, found: list[tuple[str, int]], seen: set[str]) -> None:
        """One more key of an object, with its line; a key written twice is a problem."""
        if key in seen:
            self.problems.append(Problem("duplicate-key", DUPLICATE_KEY.format(key=key), Location(self.path, line)))
        seen.add(key)
        found.append((key, line))


_text = datakeys.plain_text


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _section_of(path: str) -> str:
    """``scripts/data_weakly.json`` → ``weakly``; the main ``data.json`` has no section name."""
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return stem.removeprefix("data").lstrip("_-") or ""


def render_object(data: Mapping[str, object], indent: str = "  ", level: int = 1) -> str:
    """Render an object in the data files' style: one key per line, short arrays inline."""
    pad = indent * level
    inner = pad + indent
    fields = ",\n".join(
        [f"{inner}{_dump(key)}: {_render_value(value, indent, level + 1)}" for key, value in data.items()]
    )
    opening = pad + "{" if level else "{"
    return f"{opening}\n{fields}\n{pad}}}" if fields else f"{opening}\n{pad}}}"


def _render_value(value: object, indent: str, level: int) -> str:
    kind = type(value)
    if kind is str:  # most values: one encoder call, no tests of structure
        return _SCALAR.encode(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        return render_object(value, indent, level).lstrip()
    if isinstance(value, list) and not any(isinstance(item, (dict, list)) for item in value):
        return "[ " + ", ".join([_dump(item) for item in value]) + " ]" if value else "[]"
    if isinstance(value, list):
        inner = [indent * (level + 1) + _render_value(item, indent, level + 1) for item in value]
        return "[\n" + ",\n".join(inner) + "\n" + indent * level + "]"
    return _dump(value)


# ``json.dumps(value, ensure_ascii=False)`` makes an encoder per call; one made once writes the same text.
_SCALAR = json.JSONEncoder(ensure_ascii=False)


def _dump(value: object) -> str:
    return _SCALAR.encode(value)


def render_entry(entry: Entry, data: Mapping[str, object]) -> str:
    """``data`` rendered in place of ``entry``: same indentation, same trailing comma."""
    text = render_object(data, entry.indent)
    return text + "," if entry.raw.rstrip().endswith(",") else text


def owns_its_lines(entry: Entry) -> bool:
    """True when the entry's lines hold its object and nothing else (a trailing comma aside), so that a
    fix may replace or delete them whole; False for ``[{…}, {…}]`` written on one line."""
    body = entry.raw.strip().removesuffix(",")
    if not body.startswith("{"):
        return False
    try:
        return isinstance(json.loads(body), dict)  # fails on `{…}, {…}`: extra data
    except json.JSONDecodeError:
        return False


def replace_fields(entry: Entry, **changes: object) -> str | None:
    """The entry's object with some top-level fields changed (keys keep their spelling and order), or
    None when the object shares its lines with other JSON text and no whole-line rewrite is certain.
    A text value replacing a text value is written in place, so the fix keeps the file's own layout
    (``json.dump``'s arrays over several lines, keys on the brace's line); otherwise the object is
    rendered whole in the data files' style."""
    assert entry.data is not None
    if not owns_its_lines(entry):
        return None
    data = dict(entry.data)
    for key, value in changes.items():
        name = key_name(data, key)
        if name not in data and datakeys.has_path(data, key):
            return None  # a nested field (``Paper.Title``): no certain whole-object rewrite here
        data[name] = value
    in_place = _texts_replaced(entry.raw, {name: data[name] for name in data if data[name] != entry.data.get(name)})
    return in_place if in_place is not None else render_entry(entry, data)


def _texts_replaced(raw: str, changed: Mapping[str, object]) -> str | None:
    """``raw`` (one object's own text) with each changed top-level text value rewritten where it is
    written, or None when a change is not a text replacing a text (a new key, a number, an array)."""
    spans = _top_level_text_values(raw)
    if not changed or any(type(value) is not str or name not in spans for name, value in changed.items()):
        return None
    for name in sorted(changed, key=lambda name: spans[name][0], reverse=True):  # later ones first
        start, end = spans[name]
        raw = raw[:start] + _dump(changed[name]) + raw[end:]
    return raw


def _top_level_text_values(raw: str) -> dict[str, tuple[int, int]]:
    """Where each top-level key of the object in ``raw`` writes its value, quotes included, for the keys
    whose value is a JSON string (a key written twice: its last value, the one the decoder keeps)."""
    spans: dict[str, tuple[int, int]] = {}
    offset = _WHITESPACE_RE.match(raw, raw.index("{") + 1).end()  # type: ignore[union-attr]
    while raw.startswith('"', offset):
        key, after_key = json_string(raw, offset + 1)
        value_start = _COLON_RE.match(raw, after_key).end()  # type: ignore[union-attr]
        if raw.startswith('"', value_start):
            _, offset = json_string(raw, value_start + 1)
            spans[key] = (value_start, offset)
        else:
            spans.pop(key, None)
            _, offset = _DECODER.raw_decode(raw, value_start)
        offset = _SEPARATOR_RE.match(raw, offset).end()  # type: ignore[union-attr]
    return spans


def json_string(text: str, start: int) -> tuple[str, int]:
    """The JSON string whose body starts at ``start`` (just past its opening quote), decoded, and the offset
    just past its closing quote. The decoder's own ``scanstring``, not part of json's documented API, is
    used here only (tests/test_private_apis.py fails when Python changes it)."""
    decoded: tuple[str, int] = scanstring(text, start)
    return decoded

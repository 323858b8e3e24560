"""Read a JSON data file (an array of paper objects) into entries, keeping the line of every field.

The stdlib decoder gives no positions, so the array and each object's keys are walked here with the
decoder's own ``raw_decode`` and ``scanstring`` for the values: exact offsets, no hand-written
value parser.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Mapping
from json.decoder import scanstring  # type: ignore[attr-defined]  # typeshed omits it; CPython exports it (tests/test_private_apis.py)

from rules.dialects import ListFormat, UnreadableList, datakeys
from rules.model import DataObject, Document, Entry, Location, Problem, Role
from rules.text import BOM

# Keys of the data files in ``scripts/data*.json``, matched case-insensitively; a file's own keys
# (``Initial Date``, ``url``, …) are read from it by ``datakeys``.
KEY_TITLE, KEY_LINK, KEY_DATE, KEY_VENUE = "Title", "Link", "Date", "Venue"
KEY_TASK, KEY_RESOURCE, KEY_CODE, KEY_MODEL, KEY_MODEL_LINK = "Task", "Resource", "Code", "Model", "ModelLink"

_WHITESPACE_RE = re.compile(r"[ \t\n\r]*")
# Between a key and its value, and after a value: one match each (the text is valid JSON by then).
_COLON_RE = re.compile(r"[ \t\n\r]*:[ \t\n\r]*")
_SEPARATOR_RE = re.compile(r"[ \t\n\r]*(?:,[ \t\n\r]*)?")
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
        _DECODER.decode(text.removeprefix(BOM))
    except json.JSONDecodeError as error:
        raise JsonListError(f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}") from None
    walker = _Walker(path, text, fmt.fields if fmt is not None else {})
    return walker.document()


def get(data: Mapping[str, object], key: str, default: object = None) -> object:
    """``data[key]`` with the key matched case-insensitively."""
    name = key_name(data, key)
    return data[name] if name in data else default


key_name = datakeys.key_name


class _Walker:
    def __init__(self, path: str, text: str, overrides: Mapping[str, str]) -> None:
        self.path = path
        self.text = text
        self.overrides = overrides
        self.line_starts = [0] + [match.end() for match in re.finditer(r"\n", text)]
        self.problems: list[Problem] = []

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)  # the lines starting at or before ``offset``

    def skip(self, offset: int) -> int:
        blank = _WHITESPACE_RE.match(self.text, offset)  # a ``*`` pattern: it always matches
        return blank.end() if blank else offset

    def document(self) -> Document:
        # Offsets stay those of the text as written, a leading byte-order mark included.
        offset = self.skip(len(BOM) if self.text.startswith(BOM) else 0)
        if not self.text.startswith("[", offset):
            raise JsonListError(NOT_AN_ARRAY)
        spans: list[tuple[int, int, object]] = []
        offset = self.skip(offset + 1)
        while not self.text.startswith("]", offset):
            value, end = _DECODER.raw_decode(self.text, offset)
            spans.append((offset, end, value))
            offset = self.skip(end)
            if self.text.startswith(",", offset):
                offset = self.skip(offset + 1)
        indent = self.indent_unit(spans)
        keymap = datakeys.infer([value for _, _, value in spans if isinstance(value, dict)], self.overrides)
        entries = [
            entry
            for position, (start, end, value) in enumerate(spans)
            if (entry := self.entry(position, start, end, value, position == len(spans) - 1, indent, keymap))
            is not None
        ]
        return Document(self.path, "json", self.text, tuple(entries), (), tuple(self.problems), dialect="JSON data")

    def indent_unit(self, spans: list[tuple[int, int, object]]) -> str:
        if not spans:
            return "  "
        start = spans[0][0]
        line_start = self.line_starts[self.line_of(start) - 1]
        return self.text[line_start:start] or "  "

    def entry(
        self, position: int, start: int, end: int, value: object, is_last: bool, indent: str, keymap: datakeys.KeyMap
    ) -> Entry | None:
        line, end_line = self.line_of(start), self.line_of(end - 1)
        if not isinstance(value, dict):
            self.problems.append(
                Problem(
                    "not-an-object", NOT_AN_OBJECT.format(position=position + 1), Location(self.path, line, end_line)
                )
            )
            return None
        field_lines = self.field_lines(start, line)
        location = Location(self.path, line, end_line)
        self.problems += datakeys.missing_keys(value, keymap, location, lambda key: f'"{key}": "…"')
        self.check_types(value, keymap, dict(field_lines), location)
        raw_start = self.line_starts[line - 1]
        raw_end = self.line_starts[end_line] - 1 if end_line < len(self.line_starts) else len(self.text)
        return Entry(
            **datakeys.fields(value, keymap, _text)._asdict(),
            path=self.path,
            line=line,
            end_line=end_line,
            raw=self.text[raw_start:raw_end],
            kind="json",
            section=_section_of(self.path),
            position=position,
            data=value,
            field_lines=field_lines,
            is_last=is_last,
            indent=indent,
            keys=keymap.roles,
        )

    def check_types(
        self, value: DataObject, keymap: datakeys.KeyMap, lines: dict[str, int], location: Location
    ) -> None:
        """Report text fields holding another JSON type (a year may be a number)."""
        for role in STRING_ROLES:
            key = keymap.key(role)
            if key is None:
                continue
            field = datakeys.value_at(value, key)
            if field is None or isinstance(field, str) or (role is Role.YEAR and _is_number(field)):
                continue
            kind = next(name for types, name in JSON_KINDS if isinstance(field, types))
            line = lines.get(key_name(value, key), location.line)
            message = WRONG_TYPE.format(key=key_name(value, key), kind=kind, value=_text(field))
            self.problems.append(Problem("wrong-type", message, Location(self.path, line, line)))

    def field_lines(self, start: int, line: int) -> tuple[tuple[str, int], ...]:
        """Line of each key of the object at ``start`` (one level down for nested objects)."""
        found: list[tuple[str, int]] = []
        seen: set[str] = set()
        offset = self.skip(start + 1)
        while self.text.startswith('"', offset):
            key, after_key = json_string(self.text, offset + 1)
            key_line = self.line_of(offset)
            if key in seen:
                self.problems.append(
                    Problem("duplicate-key", DUPLICATE_KEY.format(key=key), Location(self.path, key_line))
                )
            seen.add(key)
            found.append((key, key_line))
            offset = _COLON_RE.match(self.text, after_key).end()  # type: ignore[union-attr]
            if self.text.startswith('"', offset):
                _, offset = json_string(self.text, offset + 1)  # most values are strings: skipped at once
            else:
                if self.text.startswith("{", offset):
                    found.extend((f"{key}.{name}", number) for name, number in self.field_lines(offset, key_line))
                _, offset = _DECODER.raw_decode(self.text, offset)
            offset = _SEPARATOR_RE.match(self.text, offset).end()  # type: ignore[union-attr]
        return tuple(found)


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
    items = list(data.items())
    lines = [pad + "{"] if level else ["{"]
    for number, (key, value) in enumerate(items):
        comma = "," if number < len(items) - 1 else ""
        lines.append(f"{pad}{indent}{_dump(key)}: {_render_value(value, indent, level + 1)}{comma}")
    lines.append(pad + "}")
    return "\n".join(lines)


def _render_value(value: object, indent: str, level: int) -> str:
    if isinstance(value, dict):
        if not value:
            return "{}"
        return render_object(value, indent, level).lstrip()
    if isinstance(value, list) and all(not isinstance(item, (dict, list)) for item in value):
        return "[ " + ", ".join(_dump(item) for item in value) + " ]" if value else "[]"
    if isinstance(value, list):
        inner = [indent * (level + 1) + _render_value(item, indent, level + 1) for item in value]
        return "[\n" + ",\n".join(inner) + "\n" + indent * level + "]"
    return _dump(value)


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


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
    None when the object shares its lines with other JSON text and no whole-line rewrite is certain."""
    assert entry.data is not None
    if not owns_its_lines(entry):
        return None
    data = dict(entry.data)
    for key, value in changes.items():
        name = key_name(data, key)
        if name not in data and datakeys.has_path(data, key):
            return None  # a nested field (``Paper.Title``): no certain whole-object rewrite here
        data[name] = value
    return render_entry(entry, data)


def json_string(text: str, start: int) -> tuple[str, int]:
    """The JSON string whose body starts at ``start`` (just past its opening quote), decoded, and the offset
    just past its closing quote. The decoder's own ``scanstring``, not part of json's documented API, is
    used here only (tests/test_private_apis.py fails when Python changes it)."""
    decoded: tuple[str, int] = scanstring(text, start)
    return decoded

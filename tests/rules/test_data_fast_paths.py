"""The shortcuts of the data-file path answer exactly as the plain code they replaced: each test compares a
fast path with that plain reading (kept here) over the fixture lists' data files and Hypothesis' values."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from rules import links
from rules.dialects import datakeys, jsondata, yamldata
from rules.model import Fields, Link, LinkRole, Role
from tests.conftest import FIXTURES

DATA_FILES = sorted(path for path in (FIXTURES / "lists").rglob("*.json") if path.name.startswith("data"))
YAML_FILES = sorted((FIXTURES / "lists").rglob("*.yml"))
SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
)


def _render_object_plainly(data: dict, indent: str = "  ", level: int = 1) -> str:
    """``jsondata.render_object`` as it was written before it was made cheaper: a line at a time."""
    pad = indent * level
    items = list(data.items())
    lines = [pad + "{"] if level else ["{"]
    for number, (key, value) in enumerate(items):
        comma = "," if number < len(items) - 1 else ""
        lines.append(f"{pad}{indent}{_dump(key)}: {_render_value_plainly(value, indent, level + 1)}{comma}")
    lines.append(pad + "}")
    return "\n".join(lines)


def _render_value_plainly(value: object, indent: str, level: int) -> str:
    if isinstance(value, dict):
        if not value:
            return "{}"
        return _render_object_plainly(value, indent, level).lstrip()
    if isinstance(value, list) and all(not isinstance(item, (dict, list)) for item in value):
        return "[ " + ", ".join(_dump(item) for item in value) + " ]" if value else "[]"
    if isinstance(value, list):
        inner = [indent * (level + 1) + _render_value_plainly(item, indent, level + 1) for item in value]
        return "[\n" + ",\n".join(inner) + "\n" + indent * level + "]"
    return _dump(value)


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def test_there_are_data_files_to_compare_on() -> None:
    assert len(DATA_FILES) >= 10


def test_objects_render_as_plainly_rendered_on_the_fixture_lists() -> None:
    for path in DATA_FILES:
        try:
            items = json.loads(Path(path).read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            continue  # a broken commit of a list's history: nothing decoded to render
        for data in items:
            if isinstance(data, dict):
                for indent, level in (("  ", 1), ("    ", 0), ("\t", 2)):
                    assert jsondata.render_object(data, indent, level) == _render_object_plainly(data, indent, level)


@given(
    st.dictionaries(st.text(max_size=8), JSON_VALUES, max_size=6),
    st.sampled_from(["  ", "    ", "\t"]),
    st.integers(0, 2),
)
@settings(max_examples=300)
def test_any_object_renders_as_plainly_rendered(data: dict, indent: str, level: int) -> None:
    assert jsondata.render_object(data, indent, level) == _render_object_plainly(data, indent, level)


def _fields_plainly(data: Mapping[str, object], keymap: datakeys.KeyMap, text: Callable[[object], str]) -> Fields:
    """``datakeys.fields`` as it was written before it read the keys in one pass: field by field."""

    def at(field: str) -> object:
        key = keymap.key(field)
        return datakeys.value_at(data, key) if key is not None else None

    url = text(at(Role.URL)).strip()
    code_urls = tuple(url for url in _urls(at(Role.CODE), text) if not links.is_no_link(url))
    model_url = text(at(Role.MODEL)).strip()
    model = (
        None if model_url in datakeys.NO_VALUES else Link(datakeys._model_text(data, text), model_url, LinkRole.MODEL)
    )
    project = tuple(url for url in _urls(at(datakeys.PROJECT), text) if not links.is_no_link(url))
    tasks = at(Role.TASK)
    return Fields(
        title=text(at(Role.TITLE)),
        url=url or None,
        year=text(at(Role.YEAR)).strip(),
        venue=text(at(Role.VENUE)).strip(),
        authors=datakeys._authors(at(Role.AUTHORS), text),
        tasks=tuple(
            text(task).lower() for task in (tasks if isinstance(tasks, list) else [] if tasks is None else [tasks])
        ),
        code_urls=code_urls,
        model=model,
        links=(
            *((Link("", url, LinkRole.PAPER),) if url and not links.is_no_link(url) else ()),
            *(Link("", code, LinkRole.CODE) for code in code_urls),
            *(Link("", page, LinkRole.PROJECT) for page in project),
            *((model,) if model is not None else ()),
        ),
    )


def _urls(value: object, text: Callable[[object], str]) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [] if value is None else [value]
    return tuple(text(item).strip() for item in items if not isinstance(item, (Mapping, list)))


def _same_fields(objects: list[dict]) -> None:
    keymap = datakeys.infer(objects)
    for data in objects:
        fast, plain = (
            datakeys.fields(data, keymap, datakeys.plain_text),
            _fields_plainly(data, keymap, datakeys.plain_text),
        )
        assert fast == plain
        assert [link.role for link in fast.links] == [link.role for link in plain.links]  # roles are not compared


def _objects(items: object) -> list[dict]:
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def test_fields_read_as_field_by_field_on_the_fixture_lists() -> None:
    read = 0
    for path in DATA_FILES + YAML_FILES:
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8"))  # JSON is YAML too
        except yaml.YAMLError:
            continue  # a broken commit of a list's history
        written = json.loads(json.dumps(_objects(loaded), default=str))  # dates as text, as entries read them
        _same_fields(written)
        read += len(written)
    assert read > 1000


FIELD_KEYS = st.sampled_from(
    [
        "Title",
        "title",
        "Link",
        "url",
        "Date",
        "Venue",
        "Code",
        "Resource",
        "Model",
        "ModelLink",
        "Task",
        "Website",
        "authors",
        "Resource.Code",
    ]
)
FIELD_VALUES = st.one_of(
    st.sampled_from(["", "-", "#", " https://github.com/a/b ", "https://x.org/p", "Model", "2024", "CVPR"]),
    SCALARS,
    st.lists(st.sampled_from(["-", "https://github.com/a/b", "Video", ""]) | SCALARS, max_size=3),
    st.dictionaries(
        st.sampled_from(["Code", "code", "Website", "name"]), st.sampled_from(["-", "https://a.org/c"]), max_size=2
    ),
)


@given(st.lists(st.dictionaries(FIELD_KEYS, FIELD_VALUES, max_size=8), min_size=1, max_size=5))
@settings(max_examples=300)
def test_any_objects_fields_read_as_field_by_field(objects: list[dict]) -> None:
    _same_fields(objects)


def _fits_plainly(field: str, path: str, objects: list[dict]) -> bool:
    """``datakeys._fits`` as it was written before it tested each distinct value once."""
    values = [
        value.strip()
        for data in objects
        if isinstance(value := datakeys.value_at(data, path), str) and value.strip() not in datakeys.NO_VALUES
    ]
    if not values:
        return True
    linked = sum(links.is_web_url(value) for value in values) * 2 > len(values)
    return linked is (field in datakeys.LINK_FIELDS)


@given(st.lists(st.dictionaries(FIELD_KEYS, FIELD_VALUES, max_size=8), max_size=6), FIELD_KEYS)
@settings(max_examples=300)
def test_a_key_fits_a_field_as_when_every_value_was_tested(objects: list[dict], path: str) -> None:
    for field in (Role.TITLE, Role.URL, Role.CODE):
        assert datakeys._fits(field, path, objects) == _fits_plainly(field, path, objects)


class _PlainWalker(jsondata._Walker):
    """The JSON walker as it was before a key and its string value were read in one match."""

    def object_keys(self, start: int, line: int) -> tuple[list[tuple[str, int]], int]:
        found: list[tuple[str, int]] = []
        seen: set[str] = set()
        offset = self.skip(start + 1)
        while self.text.startswith('"', offset):
            key, after_key = jsondata.json_string(self.text, offset + 1)
            key_line = self.line_of(offset)
            self.note_key(key, key_line, found, seen)
            offset = jsondata._COLON_RE.match(self.text, after_key).end()  # type: ignore[union-attr]
            if self.text.startswith('"', offset):
                _, offset = jsondata.json_string(self.text, offset + 1)
            elif self.text.startswith("{", offset):
                nested, offset = self.object_keys(offset, key_line)
                found.extend((f"{key}.{name}", number) for name, number in nested)
            else:
                _, offset = jsondata._DECODER.raw_decode(self.text, offset)
            offset = jsondata._SEPARATOR_RE.match(self.text, offset).end()  # type: ignore[union-attr]
        return found, offset + 1


def _walked(walker: type[jsondata._Walker], text: str) -> tuple[object, ...]:
    """What a walker makes of a JSON data file: every entry's place, text and key lines, and the problems."""
    document = walker("data.json", text, {}).document(json.loads(text))
    entries = [
        (entry.line, entry.end_line, entry.raw, entry.field_lines.pairs(entry.line), entry.is_last)
        for entry in document.entries
    ]
    return entries, document.problems


def test_json_files_walk_as_plainly_walked_on_the_fixture_lists() -> None:
    walked = 0
    for path in DATA_FILES:
        text = path.read_text(encoding="utf-8")
        try:
            json.loads(text)
        except json.JSONDecodeError:
            continue
        assert _walked(jsondata._Walker, text) == _walked(_PlainWalker, text)
        walked += 1
    assert walked >= 10


def test_escaped_and_repeated_keys_walk_as_plainly_walked() -> None:
    text = '[\n  {"a\\"b": "x\\\\", "T": "1",\n "T" : {"c": [1, {"d": "}"}], "c": null},\n "\\u0054": "y"}, 3,\n {}\n]'
    assert _walked(jsondata._Walker, text) == _walked(_PlainWalker, text)
    assert [problem.kind for problem in _walked(jsondata._Walker, text)[1]] == [
        "duplicate-key",
        "duplicate-key",
        "duplicate-key",
        "not-an-object",
    ]


KEY_TEXT = st.text(alphabet='Tt"\\ \u00e9:,{}\n', max_size=5)


@given(
    st.lists(st.dictionaries(KEY_TEXT, JSON_VALUES, max_size=5) | SCALARS, min_size=1, max_size=4),
    st.sampled_from([None, 0, 2, "\t"]),
    st.booleans(),
    st.sampled_from([(",", ":"), (", ", ": "), (" ,", " : ")]),
)
@settings(max_examples=300)
def test_any_json_file_walks_as_plainly_walked(
    items: list[object], indent: int | str | None, ascii_only: bool, separators: tuple[str, str]
) -> None:
    text = json.dumps(items, indent=indent, ensure_ascii=ascii_only, separators=separators)
    assert _walked(jsondata._Walker, text) == _walked(_PlainWalker, text)


def _decoded_both_ways(text: str) -> list[tuple[object, object]]:
    """Each top-level item of a YAML list decoded by ``_plain_data`` (where it decodes it) and by PyYAML's
    constructor, in the reader's order (the constructor merges ``<<`` keys into the node it decodes)."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    assert isinstance(root, yaml.SequenceNode)
    constructor = yamldata._Constructor("")
    pairs = []
    for node in root.value:
        plain = yamldata._plain_data(node, constructor)
        pairs.append((plain, constructor.construct_document(node)))
    return [(plain, decoded) for plain, decoded in pairs if plain is not yamldata._NOT_PLAIN]


def test_yaml_items_decode_as_the_constructor_decodes_them_on_the_fixture_lists() -> None:
    decoded = 0
    for path in YAML_FILES:
        try:
            pairs = _decoded_both_ways(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, AssertionError):
            continue  # a broken commit, or no list
        for plain, by_constructor in pairs:
            assert plain == by_constructor and type(plain) is type(by_constructor)
        decoded += len(pairs)
    assert decoded > 100


def test_merge_keys_numbers_and_dates_go_to_the_constructor() -> None:
    text = (
        "- <<: {venue: CVPR}\n  title: A\n"
        "- 2024: x\n  title: B\n"
        "- title: C\n  date: 2024-02-30\n  year: 2024\n  ok: yes\n  tags: [a, 1, null]\n  n: {a: 1.5}\n"
        "- !!omap [title: D]\n"
        "- title: !!str [E]\n"
    )
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    constructor = yamldata._Constructor("")
    plain = [yamldata._plain_data(node, constructor) for node in root.value]
    assert [plain[index] for index in (0, 1, 3, 4)] == [yamldata._NOT_PLAIN] * 4
    assert plain[2] == {
        "title": "C",
        "date": "2024-02-30",
        "year": 2024,
        "ok": True,
        "tags": ["a", 1, None],
        "n": {"a": 1.5},
    }
    assert plain[2] == constructor.construct_document(root.value[2])


YAML_SCALARS = st.none() | st.booleans() | st.integers() | st.text(alphabet="ab:#-'\" 1\u00e9", max_size=6)


@given(
    st.lists(
        st.dictionaries(
            st.text(alphabet="ab:<", min_size=1, max_size=3) | st.integers(0, 3),
            YAML_SCALARS | st.lists(YAML_SCALARS, max_size=3) | st.dictionaries(st.text(max_size=3), YAML_SCALARS),
            max_size=4,
        ),
        min_size=1,
        max_size=4,
    ),
    st.booleans(),
)
@settings(max_examples=300)
def test_any_yaml_item_decodes_as_the_constructor_decodes_it(items: list[dict], flow: bool) -> None:
    for plain, by_constructor in _decoded_both_ways(yaml.safe_dump(items, default_flow_style=flow)):
        assert plain == by_constructor

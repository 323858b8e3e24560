"""The shortcuts of the data-file path answer exactly as the plain code they replaced: each test compares a
fast path with that plain reading (kept here) over the fixture lists' data files and Hypothesis' values."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from rules.dialects import jsondata
from tests.conftest import FIXTURES

DATA_FILES = sorted(path for path in (FIXTURES / "lists").rglob("*.json") if path.name.startswith("data"))
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

"""The private APIs the code leans on, each used in one place: these fail loudly when a library changes
one, before the code that uses it breaks quietly in production."""

from __future__ import annotations

import inspect
import sqlite3
from pathlib import Path

import github.Requester
import pytest
from huey.consumer import Consumer
from huey.storage import SqliteStorage

from bot import jobs
from rules.dialects import jsondata


@pytest.mark.parametrize(
    ("text", "start", "expected"),
    [
        ('{"Title": 1}', 2, ("Title", 8)),
        ('"a\\"b\\u00e9"', 1, ('a"bé', 12)),
    ],
)
def test_json_string_decodes_a_key_and_says_where_it_ends(text: str, start: int, expected: tuple[str, int]) -> None:
    assert jsondata.json_string(text, start) == expected


def test_json_string_refuses_an_unterminated_string() -> None:
    with pytest.raises(ValueError):
        jsondata.json_string('{"Title', 2)


def test_pygithubs_raw_request_takes_what_the_gateway_passes() -> None:
    parameters = inspect.signature(github.Requester.Requester.requestJsonAndCheck).parameters
    assert list(parameters)[:3] == ["self", "verb", "url"]
    assert {"parameters", "input"} <= set(parameters)
    assert isinstance(inspect.getattr_static(github.Github, "requester"), property)


def test_huey_still_calls_the_hooks_the_queue_overrides(tmp_path: Path) -> None:
    assert "self._set_signal_handlers()" in inspect.getsource(Consumer)
    assert "_create_connection()" in inspect.getsource(inspect.getmodule(SqliteStorage))
    storage = jobs._SqliteStorage("probe", filename=str(tmp_path / "queue.db"))
    connection = storage._create_connection()
    assert isinstance(connection, sqlite3.Connection)
    assert connection.execute("pragma synchronous").fetchone()[0] == 1  # normal

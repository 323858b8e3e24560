"""``check --online``: the record findings from the fake sources; offline by default."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from paper_triage import online
from paper_triage.main import main
from rules.parse import parse_catalog
from tests.fakesources import FakeSources, serving
from tests.support import write

ROW = (
    "| Title | Year | Venue |\n| --- | --- | --- |\n"
    "| [BatchNorm-Based Weakly Supervised Video Anomaly Detection](https://ieeexplore.ieee.org/document/10649595) | 2024 | C-CVPR |\n"
)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeSources]:
    with serving(monkeypatch, tmp_path / "data") as server:
        yield server


def rules_found(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    main(["check", "--format", "json", *args])
    return [finding["rule"] for finding in json.loads(capsys.readouterr().out)["findings"]]


def test_check_is_offline_unless_asked(fake: FakeSources, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "README.md", ROW)
    assert "record" not in rules_found(capsys, path)
    assert fake.requests == []
    assert "record" in rules_found(capsys, "--online", path)


def test_a_long_list_on_a_terminal_shows_a_bar(fake: FakeSources, tmp_path: Path) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    rows = "".join(
        f"| [Paper number {n}](https://example.org/{n}) | 2024 | C-CVPR |\n" for n in range(online.PROGRESS_FROM)
    )
    out = Terminal()
    online.records(parse_catalog({"README.md": ROW + rows}), out)
    assert out.getvalue().rstrip().endswith(f"] {online.PROGRESS_FROM + 1}/{online.PROGRESS_FROM + 1}")

"""The renderers read the checked texts' lines as grouping read them (``Report.lines``): the output is the
one they print when they read the texts afresh, in every format, on generated lists of each shape (a fix
on nearly every JSON object) and on a fixture list."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from bench import duplicates
from paper_triage import check_fix, output
from tests.conftest import LIST_DIR


def _rendered(report: output.Report, fmt: str) -> str:
    return "".join(output.RENDERERS[fmt](report, colour=False, quiet=False))


def _same_output_with_and_without_shared_lines(folder: Path, name: str) -> None:
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        report = check_fix.check_files([name], None, None)
    finally:
        os.chdir(cwd)
    assert report.lines is not None and sum(finding.fix is not None for finding in report.findings) > 0
    afresh = dataclasses.replace(report, lines=None)
    for fmt in output.RENDERERS:
        assert _rendered(report, fmt) == _rendered(afresh, fmt), fmt


@pytest.mark.parametrize("shape", ["table", "json", "yaml"])
def test_the_output_is_the_one_read_afresh_on_generated_lists(tmp_path: Path, shape: str) -> None:
    text, _, _ = duplicates.build(400, 7, shape=shape)
    name = duplicates.FILE_NAMES.get(shape, "README.md")
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text(text, encoding="utf-8")
    _same_output_with_and_without_shared_lines(tmp_path, name)


def test_the_output_is_the_one_read_afresh_on_a_fixture_list() -> None:
    _same_output_with_and_without_shared_lines(LIST_DIR, "README.md")

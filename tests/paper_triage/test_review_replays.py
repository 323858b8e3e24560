"""Real commits of eight public lists, replayed through ``paper-triage review --base FOLDER --diff PATCH``:
none is ever "no paper list", and where a dialect reads the list, the papers each commit added (written
down by hand in each case's ``expected.json``) are exactly the entries the review finds added.

A list no dialect reads yet must say so in its review (the coverage warning); ``WAITING`` names the
dialect each such list waits on. Once it is read, its added entries are held to the hand count.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import unidiff

from bot.review.changes import FileChange, apply_patch, classify, diff_of
from paper_triage.main import main
from rules import parse
from rules.checks import coverage
from rules.model import Entry
from rules.text import normalize_title
from tests.conftest import FIXTURES

CASES = sorted(path.parent for path in (FIXTURES / "lists").glob("*/cases/*/meta.json"))
# Lists whose files no dialect reads yet, and the dialect that will (none since the items, tables and
# data dialects landed: every shared list is read).
WAITING: dict[str, str] = {}


def _case_id(case: Path) -> str:
    return f"{case.parent.parent.name}/{case.name}"


def _changes(case: Path) -> list[tuple[str, str, str, str]]:
    """(path, base, head, patch) of each file the commit changed."""
    patch_set = unidiff.PatchSet((case / "change.diff").read_text(encoding="utf-8"))
    out = []
    for patched in patch_set:
        base_file = case / "base" / patched.path
        base = base_file.read_text(encoding="utf-8") if base_file.exists() else ""
        out.append((patched.path, base, apply_patch(base, str(patched)), str(patched)))
    return out


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_a_real_commit_is_never_called_no_paper_list(case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["review", "--base", str(case / "base"), "--diff", str(case / "change.diff"), "--format", "json"])
    plan = json.loads(capsys.readouterr().out)
    assert plan["touched_lists"] and "changes no paper list" not in plan["summary"]
    assert code == (1 if plan["check"]["conclusion"] == "failure" else 0)
    for path, _, head, _ in _changes(case):
        document = parse.parse_document(path, head)
        if coverage.is_unread(document):  # not read: the review must say so, and never pass quietly
            assert f"`{path}`: " in plan["summary"] and " recognised" in plan["summary"]
            assert plan["check"]["conclusion"] != "success"
            assert case.parent.parent.name in WAITING


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_the_papers_a_commit_added_are_exactly_the_added_entries(case: Path) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))["added"]
    for path, base, head, patch in _changes(case):
        document = parse.parse_document(path, head)
        if coverage.is_unread(document):
            continue  # waits on its dialect (see WAITING); the test above holds it to the warning
        change = FileChange(path, "modified", None, base, head, patch)
        added = classify(parse.parse_or_none(path, base), document, diff_of(change, base).added).added
        assert _unmatched(expected[path], added) == ([], []), path


def _unmatched(titles: list[str], entries: tuple[Entry, ...]) -> tuple[list[str], list[str]]:
    """The hand-counted titles no added entry holds, and the added entries no title names. A title
    matches an entry whose title contains it (folded): a row may carry a description after the name."""
    left = [normalize_title(entry.title) for entry in entries]
    missing = []
    for title in titles:
        wanted = normalize_title(title)
        found = next((index for index, held in enumerate(left) if wanted and wanted in held), None)
        if found is None:
            missing.append(title)
        else:
            left.pop(found)
    return missing, left

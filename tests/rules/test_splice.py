"""A changed list read from its previous version's document (``rules.splice``) is the document a full
read gives, and a review built on it is the review a full read gives: over the real lists' commits, and
over edits made at the start, middle and end of their tables and of lists of every dialect."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from bot.repo_config import RepoConfig
from bot.review import FileChange, changes, plan_review
from rules import moved, parse, splice
from rules.model import Document
from tests.bot import review_cases

LISTS = Path(__file__).parents[1] / "fixtures" / "lists"
TABLE_LISTS = [
    LISTS / "video-anomaly-detection" / "README.md",
    LISTS / "Hannibal046__Awesome-LLM" / "README.md.gz",
    LISTS / "dair-ai__ML-Papers-of-the-Week" / "README.md.gz",
]
NEW_ROW = "| [A spliced paper on anomaly detection](https://arxiv.org/abs/2601.00042) | 2026 | arXiv | - | - | - |"
BROKEN_ROW = ("| [A broken spliced paper](https://arxiv.org/abs/2601.00043) | 2026 |", "arxiv | - | - | [Model]() |")


def list_text(path: Path) -> str:
    return (
        gzip.decompress(path.read_bytes()).decode("utf-8") if path.suffix == ".gz" else path.read_text(encoding="utf-8")
    )


def read(path: str, text: str) -> Document:
    return parse.parse_document(path, text)


def same_document(spliced: Document, full: Document) -> None:
    assert spliced.text == full.text
    # Read for where they are and for what they say before any is moved, then moved one by one.
    assert list(moved.spans(spliced.entries)) == [(entry.line, entry.end_line) for entry in full.entries]
    assert [entry.raw for entry in moved.contents(spliced.entries)] == [entry.raw for entry in full.entries]
    assert spliced.entries == full.entries
    assert spliced.tables == full.tables
    assert sorted(map(repr, spliced.problems)) == sorted(map(repr, full.problems))
    assert (spliced.links, spliced.dialect, spliced.kind) == (full.links, full.dialect, full.kind)


def check_splice(path: str, base_text: str, head_text: str) -> splice.Spliced | None:
    """The spliced document (when the change allows one) against a full read, and the entry changes
    classified from the nearby entries against those classified from every entry."""
    base = parse.parse_or_none(path, base_text)
    if base is None:
        return None  # a broken data file: nothing to splice from
    spliced = splice.splice(base, head_text)
    if spliced is not None:
        full = read(path, head_text)
        same_document(spliced.document, full)
        diff = changes.diff_of(FileChange(path, "modified", None, base_text, head_text, None), base_text)
        nearby = (spliced.base_nearby, spliced.head_nearby)
        assert changes.classify(base, full, diff.added, diff.removed, nearby) == changes.classify(
            base, full, diff.added, diff.removed
        )
    return spliced


def same_review(monkeypatch: pytest.MonkeyPatch, change_list: list[FileChange], head_list: dict[str, str]) -> None:
    spliced = plan_review(change_list, head_list, RepoConfig())
    with monkeypatch.context() as patched:
        patched.setattr(splice, "splice", lambda *args, **kwargs: None)
        full = plan_review(change_list, head_list, RepoConfig())
    assert spliced == full


def row_lines(text: str) -> list[int]:
    """Indices of the lines that are rows of a paper table, the first table's header and delimiter left out."""
    document = read("README.md", text)
    return [entry.line - 1 for entry in document.entries if entry.kind == "markdown" and entry.line == entry.end_line]


def edited(text: str, index: int, kind: str) -> str:
    lines = text.splitlines(keepends=True)
    if kind == "insert":
        lines.insert(index, NEW_ROW + "\n")
    elif kind == "insert-broken":
        lines[index:index] = [BROKEN_ROW[0] + "\n", BROKEN_ROW[1] + "\n"]
    elif kind == "delete":
        del lines[index]
    elif kind == "edit":
        lines[index] = lines[index].replace("|", "| Edited:", 1)
    elif kind == "append":
        lines.insert(index + 1, NEW_ROW + "\n")
    elif kind == "new-section":
        lines[index:index] = ["\n", "## A new section\n", "\n", "| Title | Year |\n", "| --- | --- |\n", NEW_ROW + "\n"]
    elif kind == "blank":
        lines.insert(index, "\n")
    return "".join(lines)


EDITS = ("insert", "insert-broken", "delete", "edit", "append", "new-section", "blank")


@pytest.mark.parametrize("path", TABLE_LISTS, ids=lambda path: path.parent.name)
@pytest.mark.parametrize("kind", EDITS)
def test_an_edit_at_the_start_middle_and_end_of_a_table_list_reads_as_a_full_read(path, kind):
    text = list_text(path)
    rows = row_lines(text)
    spliced = [
        check_splice("README.md", text, edited(text, index, kind))
        for index in (rows[0], rows[len(rows) // 2], rows[-1])
    ]
    if kind in ("insert", "insert-broken", "delete", "edit", "append"):
        assert all(result is not None for result in spliced)  # rows edited within a table: spliced
    if kind == "new-section":
        assert all(result is None for result in spliced)  # a new heading and table: read in full


def test_a_change_to_a_table_header_is_read_in_full():
    text = list_text(TABLE_LISTS[0])
    header = read("README.md", text).tables[0].header_line - 1
    lines = text.splitlines(keepends=True)
    lines[header] = lines[header].replace("|", "| Notes |", 1)
    assert check_splice("README.md", text, "".join(lines)) is None


def test_an_image_left_open_before_the_table_is_read_in_full():
    base = "# List\n\n![an image\n\n| Title | Year |\n| --- | --- |\n| [A paper on things](https://a.org/1) | 2024 |\n"
    head = base + "| [Another paper on things](https://a.org/2) | 2024 |\n"
    assert check_splice("README.md", base, head) is None


@pytest.mark.parametrize(
    ("path", "base", "head"),
    [
        (
            "README.md",
            "## Papers\n\n- [A paper on things](https://a.org/1) 2024\n",
            "## Papers\n\n- [A paper on things](https://a.org/1) 2024\n- [Another paper on things](https://a.org/2) 2025\n",
        ),
        (
            "README.rst",
            "Papers\n======\n\n- `A paper on things <https://a.org/1>`_ 2024\n",
            "Papers\n======\n\n- `A paper on things <https://a.org/1>`_ 2024\n- `Another one <https://a.org/2>`_ 2025\n",
        ),
        (
            "data.json",
            '[{"Title": "A paper on things", "Link": "https://a.org/1"}]\n',
            '[{"Title": "A paper on things", "Link": "https://a.org/1"},\n{"Title": "Another", "Link": "https://a.org/2"}]\n',
        ),
        (
            "data/papers.yml",
            "- title: A paper on things\n  url: https://a.org/1\n",
            "- title: A paper on things\n  url: https://a.org/1\n- title: Another\n  url: https://a.org/2\n",
        ),
    ],
    ids=["items", "rst", "json", "yaml"],
)
def test_items_rst_and_data_files_are_read_in_full_and_reviewed_alike(monkeypatch, path, base, head):
    assert check_splice(path, base, head) is None
    same_review(monkeypatch, [FileChange(path, "modified", None, base, head, None)], {})


@pytest.mark.parametrize("name", review_cases.case_names())
def test_each_real_commit_of_the_bundled_list_is_reviewed_as_a_full_read_reviews_it(monkeypatch, name):
    case = review_cases.load(name[:3])
    for change in case.changes:
        if change.base_text is not None and change.head_text is not None:
            check_splice(change.path, change.base_text, change.head_text)
    same_review(monkeypatch, list(case.changes), case.head_list)


def real_list_cases() -> list[tuple[str, str, str]]:
    """(path, base, head) of every real commit whose base files are stored unpacked."""
    found = []
    for folder in sorted(LISTS.glob("*/cases/*")):
        patches = review_cases.github_patches((folder / "change.diff").read_text(encoding="utf-8"))
        for path, patch in patches.items():
            base = folder / "base" / path
            if base.is_file():
                text = base.read_text(encoding="utf-8")
                found.append((path, text, changes.apply_patch(text, patch)))
    return found


@pytest.mark.parametrize(("path", "base", "head"), real_list_cases())
def test_each_real_commit_of_the_shared_lists_reads_as_a_full_read(monkeypatch, path, base, head):
    check_splice(path, base, head)
    same_review(monkeypatch, [FileChange(path, "modified", None, base, head, None)], {})


SHARED_LISTS = Path(__file__).parents[3] / "shared" / "lists"


def shared_list_cases() -> list[tuple[str, str, str]]:
    """(path, base, head) of every real commit of the shared lists (``../shared/lists``, when it is there:
    the project's own copies are ``tests/fixtures/lists``) whose base files are stored."""
    found = []
    folders = [*SHARED_LISTS.glob("more/*/cases/*"), *SHARED_LISTS.glob("video-anomaly-detection/history/*")]
    for folder in sorted(folders):
        for path, patch in review_cases.github_patches((folder / "change.diff").read_text(encoding="utf-8")).items():
            base = folder / "base" / path
            if base.is_file():
                text = base.read_text(encoding="utf-8")
                found.append((path, text, changes.apply_patch(text, patch)))
    return found


@pytest.mark.skipif(not SHARED_LISTS.is_dir(), reason="../shared/lists is not beside the project")
def test_each_real_commit_of_every_shared_list_reads_as_a_full_read():
    cases = shared_list_cases()
    spliced = [check_splice(path, base, head) for path, base, head in cases]
    assert len(cases) > 50 and any(result is not None for result in spliced)


@pytest.mark.parametrize("kind", ("insert", "delete", "edit"))
def test_a_table_edit_is_reviewed_as_a_full_read_reviews_it(monkeypatch, kind):
    text = list_text(TABLE_LISTS[0])
    rows = row_lines(text)
    for index in (rows[0], rows[len(rows) // 2], rows[-1]):
        head = edited(text, index, kind)
        same_review(monkeypatch, [FileChange("README.md", "modified", None, text, head, None)], {})

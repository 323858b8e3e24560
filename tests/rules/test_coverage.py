"""The coverage rule and the shape description it rests on: a file with many paper links and far fewer
entries warns, saying what was seen and how to configure it; files that hold no papers never do."""

from __future__ import annotations

import pytest

from rules import engine, parse
from rules.checks import coverage
from rules.context import Catalog, CheckOptions
from rules.shapes import MIN_PAPER_LINKS, shapes_of, title_of
from tests.conftest import FIXTURES, LIST_DIR
from tests.paper_triage.test_review_replays import WAITING

NUMBERED = "# Papers\n\n## 2024\n\n" + "".join(
    f"{n}. **[CVPR 2024]** [Paper number {n}](https://arxiv.org/abs/2401.{n:05d}) [[code]](https://github.com/a/b{n})\n"
    for n in range(1, 77)
)
# A shape no dialect reads: papers as an HTML list.
HTML_LIST = (
    "# Papers\n\n<ul>\n"
    + "".join(
        f'<li><a href="https://arxiv.org/abs/2401.{n:05d}">Paper number {n}</a> (CVPR 2024)</li>\n'
        for n in range(1, 77)
    )
    + "</ul>\n"
)
CONTRIBUTING = """# Contributing

Thanks for helping! Open a pull request that adds one row to the right table:

- Fork https://github.com/owner/list and create a branch.
- Add the row, e.g. `| [Title](https://arxiv.org/abs/2401.00001) | 2024 | C-CVPR |`.
- See https://docs.github.com/en/pull-requests for how pull requests work.

Questions? Ask in https://github.com/owner/list/discussions.
"""
CHANGELOG = "# Changelog\n\n" + "".join(
    f"## v1.{n}.0\n\n- Fixed the parser ([#{n}](https://github.com/owner/tool/pull/{n}))\n"
    f"- Thanks [@dev{n}](https://github.com/dev{n})\n\n"
    for n in range(40)
)
PROJECT_README = """# FastFlow

[![PyPI](https://img.shields.io/pypi/v/fastflow)](https://pypi.org/project/fastflow)

The code of our paper [FastFlow](https://arxiv.org/abs/2111.07677). Install with `pip install fastflow`.

```bibtex
@article{fastflow, url = {https://arxiv.org/abs/2111.07677}, note = {https://arxiv.org/pdf/2111.07677.pdf}}
```
"""


def _document(path: str, text: str):
    return parse.parse_document(path, text)


def test_a_list_read_as_nothing_warns_with_what_was_seen_and_how_to_configure() -> None:
    finding = coverage.finding(_document("README.md", HTML_LIST))
    assert finding is not None and (finding.rule, finding.severity.value) == ("coverage", "warning")
    assert finding.location.line == 4  # the first line holding a paper link
    assert finding.message.startswith(
        "76 links in paragraphs, but no paper entries recognised, so none of its papers are checked."
    )
    assert '`formats: {"README.md": {dialect: markdown, fields: {title: …, url: …, year: …}}}`' in finding.message
    assert "name the list files in `lists:`" in finding.message


def test_a_file_read_far_short_of_its_links_names_its_dialect_and_count() -> None:
    table = "| Title | Year |\n| --- | --- |\n| [Read paper](https://arxiv.org/abs/2401.00001) | 2024 |\n\n"
    finding = coverage.finding(_document("README.md", table + HTML_LIST))
    assert finding is not None
    assert (
        "but only 1 paper entry recognised (read as markdown table), so most of its papers are not checked"
        in finding.message
    )


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("CONTRIBUTING.md", CONTRIBUTING),
        ("CHANGELOG.md", CHANGELOG),
        ("README.md", PROJECT_README),
        ("notes.md", ""),
    ],
    ids=["contributing", "changelog", "project-readme", "empty"],
)
def test_files_that_are_no_lists_never_warn(path: str, text: str) -> None:
    assert not shapes_of(path, text).looks_like_list
    assert coverage.finding(_document(path, text)) is None


def test_the_first_list_and_its_data_files_are_read_in_full() -> None:
    texts = {"README.md": (LIST_DIR / "README.md").read_text(encoding="utf-8")}
    texts |= {
        f"scripts/{path.name}": path.read_text(encoding="utf-8") for path in (LIST_DIR / "scripts").glob("data*.json")
    }
    catalog = parse.parse_catalog(texts)
    assert [finding for finding in engine.check(catalog) if finding.rule == "coverage"] == []


def _shared_list_files() -> list[tuple[str, str, str]]:
    """(list, path, text) of every list file of the shared lists' real commits (the base side)."""
    seen: dict[str, tuple[str, str, str]] = {}
    for case in sorted((FIXTURES / "lists").glob("*/cases/*/base")):
        for file in case.rglob("*.*"):
            name = case.parent.parent.parent.name
            seen[f"{name}/{file.relative_to(case)}"] = (
                name,
                str(file.relative_to(case)),
                file.read_text(encoding="utf-8"),
            )
    return sorted(seen.values())


@pytest.mark.parametrize(
    ("name", "path", "text"), _shared_list_files(), ids=lambda value: value if len(value) < 60 else ""
)
def test_no_shared_list_is_silent(name: str, path: str, text: str) -> None:
    """Each list file either yields entries for most of its paper links or warns; never neither. A list
    whose dialect has landed (not in ``WAITING``) is read and never warns."""
    document = _document(path, text)
    shapes = shapes_of(path, text)
    assert shapes.looks_like_list, path
    finding = coverage.finding(document)
    assert (finding is None) == (len(document.entries) >= shapes.papers * coverage.FAR_FEWER)
    if name not in WAITING:
        assert finding is None


def test_the_rule_is_left_to_reviews_when_a_scope_is_set() -> None:
    catalog = Catalog((_document("README.md", HTML_LIST),))
    scoped = engine.check(catalog, CheckOptions(), targets=(), scope=lambda path, line: True)
    assert [finding.rule for finding in engine.check(catalog)] == ["coverage"]
    assert scoped == []


@pytest.mark.parametrize(
    ("path", "text", "seen"),
    [
        (
            "README.rst",
            "Papers\n======\n\n====  ====\nTitle Link\n====  ====\n"
            + "".join(f"P{n}   `[PDF] <https://arxiv.org/abs/2401.{n:05d}>`_\n" for n in range(6))
            + "====  ====\n\n",
            "6 links in table rows",
        ),
        (
            "data/papers.yml",
            "".join(f"- title: P{n}\n  url: https://arxiv.org/abs/2401.{n:05d}\n" for n in range(6)),
            "6 links in data values",
        ),
        (
            "README.md",
            "# Diffusion\n\n"
            + "".join(
                f"**Paper {n}** \\\n*A. Author* \\\narXiv 2023. [[Paper](https://arxiv.org/abs/2301.{n:05d})] \\\n\n"
                for n in range(6)
            ),
            "6 links in paragraphs",
        ),
        (
            "README.md",
            "# Papers\n\n```\n" + "".join(f"- https://arxiv.org/abs/2401.{n:05d}\n" for n in range(9)) + "```\n",
            "no links",
        ),
        ("README.md", NUMBERED, "152 links in numbered items"),
    ],
    ids=["rst-table", "yaml-data", "multi-line-paragraphs", "fenced-code", "numbered-items"],
)
def test_shapes_are_told_apart(path: str, text: str, seen: str) -> None:
    assert shapes_of(path, text).described() == seen


def test_only_paper_links_make_a_list() -> None:
    tools = "".join(f"- [Tool {n}](https://github.com/org/tool{n}) - a tool\n" for n in range(50))
    assert shapes_of("README.md", tools).papers == 0
    papers = "".join(f"- [[pdf]](https://example.org/p{n}.pdf)\n" for n in range(MIN_PAPER_LINKS))
    assert shapes_of("README.md", papers).looks_like_list


@pytest.mark.parametrize(
    ("path", "text", "title"),
    [
        (
            "README.md",
            "<p>logo</p>\n\n# [Awesome VAD](https://x.org) [![b](https://img.shields.io/b.svg)](https://y)\n",
            "Awesome VAD",
        ),
        (
            "README.rst",
            "\ufeffAnomaly Detection Resources\n===========================\n\nText\n",
            "Anomaly Detection Resources",
        ),
        ("data/x.yml", "# Papers\n- title: A\n", ""),
    ],
)
def test_a_list_title_is_its_first_heading(path: str, text: str, title: str) -> None:
    assert title_of(path, text) == title

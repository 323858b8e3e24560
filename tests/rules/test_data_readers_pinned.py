"""The JSON and YAML readers read every data file as they did when their memory was cut (issue 14): each
entry's fields, lines, key lines, spans and decoded object, each problem, and every finding the rules
make on the file (message, location, fix, related lines) are those ``data_readers_pinned.json`` pins.

The pins were written by the readers before the change, over every data file of tests/fixtures/lists (each
distinct text once) and the constructed files below; a change that moves them is a change of behaviour,
to be looked at and pinned again on purpose:

    .venv/bin/python -m tests.rules.test_data_readers_pinned --write
"""

from __future__ import annotations

import functools
import hashlib
import json
import sys
from pathlib import Path

import pytest

from rules import engine, parse
from rules.context import Catalog
from rules.dialects import UnreadableList
from rules.model import Document, Entry

LISTS = Path(__file__).resolve().parents[1] / "fixtures" / "lists"
PINNED_PATH = Path(__file__).with_name("data_readers_pinned.json")
DATA_SUFFIXES = (".json", ".yml", ".yaml")
NOT_LISTS = ("meta.json", "expected.json", "INDEX.json", "SHARED_LIST_FINDINGS.json")

BOM = "\ufeff"
# Constructed files: the shapes the real lists do not all show, valid and not.
CONSTRUCTED: dict[str, tuple[str, str]] = {
    "json-nested-and-typed": (
        "scripts/data_weakly.json",
        '[\n  {\n    "Title": "A Study of Anomalies",\n    "Link": "https://arxiv.org/abs/2401.00001",\n'
        '    "Date": 2024,\n    "Venue": "CVPR",\n    "Task": ["Video", "Audio"],\n'
        '    "Resource": {\n      "Code": "https://github.com/a/b",\n      "Inner": {"Deep": 1}\n    },\n'
        '    "Model": "Weights",\n    "ModelLink": "https://huggingface.co/a/b"\n  },\n'
        '  {\n    "Title": ["not", "text"],\n    "Link": true,\n    "Date": "2023",\n    "Venue": {"x": 1}\n  },\n'
        '  "a string item",\n'
        '  {"Title": "Twice", "Title": "Twice again", "Link": "https://arxiv.org/abs/2401.00002", "Date": "2022"},\n'
        '  {"Title": "B", "Link": "https://arxiv.org/abs/2401.00003"}, {"Title": "C", "Date": null}\n]\n',
    ),
    "json-bom-crlf-escapes": (
        "data.json",
        BOM
        + '[\r\n\t{\r\n\t\t"Ti\\u0074le": "Caf\\u00e9 \\"quoted\\" title",\r\n\t\t"url": "https://doi.org/10.1/x",\r\n'
        '\t\t"year": 2021.5,\r\n\t\t"paper.name": "dotted key"\r\n\t},\r\n\t{ "title": "Second",\r\n'
        '\t  "url": "http://example.com/p.pdf", "year": "2020" }\r\n]',
    ),
    "json-one-line": ("data.json", '[{"Title": "One", "Link": "https://arxiv.org/abs/1", "Date": "2020"}, 5, []]'),
    "json-empty": ("data.json", "[]"),
    "json-not-an-array": ("data.json", '{"Title": "x"}'),
    "json-invalid": ("data.json", '[\n  {"Title": "x",}\n]'),
    "yaml-anchors-flow-and-blocks": (
        "data/publications.yml",
        "# papers\n- &first\n  title: 'It''s a title'\n  url: https://arxiv.org/abs/2001.00001\n"
        "  date: 2024-02-30\n  venue: NeurIPS\n  authors:\n    - name: A. Author\n    - name: B. Author\n"
        "  description: |\n    Several lines\n\n    with a gap\n\n"
        '- title: "Double \\"quoted\\""\n  url: https://arxiv.org/abs/2001.00002\n  date: 2023-05-01\n'
        "  venue: [a, list]\n  title: Repeated key\n  meta:\n    code: https://github.com/x/y\n    year: 2020\n"
        "- *first\n- just text\n- {title: Flow item, url: 'https://arxiv.org/abs/2001.00003', date: 2022}\n"
        "- title: Plain\n    continued on a second line\n  url: null\n  date: 2021.10\n  code: ~\n",
    ),
    "yaml-indented-sequence": (
        "papers.yaml",
        BOM + "  - Title: One\n    Link: https://arxiv.org/abs/1\n    Year: 2020\n\n  - Title: Two\n"
        "    Link: https://arxiv.org/abs/2\n    Year: '2021'\n    Tags: [a, b]\n",
    ),
    "yaml-crlf-comments-and-unicode": (
        "data.yaml",
        "- title: Über été 😀 paper # a comment\r\n  url: https://arxiv.org/abs/1\r\n"
        "  year: 2020\r\n  # between keys\r\n  venue: ICML\r\n\r\n- title: 中文 title\r\n"
        '  url: https://arxiv.org/abs/2\r\n  year: 2021\r\n  venue: "ICML"\r\n',
    ),
    "yaml-flow-root": ("data.yml", "[{title: A, url: 'https://a.org/p'}, {title: B, url: 'https://b.org/p'}]\n"),
    "yaml-empty-sequence": ("data.yml", "[]\n"),
    "yaml-a-mapping": ("data.yml", "title: x\nurl: y\n"),
    "yaml-scalars-only": ("data.yml", "- a\n- b\n"),
    "yaml-nothing": ("data.yml", "# only a comment\n"),
    "yaml-two-documents": ("data.yml", "- title: a\n---\n- title: b\n"),
    "yaml-invalid": ("data.yml", "- title: a\n  url: [unclosed\n- title: b\n"),
    "yaml-undefined-alias": ("data.yml", "- title: a\n- *nowhere\n"),
    "yaml-duplicate-anchor": ("data.yml", "- &a {title: a}\n- &a {title: b}\n- *a\n"),
    "yaml-tags-and-merge": (
        "data.yml",
        "- &base\n  venue: ICML\n  year: !!str 2020\n- <<: *base\n  title: !!str 123\n  url: https://a.org/p\n",
    ),
}


def data_files() -> dict[str, tuple[str, str]]:
    """Every distinct data file of the real lists (by its text), named by where it first appears."""
    found: dict[str, tuple[str, str]] = {}
    seen: set[str] = set()
    for path in sorted(LISTS.rglob("*")):
        if path.suffix not in DATA_SUFFIXES or path.name in NOT_LISTS:
            continue
        text = path.read_text(encoding="utf-8")
        if text in seen:
            continue
        seen.add(text)
        found[str(path.relative_to(LISTS))] = (path.name, text)
    return found


@functools.cache  # read once for every parametrized case
def cases() -> dict[str, tuple[str, str]]:
    return {**data_files(), **{f"constructed/{name}": case for name, case in CONSTRUCTED.items()}}


def field_pairs(entry: Entry) -> list[tuple[str, int]]:
    return list(entry.field_lines.pairs(entry.line))


def entry_text(entry: Entry) -> str:
    """Every field of the entry as the rules see it, its key lines as (key, line) pairs."""
    fields = {name: getattr(entry, name) for name in Entry.__slots__ if name != "field_lines"}  # type: ignore[attr-defined]
    return repr(sorted(fields.items())) + repr(field_pairs(entry))


def reading(path: str, text: str) -> str:
    """What the reader and the rules make of one file, as text: its entries, problems and findings, or
    the error it cannot be read with."""
    try:
        document: Document = parse.parse_document(path, text)
    except UnreadableList as error:
        return f"unreadable: {error} (line {error.line})"
    findings = engine.check(Catalog((document,)))
    return "\n".join(
        [
            *(entry_text(entry) for entry in document.entries),
            *(repr(problem) for problem in document.problems),
            *(repr(finding) for finding in findings),
            f"{document.dialect} {len(document.entries)} entries",
        ]
    )


def digest(path: str, text: str) -> str:
    return hashlib.sha256(reading(path, text).encode("utf-8")).hexdigest()


PINNED: dict[str, str] = json.loads(PINNED_PATH.read_text(encoding="utf-8")) if PINNED_PATH.exists() else {}


def test_every_case_is_pinned() -> None:
    assert sorted(cases()) == sorted(PINNED)
    assert len(data_files()) > 20  # the real lists' distinct JSON and YAML versions


@pytest.mark.parametrize("name", sorted(PINNED))
def test_a_data_file_reads_as_pinned(name: str) -> None:
    path, text = cases()[name]
    assert digest(path, text) == PINNED[name], reading(path, text)[:2000]


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    pins = {name: digest(path, text) for name, (path, text) in sorted(cases().items())}
    PINNED_PATH.write_text(json.dumps(pins, indent=1) + "\n", encoding="utf-8")
    print(f"pinned {len(pins)} files")

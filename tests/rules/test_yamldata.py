"""The YAML data-file reader on a real list (janosh/awesome-normalizing-flows' ``data/publications.yml``)
and on bad input: entries with exact lines and spans, fixes that keep the file's quoting, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.review import changes
from rules import edit, engine, fixes, parse
from rules.context import Catalog
from rules.dialects import ListFormat
from rules.dialects.yamldata import YamlListError, parse_yaml, scalar
from rules.model import Role

LIST = Path(__file__).parent.parent / "fixtures" / "lists" / "janosh__awesome-normalizing-flows"
PATH = "data/publications.yml"


def snapshot() -> str:
    return (LIST / "snapshot" / PATH).read_text(encoding="utf-8")


def test_every_paper_of_the_real_file_is_read() -> None:
    # Hand count: 60 items start a line with "- title:" (grep -c '^- '), and the generated readme's own
    # heading says "Publications (60)".
    document = parse.parse_document(PATH, snapshot())
    assert (len(document.entries), document.problems, document.dialect) == (60, (), "YAML data")
    assert [entry.title for entry in document.entries] == [item["title"] for item in yaml.safe_load(snapshot())]


def test_an_entry_holds_its_fields_lines_and_spans_as_written() -> None:
    text = snapshot()
    first, made = parse.parse_document(PATH, text).entries[:3:2]
    assert (first.line, first.end_line, first.kind, first.is_data) == (1, 8, "yaml", True)
    assert first.raw == "\n".join(text.splitlines()[0:8])
    assert (first.title, first.url, first.year, first.venue) == (
        "Iterative Gaussianization: from ICA to Random Rotations",
        "https://arxiv.org/abs/1602.00229",
        "2011-04-01",
        "",
    )
    assert first.authors == "Valero Laparra, Gustavo Camps-Valls, Jesús Malo"
    assert dict(first.keys) == {
        Role.TITLE: "title",
        Role.URL: "url",
        Role.YEAR: "date",
        Role.AUTHORS: "authors",
        Role.CODE: "repo",
    }
    assert dict(first.field_lines.pairs(first.line)) == {
        "title": 1,
        "url": 2,
        "date": 3,
        "authors": 4,
        "description": 8,
    }
    assert {span.role: first.raw[span.start : span.end] for span in first.spans} == {
        Role.TITLE: '"Iterative Gaussianization: from ICA to Random Rotations"',
        Role.URL: "https://arxiv.org/abs/1602.00229",
        Role.YEAR: "2011-04-01",
    }
    # A block description (``|``) with blank lines inside ends at its last text line, not at the gap.
    assert (made.title, made.line, made.end_line) == ("Masked Autoencoder for Distribution Estimation", 19, 37)


def test_the_hand_verified_defects_and_nothing_else() -> None:
    # Verified by hand: "Block Neural Autoregressive Flow" (arXiv 1904.04676) is listed twice (lines 162
    # and 573, the first with a stray ")" after its arXiv link). The two code links at a Zenodo record and
    # an OSF project are archives, not repositories: an info, as for any list. "FloWaveNet : A Generative
    # Flow for Raw Audio" keeps arXiv's own space before the colon, which the title rule tidies.
    findings = engine.check(Catalog((parse.parse_document(PATH, snapshot()),)))
    assert sorted((finding.rule, finding.severity.value, finding.location.line) for finding in findings) == [
        ("cells", "info", 620),
        ("cells", "info", 629),
        ("duplicate", "error", 162),  # on their `repo:` lines
        ("title-link", "warning", 150),
    ]
    [spacing] = [finding for finding in findings if finding.rule == "title-link"]
    assert spacing.fix is not None and spacing.fix.startswith(
        '- title: "FloWaveNet: A Generative Flow for Raw Audio"\n'
    )
    [duplicate] = [finding for finding in findings if finding.rule == "duplicate"]
    assert duplicate.related[0].line == 573


@pytest.mark.parametrize(
    ("case", "added"),
    [
        ("01-4c31bbb", []),
        ("02-a59d334", []),
        ("03-1293330", []),
        # Hand count: the head has 60 items where the base has 57, and these three titles are new.
        (
            "04-f6e4c6b",
            [
                "Efficient Bayesian Sampling Using Normalizing Flows to Assist Markov Chain Monte Carlo Methods",
                "Adaptive Monte Carlo augmented with normalizing flows",
                "Transferable Boltzmann Generators",
            ],
        ),
    ],
)
def test_the_papers_each_real_commit_added_are_exactly_its_added_items(case: str, added: list[str]) -> None:
    base_text = (LIST / "cases" / case / "base" / PATH).read_text(encoding="utf-8")
    head_text = (LIST / "cases" / case / "head" / PATH).read_text(encoding="utf-8")
    base, head = parse.parse_document(PATH, base_text), parse.parse_document(PATH, head_text)
    diff = changes.diff_of(changes.FileChange(PATH, "modified", None, base_text, head_text, None), base_text)
    found = changes.classify(base, head, diff.added)
    assert [entry.title for entry in found.added] == added
    assert not found.removed


QUOTED = "- title: 'Flow  Matching'\n  url: \"https://arxiv.org/abs/2210.02747?utm_source=x\"\n  date: 2022-10-06\n"


def test_fixes_rewrite_one_value_in_its_own_quotes_and_keep_every_other_byte() -> None:
    entry = parse_yaml("d.yml", QUOTED).entries[0]
    assert edit.with_title_link(entry, "Flow Matching", "https://arxiv.org/abs/2210.02747") == (
        "- title: 'Flow Matching'\n  url: \"https://arxiv.org/abs/2210.02747\"\n  date: 2022-10-06"
    )
    fixed, applied = fixes.fix_until_stable({"d.yml": QUOTED}, parse.parse_catalog)
    assert len(applied) == 2  # the stray space and the tracking parameter, one round each
    assert fixed["d.yml"] == QUOTED.replace("  M", " M").replace("?utm_source=x", "")
    assert yaml.safe_load(fixed["d.yml"]) == [
        {"title": "Flow Matching", "url": "https://arxiv.org/abs/2210.02747", "date": yaml.safe_load("2022-10-06")}
    ]


@pytest.mark.parametrize(
    ("value", "written", "expected"),
    [
        ("Plain title", "Old", "Plain title"),
        ("Glow: Generative Flow", "Old", '"Glow: Generative Flow"'),  # ": " would make a mapping
        ("yes", "Old", '"yes"'),  # plain yes is a boolean
        ("# not a comment", "Old", '"# not a comment"'),
        ("It's", "'Old'", "'It''s'"),
        ('Say "hi"', '"Old"', '"Say \\"hi\\""'),
        ("two\nlines", "Old", None),  # no one-line scalar holds it
    ],
)
def test_a_new_value_is_quoted_when_it_must_be_and_in_the_files_quotes(
    value: str, written: str, expected: str | None
) -> None:
    assert scalar(value, written) == expected
    if expected is not None:
        assert yaml.safe_load(f"k: {expected}") == {"k": value}


def test_a_value_written_as_a_block_gets_no_fix() -> None:
    entry = parse_yaml("d.yml", "- title: >\n    Folded title\n  url: https://a.org/1\n").entries[0]
    assert entry.title == "Folded title\n"
    assert edit.with_title_link(entry, "Folded title", "https://a.org/1") is None


def test_an_exact_copy_is_deleted_with_its_separating_blank_line() -> None:
    item = "- title: A Paper\n  url: https://arxiv.org/abs/2401.00001\n  date: 2024-01-01\n"
    text = item + "\n" + item + "\n- title: Other\n  url: https://arxiv.org/abs/2401.00002\n  date: 2024-01-02\n"
    findings = [
        finding for finding in engine.check(Catalog((parse_yaml("d.yml", text),))) if finding.rule == "duplicate"
    ]
    fixed, _ = fixes.apply_fixes(text, findings)
    assert fixed == item + "\n- title: Other\n  url: https://arxiv.org/abs/2401.00002\n  date: 2024-01-02\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "- just\n- words\n",
            "expected a YAML list of papers (`- title: …` items), found a list of single values at line 1",
        ),
        ("papers:\n  - title: a\n", "expected a YAML list of papers (`- title: …` items), found a mapping at line 1"),
        ("", "expected a YAML list of papers (`- title: …` items), found nothing"),
    ],
)
def test_a_file_that_is_no_list_of_papers_raises_one_clear_error(text: str, message: str) -> None:
    with pytest.raises(YamlListError) as raised:
        parse.parse_document("data/papers.yml", text)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("- title: a\n\turl: b\n", 2),
        ("- title: [a\n", 2),
        ("- title: a\n---\n- title: b\n", 2),
        ("- title: a\n  url: 'b\n", 3),
    ],
    ids=["tab", "unclosed-bracket", "two-documents", "unclosed-quote"],
)
def test_invalid_yaml_raises_one_error_with_the_position(text: str, line: int) -> None:
    # The position, then the parser's own words (libyaml's, or PyYAML's where it was built without it).
    with pytest.raises(YamlListError) as raised:
        parse.parse_document("data/papers.yml", text)
    assert str(raised.value).startswith(f"invalid YAML at line {line}, column ") and raised.value.line == line


def test_repeated_keys_and_stray_values_are_structure_problems_not_crashes() -> None:
    document = parse_yaml("d.yml", "- title: A\n  title: B\n  url: https://a.org/1\n  date: 2024\n- 3\n")
    assert [(problem.kind, problem.location.line) for problem in document.problems] == [
        ("duplicate-key", 2),
        ("not-an-object", 5),
    ]
    assert [(entry.title, entry.year) for entry in document.entries] == [("B", "2024")]
    findings = engine.check(Catalog((document,)))
    assert [(finding.rule, finding.location.line) for finding in findings] == [("structure", 2), ("structure", 5)]


def test_a_byte_order_mark_keeps_lines_and_spans_exact() -> None:
    text = "\ufeff- title: A\n  url: https://a.org/1\n"
    entry = parse_yaml("d.yml", text).entries[0]
    assert (entry.line, entry.raw, entry.raw[entry.span(Role.URL).start : entry.span(Role.URL).end]) == (
        1,
        text.rstrip("\n"),
        "https://a.org/1",
    )


def test_keys_of_the_files_own_are_read_and_a_key_most_items_lack_is_never_missing() -> None:
    text = (
        "- name: ignored\n  Paper Title: A\n  pub_date: 2023-05-01\n  conference: CVPR\n  github: https://github.com/a/b\n"
        "- Paper Title: B\n  pub_date: 2024\n  conference: ICCV\n  website: https://b.github.io\n"
        "- Paper Title: C\n  pub_date: 2024\n"
    )
    document = parse_yaml("d.yml", text)
    assert [(entry.title, entry.year, entry.venue, entry.code_urls) for entry in document.entries] == [
        ("A", "2023-05-01", "CVPR", ("https://github.com/a/b",)),
        ("B", "2024", "ICCV", ()),
        ("C", "2024", "", ()),
    ]
    assert [link.role.value for link in document.entries[1].links] == ["project"]
    # Two of three items give a conference: the third lacks one. No item gives a link: nothing is missing there.
    assert [(problem.kind, problem.location.line, problem.message) for problem in document.problems] == [
        (
            "missing-key",
            10,
            "This object has no `conference` key, which the file's other objects have. Add it (`conference: …`).",
        ),
    ]


def test_an_item_ends_at_its_last_value_not_at_a_comment_before_the_next_item() -> None:
    text = (
        "- title: A\n  url: https://a.org/1\n  authors:\n    - name: X\n\n# --- 2024 ---\n"
        "- title: B\n  url: https://a.org/2\n  description: |\n    line\n\n    # a heading inside the text\n\n"
        "- title: C  # a note\n  url: https://a.org/3\n  tags: []\n"
    )
    assert [(entry.title, entry.line, entry.end_line) for entry in parse_yaml("d.yml", text).entries] == [
        ("A", 1, 4),
        ("B", 7, 12),
        ("C", 14, 16),
    ]


def test_keys_the_repository_names_keep_their_spans_and_types_when_items_are_read_one_at_a_time() -> None:
    # The items are read before the file's keys are known; the places of values kept for later are those
    # of keys a field may have, the repository's own names ("Paper Name", "Where") among them.
    text = "- Paper Name: [a, b]\n  Where: https://arxiv.org/abs/1\n- Paper Name: 'Second'\n  Where: https://arxiv.org/abs/2\n"
    fmt = ListFormat(dialect="yaml", fields={"title": "paper_name", "url": "where"})
    document = parse_yaml("data.yml", text, fmt)
    assert [(problem.kind, problem.message, problem.location.line) for problem in document.problems] == [
        ("wrong-type", "`Paper Name` must be a single value, not a list.", 1)
    ]
    assert [{span.role: entry.raw[span.start : span.end] for span in entry.spans} for entry in document.entries] == [
        {Role.URL: "https://arxiv.org/abs/1"},
        {Role.TITLE: "'Second'", Role.URL: "https://arxiv.org/abs/2"},
    ]

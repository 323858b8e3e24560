"""Finding codes, config by code, in-list suppressions (each dialect), and rules that describe themselves."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest

from paper_triage import rules as rules_command
from rules import checks, engine, parse, suppress
from rules.context import CheckOptions
from rules.dialects import datakeys
from rules.model import Severity

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parents[2]
HEADER = "| Title | Year | Venue |\n| --- | --- | --- |\n"
# Two years the 20-paper list attests, so 2031 is implausible there.
PAPERS = "".join(
    f"| [Paper {n} on video anomalies](https://example.org/{n}) | {2020 + n % 3} | arXiv |\n" for n in range(24)
)
LATE = "| [A late paper](https://example.org/late) | 2031 | arXiv |"


def codes_of(texts: dict[str, str], options: CheckOptions | None = None) -> list[tuple[str, int]]:
    return [(finding.code, finding.location.line) for finding in engine.check(parse.parse_catalog(texts), options)]


@pytest.mark.parametrize("rule", checks.DESCRIBED, ids=lambda rule: rule.ID)
def test_every_code_a_rule_writes_is_declared_and_every_declared_code_is_written(rule: checks.Described) -> None:
    source = inspect.getsource(rule)
    written = set(re.findall(r'f"\{ID\}/([a-z-]+)"', source))
    declared = {code.removeprefix(f"{rule.ID}/") for code in rule.CODES}
    assert all(code.startswith(f"{rule.ID}/") for code in rule.CODES)
    if rule.ID == "structure":  # its codes are the parser's problem kinds
        kinds = {
            kind
            for path in (ROOT / "rules" / "dialects").glob("*.py")
            for kind in re.findall(r'(?:Problem|_Repair)\(\s*"([a-z-]+)"', path.read_text(encoding="utf-8"))
        }
        assert kinds | written == declared  # and the review's own (a data file it cannot read)
    else:
        assert written == declared


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.md")), ids=lambda path: path.name)
def test_the_findings_of_every_fixture_carry_declared_codes(path: Path) -> None:
    findings = engine.check(parse.parse_catalog({path.name: path.read_text(encoding="utf-8")}))
    declared = {code for rule in checks.DESCRIBED for code in rule.CODES}
    assert findings and {finding.code for finding in findings} <= declared


def test_the_config_disables_and_sets_severity_by_code_or_rule() -> None:
    texts = {"list.md": HEADER + PAPERS + LATE + "\n"}
    assert ("year/implausible", 27) in codes_of(texts)
    assert ("year/implausible", 27) not in codes_of(texts, CheckOptions(disable=frozenset({"year/implausible"})))
    found = engine.check(
        parse.parse_catalog(texts), CheckOptions(severity={"year/implausible": Severity.ERROR, "year": Severity.INFO})
    )
    assert [finding.severity for finding in found if finding.code == "year/implausible"] == [Severity.ERROR]


def test_a_comment_on_a_table_row_suppresses_its_code_and_adds_no_cell() -> None:
    row = LATE + " <!-- paper-triage: ignore year/implausible -->"
    assert codes_of({"list.md": HEADER + PAPERS + row + "\n"}) == []


@pytest.mark.parametrize("extra", [" - |", " |"])
def test_a_whole_row_fix_keeps_the_rows_suppression(extra: str) -> None:
    row = LATE + extra + " <!-- paper-triage: ignore year/implausible -->"
    document = parse.parse_document("list.md", HEADER + PAPERS + row + "\n")
    (problem,) = document.problems
    assert problem.fix == LATE + " <!-- paper-triage: ignore year/implausible -->"


def test_a_bare_rule_id_suppresses_every_code_of_its_rule() -> None:
    row = LATE + " <!-- paper-triage: ignore year -->"
    assert codes_of({"list.md": HEADER + PAPERS + row + "\n"}) == []


def test_an_unknown_code_and_one_that_silences_nothing_are_reported() -> None:
    row = LATE + " <!-- paper-triage: ignore year/implausable, year/implausible, duplicate/exact -->"
    found = codes_of({"list.md": HEADER + PAPERS + row + "\n"})
    assert sorted(found) == [("suppression/unknown", 27), ("suppression/unused", 27)]


ITEMS = "## Papers\n\n" + "".join(
    f"- [Paper {n} on video anomalies](https://arxiv.org/abs/2401.0000{n}), arXiv 2024\n" for n in range(5)
)
AGAIN = "- [Paper 1 on video anomalies](https://arxiv.org/abs/2401.00001), arXiv 2024\n"


def test_a_suppression_on_the_line_above_an_item_or_on_its_line_covers_it() -> None:
    assert codes_of({"list.md": ITEMS + AGAIN}) == [("duplicate/exact", 8)]
    assert codes_of({"list.md": ITEMS + "<!-- paper-triage: ignore duplicate/exact -->\n" + AGAIN}) == []
    inline = AGAIN.replace(", arXiv", " <!-- paper-triage: ignore duplicate -->, arXiv")
    assert codes_of({"list.md": ITEMS + inline}) == []


RULE_ROW = "=" * 25 + "  " + "=" * 6 + "  " + "=" * 5 + "  " + "=" * 26 + "\n"


def rst_row(title: str, year: int, link: str) -> str:
    return f"{title:<25}  {'SDM':<6}  {year:<5}  `[PDF] <{link}>`_\n"


RST_LIST = (
    "Papers\n------\n\n"
    + RULE_ROW
    + f"{'Paper Title':<25}  {'Venue':<6}  {'Year':<5}  Materials\n"
    + RULE_ROW
    + "".join(rst_row(f"Paper {n} on outliers", 2019, f"https://x.org/{n}") for n in range(24))
    + rst_row("A late paper", 2031, "https://x.org/l")
    + RULE_ROW
)


def test_a_rst_comment_naming_its_entry_suppresses_it() -> None:
    assert ("year/implausible", 31) in codes_of({"README.rst": RST_LIST})
    named = RST_LIST + '\n.. paper-triage: ignore year/implausible for "A  late paper"\n'
    assert "year/implausible" not in {code for code, _ in codes_of({"README.rst": named})}
    unused = RST_LIST + '\n.. paper-triage: ignore duplicate for "A late paper"\n'
    assert ("suppression/unused", 34) in codes_of({"README.rst": unused})
    unmatched = RST_LIST + '\n.. paper-triage: ignore year/implausible for "No such paper"\n'
    assert ("year/implausible", 31) in codes_of({"README.rst": unmatched})  # the finding still shows
    assert ("suppression/no-entry", 34) in codes_of({"README.rst": unmatched})  # and so does the comment


def test_a_suppression_naming_no_entry_is_reported_only_where_the_review_looks() -> None:
    text = RST_LIST + '\n.. paper-triage: ignore year/implausible for "No such paper"\n'
    catalog = parse.parse_catalog({"README.rst": text})
    [finding] = [f for f in engine.check(catalog) if f.code == "suppression/no-entry"]
    assert finding.message.startswith("No entry in this file is titled “No such paper”")
    elsewhere = engine.check(catalog, scope=lambda path, line: line == 31)
    assert "suppression/no-entry" not in {f.code for f in elsewhere}


def test_a_yaml_comment_suppresses_its_entry() -> None:
    entries = "".join(
        f"- title: Paper {n} on video anomalies\n  url: https://example.org/{n}\n  year: {2020 + n % 3}\n"
        for n in range(24)
    )
    late = "- title: A late paper  # paper-triage: ignore year/implausible\n  url: https://example.org/late\n  year: 2031\n"
    assert "year/implausible" in {
        code
        for code, _ in codes_of(
            {"papers.yaml": entries + late.replace("  # paper-triage: ignore year/implausible", "")}
        )
    }
    assert "year/implausible" not in {code for code, _ in codes_of({"papers.yaml": entries + late})}


def test_a_json_key_suppresses_its_object_and_is_no_field() -> None:
    objects = [
        f'{{"title": "Paper {n} on video anomalies", "url": "https://example.org/{n}", "year": "{2020 + n % 3}"}}'
        for n in range(24)
    ]
    late = '{"title": "A late paper", "url": "https://example.org/late", "year": "2031", "paper-triage": "ignore year/implausible"}'
    found = codes_of({"papers.json": "[\n" + ",\n".join([*objects, late]) + "\n]\n"})
    assert "year/implausible" not in {code for code, _ in found}
    assert "paper-triage" not in datakeys.paths({"title": "t", "paper-triage": "ignore year"})
    assert suppress.names_in("ignore year/implausible, duplicate") == ("year/implausible", "duplicate")
    assert suppress.names_in("keep") == ()
    misspelt = codes_of({"papers.json": "[\n" + ",\n".join([*objects, late.replace("ignore", "ignor")]) + "\n]\n"})
    assert ("suppression/unknown", 26) in misspelt and ("year/implausible", 26) in misspelt


def test_the_rules_are_rule_modules_with_their_descriptions() -> None:
    for rule in checks.DESCRIBED:
        assert rule.ID and rule.SUMMARY and rule.CODES and rule.EXAMPLE and rule.FIX
        assert isinstance(rule.USE_INSTEAD, str)
    assert all(callable(rule.check) for rule in checks.ALL_RULES)


def test_the_readme_rule_table_is_the_rules_own() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert rules_command.readme_table(readme) == rules_command.render_markdown(), (
        "the README's rule table is stale: run `make readme-rules`"
    )


@pytest.mark.parametrize("path", sorted((ROOT / "rules" / "checks").glob("*.py")), ids=lambda path: path.stem)
def test_every_finding_a_rule_makes_names_its_code(path: Path) -> None:
    """A finding without a code falls back to its bare rule id, which no config or suppression can tell
    apart from the rule's other findings."""
    calls = [
        node
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and ast.unparse(node.func) in {"Finding", "venues.finding"}
    ]
    assert [ast.unparse(call)[:60] for call in calls if "code" not in {kw.arg for kw in call.keywords}] == []

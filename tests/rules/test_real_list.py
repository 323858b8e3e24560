"""The shared real list, checked end to end: the defects verified by hand, and nothing else, for the
core rules (structure, title-link, cells, order). Venue and duplicate rules have their own tests."""

from __future__ import annotations

from pathlib import Path

from rules import engine, parse
from rules.model import Finding

LIST = Path(__file__).parent.parent / "fixtures" / "lists" / "video-anomaly-detection"
CORE_RULES = {"structure", "title-link", "cells", "order"}
FILES = (
    "README.md",
    "scripts/data.json",
    "scripts/data_weakly.json",
    "scripts/data_surveys.json",
    "scripts/data_datasets.json",
)

# Verified by opening each row: the IEEE "?denied=" and the Springer utm_* links, TCSVT's journal page
# (punumber=76) given as a paper link, the Federated-Prompt paper with an empty link, the list owner's
# own repository (vt-le/VideoAnomalyDection) given as code for three unrelated papers, project pages
# in the code column. The title slips, in the README and again in data.json: `real‑time` with a
# non-breaking hyphen (45/374), a title in capitals (47/398), `Generation : A` (58/530),
# `Spatio- Temporal` (91/926), `DAMS:Dual` (112/1178).
TITLE_SLIPS = {
    ("title-link", "README.md", 45),
    ("title-link", "README.md", 47),
    ("title-link", "README.md", 58),
    ("title-link", "README.md", 91),
    ("title-link", "README.md", 112),
    ("title-link", "scripts/data.json", 374),
    ("title-link", "scripts/data.json", 398),
    ("title-link", "scripts/data.json", 530),
    ("title-link", "scripts/data.json", 926),
    ("title-link", "scripts/data.json", 1178),
}
# Paper links carrying more than the paper's address, in the README and again in the data files:
# Springer's `#Sec16` (61/566) and `#citeas` (87/866), an arXiv PDF with a trailing `?` (172, surveys 86).
LINK_NOISE = {
    ("title-link", "README.md", 61),
    ("title-link", "README.md", 87),
    ("title-link", "README.md", 172),
    ("title-link", "scripts/data.json", 566),
    ("title-link", "scripts/data.json", 866),
    ("title-link", "scripts/data_surveys.json", 86),
}
EXPECTED = (
    TITLE_SLIPS
    | LINK_NOISE
    | {
        ("cells", "README.md", 22),
        ("title-link", "README.md", 25),
        ("cells", "README.md", 55),
        ("title-link", "README.md", 73),
        ("cells", "README.md", 74),
        ("cells", "README.md", 94),
        ("title-link", "README.md", 104),
        ("cells", "README.md", 132),
        ("cells", "README.md", 143),
        ("title-link", "README.md", 152),
        ("cells", "README.md", 182),
        ("cells", "scripts/data.json", 105),
        ("title-link", "scripts/data.json", 134),
        ("cells", "scripts/data.json", 501),
        ("title-link", "scripts/data.json", 698),
        ("cells", "scripts/data.json", 717),
        ("cells", "scripts/data.json", 969),
        ("title-link", "scripts/data.json", 1082),
        ("cells", "scripts/data_datasets.json", 9),
        ("cells", "scripts/data_weakly.json", 93),
        ("cells", "scripts/data_weakly.json", 225),
        ("title-link", "scripts/data_weakly.json", 326),
    }
)


def core_findings(*names: str) -> list[Finding]:
    catalog = parse.parse_catalog({name: (LIST / name).read_text(encoding="utf-8") for name in names})
    return [finding for finding in engine.check(catalog) if finding.rule in CORE_RULES]


def is_empty_model_link(finding: Finding) -> bool:
    return finding.rule == "cells" and finding.message.startswith("The model link")


def test_the_hand_verified_defects_and_nothing_else() -> None:
    findings = [finding for finding in core_findings(*FILES) if not is_empty_model_link(finding)]
    assert {(finding.rule, finding.location.path, finding.location.line) for finding in findings} == EXPECTED


def test_every_empty_model_link_of_the_readme_gets_a_certain_fix() -> None:
    text = (LIST / "README.md").read_text(encoding="utf-8").splitlines()
    empty = {number for number, line in enumerate(text, 1) if line.endswith(("| [Model]() |", "| [Model](-) |"))}
    findings = [finding for finding in core_findings("README.md") if is_empty_model_link(finding)]
    assert {finding.location.line for finding in findings} == empty
    assert len(empty) == 143
    assert all(finding.fix == text[finding.location.line - 1].rsplit("|", 2)[0] + "| - |" for finding in findings)


def test_the_seed_list_reports_its_unrenderable_table() -> None:
    findings = [finding for finding in core_findings("README.seed.md") if finding.rule == "structure"]
    assert [(finding.location.line, finding.severity.value) for finding in findings] == [(4, "error")]

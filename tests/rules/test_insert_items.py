"""/add-paper into lists of items: the new item in the shape of its section's items, in its year's place."""

from __future__ import annotations

import difflib
from dataclasses import replace
from pathlib import Path

import pytest

from rules import parse, sections
from rules.candidate import NewPaper
from rules.insert import ProblemKind, propose

LISTS = Path(__file__).resolve().parent.parent / "fixtures" / "lists"


def catalog(owner_repo: str, path: str):
    text = (LISTS / owner_repo / "snapshot" / path).read_text(encoding="utf-8")
    return parse.parse_catalog({path: text})


def added_lines(proposal, owner_repo: str, path: str) -> list[str]:
    old = (LISTS / owner_repo / "snapshot" / path).read_text(encoding="utf-8").splitlines()
    new = proposal.new_text.splitlines()
    return [
        line[1:]
        for line in difflib.unified_diff(old, new, lineterm="", n=0)
        if line.startswith("+") and not line.startswith("+++")
    ]


def test_item_sections_are_targets():
    found = sections.targets(catalog("hoya012__awesome-anomaly-detection", "README.md"))
    labels = [target.label for target in found]
    assert labels[0] == "Survey Paper"
    assert "Video-level anomaly detection" in labels and "Table of Contents" not in labels
    assert sections.find(found, "video-level anomaly detection").path == "README.md"


def test_bullet_with_venue_cell_in_its_year_place():
    proposal = propose(
        catalog("hoya012__awesome-anomaly-detection", "README.md"),
        NewPaper(
            title="A Brand New Approach to Video Anomaly Detection",
            url="https://arxiv.org/abs/2103.00001",
            year="2020",
            venue="CVPR",
            code="https://github.com/someone/new-vad",
            section="Video-level anomaly detection",
        ),
    )
    assert proposal.ready, proposal
    item = (
        "- A Brand New Approach to Video Anomaly Detection | **[CVPR' 20]** | "
        "[`[pdf]`](https://arxiv.org/abs/2103.00001) | [`[code]`](https://github.com/someone/new-vad)"
    )
    assert added_lines(proposal, "hoya012__awesome-anomaly-detection", "README.md") == [item]
    # oldest first: after the section's last 2020 paper, before its 2021 one
    assert proposal.placement.before.title.startswith("Weakly-supervised Video Anomaly Detection")
    assert proposal.entry.venue == "CVPR" and proposal.entry.year == "' 20"


def test_block_with_key_lines_is_set_apart_by_blank_lines():
    proposal = propose(
        catalog("amusi__CVPR2024-Papers-with-Code", "README.md"),
        NewPaper(
            title="A Brand New Optical Character Reader",
            url="https://arxiv.org/abs/2403.00002",
            year="2024",
            venue="",
            section="OCR",
        ),
    )
    assert proposal.ready, proposal
    assert proposal.row == "**A Brand New Optical Character Reader**\n\n- Paper: https://arxiv.org/abs/2403.00002"
    assert "- Code: https://github.com/PriNing/ODM \n\n" + proposal.row + "\n\n" in proposal.new_text
    assert proposal.entry.url == "https://arxiv.org/abs/2403.00002"


def test_topic_file_item():
    proposal = propose(
        catalog("Yangzhangcst__Transformer-in-Computer-Vision", "main/video.md"),
        NewPaper(
            title="A Brand New Video Transformer", url="https://arxiv.org/pdf/2511.00003", year="2025", venue="arXiv"
        ),
    )
    assert proposal.ready, proposal
    assert added_lines(proposal, "Yangzhangcst__Transformer-in-Computer-Vision", "main/video.md") == [
        "- (arXiv 2025) A Brand New Video Transformer, [[Paper]](https://arxiv.org/pdf/2511.00003)"
    ]


def test_dated_numbered_items_need_authors_and_take_a_date():
    list_catalog = catalog("janosh__awesome-normalizing-flows", "readme.md")
    paper = NewPaper(
        title="A Brand New Normalizing Flow",
        url="https://arxiv.org/abs/2501.00004",
        year="2025-01-02",
        venue="",
        section="Publications (60)",
    )
    missing = propose(list_catalog, paper)
    assert [(problem.kind, problem.field) for problem in missing.problems] == [(ProblemKind.MISSING, "authors")]
    proposal = propose(list_catalog, replace(paper, authors="Doe, Roe"))
    assert proposal.ready, proposal
    lines = added_lines(proposal, "janosh__awesome-normalizing-flows", "readme.md")
    assert lines == [
        "1. 2025-01-02 - [A Brand New Normalizing Flow](https://arxiv.org/abs/2501.00004) by Doe, Roe<br>",
        "",
    ]
    assert proposal.placement.after is None  # newest first: at the top of the section


def test_multi_line_block_keeps_its_shape():
    text = (LISTS / "diff-usion__Awesome-Diffusion-Models" / "snapshot" / "README.md").read_text(encoding="utf-8")
    proposal = propose(
        parse.parse_catalog({"README.md": text}),
        NewPaper(
            title="A Brand New Diffusion Survey",
            url="https://arxiv.org/abs/2401.00005",
            year="5 Jan 2024",
            venue="arXiv",
            section="Survey",
            authors="Jane Doe, John Roe",
        ),
    )
    assert proposal.ready, proposal
    assert proposal.row == (
        "**A Brand New Diffusion Survey** \\\n*Jane Doe, John Roe* \\\n"
        "arXiv 2024. [[Paper](https://arxiv.org/abs/2401.00005)] \\\n5 Jan 2024"
    )
    assert proposal.placement.after is None  # newest first


def test_a_paper_already_listed_as_an_item():
    proposal = propose(
        catalog("Hannibal046__Awesome-LLM", "paper_list/alignment.md"),
        NewPaper(
            title="LIMA: Less Is More for Alignment", url="https://arxiv.org/abs/2305.11206", year="2023", venue=""
        ),
    )
    assert proposal.existing and proposal.existing[0].entry.line == 8


@pytest.mark.parametrize("section", ["Survey Paper", "survey paper"])
def test_sections_by_name(section):
    found = sections.targets(catalog("hoya012__awesome-anomaly-detection", "README.md"))
    assert sections.find(found, section).label == "Survey Paper"

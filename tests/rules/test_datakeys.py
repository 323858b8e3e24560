"""Data files read by their own keys: JSON copied from other lists' templates (``Initial Date``, ``Website``,
``Resource``), keys set in the repository config, and "missing" said only of keys the file uses."""

from __future__ import annotations

import json

from rules import engine, insert, parse, sections
from rules.candidate import NewPaper, render_object
from rules.context import Catalog
from rules.dialects import ListFormat
from rules.dialects.datakeys import infer, may_hold
from rules.model import LinkRole, Role

# A data file in the shape of another list's template: its own date key, a Resource object holding a
# website badge's link beside the code, no Venue on the preprints.
TEMPLATE = [
    {
        "Title": "Open-Vocabulary Video Anomaly Detection",
        "Link": "https://arxiv.org/abs/2311.07042",
        "Initial Date": "13 Nov 2023",
        "Venue": "C-CVPR",
        "Resource": {"Code": "-", "Website": "https://example.github.io/ovvad"},
    },
    {
        "Title": "Harnessing Large Language Models for Training-free Video Anomaly Detection",
        "Link": "https://arxiv.org/abs/2404.01014",
        "Initial Date": "01 Apr 2024",
        "Venue": "C-CVPR",
        "Resource": {"Code": "https://github.com/lucazanella/lavad", "Website": "https://lucazanella.github.io/lavad/"},
    },
    {
        "Title": "Text Prompt with Normality Guidance for Weakly Supervised Video Anomaly Detection",
        "Link": "https://arxiv.org/abs/2404.08531",
        "Initial Date": "12 Apr 2024",
        "Venue": "C-CVPR",
        "Resource": {"Code": "-", "Website": "-"},
    },
    {
        "Title": "Holmes-VAD: Towards Unbiased and Explainable Video Anomaly Detection via Multi-modal LLM",
        "Link": "https://arxiv.org/abs/2406.12235",
        "Initial Date": "18 Jun 2024",
        "Venue": "arXiv",
        "Resource": {"Code": "https://github.com/pipixin321/HolmesVAD", "Website": "https://holmesvad.github.io/"},
    },
]
# Another list's own names: url/published/authors/conference/github, a paper link under "paper".
OTHER_NAMES = [
    {
        "title": "VadCLIP: Adapting Vision-Language Models for Weakly Supervised Video Anomaly Detection",
        "paper": "https://arxiv.org/abs/2308.11681",
        "published": "2023-08",
        "conference": "AAAI",
        "authors": ["Peng Wu", "Xuerong Zhou"],
        "github": "https://github.com/nwpu-zxr/VadCLIP",
    },
    {
        "title": "Unbiased Multiple Instance Learning for Weakly Supervised Video Anomaly Detection",
        "paper": "https://arxiv.org/abs/2303.12369",
        "published": "2023-03",
        "conference": "CVPR",
        "authors": ["Hui Lv", "Zhongqi Yue"],
        "github": "",
    },
]


def dump(objects: list[dict]) -> str:
    return json.dumps(objects, indent=2, ensure_ascii=False) + "\n"


def test_a_template_copied_from_another_list_is_read_on_its_own_terms() -> None:
    document = parse.parse_document("scripts/data.json", dump(TEMPLATE))
    assert document.problems == ()
    first, second = document.entries[:2]
    assert dict(first.keys)[Role.YEAR] == "Initial Date" and first.key_of(Role.CODE) == "Resource.Code"
    assert (first.year, first.code_urls, second.code_urls) == (
        "13 Nov 2023",
        (),
        ("https://github.com/lucazanella/lavad",),
    )
    assert [(link.role, link.url) for link in second.links] == [
        (LinkRole.PAPER, "https://arxiv.org/abs/2404.01014"),
        (LinkRole.CODE, "https://github.com/lucazanella/lavad"),
        (LinkRole.PROJECT, "https://lucazanella.github.io/lavad/"),
    ]
    findings = engine.check(Catalog((document,)))
    # Only the notes that a CVPR paper is linked to its arXiv preprint; no key is called missing.
    assert {(finding.rule, finding.severity.value) for finding in findings} == {("venue-contradicted", "info")}


def test_other_names_are_read_and_the_year_a_date_contradicts_points_at_the_files_key() -> None:
    document = parse.parse_document("data.json", dump(OTHER_NAMES))
    entry = document.entries[0]
    assert (entry.url, entry.year, entry.venue, entry.authors, entry.code_urls) == (
        "https://arxiv.org/abs/2308.11681",
        "2023-08",
        "AAAI",
        "Peng Wu, Xuerong Zhou",
        ("https://github.com/nwpu-zxr/VadCLIP",),
    )
    assert document.problems == ()


def test_a_key_only_some_objects_have_is_missing_only_where_most_have_it() -> None:
    objects = [{**TEMPLATE[0]}, {**TEMPLATE[1]}, {key: value for key, value in TEMPLATE[2].items() if key != "Venue"}]
    document = parse.parse_document("data.json", dump(objects))
    assert [(problem.kind, problem.message) for problem in document.problems] == [
        (
            "missing-key",
            'This object has no `Venue` key, which the file\'s other objects have. Add it (`"Venue": "…"`).',
        )
    ]
    rare = [{**TEMPLATE[0]}, *({key: value for key, value in item.items() if key != "Venue"} for item in TEMPLATE[1:])]
    assert parse.parse_document("data.json", dump(rare)).problems == ()


def test_the_config_names_a_key_inference_gets_wrong() -> None:
    objects = [{"Name of paper": "A", "Where": "https://a.org/1", "When": "2024"}]
    assert parse.parse_document("d.json", dump(objects)).entries[0].year == ""
    fmt = ListFormat(fields={"title": "name of paper", "url": "Where", "year": "When"})
    entry = parse.parse_document("d.json", dump(objects), fmt).entries[0]
    assert (entry.title, entry.url, entry.year, entry.key_of(Role.YEAR)) == ("A", "https://a.org/1", "2024", "When")
    catalog = parse.parse_catalog({"papers/d.json": dump(objects)}, {"papers/*.json": fmt})
    assert catalog.entries[0].title == "A"


def test_a_paper_key_is_the_title_when_it_holds_text_and_the_link_when_it_holds_links() -> None:
    as_link = infer([{"name": "x", "paper": "https://arxiv.org/abs/1"}, {"paper": "https://arxiv.org/abs/2"}])
    as_title = infer([{"paper": "A Title", "link": "https://arxiv.org/abs/1"}])
    assert (as_link.key(Role.URL), as_link.key(Role.TITLE)) == ("paper", None)
    assert (as_title.key(Role.TITLE), as_title.key(Role.URL)) == ("paper", "link")


def test_a_new_paper_is_written_in_the_templates_keys_and_fixes_name_them() -> None:
    catalog = parse.parse_catalog({"scripts/data.json": dump(TEMPLATE)})
    paper = NewPaper.from_fields(
        {
            "title": "Anomaly Detection in Video via Self-Supervised and Multi-Task Learning",
            "url": "https://arxiv.org/abs/2011.07491",
            "year": "2021",
            "venue": "C-CVPR",
            "code": "https://github.com/lilygeorgescu/AED-SSMTL",
        }
    )
    assert json.loads(render_object(catalog.documents[0], paper)) == {
        "Title": paper.title,
        "Link": paper.url,
        "Initial Date": "2021",
        "Venue": "C-CVPR",
        "Resource": {"Code": paper.code, "Website": "-"},
    }
    proposal = insert.propose(catalog, paper)
    assert proposal.ready, (proposal.problems, proposal.findings)
    assert proposal.placement is not None and proposal.placement.line == 2  # oldest first: before 2023


def yaml_item(title: str, arxiv: str, date: str) -> str:
    return f"- title: {title}\n  url: https://arxiv.org/abs/{arxiv}\n  date: {date}\n  authors:\n    - name: A B\n  description: x\n"


def test_a_new_paper_becomes_a_yaml_item_in_the_files_style_at_its_date() -> None:
    items = [
        yaml_item("First", "2101.00001", "2021-01-01"),
        yaml_item("Second", "2106.00001", "2021-06-01"),
        yaml_item('"Third: a subtitle"', "2301.00001", "2023-01-01"),
        yaml_item("Fourth", "2306.00001", "2023-06-01") + "  repo: https://github.com/d/e\n",
    ]
    text = "\n".join(items)
    catalog = parse.parse_catalog({"data/publications.yml": text})
    paper = NewPaper.from_fields(
        {
            "title": "Flow Matching: A Study",
            "url": "https://arxiv.org/abs/2206.00001",
            "year": "2022-06-20",
            "authors": "Ann Lee, Bo Chen",
            "code": "https://github.com/a/b",
        }
    )
    item = render_object(catalog.documents[0], paper)
    # The file's keys in its order, its list indentation, quotes only where needed, and ``repo`` (which
    # one item has) because the paper has code.
    assert item == (
        '- title: "Flow Matching: A Study"\n  url: https://arxiv.org/abs/2206.00001\n  date: 2022-06-20\n'
        '  authors:\n    - name: Ann Lee\n    - name: Bo Chen\n  description: ""\n  repo: https://github.com/a/b'
    )
    proposal = insert.propose(catalog, paper)
    assert proposal.ready and proposal.new_text is not None, (proposal.problems, proposal.findings)
    assert proposal.new_text == "\n".join([*items[:2], item + "\n", *items[2:]])
    assert [entry.title for entry in parse.parse_document("data/publications.yml", proposal.new_text).entries] == [
        "First",
        "Second",
        "Flow Matching: A Study",
        "Third: a subtitle",
        "Fourth",
    ]


def test_data_files_are_lists_by_default_and_configuration_files_are_not() -> None:
    paths = [
        "README.md",
        "scripts/data.json",
        "scripts/data_weakly.json",
        "data/publications.yml",
        "data/Videos.YAML",
        "site/data/papers.yml",
        "data.yml",
        "data_2024.yaml",
        ".github/workflows/ci.yml",
        ".github/data/labels.yml",
        "_config.yml",
        "mkdocs.yml",
        "config/database.yml",
        ".pre-commit-config.yaml",
        "docs/README.md",
        "package.json",
        "pubs.yml",
    ]
    assert sections.default_list_paths(paths) == paths[:8]


def test_a_file_kept_in_date_order_gets_a_new_paper_at_its_day() -> None:
    items = [yaml_item(f"Paper {month}", f"21{month:02d}.00001", f"2021-{month:02d}-01") for month in (1, 3, 6, 9)]
    catalog = parse.parse_catalog({"data/publications.yml": "\n".join(items)})
    dated = NewPaper.from_fields({"title": "Between", "url": "https://arxiv.org/abs/2104.00001", "year": "2021-04-15"})
    year_only = NewPaper.from_fields({"title": "Some time", "url": "https://arxiv.org/abs/2104.00002", "year": "2021"})
    assert insert.propose(catalog, dated).placement.after.title == "Paper 3"
    assert (
        insert.propose(catalog, year_only).placement.after.title == "Paper 9"
    )  # a year alone: after its year's papers


def test_a_paper_is_added_to_a_file_whose_keys_the_config_names() -> None:
    objects = [
        {"Name of paper": f"Paper {year}", "Where": f"https://arxiv.org/abs/{year - 2000}01.00001", "When": str(year)}
        for year in (2020, 2021, 2022, 2023)
    ]
    fmt = ListFormat(fields={"title": "Name of paper", "url": "Where", "year": "When"})
    catalog = parse.parse_catalog({"papers/d.json": dump(objects)}, {"papers/*.json": fmt})
    paper = NewPaper.from_fields({"title": "A New One", "url": "https://arxiv.org/abs/2406.00001", "year": "2024"})
    proposal = insert.propose(catalog, paper)
    assert proposal.ready, (proposal.problems, proposal.findings)
    assert json.loads(proposal.json_object or "") == {"Name of paper": "A New One", "Where": paper.url, "When": "2024"}
    assert proposal.entry is not None and proposal.entry.title == "A New One"


def test_a_key_holding_links_is_no_venue_and_a_key_holding_text_is_no_link() -> None:
    keymap = infer([{"title": "A", "source": "https://a.org/1", "publication": "NeurIPS", "pdf": "see the journal"}])
    assert (keymap.key(Role.VENUE), keymap.key(Role.URL)) == ("publication", None)


def test_a_key_may_hold_a_field_by_its_names_or_by_the_repositorys_word() -> None:
    holds = may_hold((Role.TITLE, Role.YEAR), {"title": "Paper Name", "code": "Implementation"})
    assert [holds(path) for path in ("title", "meta.pub_date", "paper name", "paper_name", "description")] == [
        True,
        True,
        True,
        True,
        False,
    ]
    assert not holds("implementation")  # the repository's word for a field not asked about


def test_a_files_objects_share_their_short_values_and_task_names() -> None:
    text = json.dumps(
        [
            {"Title": f"A paper about anomaly detection number {n}", "Date": "2024", "Venue": "CVPR", "Task": ["Video"]}
            for n in range(3)
        ]
    )
    first, second, _ = parse.parse_document("data.json", text).entries
    assert first.data is not None and second.data is not None
    assert first.data["Venue"] is second.data["Venue"] and first.year is second.year
    assert first.tasks is second.tasks == ("video",)
    assert first.data["Title"] is not second.data["Title"]  # long texts are each the file's own
    made = "- title: A\n  date: 2024-05-01\n  venue: NeurIPS\n- title: B\n  date: 2024-05-01\n  venue: NeurIPS\n"
    one, other = parse.parse_document("data.yml", made).entries
    assert one.data is not None and other.data is not None
    assert one.data["date"] is other.data["date"] and one.year is other.year == "2024-05-01"

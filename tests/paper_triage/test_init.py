"""``paper-triage init``: an issue form built from the list itself, and a commented config that parses to the defaults."""

from __future__ import annotations

import shutil
from dataclasses import fields, is_dataclass
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from bot.issue_form import OTHER_CHOICE, parse_form
from bot.repo_config import CONFIG_PATH, RepoConfig, parse_config
from paper_triage.init import FORM_PATH
from paper_triage.main import main
from rules import parse
from rules.candidate import NewPaper
from rules.insert import propose

LIST = Path(__file__).parent.parent / "fixtures" / "lists" / "video-anomaly-detection"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A list repository as it is on GitHub: the README and the data files it is generated from."""
    shutil.copy(LIST / "README.md", tmp_path / "README.md")
    shutil.copytree(LIST / "scripts", tmp_path / "scripts")
    return tmp_path


def form_of(repo: Path) -> dict:
    return yaml.safe_load((repo / FORM_PATH).read_text(encoding="utf-8"))


def field(form: dict, field_id: str) -> dict | None:
    return next((item for item in form["body"] if item.get("id") == field_id), None)


def rendered_by_github(form: dict, answers: dict[str, str]) -> str:
    """The issue body GitHub renders from a submitted form: ``### <label>``, a blank line, the answer."""
    parts = []
    for item in form["body"]:
        if item["type"] == "markdown":
            continue
        parts.append(f"### {item['attributes']['label']}\n\n{answers.get(item['id']) or '_No response_'}")
    return "\n\n".join(parts) + "\n"


def test_init_writes_both_files_and_says_so(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(repo)]) == 0
    assert capsys.readouterr().out == f"wrote {repo / FORM_PATH}\nwrote {repo / CONFIG_PATH}\n"


def test_the_form_offers_the_lists_sections_and_venue_codes(repo: Path) -> None:
    main(["init", str(repo)])
    form = form_of(repo)
    assert form["title"] == "Add paper: " and form["labels"] == ["add-paper"]
    assert field(form, "section")["attributes"]["options"] == [
        "Awesomme Video Anomaly Detection",
        "Weakly Supervised VAD",
        "Surveys",
        "New VAD Datasets",
    ]
    venues = field(form, "venue")["attributes"]["options"]
    assert venues[-1] == OTHER_CHOICE
    codes = venues[:-1]
    assert codes == sorted(codes, key=str.casefold)
    assert {"C-CVPR", "C-WACV", "J-PR", "J-TCSVT", "arXiv"} <= set(codes)
    # Registry aliases are offered under their canonical code, placeholders not at all.
    assert "J-IToCnSVT" not in codes and "J-N" not in codes and "?" not in codes and "J-X" not in codes
    # Codes the checks flag as unknown are left out; the venues the list's links name are offered.
    assert not {"J-IT", "J-SJ", "J-ISJ", "C-PR", "C-CACCT"} & set(codes)
    assert {"C-CVPRW", "C-WACVW"} <= set(codes)
    assert [item["id"] for item in form["body"] if item["type"] != "markdown"] == [
        "title",
        "url",
        "year",
        "venue",
        "other-venue",
        "section",
        "code",
        "model",
    ]  # one task in the whole list: no task question
    assert [item["id"] for item in form["body"] if item.get("validations", {}).get("required")] == [
        "title",
        "url",
        "year",
        "venue",
        "section",
    ]


def test_a_form_github_renders_becomes_a_ready_request(repo: Path) -> None:
    main(["init", str(repo)])
    form = form_of(repo)
    body = rendered_by_github(
        form,
        {
            "title": "A Brand New Approach to Weakly Supervised Video Anomaly Detection",
            "url": "https://openaccess.thecvf.com/content/CVPR2025/papers/Doe_A_Brand_New_Approach_CVPR_2025_paper.pdf",
            "year": "2025",
            "venue": "C-CVPR",
            "section": "Weakly Supervised VAD",
            "code": "https://github.com/someone/new-wsvad",
        },
    )
    command = parse_form(body)
    assert command.fields["venue"] == "C-CVPR" and "model" not in command.fields
    texts = {
        path.relative_to(repo).as_posix(): path.read_text(encoding="utf-8")
        for path in [repo / "README.md", *sorted((repo / "scripts").glob("*.json"))]
    }
    proposal = propose(parse.parse_catalog(texts), NewPaper.from_fields(command.fields))
    assert proposal.ready
    assert proposal.placement.path == "scripts/data_weakly.json"


def test_the_other_venue_field_carries_a_venue_not_in_the_dropdown(repo: Path) -> None:
    main(["init", str(repo)])
    body = rendered_by_github(form_of(repo), {"title": "T", "venue": OTHER_CHOICE, "other-venue": "J-TPAMI"})
    assert parse_form(body).fields == {"title": "T", "venue": "J-TPAMI"}


def test_the_config_parses_to_the_defaults_and_explains_every_setting(repo: Path) -> None:
    main(["init", str(repo)])
    text = (repo / CONFIG_PATH).read_text(encoding="utf-8")
    assert parse_config(text) == parse_config(None)  # the defaults, as the bot reads them
    lines = text.splitlines()
    for name, depth in settings(RepoConfig()):
        line = next(number for number, line in enumerate(lines) if line.startswith("  " * depth + name + ":"))
        assert lines[line - 1].lstrip().startswith("# "), f"{name} has no explanation"
    assert "  # who may have /add-paper open a pull request (one of: anyone, collaborators, never)" in lines


def test_the_config_shows_what_was_detected_as_comments(repo: Path) -> None:
    main(["init", str(repo)])
    text = (repo / CONFIG_PATH).read_text(encoding="utf-8")
    detected = text.split("# This repository, as paper-triage reads it now:\n", 1)[1]
    assert all(line.startswith("# ") for line in detected.splitlines())
    uncommented = yaml.safe_load("\n".join(line[2:] for line in detected.splitlines()))
    assert uncommented["generated"] == {
        "README.md": [
            "scripts/data.json",
            "scripts/data_weakly.json",
            "scripts/data_surveys.json",
            "scripts/data_datasets.json",
        ]
    }
    assert RepoConfig.model_validate(uncommented).lists == [
        "README.md",
        "scripts/data.json",
        "scripts/data_datasets.json",
        "scripts/data_surveys.json",
        "scripts/data_weakly.json",
    ]


def test_existing_files_are_kept_unless_forced(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / ".github").mkdir()
    (repo / CONFIG_PATH).write_text("review:\n  mode: request-changes\n", encoding="utf-8")
    assert main(["init", str(repo)]) == 2
    assert capsys.readouterr().err == (
        "paper-triage: .github/paper-triage.yml already exists; run again with --force to overwrite\n"
    )
    assert (repo / CONFIG_PATH).read_text(encoding="utf-8") == "review:\n  mode: request-changes\n"
    assert not (repo / FORM_PATH).exists()  # nothing is half written
    (repo / FORM_PATH).parent.mkdir(parents=True)
    (repo / FORM_PATH).write_text("name: mine\n", encoding="utf-8")
    assert main(["init", str(repo)]) == 2
    assert capsys.readouterr().err == (
        f"paper-triage: {FORM_PATH} and .github/paper-triage.yml already exist; run again with --force to overwrite\n"
    )
    assert main(["init", "--force", str(repo)]) == 0
    assert parse_config((repo / CONFIG_PATH).read_text(encoding="utf-8")) == parse_config(None)


def test_a_folder_without_a_list_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "README.md").write_text("# Just a project\n\nNo papers here.\n", encoding="utf-8")
    assert main(["init", str(tmp_path)]) == 2
    assert "found no paper table (README.md) or data file (data*.json)" in capsys.readouterr().err
    assert not (tmp_path / ".github").exists()
    assert main(["init", str(tmp_path / "missing")]) == 2


def test_a_broken_data_file_is_skipped_with_a_note(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "scripts" / "data_broken.json").write_text('[{"Title": }]', encoding="utf-8")
    assert main(["init", str(repo)]) == 0
    assert capsys.readouterr().out.startswith("skipped scripts/data_broken.json: invalid JSON at line 1, column 12")


def test_a_markdown_only_list_gets_no_section_question_for_one_table(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text(
        "# Papers\n\n| Title | Year | Venue |\n| --- | --- | --- |\n| [A](https://a.org/1) | 2020 | C-CVPR |\n",
        encoding="utf-8",
    )
    assert main(["init", str(tmp_path)]) == 0
    form = form_of(tmp_path)
    assert field(form, "section") is None and field(form, "code") is None and field(form, "model") is None
    assert field(form, "venue")["attributes"]["options"] == ["C-CVPR", OTHER_CHOICE]


def settings(section: object, depth: int = 0):
    """(name, depth) of every setting, nested ones included: the config's pydantic models and the rules'
    options dataclass."""
    names = type(section).model_fields if isinstance(section, BaseModel) else [f.name for f in fields(section)]
    for name in names:
        yield name, depth
        value = getattr(section, name)
        if isinstance(value, BaseModel) or is_dataclass(value):
            yield from settings(value, depth + 1)


def test_a_yaml_data_list_asks_for_a_date_and_authors_and_no_venue_it_never_writes(tmp_path: Path) -> None:
    janosh = Path(__file__).parent.parent / "fixtures" / "lists" / "janosh__awesome-normalizing-flows" / "snapshot"
    shutil.copytree(janosh / "data", tmp_path / "data")
    main(["init", str(tmp_path)])
    form = form_of(tmp_path)
    assert [item["id"] for item in form["body"] if item["type"] != "markdown"] == [
        "title",
        "url",
        "year",
        "code",
        "authors",
    ]
    assert field(form, "year")["attributes"]["label"] == "Date"
    answers = {
        "title": "Flow Matching for Generative Modeling",
        "url": "https://arxiv.org/abs/2210.02747",
        "year": "2022-10-06",
        "authors": "Yaron Lipman, Ricky T. Q. Chen",
    }
    command = parse_form(rendered_by_github(form, answers))
    catalog = parse.parse_catalog(
        {"data/publications.yml": (janosh / "data" / "publications.yml").read_text(encoding="utf-8")}
    )
    proposal = propose(catalog, NewPaper.from_fields(command.fields))
    assert proposal.ready and "    - name: Ricky T. Q. Chen\n" in (proposal.json_object or "")

"""``paper-triage init [DIR]``: write a ready ``/add-paper`` issue form (the list's own sections and venue
codes as choices) and a commented ``.github/paper-triage.yml`` into a list repository."""

from __future__ import annotations

import argparse
import dataclasses
import textwrap
from collections.abc import Iterator
from enum import Enum
from pathlib import Path

import yaml
from pydantic import BaseModel

from bot.issue_form import OTHER_CHOICE
from bot.repo_config import CONFIG_PATH, RepoConfig
from paper_triage import files
from rules import parse, sections, venues
from rules.context import Catalog
from rules.dialects import UnreadableList, datakeys
from rules.insert import ISO_DATE_RE
from rules.model import Document, Role

FORM_PATH = ".github/ISSUE_TEMPLATE/add-paper.yml"
COMMENT_WIDTH = 100

EXISTS = "{paths} already {verb}; run again with --force to overwrite"
NO_LIST = "{root}: found no paper table (README.md) or data file (data*.json) to read sections and venues from"
WROTE = "wrote {path}"
SKIPPED_JSON = "skipped {path}: {error}"

FORM_INTRO = """\
Thanks for suggesting a paper! Fill in what you know: when you submit, paper-triage checks the entry
(duplicates, venue, year, links), replies with the exact row it would add and where, and a maintainer
can then have it open the pull request. You can also comment `/add-paper` with `key: value` lines."""
CONFIG_HEADER = """\
# paper-triage settings for this repository. They are read from the default branch, so a pull
# request cannot change the rules it is judged by. Every setting is shown with its default and
# explained; change what you need and delete the rest."""
DETECTED = "# This repository, as paper-triage reads it now:"


def register(subcommands: argparse._SubParsersAction) -> None:
    init = subcommands.add_parser(
        "init", help="write an /add-paper issue form and a commented paper-triage.yml into a list repository"
    )
    init.add_argument("directory", nargs="?", default=".", metavar="DIR", help="the list repository (default: .)")
    init.add_argument("--force", action="store_true", help="overwrite the files if they exist")
    init.set_defaults(run=run_init)


def run_init(args: argparse.Namespace) -> int:
    """Read the list in DIR, then write both files (neither, if one exists and --force is not given)."""
    root = Path(args.directory)
    if not root.is_dir():
        raise files.UsageError(f"{root}: no such directory")
    catalog = read_list(root)
    found = sections.targets(catalog)
    if not found:
        raise files.UsageError(NO_LIST.format(root=root))
    outputs = {FORM_PATH: issue_form(catalog, found), CONFIG_PATH: config_text(found)}
    existing = [path for path in outputs if (root / path).exists()]
    if existing and not args.force:
        raise files.UsageError(
            EXISTS.format(paths=" and ".join(existing), verb="exists" if len(existing) == 1 else "exist")
        )
    for path, text in outputs.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            files.write_atomically(target, text)
        else:
            target.write_text(text, encoding="utf-8")
        print(WROTE.format(path=target))
    return 0


def read_list(root: Path) -> Catalog:
    """The list files of the repository at ``root`` (by the default paths), parsed; broken JSON skipped."""
    documents: list[Document] = []
    for name in sections.default_list_paths(files.repository_files(root)):
        try:
            documents.append(parse.parse_document(name, files.read_text(root / name)))
        except (UnreadableList, files.UsageError) as error:
            print(SKIPPED_JSON.format(path=name, error=error))
    return Catalog(tuple(documents))


def issue_form(catalog: Catalog, found: list[sections.Target]) -> str:
    """The issue form's YAML: title, URL, year, venue (the list's codes), section, task, code, model."""
    body: list[dict] = [{"type": "markdown", "attributes": {"value": FORM_INTRO + "\n"}}]
    body.append(_input("title", "Title", "The paper's title, as published.", required=True))
    body.append(
        _input(
            "url",
            "URL",
            "A link to the paper itself: arXiv, DOI or the publisher's page.",
            placeholder="https://arxiv.org/abs/2401.05702",
            required=True,
        )
    )
    if _writes_dates(catalog):
        body.append(
            _input("year", "Date", "The date it was published (or its year).", placeholder="2024-06-20", required=True)
        )
    else:
        body.append(_input("year", "Year", "The year it was published.", placeholder="2024", required=True))
    codes = venue_choices(catalog) if _has(catalog, Role.VENUE) or any(entry.venue for entry in catalog.entries) else []
    if codes:
        body.append(
            _dropdown(
                "venue",
                "Venue",
                "Where it was published, as this list writes it.",
                [*codes, OTHER_CHOICE],
                required=True,
            )
        )
        body.append(_input("other-venue", "Other venue", f"Only when you chose “{OTHER_CHOICE}” above."))
    if len(found) > 1:
        body.append(
            _dropdown(
                "section", "Section", "Where it goes in the list.", [target.label for target in found], required=True
            )
        )
    tasks = sorted({task for entry in catalog.entries for task in entry.tasks if task.strip()})
    if len(tasks) > 1:
        body.append(_dropdown("task", "Task", "What the paper is about.", tasks, multiple=True))
    if _has(catalog, Role.CODE):
        body.append(
            _input(
                "code",
                "Code",
                "The code repository, if there is one.",
                placeholder="https://github.com/owner/repository",
            )
        )
    if _has(catalog, Role.MODEL):
        body.append(_input("model", "Model", "A link to the trained model or weights, if there are any."))
    if _has(catalog, Role.AUTHORS):
        body.append(_input("authors", "Authors", "The authors, separated by commas."))
    form = {
        "name": "Add a paper",
        "description": "Suggest a paper for this list; paper-triage checks it and prepares the pull request.",
        "title": "Add paper: ",
        "labels": ["add-paper"],
        "body": body,
    }
    return yaml.dump(form, Dumper=_BlockDumper, sort_keys=False, allow_unicode=True, width=COMMENT_WIDTH)


def venue_choices(catalog: Catalog) -> list[str]:
    """The registry's canonical codes for the venues the list names (in its codes, or through its links),
    in alphabetical order. Codes the registry does not know are left out: offered in the form, they would
    be flagged by the checks on the very pull request the form opens."""
    registry = venues.registry()
    codes: set[str] = set()
    for reading in venues.read_all(catalog.entries, registry):
        known = None if reading.loose_alias else reading.venue or reading.restyled
        codes.update(venue.code for venue in (known, reading.linked) if venue is not None)
    return sorted(codes, key=lambda code: (code.casefold(), code))


def config_text(found: list[sections.Target]) -> str:
    """``.github/paper-triage.yml``: every setting of ``RepoConfig`` with its default, each explained,
    and what paper-triage detects for this repository as commented-out values."""
    lines = [CONFIG_HEADER, ""]
    config = RepoConfig()
    _settings(config, config.model_dump(mode="json"), lines, indent="")
    lines += ["", DETECTED, *_commented(_detected(found))]
    return "\n".join(lines) + "\n"


def _settings(section: object, defaults: dict, lines: list[str], indent: str) -> None:
    """Each setting of ``section`` (``defaults``: its values as YAML writes them) with its description."""
    for name, description in _described_fields(section):
        value = getattr(section, name)
        about = description or (type(value).__doc__ if _is_section(value) else None) or name
        if isinstance(value, Enum):
            about += f" (one of: {', '.join(member.value for member in type(value))})"
        lines += [
            f"{indent}# {line}" for line in textwrap.wrap(" ".join(about.split()), COMMENT_WIDTH - len(indent) - 2)
        ]
        if _is_section(value):
            lines.append(f"{indent}{name}:")
            _settings(value, defaults[name], lines, indent + "  ")
        else:
            dumped = yaml.safe_dump(
                {name: defaults[name]}, sort_keys=False, default_flow_style=False, allow_unicode=True
            )
            lines += [indent + line for line in dumped.rstrip("\n").split("\n")]


def _is_section(value: object) -> bool:
    """A part of the config with settings of its own: a pydantic model, or the rules' options dataclass."""
    return isinstance(value, BaseModel) or (dataclasses.is_dataclass(value) and not isinstance(value, type))


def _described_fields(section: object) -> Iterator[tuple[str, str | None]]:
    """(name, description) of each setting of a config section, in order."""
    if isinstance(section, BaseModel):
        yield from ((name, field.description) for name, field in type(section).model_fields.items())
    elif dataclasses.is_dataclass(section):
        yield from ((field.name, field.metadata.get("description")) for field in dataclasses.fields(section))


def _detected(found: list[sections.Target]) -> dict:
    lists = sorted({target.path for target in found} | {target.table.path for target in found if target.table})
    generated: dict[str, list[str]] = {}
    for target in found:
        if target.table is not None and target.source is not None:
            generated.setdefault(target.table.path, []).append(target.source.path)
    return {"lists": lists, "generated": generated} if generated else {"lists": lists}


def _commented(data: dict) -> list[str]:
    dumped = yaml.safe_dump(data, sort_keys=False, default_flow_style=False, allow_unicode=True)
    return [f"# {line}" for line in dumped.rstrip("\n").split("\n")]


def _writes_dates(catalog: Catalog) -> bool:
    """Whether most of the list's papers give a whole date (``2024-06-20``) rather than a year."""
    written = [entry.year for entry in catalog.entries if entry.year]
    return sum(bool(ISO_DATE_RE.match(year)) for year in written) * 2 > len(written)


def _has(catalog: Catalog, role: Role) -> bool:
    """Whether the list has a column (or a data file's key, whatever the file calls it) for ``role``."""
    return any(table.column(role) is not None for document in catalog.documents for table in document.tables) or any(
        entry.data is not None
        and role in dict(entry.keys)
        and datakeys.value_at(entry.data, entry.key_of(role)) is not None
        for entry in catalog.entries
    )


def _input(field_id: str, label: str, description: str, placeholder: str = "", required: bool = False) -> dict:
    attributes = {"label": label, "description": description}
    if placeholder:
        attributes["placeholder"] = placeholder
    return {"type": "input", "id": field_id, "attributes": attributes, "validations": {"required": required}}


def _dropdown(
    field_id: str, label: str, description: str, options: list[str], required: bool = False, multiple: bool = False
) -> dict:
    attributes = {"label": label, "description": description, "multiple": multiple, "options": options}
    return {"type": "dropdown", "id": field_id, "attributes": attributes, "validations": {"required": required}}


class _BlockDumper(yaml.SafeDumper):
    """Writes multi-line strings as ``|`` blocks, as people write issue forms."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None)


_BlockDumper.add_representer(str, _represent_text)

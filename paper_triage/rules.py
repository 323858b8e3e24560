"""``paper-triage rules``: every rule and finding code, as the rule modules describe themselves (the
README's rule table is this command's ``--format markdown``)."""

from __future__ import annotations

import argparse
import json

from rules import checks

README_START = "<!-- rules:start -->"
README_END = "<!-- rules:end -->"


def register(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser("rules", help="list the rules and their finding codes")
    command.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="text: for reading; json: for tools; markdown: the README's rule table",
    )
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    render = {"text": render_text, "json": render_json, "markdown": render_markdown}[args.format]
    print(render())
    return 0


def describe(rule: checks.Described) -> dict:
    return {
        "id": rule.ID,
        "summary": rule.SUMMARY,
        "codes": dict(rule.CODES),
        "example": rule.EXAMPLE,
        "use_instead": rule.USE_INSTEAD,
        "fix": rule.FIX,
    }


def render_json() -> str:
    return json.dumps([describe(rule) for rule in checks.DESCRIBED], indent=2, ensure_ascii=False)


def render_text() -> str:
    out: list[str] = []
    for rule in checks.DESCRIBED:
        out += [f"{rule.ID} — {rule.SUMMARY}"]
        out += [f"  {code:<34}{what}" for code, what in rule.CODES.items()]
        out += [f"  example: {rule.EXAMPLE}"]
        out += [f"  instead: {rule.USE_INSTEAD}"] if rule.USE_INSTEAD else []
        out += [f"  fix:     {rule.FIX}", ""]
    return "\n".join(out).rstrip("\n")


def render_markdown() -> str:
    """The README's rule table: one row per rule, its codes listed in the row."""
    rows = ["| rule | what it checks | codes | fix |", "| --- | --- | --- | --- |"]
    for rule in checks.DESCRIBED:
        codes = "<br>".join(f"`{code}`: {_cell(what)}" for code, what in rule.CODES.items())
        rows.append(f"| `{rule.ID}` | {_cell(rule.SUMMARY)} | {codes} | {_cell(rule.FIX)} |")
    return "\n".join(rows)


def readme_table(readme: str) -> str | None:
    """The rule table the README holds between its markers (None without them)."""
    start, end = readme.find(README_START), readme.find(README_END)
    if start < 0 or end < start:
        return None
    return readme[start + len(README_START) : end].strip("\n")


def with_table(readme: str) -> str:
    """The README with its rule table rewritten from the rules (``make readme-rules``)."""
    table = readme_table(readme)
    if table is None:
        raise ValueError(f"the README has no {README_START} … {README_END} markers")
    start = readme.find(README_START) + len(README_START)
    return readme[:start] + "\n" + render_markdown() + "\n" + readme[readme.find(README_END) :]


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")

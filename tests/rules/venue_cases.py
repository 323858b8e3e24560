"""Small inline lists for the venue and year rule tests: markdown rows and JSON objects in the list's style."""

from __future__ import annotations

import json
from types import ModuleType

from rules import parse
from rules.context import CheckOptions, RuleContext
from rules.model import Finding

HEADER = "| Title | Date | Venue | Task | Resource | Model |\n| --- | --- | --- | --- | --- | --- |\n"


def row(title: str, url: str, year: str, venue: str) -> str:
    return f"| [{title}]({url}) | {year} | {venue} | ![](./assets/video.svg) | - | - |"


def table(*rows: str) -> str:
    """A README whose table starts on line 3 (its first row is line 3, the next line 4, …)."""
    return HEADER + "".join(line + "\n" for line in rows)


def data_file(*papers: tuple[str, str, str, str]) -> str:
    """A data file in the list's layout: each object spans 12 lines (objects start at lines 2, 14, 26, …)."""
    objects = [
        {
            "Title": title,
            "Link": url,
            "Date": year,
            "Venue": venue,
            "Task": ["Video"],
            "Resource": {"Code": "-"},
            "Model": "Model",
            "ModelLink": "-",
        }
        for title, url, year, venue in papers
    ]
    body = ",\n".join(_render(item) for item in objects)
    return "[\n" + body + "\n]\n"


def _render(item: dict) -> str:
    lines = ["  {"]
    keys = list(item)
    for index, key in enumerate(keys):
        value = item[key]
        comma = "," if index < len(keys) - 1 else ""
        if isinstance(value, dict):
            inner = "".join(f"\n      {json.dumps(k)}: {json.dumps(v)}" for k, v in value.items())
            lines.append(f"    {json.dumps(key)}: {{{inner}\n    }}{comma}")
        elif isinstance(value, list):
            lines.append(f"    {json.dumps(key)}: [ {', '.join(json.dumps(v) for v in value)} ]{comma}")
        else:
            lines.append(f"    {json.dumps(key)}: {json.dumps(value)}{comma}")
    lines.append("  }")
    return "\n".join(lines)


def run(rule: ModuleType, files: dict[str, str], options: CheckOptions | None = None) -> list[Finding]:
    """The rule's findings on the whole list, in line order."""
    catalog = parse.parse_catalog(files)
    ctx = RuleContext(catalog, catalog.entries, options or CheckOptions())
    return sorted(rule.check(ctx), key=lambda finding: finding.sort_key)


def summary(findings: list[Finding]) -> list[tuple[str, int, str | None]]:
    """(path, line, fixed venue-or-year cell) of each finding; the fix shown as the changed value only."""
    return [(finding.location.path, finding.location.line, _changed(finding)) for finding in findings]


def _changed(finding: Finding) -> str | None:
    if finding.fix is None:
        return None
    if finding.fix.lstrip().startswith("{"):
        data = json.loads(finding.fix.rstrip().removesuffix(","))
        return data["Venue"] if finding.rule.startswith("venue") else data["Date"]
    cells = [cell.strip() for cell in finding.fix.strip().strip("|").split("|")]
    return cells[2] if finding.rule.startswith("venue") else cells[1]

"""The layering holds: webhooks → bot → scholarly → rules, never back; rules stay pure; PyGithub stays in one module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FORBIDDEN = {
    "rules": {
        "bot",
        "webhooks",
        "paper_triage",
        "flask",
        "github",
        "requests",
        "urllib.request",
        "http",
        "httpx",
        "socket",
        "huey",
        "redis",
        "os",
        "subprocess",
        "scholarly",
    },
    # The record sources' clients may use rules' pure helpers (title folding, identifiers), nothing above.
    "scholarly": {"bot", "webhooks", "paper_triage", "flask", "github", "huey"},
    "bot": {"webhooks", "paper_triage", "flask"},
    "webhooks": {"paper_triage", "github"},
}
# PyGithub may be imported by exactly this module: everything else goes through its gateway.
PYGITHUB_HOME = "bot/gateway.py"


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def violates(name: str, forbidden: set[str]) -> bool:
    return any(name == banned or name.startswith(banned + ".") for banned in forbidden)


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_packages_import_only_downwards(package: str) -> None:
    offenders = {
        f"{path.relative_to(ROOT)} imports {name}"
        for path in modules(package)
        for name in imports_of(path)
        if violates(name, FORBIDDEN[package])
    }
    assert offenders == set()


def test_pygithub_is_imported_by_the_gateway_only() -> None:
    offenders = {
        str(path.relative_to(ROOT))
        for package in ("rules", "scholarly", "bot", "webhooks", "paper_triage")
        for path in modules(package)
        if any(violates(name, {"github"}) for name in imports_of(path))
    } - {PYGITHUB_HOME}
    assert offenders == set()


def test_rules_read_no_environment() -> None:
    readers = {
        str(path.relative_to(ROOT)) for path in modules("rules") if "environ" in path.read_text(encoding="utf-8")
    }
    assert readers == set()


def test_the_checker_catches_a_violation(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import flask\nfrom bot import gateway\n", encoding="utf-8")
    assert {name for name in imports_of(sample) if violates(name, FORBIDDEN["rules"])} == {"flask", "bot"}

"""bot/review is a pipeline of stages: its modules import one another one way only — no cycle, not even one
hidden behind ``if TYPE_CHECKING:`` — and rendering knows the records it renders, not the stages that made them."""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLANNING_STAGES = {"bot.review.entries", "bot.review.findings", "bot.review.anchors", "bot.review.placement"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(tree: ast.Module, known: set[str]) -> set[str]:
    """The modules of ``known`` a module imports, wherever the import stands; ``from package import module``
    is an import of the module, not of the package."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                names.add(submodule if submodule in known else node.module)
    return names & known


def import_graph(sources: dict[str, str]) -> dict[str, set[str]]:
    """Module name → the modules among ``sources`` it imports."""
    known = set(sources)
    return {name: imported(ast.parse(text), known) for name, text in sources.items()}


def cycle_in(graph: dict[str, set[str]]) -> set[str]:
    """The modules of one import cycle (empty when there is none)."""
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError as error:
        return set(error.args[1])
    return set()


def review_graph() -> dict[str, set[str]]:
    paths = sorted((ROOT / "bot" / "review").rglob("*.py"))
    return import_graph({module_name(path): path.read_text(encoding="utf-8") for path in paths})


def test_review_modules_import_one_another_one_way() -> None:
    assert cycle_in(review_graph()) == set()


def test_the_plan_composes_every_stage() -> None:
    assert review_graph()["bot.review.plan"] >= PLANNING_STAGES | {"bot.review.render"}


def test_rendering_imports_no_planning_stage() -> None:
    assert review_graph()["bot.review.render"] & (PLANNING_STAGES | {"bot.review.plan"}) == set()


def test_a_cycle_behind_type_checking_is_caught() -> None:
    sources = {
        "bot.review.plan": "from bot.review import render\n",
        "bot.review.render": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from bot.review.plan import Anchor\n",
        "bot.review.model": "from rules.model import Finding\n",
    }
    assert cycle_in(import_graph(sources)) == {"bot.review.plan", "bot.review.render"}


def test_importing_a_name_from_the_package_goes_through_its_init() -> None:
    sources = {
        "bot.review": "from bot.review.plan import plan_review\n",
        "bot.review.plan": "from bot.review import SUMMARY_MARKER, model\n",
        "bot.review.model": "",
    }
    assert import_graph(sources)["bot.review.plan"] == {"bot.review", "bot.review.model"}
    assert cycle_in(import_graph(sources)) == {"bot.review", "bot.review.plan"}

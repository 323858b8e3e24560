"""The layering holds: webhooks → bot → scholarly → rules, never back; rules stay pure (no I/O, no process-wide
switches or caches); PyGithub stays in one module."""

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
        "gc",  # the entry points pause the collector (bot.collector), never the engine
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
    sample.write_text("import flask\nfrom bot import gateway\nimport gc\n", encoding="utf-8")
    assert {name for name in imports_of(sample) if violates(name, FORBIDDEN["rules"])} == {"flask", "bot", "gc"}


# --- no process-wide state in rules/ ------------------------------------------------------------------------

# Method names that change a container or a cache in place.
MUTATORS = frozenset(
    {"append", "add", "update", "setdefault", "pop", "popitem", "clear", "extend", "insert", "remove", "discard"}
    | {"move_to_end", "appendleft", "put", "set", "__setitem__", "__delitem__"}
)
# Parameter types a bounded memo may be keyed on: plain values, never an object whose identity is the key.
PLAIN_TYPES = frozenset({"str", "int", "bool", "float", "bytes", "None"})
VALUE_CONTAINERS = frozenset({"tuple", "frozenset"})
ENUM_BASES = frozenset({"Enum", "StrEnum", "IntEnum", "Flag", "IntFlag"})


def state_violations(source: str, enums: frozenset[str] = frozenset()) -> set[str]:
    """What keeps process-wide state in a module of ``rules/``, each as "line: what".

    The engine's caches live on the objects they serve (``Registry.judge``, ``Catalog.entries``) or with
    their owner (``rules.parse.DocumentCache``, made by the command line per run and by a worker per
    process). So a module may not mutate, inside a function, a name it binds at module level (a dict, set
    or list filled as a cache, a cache object's ``put``), nor rebind one with ``global``, nor use an
    unbounded ``functools.cache`` or ``lru_cache``. The one memo allowed is ``lru_cache(maxsize=N)`` with
    N written out, on a function whose parameters are all annotated with plain values — ``str``, ``int``,
    ``bool``, ``float``, ``bytes``, ``None``, an enum of ``rules/`` (``enums``), and tuples and frozensets
    of those: the hot parsing helpers (a cell's text, a title's folding) are pure functions of strings, a
    memo on them is bounded and cannot hold an object alive or answer for another list's registry.
    """
    tree = ast.parse(source)
    module_names = {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign | ast.AnnAssign)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name)
    } | {node.name for node in tree.body if isinstance(node, ast.ClassDef)}  # a class's own attributes are shared too
    found: set[str] = set()
    for function in (node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)):
        found.update(_mutated_module_names(function, module_names))
        found.update(_unbounded_or_keyed_on_objects(function, PLAIN_TYPES | enums))
    return found


def _mutated_module_names(function: ast.FunctionDef | ast.AsyncFunctionDef, module_names: set[str]) -> set[str]:
    local = _local_names(function)
    shared = module_names - local
    found: set[str] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Global):
            found.update(f"{node.lineno}: rebinds the module's {name}" for name in node.names)
        elif isinstance(node, ast.Subscript | ast.Attribute) and isinstance(node.ctx, ast.Store | ast.Del):
            if (root := _root_name(node.value)) in shared:
                found.add(f"{node.lineno}: changes the module's {root}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATORS:
            if (root := _root_name(node.func.value)) in shared:
                found.add(f"{node.lineno}: changes the module's {root}")
    return found


def _root_name(node: ast.expr) -> str:
    """The name an attribute or item chain starts from: ``_CACHE`` of ``_CACHE.by_key[key]``."""
    while isinstance(node, ast.Attribute | ast.Subscript):
        node = node.value
    return node.id if isinstance(node, ast.Name) else ""


def _local_names(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """The names a function binds itself (parameters, assignments): a local list may be filled freely."""
    names = {argument.arg for argument in _parameters(function)}
    declared = {name for node in ast.walk(function) if isinstance(node, ast.Global) for name in node.names}
    bound = {node.id for node in ast.walk(function) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}
    return (names | bound) - declared


def _unbounded_or_keyed_on_objects(function: ast.FunctionDef | ast.AsyncFunctionDef, plain: frozenset[str]) -> set[str]:
    found: set[str] = set()
    for decorator in function.decorator_list:
        name = _dotted(decorator.func if isinstance(decorator, ast.Call) else decorator)
        if name not in ("cache", "functools.cache", "lru_cache", "functools.lru_cache"):
            continue
        if not _bounded(decorator):
            found.add(f"{function.lineno}: {function.name} has an unbounded or implicit cache")
        elif not all(_is_plain(argument.annotation, plain) for argument in _parameters(function)):
            found.add(f"{function.lineno}: {function.name} caches on something other than plain values")
    return found


def _bounded(decorator: ast.expr) -> bool:
    """``lru_cache(maxsize=N)`` with N an integer written out."""
    if not isinstance(decorator, ast.Call) or decorator.args:
        return False
    sizes = [keyword.value for keyword in decorator.keywords if keyword.arg == "maxsize"]
    return len(sizes) == 1 and isinstance(sizes[0], ast.Constant) and type(sizes[0].value) is int


def _parameters(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.arg]:
    arguments = function.args
    every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg]
    return [argument for argument in every if argument is not None]


def _is_plain(annotation: ast.expr | None, plain: frozenset[str]) -> bool:
    if isinstance(annotation, ast.Constant):
        return annotation.value is None or annotation.value is Ellipsis
    if isinstance(annotation, ast.Name):
        return annotation.id in plain
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        return _is_plain(annotation.left, plain) and _is_plain(annotation.right, plain)
    if isinstance(annotation, ast.Subscript) and _dotted(annotation.value) in VALUE_CONTAINERS:
        inner = annotation.slice
        return all(_is_plain(part, plain) for part in (inner.elts if isinstance(inner, ast.Tuple) else [inner]))
    return False  # unannotated (``self`` included), or an object type


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return node.id if isinstance(node, ast.Name) else ""


def enums_of(package: str) -> frozenset[str]:
    """The enum classes a package defines: plain values, as hashable and lasting as their strings."""
    return frozenset(
        node.name
        for path in modules(package)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef) and any(_dotted(base).rsplit(".", 1)[-1] in ENUM_BASES for base in node.bases)
    )


def test_rules_keep_no_process_wide_state() -> None:
    enums = enums_of("rules")
    offenders = {
        f"{path.relative_to(ROOT)}:{violation}"
        for path in modules("rules")
        for violation in state_violations(path.read_text(encoding="utf-8"), enums)
    }
    assert offenders == set()


PLANTED = """
import functools
from functools import cache, lru_cache

_SEEN = {}
_CACHE = DocumentCache()
_COUNT = 0
LIMIT: int = 3


def remember(key: str, value: str) -> None:
    _SEEN[key] = value
    _CACHE.put(key, value)
    _CACHE.by_key[key] = value
    Judge.seen.add(key)


def count() -> None:
    global _COUNT
    _COUNT += 1


def local_lists_are_fine(items: list[str]) -> list[str]:
    _SEEN = []
    _SEEN.append(LIMIT)
    return _SEEN


@cache
def unbounded(text: str) -> str: ...


@functools.lru_cache(maxsize=None)
def also_unbounded(text: str) -> str: ...


@lru_cache
def implicit(text: str) -> str: ...


@lru_cache(maxsize=64)
def by_registry(code: str, registry: Registry) -> str: ...


class Judge:
    @lru_cache(maxsize=64)
    def by_self(self, code: str) -> str: ...


@lru_cache(maxsize=64)
def by_values(text: str, url: str | None, roles: tuple[Role, ...], seen: frozenset[str], block: bool) -> str: ...
"""


def test_the_state_checker_catches_planted_violations() -> None:
    assert state_violations(PLANTED, frozenset({"Role"})) == {
        "12: changes the module's _SEEN",
        "13: changes the module's _CACHE",
        "14: changes the module's _CACHE",
        "15: changes the module's Judge",
        "19: rebinds the module's _COUNT",
        "30: unbounded has an unbounded or implicit cache",
        "34: also_unbounded has an unbounded or implicit cache",
        "38: implicit has an unbounded or implicit cache",
        "42: by_registry caches on something other than plain values",
        "47: by_self caches on something other than plain values",
    }
    # Keyed on an enum of rules/ it is plain; a type the checker does not know as an enum is not.
    assert state_violations(PLANTED) - state_violations(PLANTED, frozenset({"Role"})) == {
        "51: by_values caches on something other than plain values"
    }

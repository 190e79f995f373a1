"""The house rules of the layout: one-way imports, no circles, no private names across modules."""

from __future__ import annotations

import ast
import sys

import pytest

from tests.paths import ROOT

PACKAGES = ("meetingrules", "connectors")


def _modules() -> dict[str, ast.Module]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = ast.parse(path.read_text(encoding="utf-8"))
    return found


MODULES = _modules()


def _imports(tree: ast.Module) -> list[tuple[str, tuple[str, ...]]]:
    """(module imported, names taken from it) for every import statement, nested ones too."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(alias.name, ()) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.module, tuple(alias.name for alias in node.names)))
    return out


def _target(module: str, name: str) -> str:
    """``from package import submodule`` names a module; anything else names the module itself."""
    return f"{module}.{name}" if f"{module}.{name}" in MODULES else module


def _edges() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for name, tree in MODULES.items():
        for module, names in _imports(tree):
            targets = {_target(module, n) for n in names} or {module}
            for target in targets:
                if target in MODULES and target != name:
                    edges.setdefault(name, set()).add(target)
    return edges


def test_the_engine_imports_no_connector():
    """No module of the engine imports ``connectors``."""
    offenders = [
        name for name, tree in MODULES.items()
        if name.startswith("meetingrules") and any(m.split(".")[0] == "connectors" for m, _ in _imports(tree))
    ]
    assert offenders == []


def test_no_import_circle_between_modules():
    """Module imports form no circle, through packages too (importing a package runs its ``__init__``).

    The one edge left out is a module of a package importing a sibling through the package
    name (``from connectors.ics import lines`` in ``connectors/ics/reader.py``): that names
    the sibling module, not the package's re-exports.
    """
    graph = _edges()
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, path: list[str]) -> bool:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycle.extend(path[path.index(nxt):] + [nxt] if nxt in path else [node, nxt])
                return True
            if state.get(nxt) is None and visit(nxt, path + [nxt]):
                return True
        state[node] = 2
        return False

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 5000))
    for start in sorted(graph):
        if state.get(start) is None and visit(start, [start]):
            break
    assert cycle == []


def test_no_private_name_imported_across_modules():
    """No module imports another module's ``_private`` name."""
    offenders = [
        f"{name}: from {module} import {n}"
        for name, tree in MODULES.items()
        for module, names in _imports(tree)
        for n in names
        if n.startswith("_") and module.split(".")[0] in PACKAGES and not n.startswith("__")
    ]
    assert offenders == []


def test_tests_and_benchmarks_import_no_private_name_either():
    """No test or benchmark imports a ``_private`` name of the packages or of another test module."""
    offenders = []
    for folder in ("tests", "benchmarks"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for module, names in _imports(ast.parse(path.read_text(encoding="utf-8"))):
                if module.split(".")[0] not in (*PACKAGES, "tests"):
                    continue
                offenders += [f"{path.relative_to(ROOT)}: from {module} import {n}"
                              for n in names if n.startswith("_") and not n.startswith("__")]
    assert offenders == []


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.startswith("connectors.") and n.count(".") == 1
                                        and (ROOT / n.replace(".", "/")).is_dir()))
def test_every_connector_package_says_what_it_may_import(name):
    """Each connector package's docstring says what it may import."""
    doc = ast.get_docstring(MODULES[name]) or ""
    assert "May import" in doc, name

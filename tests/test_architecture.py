"""The layers hold: domain is pure, store knows no services or UI, services know no UI, the UI talks to services only
(never the store, never building a service itself), services use each other's public methods only, and the
import graph of ``tickettracker/`` has no cycle (function-level and TYPE_CHECKING imports included)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.import_graph import PKG, cycles, graph, modules

WEB = {"nicegui", "fastapi", "starlette"}
# Everything a layer must not import (third-party names and tickettracker modules, at any depth of the file).
RULES = {
    "domain": {
        *WEB,
        "sqlalchemy",
        "sqlmodel",
        "os",
        "shutil",
        "sqlite3",
        "subprocess",
        "socket",
        "tempfile",
        "tickettracker.store",
        "tickettracker.services",
        "tickettracker.ui",
        "tickettracker.cli",
        "tickettracker.app",
        "tickettracker.configfile",
        "tickettracker.paths",
        "tickettracker.fsutil",
    },
    "store": {*WEB, "tickettracker.services", "tickettracker.ui", "tickettracker.cli", "tickettracker.app"},
    # Services (the data commands included) work on the data folder without the UI: they run while the app
    # runs, or without it.
    "services": {*WEB, "tickettracker.ui", "tickettracker.cli", "tickettracker.app"},
    "ui": {"sqlalchemy", "sqlmodel", "tickettracker.store", "tickettracker.cli", "tickettracker.app"},
}


def imports(path: Path) -> set[str]:
    """Every module ``path`` imports (absolute names; relative imports resolved), wherever the import stands."""
    mod = next(m for m, p in modules().items() if p == path)
    names: set[str] = set(graph()[mod])
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def files(layer: str) -> list[Path]:
    target = PKG / layer
    return [target] if target.is_file() else sorted(target.rglob("*.py"))


@pytest.mark.parametrize("layer", sorted(RULES))
def test_import_direction(layer: str) -> None:
    bad = []
    for path in files(layer):
        for name in imports(path):
            if any(name == f or name.startswith(f + ".") for f in RULES[layer]):
                bad.append(f"{path.relative_to(PKG)} imports {name}")
    assert bad == []


def test_domain_never_reads_the_clock() -> None:
    offenders = [
        p.name for p in files("domain") if "datetime.now(" in p.read_text() or ".utcnow(" in p.read_text()
    ]
    assert offenders == []


def test_no_import_cycles() -> None:
    found = cycles(graph())
    assert found == [], "import cycles:\n" + "\n".join(" -> ".join(c) for c in found)


def test_the_cycle_finder_finds_a_cycle() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(edges) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_function_level_and_type_checking_imports_are_edges() -> None:
    edges = graph()
    # cli.data imports the data services inside its run_… functions only
    assert "tickettracker.services.data.restore" in edges["tickettracker.cli.data"]
    assert (
        "tickettracker.cli.main" in edges["tickettracker.cli"]
    )  # a package's __init__ importing a submodule


def _builds_a_service(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    return name.endswith("Service") or name == "Services"


def test_the_ui_never_builds_a_service() -> None:
    builders = {
        str(p.relative_to(PKG))
        for p in files("ui")
        if any(_builds_a_service(n) for n in ast.walk(ast.parse(p.read_text())))
    }
    assert builders == set()


def test_services_use_only_public_attributes_of_other_objects() -> None:
    """``self._x`` is a service's own business; ``other._x`` reaches into another object's private parts."""
    offenders = []
    for path in files("services"):
        for node in ast.walk(ast.parse(path.read_text())):
            private = (
                node.attr.startswith("_") and not node.attr.startswith("__")
                if isinstance(node, ast.Attribute)
                else False
            )
            if private and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
                offenders.append(f"{path.relative_to(PKG)}:{node.lineno}: {ast.unparse(node)}")
    assert offenders == []

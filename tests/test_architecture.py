"""The import direction holds: domain is pure, store knows no UI, services know no UI, UI never opens sessions."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "tickettracker"

WEB = {"nicegui", "fastapi", "starlette"}
RULES = {
    "domain": {
        *WEB,
        "sqlalchemy",
        "sqlmodel",
        "tickettracker.store",
        "tickettracker.services",
        "tickettracker.ui",
        "tickettracker.cli",
        "tickettracker.app",
    },
    "store": {*WEB, "tickettracker.services", "tickettracker.ui", "tickettracker.cli", "tickettracker.app"},
    # Services (the data commands included) work on the data folder without the UI: they run while the app
    # runs, or without it.
    "services": {*WEB, "tickettracker.ui", "tickettracker.cli", "tickettracker.app"},
    "ui": {"sqlalchemy", "sqlmodel", "tickettracker.store", "tickettracker.cli", "tickettracker.app"},
}


def imports(path: Path) -> set[str]:
    names: set[str] = set()
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

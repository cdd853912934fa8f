"""The import graph of ``tickettracker/``, read from the source with ``ast`` (nothing is imported).

Every ``import`` statement counts wherever it stands: module level, inside a function, or under
``if TYPE_CHECKING:``. ``from pkg import name`` is an edge to the module ``pkg.name`` when there is one, else to
``pkg`` (whose ``__init__`` defines the name); a package's ``__init__`` that imports its submodules has edges to them. The parents a module implicitly loads are
not edges (``import a.b`` is an edge to ``a.b`` only), so a submodule importing from its own package's ``__init__``
is a cycle only when that ``__init__`` imports it back.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "tickettracker"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PKG.rglob("*.py"))}


def _resolve(mod: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = mod.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


@cache
def graph() -> dict[str, frozenset[str]]:
    """Module → the tickettracker modules it imports."""
    mods = modules()
    edges: dict[str, set[str]] = {m: set() for m in mods}
    for mod, path in mods.items():
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(mod, is_package, node)
                subs = [f"{base}.{a.name}" for a in node.names]
                # ``from pkg import sub`` loads the submodule; any other name is read from ``pkg`` itself.
                targets = [s if s in mods else base for s in subs]
            edges[mod] |= {t for t in targets if t in mods and t != mod}
    return {m: frozenset(t) for m, t in edges.items()}


def cycles(edges: Mapping[str, AbstractSet[str]]) -> list[list[str]]:
    """One cycle (as a closed path) per strongly connected component with more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []

    def visit(v: str) -> None:  # Tarjan's algorithm; the graph is small enough for recursion
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp: set[str] = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.add(w)
                if w == v:
                    break
            if len(comp) > 1:
                components.append(comp)

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return [_path_through(edges, comp) for comp in components]


def _path_through(edges: Mapping[str, AbstractSet[str]], comp: set[str]) -> list[str]:
    """A shortest cycle inside ``comp`` starting at its first module (breadth-first back to the start)."""
    start = min(comp)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(edges[v] & comp):
                if w == start:
                    return [*paths[v], start]
                if w not in paths:
                    paths[w] = [*paths[v], w]
                    nxt.append(w)
        frontier = nxt
    raise AssertionError(f"no cycle through {start}")

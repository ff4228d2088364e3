"""The package's layers run one way: the import graph of ``revitalize`` (module-level and lazy
imports inside functions alike, read with the standard library's :mod:`ast`) has no cycle
between its subpackages."""

from __future__ import annotations

import ast
from pathlib import Path

import revitalize

ROOT = Path(revitalize.__file__).parent


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("revitalize")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if mod.startswith("revitalize"):
                out.add(mod)
                out |= {f"{mod}.{a.name}" for a in node.names}
    return out


def _unit(module: str) -> str:
    """The layer a module belongs to: its first subpackage (``revitalize.model.table`` -> ``io``;
    ``revitalize.data.readers.nbs`` -> ``data``); top-level modules are their own unit."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in ROOT.rglob("*.py")}
    edges: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for imp in _imports(path):
            while imp and imp not in modules:
                imp = imp.rsplit(".", 1)[0] if "." in imp else ""
            # a module's own package (an ancestor) is imported with it anyway: not an edge
            if imp and imp != name and not name.startswith(imp + "."):
                targets.add(imp)
        edges[name] = targets
    return edges


def unit_graph() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for src, targets in graph().items():
        u = _unit(src)
        out.setdefault(u, set())
        out[u] |= {_unit(t) for t in targets if _unit(t) != u}
    return out


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    import sys

    sys.setrecursionlimit(10_000)
    for v in list(edges):
        if v not in index:
            visit(v)
    return out


def test_no_cycle_between_modules():
    assert cycles(graph()) == []


def test_no_cycle_between_layers():
    assert cycles(unit_graph()) == []

"""No import cycles inside gover: the layering in docs/DESIGN.md, checked on every run.

The graph comes from the source, not from importing it: every ``import gover.x`` and
``from gover.x import y`` counts, at module level or inside a function (a lazy
import still ties the two modules together).  Imports under ``if TYPE_CHECKING:``
do not count: they never run, and they are how annotations name a type from a
module that may not import this one back.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"


def module_name(path: Path, src: Path = SRC) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
        (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST, package: str) -> list[tuple[str, list[str]]]:
    """(module, names imported from it) for every runtime import in ``tree``."""
    found: list[tuple[str, list[str]]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((a.name, []) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against this module's package
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.append((base, [a.name for a in node.names]))
        for child in ast.iter_child_nodes(node):
            # imports are statements: expressions (most of a tree) never hold one
            if isinstance(child, (ast.stmt, ast.excepthandler, ast.match_case)):
                visit(child)

    visit(tree)
    return found


def import_graph(src: Path = SRC) -> dict[str, set[str]]:
    files = {module_name(p, src): p for p in sorted((src / "gover").rglob("*.py"))}
    graph: dict[str, set[str]] = {m: set() for m in files}
    for mod, path in files.items():
        package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        for target, names in _imports(ast.parse(path.read_text(), str(path)), package):
            if target != "gover" and not target.startswith("gover."):
                continue
            # `from gover.cli import check` imports the module gover.cli.check
            subs = [f"{target}.{n}" for n in names if f"{target}.{n}" in files]
            for dep in subs or ([target] if target in files else []):
                if dep != mod:
                    graph[mod].add(dep)
            if subs and len(subs) < len(names) and target in files and target != mod:
                graph[mod].add(target)
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected component with more than one module (Tarjan), each as
    one concrete cycle through it, so the failure shows which imports to cut."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                components.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return [_one_cycle(graph, set(c), c[0]) for c in components]


def _one_cycle(graph: dict[str, set[str]], comp: set[str], start: str) -> list[str]:
    """A shortest path start → … → start inside the component (breadth first)."""
    prev: dict[str, str] = {}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(graph[v] & comp):
            if w == start:
                path = [v]
                while path[-1] != start:
                    path.append(prev[path[-1]])
                return [*reversed(path), start]
            if w not in prev:
                prev[w] = v
                queue.append(w)
    raise AssertionError(f"{start} is in a cycle but no path returns to it")


def test_gover_has_no_import_cycles() -> None:
    graph = import_graph()
    assert "gover.cli.main" in graph and graph["gover.cli.main"], "the graph reads no imports"
    cycles = find_cycles(graph)
    assert not cycles, "import cycles:\n" + "\n".join("  " + " -> ".join(c) for c in cycles)


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        p = root / "gover" / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return root


def test_a_function_level_import_closes_a_cycle(tmp_path: Path) -> None:
    src = _write(tmp_path, {
        "__init__.py": "", "a.py": "from gover.b import x\n",
        "b.py": "def x():\n    from gover import a\n    return a\n",
        "c.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from gover.a import y\n",
    })
    graph = import_graph(src)
    assert graph["gover.b"] == {"gover.a"} and graph["gover.c"] == set()
    assert find_cycles(graph) == [["gover.a", "gover.b", "gover.a"]]


@pytest.mark.parametrize("stmt", ["import gover.pkg.m", "from gover.pkg import m", "from .pkg import m"])
def test_import_forms_name_the_submodule(tmp_path: Path, stmt: str) -> None:
    src = _write(tmp_path, {"__init__.py": "", "pkg/__init__.py": "", "pkg/m.py": "", "top.py": stmt})
    assert import_graph(src)["gover.top"] == {"gover.pkg.m"}

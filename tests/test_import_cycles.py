"""No import cycle in the package, counting every import: top-level, lazy (inside functions) and
type-only (under ``if TYPE_CHECKING:``).

Read from the syntax tree, so an import that only runs on some path is counted as well;
import-linter's layers contract catches a cycle across layers, this one catches a cycle inside one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "inspector"

# Scanned for cycles: the whole package (core, front ends, the capture plugin, test factories).
SCOPES = ("inspector",)


def module_files(package: Path) -> dict[str, Path]:
    """Every module of the package by its dotted name (a package by its own name)."""
    out: dict[str, Path] = {}
    for path in package.rglob("*.py"):
        parts = path.relative_to(package.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def imported_names(name: str, path: Path) -> set[str]:
    """Every dotted name ``path`` imports, wherever the import stands (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    is_package = path.name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = name.split(".")
                keep = len(parts) - node.level + (1 if is_package else 0)
                base = ".".join(parts[:keep] + ([base] if base else []))
            out.add(base)
            out.update(f"{base}.{a.name}" for a in node.names)  # `from pkg import module`
    return out


def import_graph(files: dict[str, Path]) -> dict[str, set[str]]:
    """Module → the package's modules it imports (a name resolves to its longest known module)."""
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        deps: set[str] = set()
        for target in imported_names(name, path):
            while target and target not in files:
                target = target.rpartition(".")[0]
            # importing a package's own parent is how Python loads it, not an edge of the graph
            if target and target != name and not name.startswith(target + "."):
                deps.add(target)
        graph[name] = deps
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            v, children = work[-1]
            for w in children:
                if w not in graph:
                    continue
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(graph[w]))))
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    group = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        group.append(w)
                        if w == v:
                            break
                    if len(group) > 1:
                        found.append(sorted(group))
    return found


def _in_scope(name: str) -> bool:
    return any(name == s or name.startswith(s + ".") for s in SCOPES)


def test_no_import_cycle_counting_lazy_and_type_only_imports() -> None:
    graph = import_graph(module_files(PACKAGE))
    scoped = {m: {d for d in deps if _in_scope(d)} for m, deps in graph.items() if _in_scope(m)}
    found = cycles(scoped)
    assert found == [], "import cycles:\n" + "\n".join(
        " <-> ".join(group) + "\n  " + "\n  ".join(f"{m} -> {sorted(d for d in scoped[m] if d in group)}" for m in group)
        for group in found
    )


def _write_package(root: Path, modules: dict[str, str]) -> dict[str, Path]:
    for rel, text in modules.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return module_files(root / "pkg")


@pytest.mark.parametrize(
    "b_imports_a",
    [
        "from pkg.a import x\n",  # top level
        "def f():\n    from pkg import a\n    return a\n",  # lazy, as `from package import module`
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import x\n",  # type-only, relative
    ],
)
def test_the_walker_sees_lazy_and_type_only_imports(tmp_path: Path, b_imports_a: str) -> None:
    files = _write_package(
        tmp_path, {"pkg/__init__.py": "", "pkg/a.py": "from pkg.b import y\nx = 1\n", "pkg/b.py": b_imports_a + "y = 2\n"}
    )
    assert cycles(import_graph(files)) == [["pkg.a", "pkg.b"]]


def test_the_walker_finds_no_cycle_in_a_chain(tmp_path: Path) -> None:
    files = _write_package(
        tmp_path,
        {"pkg/__init__.py": "", "pkg/a.py": "from pkg.b import y\n", "pkg/b.py": "import pkg.c\ny = 1\n", "pkg/c.py": ""},
    )
    assert cycles(import_graph(files)) == []

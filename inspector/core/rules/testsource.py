"""Which tests a test file defines, read from its syntax tree (never by running pytest).

Used by ``check`` for ``orphan-test``: a recording whose test id names a function
that no longer exists in its test file will never be replayed again.  Reading the
tree answers that in milliseconds and without importing the test suite.

The answer is conservative: a class with a base class defined elsewhere (it may
inherit tests), a module with ``from x import *``, or a file that does not parse
give "cannot tell" (``None``) rather than a false alarm.
"""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass, field
from pathlib import Path

from inspector.core.rules.nodeid import NodeId, parse_node_id

__all__ = ["NodeId", "TestSource", "parse_node_id", "read_test_source", "TestSourceCache"]


@dataclass(slots=True)
class _Class:
    names: set[str] = field(default_factory=set)
    classes: dict[str, _Class] = field(default_factory=dict)
    bases: list[str] = field(default_factory=list)
    open: bool = False  # may inherit names we cannot see


@dataclass(slots=True)
class TestSource:
    """The tests a file defines; ``error`` when the file is missing or does not parse."""

    __test__ = False  # not a pytest test class, despite the name
    path: Path
    error: str | None = None
    missing: bool = False
    star_import: bool = False
    _module: _Class = field(default_factory=_Class)

    def has(self, names: tuple[str, ...]) -> bool | None:
        """Whether ``Class::…::function`` exists: True, False, or None (cannot tell)."""
        if self.missing:
            return False
        if self.error:
            return None
        scope = self._module
        for i, name in enumerate(names):
            last = i == len(names) - 1
            if last:
                if name in scope.names or name in scope.classes:
                    return True
                return None if (scope.open or (scope is self._module and self.star_import)) else False
            if name in scope.classes:
                scope = scope.classes[name]
            elif name in scope.names or (scope is self._module and self.star_import) or scope.open:
                return None  # assigned or imported, e.g. `TestX = make_suite()`
            else:
                return False
        return True


def _collect(body: list[ast.stmt], scope: _Class, module: TestSource) -> None:
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            scope.names.add(node.name)
        elif isinstance(node, ast.ClassDef):
            inner = _Class(bases=[_base_name(b) for b in node.bases])
            _collect(node.body, inner, module)
            scope.classes[node.name] = inner
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                for n in ast.walk(t):
                    if isinstance(n, ast.Name):
                        scope.names.add(n.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name == "*":
                    module.star_import = True
                else:
                    scope.names.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, (ast.If, ast.Try, ast.With, ast.AsyncWith, ast.For, ast.While)):
            # Tests defined conditionally still exist as far as we can tell.
            for child in ("body", "orelse", "finalbody"):
                _collect(getattr(node, child, []) or [], scope, module)
            for handler in getattr(node, "handlers", []) or []:
                _collect(handler.body, scope, module)


def _base_name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return ast.unparse(node)
    return "?"


def _resolve_bases(module: _Class) -> None:
    """Merge names inherited from base classes defined in the same file; others make a class open."""

    def resolve(cls: _Class, depth: int = 0) -> None:
        for base in cls.bases:
            if base == "object":
                continue
            parent = module.classes.get(base)
            if parent is None or depth > 20:
                cls.open = True
                continue
            resolve(parent, depth + 1)
            cls.names |= parent.names
            for k, v in parent.classes.items():
                cls.classes.setdefault(k, v)
            cls.open = cls.open or parent.open
        for inner in cls.classes.values():
            resolve(inner, depth + 1)

    for cls in module.classes.values():
        resolve(cls)


def read_test_source(path: str | os.PathLike[str]) -> TestSource:
    """Read the tests a file defines (never raises)."""
    p = Path(path)
    src = TestSource(p)
    try:
        text = p.read_bytes()
    except FileNotFoundError:
        src.missing = True
        return src
    except OSError as exc:
        src.error = f"cannot read {p.name}: {exc.strerror or exc}"
        return src
    try:
        tree = ast.parse(text, filename=str(p))
    except (SyntaxError, ValueError, RecursionError) as exc:
        src.error = f"{p.name} does not parse: {exc}"
        return src
    _collect(tree.body, src._module, src)
    _resolve_bases(src._module)
    return src


class TestSourceCache:
    """Reads each test file once while a whole folder of recordings is checked."""

    __test__ = False

    def __init__(self) -> None:
        self._files: dict[Path, TestSource] = {}

    def get(self, path: Path) -> TestSource:
        key = Path(os.path.abspath(path))
        if key not in self._files:
            self._files[key] = read_test_source(key)
        return self._files[key]

    def test_exists(self, root: Path, node_id: str) -> tuple[bool | None, str]:
        """Whether the test of ``node_id`` still exists under ``root``, and why not."""
        nid = parse_node_id(node_id)
        if nid is None:
            return None, "not a pytest node id"
        src = self.get(root / nid.file)
        if src.missing:
            return False, f"{nid.file} no longer exists"
        found = src.has(nid.names)
        if found is False:
            return False, f"{nid.file} has no {nid.qualname}"
        if found is None:
            return None, src.error or "cannot tell from the source"
        return True, ""

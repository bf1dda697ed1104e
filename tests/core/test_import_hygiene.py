"""The core must work without Textual: the app is only one of its users."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import inspector.core

REPO = Path(__file__).resolve().parents[2]


def test_core_imports_without_textual() -> None:
    modules = [m.name for m in pkgutil.walk_packages(inspector.core.__path__, "inspector.core.")]
    assert len(modules) >= 8
    code = (
        "import sys, importlib\n"
        f"mods = {modules!r}\n"
        "for m in mods: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.') or m == 'rich' or m.startswith('rich.'))\n"
        "print(','.join(bad))\n"
        "sys.exit(1 if bad else 0)\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0, f"core pulled in UI modules: {res.stdout} {res.stderr}"


def test_core_is_blocked_from_textual_even_if_installed() -> None:
    """With textual made unimportable, the whole core (and the CLI's show/ls) still works."""
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'textual' or name.startswith('textual.'): raise ImportError('blocked')\n"
        "sys.meta_path.insert(0, Block())\n"
        "import inspector.core as c\n"
        "from inspector.cli.main import main\n"
        "print('ok')\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0 and "ok" in res.stdout, res.stderr


def _imports_of(path: Path) -> list[str]:
    """Every module ``path`` imports, relative imports resolved against its package."""
    package = ".".join(path.relative_to(REPO).with_suffix("").parts[:-1])
    if path.name == "__init__.py":
        package = ".".join(path.relative_to(REPO).parts[:-1])
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found += [base] + [f"{base}.{a.name}" for a in node.names]
    return found


def test_the_core_never_imports_the_test_factories() -> None:
    """Test data lives in inspector.testing; reading recordings must not depend on it.

    Read from the syntax tree, so an import hidden inside a function counts too.
    """
    offenders = {
        str(p.relative_to(REPO)): m
        for p in sorted((REPO / "inspector" / "core").rglob("*.py"))
        for m in _imports_of(p)
        if m == "inspector.testing" or m.startswith("inspector.testing.")
    }
    assert offenders == {}


def test_the_import_reader_resolves_relative_imports() -> None:
    """The check above would pass vacuously if relative imports were missed."""
    found = set(_imports_of(REPO / "inspector" / "core" / "edit" / "session.py"))
    assert {"inspector.core.rules.profiles", "inspector.core.base.writer", "inspector.core.edit.history"} <= found

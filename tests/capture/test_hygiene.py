"""The capture package stays small: no Textual, no rich, no other front end, none of the core."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import inspector.capture

FORBIDDEN = ("textual", "rich", "inspector.core", "inspector.cli", "inspector.ui", "inspector.notebook", "inspector.render", "ogx", "llama_stack")


def _imported_after(code: str) -> list[str]:
    probe = code + "\nimport sys\nprint('\\n'.join(sorted(sys.modules)))\n"
    res = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    return res.stdout.split()


def _bad(modules: list[str]) -> list[str]:
    return [m for m in modules if any(m == f or m.startswith(f + ".") for f in FORBIDDEN)]


def test_every_capture_module_imports_without_ui_core_or_recorder() -> None:
    names = [m.name for m in pkgutil.iter_modules(inspector.capture.__path__, "inspector.capture.")]
    assert len(names) >= 8
    assert _bad(_imported_after("\n".join(f"import {n}" for n in names))) == []


def test_loading_the_plugin_imports_next_to_nothing() -> None:
    modules = _imported_after("import inspector.capture.pytest_plugin")
    ours = sorted(m for m in modules if m.startswith("inspector"))
    assert ours == ["inspector", "inspector._version", "inspector.capture", "inspector.capture.pytest_plugin", "inspector.capture.settings"]

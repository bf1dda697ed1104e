"""The core must work without Textual: the app is only one of its users."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import inspector.core


def test_core_imports_without_textual() -> None:
    modules = [m.name for m in pkgutil.iter_modules(inspector.core.__path__, "inspector.core.")]
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

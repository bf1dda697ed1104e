"""The layer contracts of pyproject.toml's ``[tool.importlinter]`` hold, and would catch a break.

core ← render (rich only) ← cli / ui / notebook, and capture (the pytest plugin); front ends
never import each other; the core and the app each in layers (the core: base ← rules | streams
← recording ← index | edit ← export | history | checks ← heal; the app: app → main → screens →
widgets → state, the state without Textual).  ``lint-imports`` reads the imports statically
(also those inside functions).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("importlinter")

REPO = Path(__file__).resolve().parents[1]


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    # A subprocess with the folder first on sys.path: the contracts are checked on that copy's code.
    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(root)!r})\n"
        "from importlinter.cli import lint_imports\n"
        f"sys.exit(lint_imports(config_filename={str(root / 'pyproject.toml')!r}, no_cache=True, no_logo=True))\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, timeout=120)


def test_every_layer_contract_is_kept() -> None:
    res = _lint(REPO)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "0 broken" in res.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("core/index/query.py", "from ..ui import app as _app\n", "the core imports no front end"),
        ("ui/widgets/footer.py", "from ...cli import paths as _paths\n", "the app does not import the command line"),
        ("ui/widgets/footer.py", "from ..screens import help as _help\n", "widgets do not import screens"),
        ("render/paths.py", "import textual as _textual\n", "the render layer is rich only"),
        ("notebook/html.py", "from ..cli import paths as _paths\n", "the notebook imports neither"),
        # The app in layers (app → main → screens → widgets → state), type-only and lazy imports included.
        ("ui/screens/compare.py", "from ..app import InspectorApp as _App\n", "the app in layers"),
        (
            "ui/screens/editors/editing_screen.py",
            "from typing import TYPE_CHECKING as _TC\nif _TC:\n    from ...app import InspectorApp as _App\n",
            "the app in layers",
        ),
        ("ui/main/edit_commands.py", "def _later():\n    from ..app import InspectorApp as _App\n", "the app in layers"),
        ("ui/screens/help.py", "def _later():\n    from ..main.changes import watch_of as _w\n", "the app in layers"),
        ("ui/state/problem_filter.py", "def _later():\n    from ..main import changes as _changes\n", "the app in layers"),
        ("ui/widgets/footer.py", "from ..main import screen as _screen\n", "the app in layers"),
        ("ui/state/labels.py", "def _later():\n    from textual.widget import Widget as _W\n", "the app's state imports no Textual"),
        ("capture/report.py", "from ..cli import paths as _paths\n", "the capture plugin imports no other front end"),
        ("capture/session.py", "import rich as _rich\n", "the capture plugin imports no other front end"),
        ("cli/paths.py", "from ..capture import settings as _settings\n", "no other front end imports the capture plugin"),
    ],
)
def test_a_forbidden_import_breaks_its_contract(tmp_path: Path, module: str, line: str, contract: str) -> None:
    shutil.copytree(REPO / "inspector", tmp_path / "inspector", ignore=shutil.ignore_patterns("samples", "__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "inspector" / module
    target.write_text(target.read_text() + "\n" + line)
    res = _lint(tmp_path)
    assert res.returncode == 1, res.stdout + res.stderr
    broken = [ln for ln in res.stdout.splitlines() if ln.endswith(" BROKEN")]
    # Others may break too (the notebook reaches the app through a core that imports it).
    assert [b for b in broken if b.startswith(contract)], res.stdout


@pytest.mark.parametrize(
    ("module", "line"),
    [
        # a lower layer importing a higher one, at the top of the module
        ("core/rules/layout.py", "from ..index import summary as _summary\n"),
        # the same inside a function: a lazy import counts (no cycle can hide behind one again)
        ("core/base/writer.py", "def _late():\n    from ..recording import loading\n    return loading\n"),
        # siblings of one layer never import each other
        ("core/streams/sse.py", "def _late():\n    from ..rules import hashing\n    return hashing\n"),
        ("core/checks/locate.py", "from ..history import git as _git\n"),
    ],
)
def test_an_upward_import_breaks_the_core_in_layers(tmp_path: Path, module: str, line: str) -> None:
    shutil.copytree(REPO / "inspector", tmp_path / "inspector", ignore=shutil.ignore_patterns("samples", "__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "inspector" / module
    target.write_text(target.read_text() + "\n" + line)
    res = _lint(tmp_path)
    assert res.returncode == 1, res.stdout + res.stderr
    broken = [ln for ln in res.stdout.splitlines() if ln.endswith(" BROKEN")]
    assert broken == ["the core in layers BROKEN"], res.stdout

"""The post-import hook: the recorder is watched whenever it is imported, and importing never fails for it."""

from __future__ import annotations

import importlib.machinery
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from inspector.capture import import_hook


@pytest.fixture
def pkg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A package ``late_pkg`` with a module ``late_pkg.rec``, importable, not imported."""
    root = tmp_path / "late_pkg"
    root.mkdir()
    (root / "__init__.py").write_text("")
    (root / "rec.py").write_text("VALUE = 1\n")
    (root / "other.py").write_text("VALUE = 2\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield root
    for name in [n for n in sys.modules if n.startswith("late_pkg")]:
        del sys.modules[name]


@pytest.fixture
def hooks() -> Iterator[list[import_hook.PostImportHook]]:
    made: list[import_hook.PostImportHook] = []
    yield made
    for hook in made:
        sys.meta_path.remove(hook)


def test_a_module_imported_later_is_handed_over_once_after_it_ran(pkg: Path, hooks: list[import_hook.PostImportHook]) -> None:
    seen: list[tuple[str, int]] = []
    hooks.append(import_hook.install(["late_pkg.rec"], lambda m: seen.append((m.__name__, m.VALUE))))
    assert seen == []
    import late_pkg.other  # noqa: F401 - not watched
    import late_pkg.rec

    assert seen == [("late_pkg.rec", 1)]
    # The module keeps the loader its finder made (tools check its type).
    assert type(late_pkg.rec.__loader__) is importlib.machinery.SourceFileLoader
    assert "exec_module" not in vars(late_pkg.rec.__loader__)


def test_a_module_already_imported_is_handed_over_at_once(pkg: Path, hooks: list[import_hook.PostImportHook]) -> None:
    import late_pkg.rec

    seen: list[ModuleType] = []
    hooks.append(import_hook.install(["late_pkg.rec"], seen.append))
    assert seen == [late_pkg.rec]


def test_a_failing_callback_never_fails_the_import(pkg: Path, hooks: list[import_hook.PostImportHook]) -> None:
    def boom(module: ModuleType) -> None:
        raise RuntimeError("boom")

    hooks.append(import_hook.install(["late_pkg.rec"], boom))
    import late_pkg.rec

    assert late_pkg.rec.VALUE == 1


def test_a_missing_module_is_still_missing(hooks: list[import_hook.PostImportHook]) -> None:
    hooks.append(import_hook.install(["no_such_pkg_xyz.rec"], lambda m: None))
    with pytest.raises(ModuleNotFoundError):
        import no_such_pkg_xyz.rec  # noqa: F401

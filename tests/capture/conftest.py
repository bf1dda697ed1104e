"""Fixtures for the capture plugin's tests: a clean environment, the fake recorder, the real one."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from inspector.capture.settings import ENV_VAR

from . import realproject
from .fakerec import write_fake_ogx


@pytest.fixture(autouse=True)
def _capture_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts with capture off, even when the suite itself runs with it on."""
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.delenv("PYTEST_ADDOPTS", raising=False)


@pytest.fixture
def fake_ogx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """The fake recorder imported in this process (and forgotten afterwards)."""
    write_fake_ogx(tmp_path / "pkgs")
    monkeypatch.syspath_prepend(str(tmp_path / "pkgs"))
    _forget_ogx()
    import ogx.testing.api_recorder as module

    yield module
    _forget_ogx()


def _forget_ogx() -> None:
    for name in [n for n in sys.modules if n == "ogx" or n.startswith("ogx.")]:
        del sys.modules[name]


@pytest.fixture(scope="session")
def ogx_interpreter() -> realproject.Interpreter:
    """The Python with the real recorder (``RECORDING_INSPECTOR_OGX_PYTHON``).

    Missing or unusable: the test skips, except under CI (``CI`` set), where it fails.
    """
    interp, why = realproject.find_interpreter()
    if interp is None:
        if os.environ.get("CI"):
            pytest.fail(f"real-recorder tests cannot run under CI: {why}")
        pytest.skip(why)
    return interp

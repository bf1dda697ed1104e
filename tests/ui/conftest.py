"""Fixtures for the app's tests: a crafted repository and an app factory in instant mode."""

from __future__ import annotations

from pathlib import Path

import pytest

from .crafted import make_repo


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """A crafted repository under ./repo (relative paths keep what the screen shows stable)."""
    monkeypatch.chdir(tmp_path)
    files = make_repo(Path("repo"))
    return files

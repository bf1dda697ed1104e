"""Fixtures for the doctor's tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """An empty repository root with the recorder's folder layout."""
    (tmp_path / "tests" / "integration" / "common" / "recordings").mkdir(parents=True)
    return tmp_path

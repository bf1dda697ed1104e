"""A throwaway repository holding copies of real recordings, in their real layout."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CORPUS


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """An empty repository root (with ``tests/integration``) in a temporary folder."""
    root = tmp_path / "repo"
    (root / "tests" / "integration").mkdir(parents=True)
    (root / ".git").mkdir()
    return root


@pytest.fixture
def real_copy(repo: Path) -> Callable[[str], Path]:
    """Copy the corpus recording whose name starts with a prefix into ``repo``, same relative path."""

    def copy(prefix: str) -> Path:
        if not CORPUS.is_dir():
            pytest.skip("../shared/corpus is not present")
        for src in sorted(CORPUS.rglob(f"{prefix}*.json")):
            rel = src.relative_to(CORPUS)
            rel = Path(*rel.parts[1:])  # drop the snapshot folder (llama-stack-2026-05/)
            dst = repo / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
            return dst
        pytest.skip(f"no corpus file starts with {prefix}")

    return copy

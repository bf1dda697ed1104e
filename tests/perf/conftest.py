"""Fixtures for the cache, parallel-indexing and generator tests: small synthetic corpora."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from inspector.testing.factories import generate

#: An mtime well in the past: the cache does not keep files changed in the last seconds.
OLD = 1_600_000_000


def age(root: Path, when: int = OLD) -> None:
    """Set every recording's mtime to ``when`` (as after a checkout made a while ago)."""
    for f in root.rglob("*.json"):
        os.utime(f, (when, when))


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "cache"
    monkeypatch.setenv("RECORDING_INSPECTOR_CACHE_DIR", str(d))
    return d


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """40 synthetic recordings of every kind, aged so the cache may keep them."""
    root = tmp_path / "repo"
    generate(root, 40, seed=7)
    age(root)
    return root

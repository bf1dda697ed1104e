"""Shared fixtures: where the shipped samples and the optional ../shared data live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("INSPECTOR_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus"
SEEDS = SHARED / "seeds"
SAMPLES = REPO / "inspector" / "samples"


def corpus_files() -> list[Path]:
    """Every JSON file of ../shared/corpus and ../shared/seeds (empty when absent)."""
    files: list[Path] = []
    if CORPUS.is_dir():
        files += sorted(CORPUS.rglob("*.json"))
    if SEEDS.is_dir():
        files += sorted(SEEDS.glob("*.json"))
    return files


@pytest.fixture
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    return SEEDS


@pytest.fixture
def samples_dir() -> Path:
    return SAMPLES


def needs_shared(path: Path) -> Path:
    """Skip the calling test when ``path`` (under ../shared) is absent."""
    if not path.exists():
        pytest.skip(f"{path} is not present")
    return path

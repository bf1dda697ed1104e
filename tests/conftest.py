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


@pytest.fixture(autouse=True, scope="session")
def _private_index_cache(tmp_path_factory: pytest.TempPathFactory):
    """Point the index cache at a temporary folder: tests never touch the user's cache."""
    old = os.environ.get("RECORDING_INSPECTOR_CACHE_DIR")
    os.environ["RECORDING_INSPECTOR_CACHE_DIR"] = str(tmp_path_factory.mktemp("index-cache"))
    yield
    if old is None:
        os.environ.pop("RECORDING_INSPECTOR_CACHE_DIR", None)
    else:
        os.environ["RECORDING_INSPECTOR_CACHE_DIR"] = old


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

"""Shared fixtures: where the shipped samples and the optional ../shared data live."""

from __future__ import annotations

import os
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Source:
    """Where real-shaped recordings come from: the shipped samples or ../shared/corpus.

    ``root`` is the folder holding ``tests/`` (what a user opens); ``file(role)`` is the
    recording that plays ``role`` there (a test skips when this source has none).
    """

    name: str
    root: Path
    roles: dict[str, str]

    def file(self, role: str) -> Path:
        prefix = self.roles.get(role)
        if prefix is None:
            pytest.skip(f"the {self.name} hold no recording of role {role!r}")
        return next(self.root.rglob(f"{prefix}*.json"))

    def files(self) -> list[Path]:
        return sorted(self.root.rglob("*.json"))


#: Role → file-name prefix, per source. Roles: a streamed chat to api.openai.com with tools;
#: a chat stream answering in text; a chat whose conversation holds an assistant's tool calls and their results; a tool invocation; a google genai stream; a model list whose name
#: only the May 2026 rules explain; a file whose name no rule explains (edited after recording).
ROLES = {
    "samples": {
        "tool-stream": "8bc14bf72ba3",
        "tool-conversation": "81c8a43efdc2",
        "text-stream": "d85d86251ffb",
        "mismatch": "4b22b9136bbc",
        "tool": "3b8fc7e5b535",
        "genai-stream": "216a08e64207",
        "models-2026-05": "models-99bdc90d8210",
    },
    "corpus": {
        "tool-stream": "042cf899bac1fa37",
        "tool-conversation": "042cf899bac1fa37",
        "text-stream": "042cf899bac1fa37",
        "mismatch": "732ba804b679",
        "tool": "0f1241e957d1016b",
        "genai-stream": "03388136b0886eac",
        "models-2026-05": "models-3a641f25",
    },
}


@pytest.fixture(params=["samples", "corpus"])
def source(request: pytest.FixtureRequest) -> Source:
    """Run a test on the shipped samples and, when present, on the real corpus."""
    if request.param == "samples":
        return Source("samples", SAMPLES, ROLES["samples"])
    root = CORPUS / "llama-stack-2026-05"
    if not root.is_dir():
        pytest.skip("../shared/corpus is not present")
    return Source("corpus", root, ROLES["corpus"])

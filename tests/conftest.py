"""Shared fixtures: where the shipped samples and the optional ../shared data live."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from inspector.testing.factories import generate

# tests/capture runs whole pytest sessions against its plugin (only allowed in the top conftest).
pytest_plugins = ["pytester"]

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


# --- a throwaway repository (core, edit and command-line tests) -----------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """An empty repository root in a temporary folder: ``.git``, ``tests/integration`` and the
    recorder's shared ``common/recordings`` folder (the app's tests have their own ``repo``)."""
    root = tmp_path / "repo"
    (root / "tests" / "integration" / "common" / "recordings").mkdir(parents=True)
    (root / ".git").mkdir()
    return root


_TI = "tests/integration"
#: Corpus recording (by name prefix) → the shipped sample of the same family.
TWINS = {
    # a streamed chat whose ids are rec-<first 12 of its hash>
    "042cf899bac1": f"{_TI}/inference/recordings/d85d86251ffb782c9c6f84ead1f74d211e2ee16f1363a3cd2ac5bb469a8926ac.json",
    # another streamed chat (tool calls)
    "e5e339f30578": f"{_TI}/inference/recordings/8bc14bf72ba3dbb8f803e4066b3a93128abe3b103a2721e733d875ab26953c9d.json",
    # a model list named by the newest rules
    "models-a495ae010d48": f"{_TI}/common/recordings/models-2feca06838c416e98f26b8a0d9e38afab95fa843a25f3fa1515d179cd1fa8429-a073edf8.json",
    # a model list named by the May 2026 rules
    "models-3a641f25d656": f"{_TI}/inference/recordings/models-99bdc90d8210695ae3e1112886fb9a237ee0ce20bdb2d0692962d4181a8a7fbe-4aaaf761.json",
}


def _copy(src: Path, rel: Path, repo: Path) -> Path:
    dst = repo / rel
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dst)
    return dst


@pytest.fixture(params=["samples", "corpus"])
def real_copy(request: pytest.FixtureRequest, repo: Path) -> Callable[[str], Path]:
    """Copy a recording into ``repo`` at its relative path: the corpus file whose name starts
    with a prefix, or (the ``samples`` run) the shipped sample of the same family.

    Each test using it runs twice: on the shipped sample (always) and on the corpus file
    itself (skipped when ../shared is absent)."""

    def copy(prefix: str) -> Path:
        if request.param == "samples":
            return _copy(SAMPLES / TWINS[prefix], Path(TWINS[prefix]), repo)
        if not CORPUS.is_dir():
            pytest.skip("../shared/corpus is not present")
        for src in sorted(CORPUS.rglob(f"{prefix}*.json")):
            rel = src.relative_to(CORPUS)
            return _copy(src, Path(*rel.parts[1:]), repo)  # drop the snapshot folder (llama-stack-2026-05/)
        pytest.skip(f"no corpus file starts with {prefix}")

    return copy


# --- small synthetic corpora (cache, parallel indexing, the ``ls`` table) -------------------------

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

"""A throwaway repository holding copies of real recordings, in their real layout.

Each test that copies a corpus recording runs twice: on the shipped sample of the same
family (always) and on the corpus file itself (skipped when ../shared is absent).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CORPUS, SAMPLES

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


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """An empty repository root (with ``tests/integration``) in a temporary folder."""
    root = tmp_path / "repo"
    (root / "tests" / "integration").mkdir(parents=True)
    (root / ".git").mkdir()
    return root


def _copy(src: Path, rel: Path, repo: Path) -> Path:
    dst = repo / rel
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dst)
    return dst


@pytest.fixture(params=["samples", "corpus"])
def real_copy(request: pytest.FixtureRequest, repo: Path) -> Callable[[str], Path]:
    """Copy a recording into ``repo`` at its relative path: the corpus file whose name starts
    with a prefix, or (the ``samples`` run) the shipped sample of the same family."""

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

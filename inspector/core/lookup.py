"""Where replay looks for a recording, and where a recording should therefore live.

The recorder stores a recording in ``<folder of the test file>/recordings/``,
taken from the test id (``tests/integration/inference/test_x.py::test_y`` →
``tests/integration/inference/recordings/``), relative to the repository root;
calls made outside a test go to the common fallback
``tests/integration/common/recordings/``, which replay also searches.  A
model-list call is stored as ``models-<hash>-<digest8>.json`` and replay merges
every ``models-<hash>-*.json`` of both folders.  The 2025 layout kept everything
in ``recordings/responses/`` under 12-character names.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

__all__ = [
    "COMMON_RECORDINGS",
    "MODEL_LIST_ENDPOINTS",
    "ReplayLookup",
    "test_file_of",
    "recordings_dir_of",
    "repo_root_for",
    "is_model_list",
    "in_legacy_layout",
    "replay_lookup",
    "expected_dir",
]

#: The fallback folder replay searches after the test's own folder (repository-relative).
COMMON_RECORDINGS = PurePosixPath("tests/integration/common/recordings")

#: Request paths whose recordings are model lists (``models-<hash>-<digest>.json``).
MODEL_LIST_ENDPOINTS = frozenset({"/v1/models", "/info"})


def test_file_of(test_id: str | None) -> PurePosixPath | None:
    """The test file of a pytest node id (``a/test_b.py::C::d[x]`` → ``a/test_b.py``)."""
    if not test_id:
        return None
    head = test_id.split("::", 1)[0].strip()
    return PurePosixPath(head) if head else None


def recordings_dir_of(test_id: str | None) -> PurePosixPath:
    """Where the recorder stores a test's recordings, relative to the repository root."""
    test_file = test_file_of(test_id)
    if test_file is None:
        return COMMON_RECORDINGS
    return test_file.parent / "recordings"


def repo_root_for(path: Path, test_id: str | None = None, tests_root: Path | None = None) -> Path | None:
    """The repository root that test ids are relative to, for a file at ``path``.

    ``tests_root`` (given by the user) wins; it may be the root itself or the
    ``tests`` folder inside it.  Otherwise the nearest ancestor holding the test
    id's first folder (``tests`` for ``tests/…`` ids) is the root.  ``None`` when
    the file is not inside such a tree.
    """
    first = "tests"
    test_file = test_file_of(test_id)
    if test_file is not None and len(test_file.parts) > 1:
        first = test_file.parts[0]
    if tests_root is not None:
        root = Path(tests_root)
        if root.name == first and not (root / first).is_dir():
            return root.parent
        return root
    for parent in Path(os.path.abspath(path)).parents:
        if parent.name == first:
            return parent.parent
    return None


def is_model_list(endpoint_or_url: str | None) -> bool:
    """Whether a request endpoint (or URL) is a model-list call stored as ``models-…``."""
    if not endpoint_or_url:
        return False
    path = urlparse(endpoint_or_url).path if "://" in endpoint_or_url else endpoint_or_url
    return any(path == e or path.endswith(e) for e in MODEL_LIST_ENDPOINTS)


def in_legacy_layout(path: Path) -> bool:
    """True for files of the 2025 layout (``…/recordings/responses/…``, also ``recordings/vision/responses``)."""
    parts = Path(os.path.abspath(path)).parts
    if "responses" not in parts[:-1]:
        return False
    i = len(parts) - 2 - parts[:-1][::-1].index("responses")
    return "recordings" in parts[:i]


def expected_dir(root: Path, test_id: str | None) -> Path:
    """The folder the recorder writes a recording with ``test_id`` to."""
    return root / recordings_dir_of(test_id)


@dataclass(frozen=True, slots=True)
class ReplayLookup:
    """What replay searches for one request: folders in order, and the file name pattern."""

    root: Path
    test_id: str | None
    folders: tuple[Path, ...]
    file_name: str  # "<hash>.json" or "models-<hash>-*.json"
    model_list: bool

    def matches(self, name: str) -> bool:
        """Whether a file name is one replay would pick up for this request."""
        if self.model_list:
            prefix = self.file_name.split("*", 1)[0]
            return name.startswith(prefix) and name.endswith(".json")
        return name == self.file_name

    def searched(self, path: Path) -> bool:
        """Whether ``path`` sits in a folder replay searches and has a name it accepts."""
        folder = Path(os.path.abspath(path.parent))
        return self.matches(path.name) and any(folder == Path(os.path.abspath(f)) for f in self.folders)


def replay_lookup(root: Path, test_id: str | None, request_hash: str, *, model_list: bool = False) -> ReplayLookup:
    """The folders and file name replay uses for a request hash under ``root``."""
    folders: list[Path] = []
    if test_id:
        folders.append(root / recordings_dir_of(test_id))
    common = root / COMMON_RECORDINGS
    if common not in folders:
        folders.append(common)
    name = f"models-{request_hash}-*.json" if model_list else f"{request_hash}.json"
    return ReplayLookup(root, test_id, tuple(folders), name, model_list)

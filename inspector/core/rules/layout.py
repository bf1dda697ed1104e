"""The recorder's layout: which folder a recording belongs in, which root, where replay looks.

Every command that answers "which folder, which root" asks this module, so that
``check``'s hints, ``explain`` and the Doctor, ``rehash``, ``cp``/``mv`` and the
app's curating agree by construction (facts from ogx 1.5.0's
``ResponseStorage``; see RECORDING_FORMAT.md):

- a test id maps to ``<folder of its test file>/recordings/`` relative to the
  repository root (``tests/integration/inference/test_x.py::test_y`` →
  ``tests/integration/inference/recordings/``);
- a recording without a test id (session setup, server mode) belongs in the
  common fallback ``tests/integration/common/recordings/``, which replay searches
  after the test's own folder;
- a model list is stored as ``models-<hash>-<digest8>.json`` and replay merges
  every ``models-<hash>-*.json`` of both folders (so a shared model list, hashed
  without a test id, is read from any test's folder: :func:`read_beside_tests`);
- the 2025 layout kept everything in ``recordings/responses/`` under
  12-character names; only a profile whose layout is ``responses`` (2025-07)
  leaves files there.

Three roots, each with one function: :func:`repo_root` (what test ids are
relative to), :func:`git_top` and :func:`write_root` (what curating may write
inside: never the current folder when the paths are elsewhere).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlparse

# re-exported: the layout's callers long found them here
from inspector.core.rules.endpoints import MODEL_LIST_ENDPOINTS
from inspector.core.rules.nodeid import test_file_of
from inspector.core.rules.profiles import LAYOUT_PER_TEST, LAYOUT_RESPONSES, NEWEST, RuleSet

__all__ = [
    "COMMON_RECORDINGS",
    "MODEL_LIST_ENDPOINTS",
    "LAYOUT_PER_TEST",
    "LAYOUT_RESPONSES",
    "ReplayLookup",
    "test_file_of",
    "recordings_dir_of",
    "unsafe_reason",
    "safe_recordings_dir",
    "git_top",
    "repo_root",
    "write_root",
    "is_model_list",
    "names_model_list",
    "in_legacy_layout",
    "replay_lookup",
    "home",
    "accepted",
    "read_beside_tests",
    "file_name_for",
    "target_for",
]

#: The fallback folder replay searches after the test's own folder (repository-relative).
COMMON_RECORDINGS = PurePosixPath("tests/integration/common/recordings")



def recordings_dir_of(test_id: str | None) -> PurePosixPath:
    """Where the recorder keeps a test's recordings, relative to the repository root (as it computes it)."""
    test_file = test_file_of(test_id)
    if test_file is None:
        return COMMON_RECORDINGS
    return test_file.parent / "recordings"


def unsafe_reason(text: str, what: str = "path") -> str | None:
    """Why ``text`` is not a plain relative POSIX path (``..``, absolute, NUL, backslash), or None."""
    if not text or "\x00" in text:
        return f"the {what} is empty or contains a NUL byte"
    if "\\" in text:
        return f"the {what} {text!r} contains a backslash"
    p = PurePosixPath(text)
    if p.is_absolute() or (len(text) > 1 and text[1] == ":"):
        return f"the {what} {text!r} is an absolute path"
    if any(part == ".." for part in p.parts):
        return f"the {what} {text!r} goes up with '..'"
    return None


def safe_recordings_dir(test_id: str | None) -> PurePosixPath | None:
    """:func:`recordings_dir_of`, or None when the test id's file part would leave the repository.

    Test ids are data: ``../../etc/x.py::t`` must never place a file outside the root.
    """
    test_file = test_file_of(test_id)
    if test_file is None:
        return COMMON_RECORDINGS
    text = str(test_file)
    if unsafe_reason(text.replace("..", "_"), "test id's file") is not None:
        return None  # absolute, NUL, backslash
    # ``a/b/../c/test_x.py`` is where the operating system takes the recorder: ``a/c/recordings``.
    plain = PurePosixPath(os.path.normpath(text))
    if plain.parts[:1] == ("..",) or plain == PurePosixPath("."):
        return None
    return plain.parent / "recordings"  # a test file at the top (``test_x.py::t``): ``recordings/``


def _folders_up(path: Path) -> list[Path]:
    p = Path(os.path.abspath(path))
    return [p, *p.parents] if p.is_dir() else list(p.parents)


def git_top(path: str | os.PathLike[str]) -> Path | None:
    """The nearest folder at or above ``path`` holding ``.git``."""
    for folder in _folders_up(Path(path)):
        if (folder / ".git").exists():
            return folder
    return None


def repo_root(path: str | os.PathLike[str], test_id: str | None = None, tests_root: Path | None = None) -> Path | None:
    """The repository root that test ids are relative to, for a file at ``path``.

    ``tests_root`` (given by the user) wins; it may be the root itself or the
    ``tests`` folder inside it.  Otherwise the folder holding the test id's first
    folder (``tests`` for ``tests/…`` ids) above the file, else the git top level.
    """
    first = "tests"
    test_file = test_file_of(test_id)
    if test_file is not None and len(test_file.parts) > 1 and unsafe_reason(str(test_file)) is None:
        first = test_file.parts[0]
    if tests_root is not None:
        root = Path(os.path.abspath(tests_root))
        if root.name == first and not (root / first).is_dir():
            return root.parent
        return root
    p = Path(os.path.abspath(path))
    if p.is_dir() and (p / first).is_dir():
        return p  # a search folder that is the root itself
    for parent in p.parents:
        if parent.name == first:
            return parent.parent
    top = git_top(path)
    return top if top is not None and (top / first).is_dir() else None


def write_root(paths: Iterable[str | os.PathLike[str]], *, opened: bool = False) -> Path:
    """The folder curating may write inside, for the paths given.

    The git top level of the first path; else the repository root of the
    recorder's layout (the folder holding the ``tests/`` folder the paths are in).
    Otherwise there is no layout to go by: the app (``opened``: the user opened
    these folders) takes the paths' common folder, the command line the current
    folder, so that ``rm /etc/passwd`` stays refused.
    """
    absolute = [Path(os.path.abspath(p)) for p in paths] or [Path.cwd()]
    top = git_top(absolute[0])
    if top is not None:
        return top
    folders = [p if p.is_dir() else p.parent for p in absolute]
    common = Path(os.path.commonpath([str(f) for f in folders]))
    if "tests" in common.parts:
        index = len(common.parts) - 1 - common.parts[::-1].index("tests")
        if index > 0:
            return Path(*common.parts[:index])
    return common if opened else Path.cwd()


def is_model_list(endpoint_or_url: str | None) -> bool:
    """Whether a request endpoint (or URL) is a model-list call (``/v1/models``, TEI's ``/info``)."""
    if not endpoint_or_url:
        return False
    path = urlparse(endpoint_or_url).path if "://" in endpoint_or_url else endpoint_or_url
    return any(path == e or path.endswith(e) for e in MODEL_LIST_ENDPOINTS)


def names_model_list(request: Any) -> bool:
    """Whether the recorder names this request's file ``models-<hash>-<digest>.json`` (by its ``endpoint`` field).

    ogx 1.5.0 compares the field with ``/v1/models`` and ``/info``; the OpenAI client
    always records ``/v1/models`` there, whatever the URL's path.
    """
    endpoint = request.get("endpoint") if isinstance(request, dict) else None
    return isinstance(endpoint, str) and is_model_list(endpoint)


def in_legacy_layout(path: Path) -> bool:
    """True for files of the 2025 layout (``…/recordings/responses/…``, also ``recordings/vision/responses``)."""
    parts = Path(os.path.abspath(path)).parts
    if "responses" not in parts[:-1]:
        return False
    i = len(parts) - 2 - parts[:-1][::-1].index("responses")
    return "recordings" in parts[:i]


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
    """The folders (in the order replay searches them) and the file name for a request hash under ``root``."""
    folders: list[Path] = []
    own = safe_recordings_dir(test_id) if test_id else None
    if own is not None:
        folders.append(root / own)
    common = root / COMMON_RECORDINGS
    if common not in folders:
        folders.append(common)
    name = f"models-{request_hash}-*.json" if model_list else f"{request_hash}.json"
    return ReplayLookup(root, test_id, tuple(folders), name, model_list)


def _layout_of(profile: RuleSet | None) -> str:
    return getattr(profile, "layout", LAYOUT_PER_TEST) if profile is not None else LAYOUT_PER_TEST


def home(path: str | os.PathLike[str], test_id: str | None, profile: RuleSet | None = None, tests_root: Path | None = None) -> Path:
    """The folder the recorder (under ``profile``) keeps a recording with ``test_id`` that is now at ``path``.

    The test's folder, or the common fallback without a test id.  The file's own
    folder when it cannot be placed: a test id that would leave the repository, no
    repository root above it, or a profile of the 2025 ``responses/`` layout.
    """
    here = Path(os.path.abspath(path)).parent
    if _layout_of(profile) == LAYOUT_RESPONSES:
        return here
    rel = safe_recordings_dir(test_id)
    if rel is None:
        return here
    root = repo_root(path, test_id, tests_root)
    if root is None:
        return here
    return root / rel


def accepted(path: str | os.PathLike[str], test_id: str | None, profile: RuleSet | None = None, tests_root: Path | None = None) -> bool:
    """Whether the recorder finds a file with this test id in the folder it is in now.

    Its :func:`home`, or the common fallback (replay searches it for every test).
    """
    here = Path(os.path.abspath(path)).parent
    where = home(path, test_id, profile, tests_root)
    if here == where:
        return True
    root = repo_root(path, test_id, tests_root)
    return root is not None and here == root / COMMON_RECORDINGS


def read_beside_tests(
    path: str | os.PathLike[str], request: Any, profile: RuleSet | None = None, tests_root: Path | None = None
) -> bool:
    """Whether replay reads this model list where it is, for the tests beside its folder, whatever its test id.

    ogx 1.5.0 merges every ``models-<hash>-*.json`` of the test's own recordings folder as
    well as the common one, and hashes a shared model list (``api.openai.com``…) without a
    test id: a file named so in ``<folder>/recordings/`` under the repository root is read
    by every test in ``<folder>``, though the recorder would have filed it under common.
    """
    p = Path(os.path.abspath(path))
    if _layout_of(profile) != LAYOUT_PER_TEST or not p.name.startswith("models-") or not names_model_list(request):
        return False
    from inspector.core.rules import hashing, profiles

    if hashing.hashes_test_id(request, profile if profile is not None else profiles.NEWEST):
        return False  # each test computes its own hash: no test finds one recorded without its id
    here = p.parent
    if here.name != "recordings":
        return False
    root = repo_root(p, None, tests_root)
    return root is not None and root in here.parents


def file_name_for(request: Any, request_hash: str, response_body: Any, current_name: str, profile: RuleSet) -> str:
    """The file name the recorder gives a request hash: ``models-<hash>-<digest>.json`` for model lists."""
    from inspector.core.rules import hashing  # on first use: listing a tree needs no hashing

    if names_model_list(request):
        digest = hashing.model_list_digest(response_body, legacy=profile.name != NEWEST.name)
        if digest is None:  # a body the digest cannot read: keep the one the name carries
            digest = hashing.parse_file_name(current_name)[1]
        if digest is not None:
            return f"models-{request_hash}-{digest}.json"
    return f"{request_hash}.json"


def target_for(
    path: str | os.PathLike[str],
    request: Any,
    test_id: str | None,
    response_body: Any,
    request_hash: str,
    profile: RuleSet,
    tests_root: Path | None = None,
) -> Path:
    """Where the recorder would keep this recording: its :func:`home` (or where it is, if accepted) and its name.

    The one answer behind ``check``'s rename hints, the Doctor's ``git mv`` and
    the file ``rehash`` writes.
    """
    p = Path(os.path.abspath(path))
    name = file_name_for(request, request_hash, response_body, p.name, profile)
    folder = p.parent if accepted(p, test_id, profile, tests_root) else home(p, test_id, profile, tests_root)
    return folder / name

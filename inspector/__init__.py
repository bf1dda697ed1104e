"""recording-inspector: browse, replay, check and curate llama-stack style test recordings.

In Python or Jupyter::

    import inspector
    rec = inspector.load("tests/integration/inference/recordings/3f23….json")
    rec                      # request, rebuilt response, tool calls, usage, hash status
    rec.replay()             # play button and slider over the stream (with ipywidgets)
    recs = inspector.open("tests/integration")
    recs.filter("model:gpt-4o has:tools")

The names below are imported on first use, so ``import inspector`` stays light
(the command line and the app import only what they need).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from inspector._version import __version__

if TYPE_CHECKING:
    from pathlib import Path

    from inspector.notebook.changes import Changes
    from inspector.notebook.collection import Collection, PathsLike
    from inspector.notebook.misses import Misses
    from inspector.notebook.recording import Recording
    from inspector.notebook.replay import ReplayView

__all__ = [
    "Changes",
    "Collection",
    "Misses",
    "Recording",
    "ReplayView",
    "__version__",
    "changes",
    "load",
    "misses",
    "open",
    "samples_dir",
]


def load(path: str | os.PathLike[str], rules: str = "newest") -> Recording:
    """Load one recording file; in Jupyter it displays as HTML.

    Raises ``FileNotFoundError`` / ``IsADirectoryError`` for a wrong path; a file that
    is not a readable recording loads with ``problem`` set.  ``rules`` names the hash
    rule set that counts as ok (e.g. ``"2026-05"`` for a repository on an older recorder).
    """
    from inspector.notebook.recording import load as _load

    return _load(path, rules)


def open(paths: PathsLike | None = None, rules: str = "newest") -> Collection:  # noqa: A001 - the public name the API promises
    """Every recording under ``paths`` (a folder, a file, or a list of them) as a collection.

    With no argument: ``./tests/integration`` when it holds recordings, else the
    samples shipped with the package.  Raises ``FileNotFoundError`` for a path that
    does not exist, ``ValueError`` for an unknown ``rules`` name.
    """
    from inspector.notebook.collection import open_collection

    return open_collection(paths, rules)


def changes(spec: str | None = None, paths: list[str] | tuple[str, ...] = (), *, repo: str | os.PathLike[str] = ".", rules: str = "newest") -> Changes:
    """What a git range did to the recordings: the rows of ``recording-inspector changes``.

    ``spec`` is ``"main..HEAD"``, ``"main...HEAD"`` (from the merge base), one revision
    (against the working tree) or ``None`` (HEAD against the working tree).  In Jupyter
    it displays as the summary table.  Raises ``inspector.core.history.git.GitError`` (one line)
    when git is missing, ``repo`` is not a repository or a revision is unknown.
    """
    from inspector.notebook.changes import changes as _changes

    return _changes(spec, paths, repo=repo, rules=rules)


def misses(
    dirs: str | os.PathLike[str] | list[str | os.PathLike[str]],
    *,
    root: str | os.PathLike[str] | None = None,
    rules: str = "newest",
) -> Misses:
    """The replay misses a run captured (``--capture-misses DIR``): the rows of ``recording-inspector misses``.

    Each row names the test, where replay looked, the nearest recording, the changed
    paths and the heal class (``safe``, ``unsafe``, ``none``); in Jupyter they display as
    a table.  ``root``: the repository holding ``tests/`` (default: found from where
    replay looked, else from the current folder).  Raises ``FileNotFoundError`` for a
    missing folder, ``ValueError`` for one that is not a capture folder.
    """
    from inspector.notebook.misses import misses as _misses

    return _misses(dirs, root=root, rules=rules)


def samples_dir() -> Path:
    """The folder of sample recordings shipped with the package."""
    from inspector.core.base.search_paths import samples_dir as _samples_dir

    return _samples_dir()


def __getattr__(name: str) -> Any:
    # The classes, for isinstance checks and type hints, without importing them up front.
    if name == "Changes":
        from inspector.notebook.changes import Changes

        return Changes
    if name == "Collection":
        from inspector.notebook.collection import Collection

        return Collection
    if name == "Misses":
        from inspector.notebook.misses import Misses

        return Misses
    if name == "Recording":
        from inspector.notebook.recording import Recording

        return Recording
    if name == "ReplayView":
        from inspector.notebook.replay import ReplayView

        return ReplayView
    raise AttributeError(f"module 'inspector' has no attribute {name!r}")

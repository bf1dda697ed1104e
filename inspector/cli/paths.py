"""Resolving the paths a command was given, and the default when none were.

The display helpers live in :mod:`inspector.render.paths` and the defaults in
:mod:`inspector.core.base.search_paths` (the app and the notebook use them too); they are
re-exported here for the commands.
"""

from __future__ import annotations

from inspector.cli.errors import CliError
from inspector.core.base.search_paths import default_paths, samples_dir
from inspector.core.recording.discovery import Discovery, discover
from inspector.render.paths import display_path, short_path

__all__ = ["default_paths", "discover_or_fail", "samples_dir", "display_path", "short_path"]


def discover_or_fail(paths: list[str]) -> Discovery:
    """Discover recordings, failing with one line when a named path does not exist."""
    found = discover(paths)
    missing = [i for i in found.issues if i.code == "missing-path"]
    if missing:
        names = ", ".join(str(i.path) for i in missing)
        raise CliError(f"no such file or folder: {names}")
    return found

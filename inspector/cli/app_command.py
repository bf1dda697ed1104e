"""``recording-inspector [PATH...]``: open the app on folders and/or files."""

from __future__ import annotations

import argparse
import os
import sys

from inspector.cli.errors import CliError
from inspector.cli.paths import default_paths

__all__ = ["run_app"]


def run_app(args: argparse.Namespace) -> int:
    """Resolve the paths (default: ./tests/integration or the samples) and run the app."""
    given = list(args.paths or [])
    misses, more = _capture_folders("--misses", getattr(args, "misses", None) or [])
    runs, more_too = _capture_folders("--runs", getattr(args, "runs", None) or [])
    given += more + more_too
    env_misses, env_runs = _from_environment(misses, runs)
    misses += env_misses
    runs += env_runs
    paths = [str(p) for p in (given or default_paths())]
    rules = getattr(args, "rules", "newest") or "newest"  # checked by --rules while parsing
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        raise CliError(f"no such file or folder: {', '.join(missing)}")
    since = getattr(args, "since", None)
    if since is not None:
        _check_revision(paths[0], since)
    # A browser session (textual-serve) talks through pipes with a driver of its own.
    if not os.environ.get("TEXTUAL_DRIVER") and not (sys.stdout.isatty() and sys.stdin.isatty()):
        raise CliError("the app needs a terminal (for a listing use `recording-inspector ls PATH`)")
    from inspector.ui.app import make_app

    make_app(paths, rules=rules, since=since, misses=misses, runs=runs).run()
    return 0


def _is_capture(path: str) -> bool:
    """A folder holding misses/ or runs/ (the core's rule)."""
    from inspector.core.recording.captures import check_capture_dir

    return check_capture_dir(path) is None


def _capture_folders(option: str, values: list[str]) -> tuple[list[str], list[str]]:
    """``(capture folders, paths to open)`` of what followed ``option``.

    ``--misses DIR ROOT`` reads as it is meant: ``--misses`` takes one or more folders,
    and a value after them that is no capture folder (it holds neither ``misses/`` nor
    ``runs/``) is a path to open, as are the ones after it.  A first value that is none is
    the core's one-line error.
    """
    from inspector.core.recording.captures import check_capture_dir

    folders: list[str] = []
    for i, value in enumerate(values):
        if _is_capture(value):
            folders.append(value)
            continue
        if not folders or not os.path.exists(value):
            raise CliError(f"{option} {check_capture_dir(value) or value}")
        rest = values[i:]
        strays = [v for v in rest if _is_capture(v)]
        if strays:
            raise CliError(f"{option}: {value} is not a capture folder (it holds neither misses/ nor runs/)")
        return folders, rest
    return folders, []


def _from_environment(misses: list[str], runs: list[str]) -> tuple[list[str], list[str]]:
    """The capture folder ``RECORDING_INSPECTOR_MISSES`` names, when it exists and holds misses/ or runs/.

    Its misses as with ``--misses`` and its run records as with ``--runs``, unless the
    command line gave that folder already.  A variable naming nothing usable is ignored:
    it is set for test runs, which create the folder only once something is captured.
    """
    from inspector.core.recording.captures import CAPTURE_ENV, MISSES_DIR, RUNS_DIR

    value = os.environ.get(CAPTURE_ENV)
    if not value or not _is_capture(value):
        return [], []
    same = {os.path.realpath(p) for p in (*misses, *runs)}
    if os.path.realpath(value) in same:
        return [], []
    return (
        [value] if os.path.isdir(os.path.join(value, MISSES_DIR)) else [],
        [value] if os.path.isdir(os.path.join(value, RUNS_DIR)) else [],
    )


def _check_revision(path: str, rev: str) -> None:
    """``--since`` names a revision of the repository holding ``path`` (one line, exit 2, when not)."""
    from inspector.core.history.git import GitError, find_repo

    try:
        with find_repo(path) as repo:
            repo.resolve(rev)
    except GitError as exc:
        raise CliError(f"--since {rev}: {exc}") from None

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
    paths = [str(p) for p in (args.paths or default_paths())]
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

    make_app(paths, rules=rules, since=since).run()
    return 0


def _check_revision(path: str, rev: str) -> None:
    """``--since`` names a revision of the repository holding ``path`` (one line, exit 2, when not)."""
    from inspector.core.history.git import GitError, find_repo

    try:
        with find_repo(path) as repo:
            repo.resolve(rev)
    except GitError as exc:
        raise CliError(f"--since {rev}: {exc}") from None

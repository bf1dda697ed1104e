"""``recording-inspector [PATH...]``: open the app on folders and/or files."""

from __future__ import annotations

import argparse
import os
import sys

from .errors import CliError
from .paths import default_paths

__all__ = ["run_app"]


def run_app(args: argparse.Namespace) -> int:
    """Resolve the paths (default: ./tests/integration or the samples) and run the app."""
    paths = [str(p) for p in (args.paths or default_paths())]
    rules = getattr(args, "rules", "newest") or "newest"  # checked by --rules while parsing
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        raise CliError(f"no such file or folder: {', '.join(missing)}")
    # A browser session (textual-serve) talks through pipes with a driver of its own.
    if not os.environ.get("TEXTUAL_DRIVER") and not (sys.stdout.isatty() and sys.stdin.isatty()):
        raise CliError("the app needs a terminal (for a listing use `recording-inspector ls PATH`)")
    from ..ui.app import make_app

    make_app(paths, rules=rules).run()
    return 0

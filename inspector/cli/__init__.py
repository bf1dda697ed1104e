"""The ``recording-inspector`` command line: subcommands over the core, and the app by default."""

from __future__ import annotations

from inspector.cli.main import main

__all__ = ["main"]

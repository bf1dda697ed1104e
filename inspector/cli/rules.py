"""``--rules NAME``: the one option every command (and the app) picks a recorder profile with."""

from __future__ import annotations

import argparse

from inspector.cli.errors import CliError
from inspector.core.rules.profiles import rule_set

__all__ = ["add_rules_option"]


def _rules_name(text: str) -> str:
    """The name as given, once the core accepts it; a one-line error listing the valid names otherwise."""
    try:
        rule_set(text)
    except ValueError as exc:
        raise CliError(f"--rules: {exc}") from None  # CliError passes through argparse: one line, no usage
    return text


def add_rules_option(p: argparse.ArgumentParser, what: str = "whose names count as ok") -> None:
    """Add ``--rules`` (validated while parsing; ``args.rules`` is the name, e.g. ``newest``)."""
    p.add_argument(
        "--rules",
        default="newest",
        type=_rules_name,
        metavar="NAME",
        help=f"recorder profile {what} (default: newest = 2026-10, ogx 1.5.0; e.g. 2026-05, 2025-07)",
    )

"""What the curating commands (``cp``, ``mv``, ``rm``, ``restore``, ``rehash``) share."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable
from pathlib import Path

from inspector.cli import rules
from inspector.cli.errors import CliError
from inspector.core.edit.curate import CurateError, CurateResult, Curator
from inspector.core.edit.outcome import EditError
from inspector.core.edit.root import Root
from inspector.core.rules.layout import write_root
from inspector.core.rules.profiles import NEWEST, RuleSet, rule_set

__all__ = ["add_root_option", "add_rules_option", "root_for", "rules_for", "curator_for", "report", "expand_paths"]


def add_root_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--root",
        metavar="DIR",
        help="nothing is written outside this folder (default: the git repository holding the first path, else the folder holding tests/, else the paths' folder)",
    )


def add_rules_option(p: argparse.ArgumentParser) -> None:
    rules.add_rules_option(p, "that names and places new files")


def rules_for(args: argparse.Namespace) -> RuleSet:
    return rule_set(getattr(args, "rules", None) or "newest")  # the name was checked while parsing


def root_for(args: argparse.Namespace, paths: Iterable[str | os.PathLike[str]], *, in_place: bool = False) -> Root:
    """The root given with ``--root``, else the recorder layout's write root for the paths.

    ``in_place``: the command writes only beside the files it was given or where the
    layout places them (``rehash``, ``edit``), so without a layout or git their own
    folder is the root, not the current folder.
    """
    folder = Path(args.root) if getattr(args, "root", None) else write_root(list(paths) or ["."], opened=in_place)
    try:
        return Root(folder)
    except EditError as exc:
        raise CliError(exc.reason) from None


def curator_for(args: argparse.Namespace, paths: Iterable[str | os.PathLike[str]]) -> Curator:
    root = root_for(args, paths)
    try:
        return Curator(root.path, rules=rules_for(args) if hasattr(args, "rules") else NEWEST)
    except CurateError as exc:
        raise CliError(exc.reason) from None


def report(results: list[CurateResult]) -> int:
    """Print one line per file (failures on stderr); exit 1 when any failed."""
    failed = 0
    for r in results:
        if r.ok:
            sys.stdout.write(r.message + "\n")
        else:
            failed += 1
            sys.stderr.write(f"recording-inspector: {r.message}\n")
    sys.stdout.flush()
    return 1 if failed else 0


def expand_paths(paths: list[str]) -> list[str]:
    """The paths given, with ``-`` replaced by the lines of stdin (e.g. from ``find``)."""
    out: list[str] = []
    for p in paths:
        if p == "-":
            out.extend(line.strip() for line in sys.stdin if line.strip())
        else:
            out.append(p)
    if not out:
        raise CliError("no paths given")
    return out

"""``mv``: move recordings into another folder (never over an existing file)."""

from __future__ import annotations

import argparse

from inspector.cli.curating import add_root_option, curator_for, expand_paths, report
from inspector.cli.errors import CliError

NAME = "mv"
HELP = "move recordings into a folder inside the root (created if needed; never overwrites)"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="FILE", help="recording files (- reads paths from stdin), then the destination folder")
    add_root_option(p)


def run(args: argparse.Namespace) -> int:
    if len(args.paths) < 2:
        raise CliError("mv needs one or more files and a destination folder")
    *sources, dest = args.paths
    paths = expand_paths(sources)
    curator = curator_for(args, paths)
    return report(curator.move_many(paths, dest))

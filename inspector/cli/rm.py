"""``rm``: delete recordings into the trash (``<root>/.inspector-trash/``), restorable."""

from __future__ import annotations

import argparse

from inspector.cli.curating import add_root_option, curator_for, expand_paths, report

NAME = "rm"
HELP = "delete recordings into the trash (<root>/.inspector-trash/); undo with `restore --last`"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="FILE", help="recording files (- reads paths from stdin)")
    add_root_option(p)


def run(args: argparse.Namespace) -> int:
    paths = expand_paths(args.paths)
    curator = curator_for(args, paths)
    return report(curator.delete_many(paths))

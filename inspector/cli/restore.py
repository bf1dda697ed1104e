"""``restore``: put deleted recordings back from the trash (no arguments: list the trash)."""

from __future__ import annotations

import argparse
import sys

from inspector.cli.curating import add_root_option, curator_for, report
from inspector.cli.errors import CliError
from inspector.core.edit.curate import CurateError, Curator

NAME = "restore"
HELP = "restore deleted recordings from the trash (no ENTRY: list what is in it)"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("entries", nargs="*", metavar="ENTRY", help="trash entry ids (or a unique prefix), or original paths")
    p.add_argument("--last", action="store_true", help="restore the files deleted together most recently")
    p.add_argument("--list", action="store_true", help="list the trash (the default without ENTRY)")
    p.add_argument("--purge", action="store_true", help="delete the named entries (or with --all every entry) for good")
    p.add_argument("--all", action="store_true", help="with --purge: empty the whole trash")
    add_root_option(p)


def _list(curator: Curator) -> int:
    entries = curator.trash()
    if not entries:
        sys.stderr.write(f"recording-inspector: the trash ({curator.root.display(curator.trash_dir)}) is empty\n")
        return 0
    for e in entries:
        sys.stdout.write(f"{e.id}  {e.deleted_at}  {e.original}\n")
    return 0


def run(args: argparse.Namespace) -> int:
    curator = curator_for(args, [args.root or "."])
    if args.purge:
        if args.last:
            raise CliError("--purge takes entry ids or --all, not --last")
        try:
            entries = curator.trash() if args.all else curator.find_entries(args.entries)
        except CurateError as exc:
            raise CliError(exc.reason, 1) from None
        if not entries:
            if not args.all:
                raise CliError("name the entries to purge, or pass --all")
            sys.stderr.write("recording-inspector: the trash is already empty\n")
            return 0
        for e in entries:
            curator.purge(e)
            sys.stdout.write(f"purged {e.id} ({e.original})\n")
        return 0
    if args.list or (not args.entries and not args.last):
        return _list(curator)
    if args.last:
        if args.entries:
            raise CliError("give entry ids or --last, not both")
        entries = curator.last_batch()
        if not entries:
            raise CliError("the trash is empty", 1)
    else:
        try:
            entries = curator.find_entries(args.entries)
        except CurateError as exc:
            raise CliError(exc.reason, 1) from None
    return report(curator.restore_many(entries))

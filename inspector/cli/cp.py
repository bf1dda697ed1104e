"""``cp``: duplicate recordings as new fixtures of another test (new hash, the test's folder)."""

from __future__ import annotations

import argparse
import sys

from inspector.cli.curating import add_root_option, add_rules_option, curator_for, expand_paths, report
from inspector.core.edit.curate import CurateError

NAME = "cp"
HELP = "duplicate recordings as fixtures of another test id (new hash, new folder, ids re-pointed)"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="FILE", help="recording files (- reads paths from stdin)")
    p.add_argument("--test-id", required=True, metavar="ID", help="the new test id, e.g. tests/integration/x/test_y.py::test_z[p]")
    p.add_argument("-n", "--dry-run", action="store_true", help="only say where each copy would go")
    add_rules_option(p)
    add_root_option(p)


def run(args: argparse.Namespace) -> int:
    paths = expand_paths(args.paths)
    curator = curator_for(args, paths)
    if args.dry_run:
        failed = 0
        for path in paths:
            try:
                target, _data = curator.plan_duplicate(path, args.test_id)
            except CurateError as exc:
                failed += 1
                sys.stderr.write(f"recording-inspector: {exc.reason}\n")
                continue
            sys.stdout.write(f"would copy {curator.root.display(path)} → {curator.root.display(target)}\n")
        return 1 if failed else 0
    return report(curator.duplicate_many(paths, args.test_id))

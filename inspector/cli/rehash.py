"""``rehash``: rename recordings whose request changed to the name the recorder looks for."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from inspector.cli.curating import add_root_option, add_rules_option, expand_paths, root_for, rules_for
from inspector.cli.paths import discover_or_fail, display_path
from inspector.core.checks.runner import iter_checked
from inspector.core.edit.rehash import RehashReport, rehash_files
from inspector.core.edit.root import Root
from inspector.core.recording.discovery import Discovery
from inspector.core.rules import layout
from inspector.core.rules.profiles import RuleSet

NAME = "rehash"
HELP = (
    "rename recordings to the hash of their request (ids re-pointed, the layout's folder); --dry-run to preview, "
    "--drop-duplicates to trash copies of a request already named so"
)


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="recording files and/or folders (- reads paths from stdin)")
    p.add_argument("-n", "--dry-run", action="store_true", help="change nothing; report what would be renamed")
    p.add_argument("--check", action="store_true", help="like --dry-run, but exit 1 when any file would be renamed")
    p.add_argument("--keep-folder", action="store_true", help="rename in place; do not move files to their test id's folder")
    p.add_argument(
        "--drop-duplicates",
        action="store_true",
        help="when the new name already holds the same request (model lists: the same model set), "
        "move the redundant copy into the trash (restorable with `restore`)",
    )
    p.add_argument("-v", "--verbose", action="store_true", help="also list files that are up to date or skipped")
    p.add_argument("--no-cache", action="store_true", help="read every file, even those the index cache knows are named right")
    add_rules_option(p)
    add_root_option(p)


def _shown(source: Path, target: Path) -> str:
    if source.parent == target.parent:
        return f"{display_path(source)} → {target.name}"
    return f"{display_path(source)} → {display_path(target)}"


def run(args: argparse.Namespace) -> int:
    paths = expand_paths(args.paths)
    found = discover_or_fail(paths)
    rules = rules_for(args)
    root = root_for(args, paths, in_place=True)
    dry = args.dry_run or args.check
    kw = dict(rules=rules, root=root, relocate=not args.keep_folder, dry_run=dry, drop_duplicates=args.drop_duplicates)
    reports = rehash_files(found.files, **kw) if args.no_cache else _rehash_cached(found, **kw)
    counts: dict[str, int] = {}
    out, err = sys.stdout, sys.stderr
    for r in reports:
        counts[r.status] = counts.get(r.status, 0) + 1
        detail = r.plan.details if r.plan is not None and r.status in ("renamed", "would-rename") else ""
        tail = f" ({detail})" if detail else ""
        if r.status == "renamed":
            out.write(f"renamed {_shown(r.source, r.target)}{tail}\n")
        elif r.status == "would-rename":
            out.write(f"would rename {_shown(r.source, r.target)}{tail}\n")
        elif r.status == "identical":
            out.write(f"removed {display_path(r.source)}: an identical {r.target.name} was already there\n")
        elif r.status == "duplicate":
            what = "the same model set" if r.target.name.startswith("models-") else "the same request"
            verb = "would move it into the trash" if args.drop_duplicates else "--drop-duplicates moves it into the trash"
            out.write(f"duplicate-request: {display_path(r.source)}: {display_path(r.target)} already holds {what}; {verb}\n")
        elif r.status == "dropped":
            out.write(
                f"dropped {display_path(r.source)}: {display_path(r.target)} holds the same request; "
                f"moved into the trash ({r.trash_id}), undo with: recording-inspector restore {r.trash_id}\n"
            )
        elif r.status == "failed":
            err.write(f"recording-inspector: {display_path(r.source)}: {r.message.split(': ', 1)[-1]}\n")
        elif r.status == "skipped" and args.verbose:
            note = r.plan.note if r.plan is not None else ""
            out.write(f"skipped {display_path(r.source)}: {note}\n")
        elif args.verbose:
            out.write(f"up to date {display_path(r.source)}\n")
    out.flush()
    for issue in found.issues:
        err.write(f"recording-inspector: {display_path(issue.path)}: {issue.message}\n")
    if not found.files:
        err.write("recording-inspector: no recordings found\n")
        return 2
    summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
    err.write(f"{summary}.\n")
    if counts.get("failed"):
        return 1
    if args.check and (counts.get("would-rename") or counts.get("duplicate")):
        return 1
    return 0


def _rehash_cached(found: Discovery, *, rules: RuleSet, root: Root, relocate: bool, **kw: Any) -> list[RehashReport]:
    """``rehash_files``, except that files the index cache knows are named right (and, when
    relocating, already where the recorder's layout wants them) are not read."""
    reports: list[RehashReport] = []
    for path, s in zip(found.files, iter_checked(found, rules=rules), strict=True):
        source = Path(os.path.abspath(path))
        if s.checks is not None and s.checks.named_right and (not relocate or layout.accepted(source, s.test_id, rules)):
            reports.append(RehashReport(source, source, "unchanged", f"{source.name}: up to date"))
            continue
        reports += rehash_files([path], rules=rules, root=root, relocate=relocate, **kw)
    return reports

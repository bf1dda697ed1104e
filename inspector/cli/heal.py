"""``heal``: write the recordings replay missed, from their nearest recording, where replay will look (no API keys)."""

from __future__ import annotations

import argparse

from inspector.cli.misses import add_capture_arguments, explained
from inspector.cli.paths import display_path
from inspector.core.heal import HealAction, heal

NAME = "heal"
HELP = "write each safe captured miss (with --force also unsafe ones) from its nearest recording, marked healed, where replay looks"


def configure(p: argparse.ArgumentParser) -> None:
    add_capture_arguments(p)
    p.add_argument("--force", action="store_true", help="also heal unsafe misses (the provider would see a changed request)")
    p.add_argument("--dry-run", action="store_true", help="say what would be written, write nothing")
    p.epilog = (
        "Files are written in the recorder's bytes, never over an existing file, with a top-level 'healed' marker "
        "the recorder ignores (check reports it as healed, changes as a healed class). "
        "Exit status: 0 when the misses were read, 1 when a file could not be written, 2 on bad input."
    )


def _line(a: HealAction) -> str:
    r = a.report
    who = r.test_id or "(no test)"
    if a.action == "skipped":
        return f"skipped {who} ({r.hash[:12]}…, {r.heal}): {a.reason}"
    verb = "wrote" if a.action == "wrote" else "would write"
    where = display_path(a.path) if a.path else "?"
    return f"{verb} {where}  ({a.reason}; test {who})"


def run(args: argparse.Namespace) -> int:
    reports = explained(args)
    result = heal(reports, force=args.force, dry_run=args.dry_run)
    for a in result.actions:
        print(_line(a))
    summary = result.summary()
    if args.dry_run:
        summary = "dry run: " + summary
    print(summary)
    failed = any(a.action == "skipped" and a.reason.startswith("cannot write") for a in result.actions)
    return 1 if failed else 0

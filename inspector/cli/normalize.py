"""``normalize``: apply the recorder's response normalisation (ids, created, Ollama timestamps) in place."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterator

from inspector.cli.output import add_format_option, json_line
from inspector.cli.paths import discover_or_fail, display_path
from inspector.cli.rules import add_rules_option
from inspector.core.checks.runner import iter_checked
from inspector.core.recording.discovery import Discovery
from inspector.core.recording.secrets import mask_text
from inspector.core.rules.normalize import NormalizePlan, NormalizeResult, normalize_file
from inspector.core.rules.profiles import RuleSet, rule_set

NAME = "normalize"
HELP = "rewrite ids to rec-<hash12>, created to 0 and Ollama timestamps/durations as the recorder does (--dry-run to preview)"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="recording files and/or folders")
    p.add_argument("--dry-run", "-n", action="store_true", help="report what would change; write nothing")
    p.add_argument(
        "--models-created",
        action="store_true",
        help="also zero created of model objects under an older profile (ogx 1.5.0, the newest, always does)",
    )
    add_rules_option(p, "whose normalisation to apply")
    add_format_option(p, ("text", "json"), default="text", help="text (default) or JSON Lines, one object per file")
    p.add_argument("--verbose", "-v", action="store_true", help="list unchanged and skipped files too")
    p.add_argument("--no-cache", action="store_true", help="read every file, even those the index cache knows need nothing")
    p.epilog = (
        "Exit status: 0 when every file was normalised or needed nothing, 2 when a file could not be read or written."
    )


def _status(r: NormalizeResult, dry_run: bool) -> str:
    if r.error:
        return "error"
    if r.plan is None or r.plan.skipped:
        return "skipped"
    if not r.plan.needed:
        return "unchanged"
    return "would-normalise" if dry_run else "normalised"


def _json(r: NormalizeResult, status: str) -> dict:
    out: dict = {"path": display_path(r.path), "status": status}
    if r.error:
        out["error"] = r.error
    if r.plan is not None:
        if r.plan.skipped:
            out["reason"] = r.plan.skipped
        out["changes"] = [{"path": c.path, "field": c.field, "old": c.old, "new": c.new} for c in r.plan.changes]
    if r.reformatted:
        out["reformatted"] = True
    return out


def run(args: argparse.Namespace) -> int:
    rules = rule_set(args.rules)
    found = discover_or_fail(args.paths)
    failed = 0
    counts: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    console = None
    if args.format == "text":
        from rich.console import Console

        console = Console(highlight=False, soft_wrap=not sys.stdout.isatty())
    for r in _results(found, args, rules):
        path = r.path
        status = _status(r, args.dry_run)
        counts[status] += 1
        if status == "error":
            failed += 1
        if args.format == "json":
            sys.stdout.write(mask_text(json_line(_json(r, status))) + "\n")
            continue
        assert console is not None
        shown = display_path(path)
        if status == "error":
            print(f"recording-inspector: {shown}: {r.error}", file=sys.stderr)
        elif status in ("normalised", "would-normalise"):
            assert r.plan is not None
            verb = "would normalise" if args.dry_run else "normalised"
            note = " [dim](rewritten in the recorder's layout)[/]" if r.reformatted else ""
            console.print(f"[green]{verb}[/] {shown}: {r.plan.describe()}{note}")
        elif status == "skipped":
            assert r.plan is not None and r.plan.skipped
            skipped[r.plan.skipped] += 1
            if args.verbose:
                console.print(f"[dim]skipped {shown}: {r.plan.skipped}[/]")
        elif args.verbose:
            console.print(f"[dim]unchanged {shown}[/]")
    sys.stdout.flush()
    if console is not None:
        changed = counts["would-normalise"] + counts["normalised"]
        verb = "would change" if args.dry_run else "changed"
        line = f"{len(found.files)} files: {changed} {verb}, {counts['unchanged']} already normalised"
        if counts["skipped"]:
            line += f", {counts['skipped']} skipped"
        if failed:
            line += f", [red]{failed} failed[/]"
        console.print(line)
        for reason, n in skipped.items():
            if not args.verbose:
                console.print(f"[dim]  {n} skipped: {reason}[/]")
    for issue in found.issues:
        print(f"recording-inspector: {display_path(issue.path)}: {issue.message}", file=sys.stderr)
    return 2 if failed else 0


def _results(found: Discovery, args: argparse.Namespace, rules: RuleSet) -> Iterator[NormalizeResult]:
    """Each file's outcome; files the index cache knows need nothing are not read.

    (``--models-created`` changes the plan, and the cache holds the default one.)
    """
    if args.no_cache or args.models_created:
        for path in found.files:
            yield normalize_file(path, dry_run=args.dry_run, models_created=args.models_created, rules=rules)
        return
    for path, s in zip(found.files, iter_checked(found, rules=rules), strict=True):
        if s.checks is not None and s.checks.normalize == "":
            yield NormalizeResult(path, NormalizePlan(None))
        else:
            yield normalize_file(path, dry_run=args.dry_run, rules=rules)

"""``show``: print recordings, rebuilt, as text or JSON Lines."""

from __future__ import annotations

import argparse
import sys

from inspector.cli.output import add_format_option, json_line
from inspector.cli.paths import discover_or_fail, display_path
from inspector.core.index.summary import recording_json
from inspector.core.recording.loading import load

NAME = "show"
HELP = "print recordings with their rebuilt response (text, tool calls, usage, hash status)"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="recording files and/or folders")
    add_format_option(p, ("text", "json"), default="text", help="text (default) or JSON Lines")


def run(args: argparse.Namespace) -> int:
    found = discover_or_fail(args.paths)
    failed: list[str] = []
    console = None
    if args.format == "text":
        from rich.console import Console

        from inspector.render.recording import recording_panel

        console = Console(highlight=False, soft_wrap=False)
    out = sys.stdout
    for path in found.files:
        rec = load(path)
        if not rec.ok:
            failed.append(f"{display_path(path)}: {rec.problem}")
        if args.format == "json":
            out.write(json_line(recording_json(rec)) + "\n")
        elif rec.ok:
            assert console is not None
            console.print(recording_panel(rec))
    out.flush()
    for issue in found.issues:
        print(f"recording-inspector: {display_path(issue.path)}: {issue.message}", file=sys.stderr)
    for line in failed:
        print(f"recording-inspector: {line}", file=sys.stderr)
    if not found.files and not failed:
        print("recording-inspector: no recordings found", file=sys.stderr)
        return 2
    return 2 if failed else 0

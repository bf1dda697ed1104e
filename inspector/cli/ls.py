"""``ls``: one row per recording, as a table or JSON Lines."""

from __future__ import annotations

import argparse
import sys

from ..core.index import iter_summaries
from .output import json_line
from .paths import discover_or_fail, display_path, short_path

NAME = "ls"
HELP = "list recordings: kind, test id, endpoint, model, chunks, hash status, error"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="recording files and/or folders")
    p.add_argument("--format", choices=("table", "jsonl"), default=None, help="table in a terminal, jsonl otherwise")
    p.add_argument("--no-cache", action="store_true", help="read every file, ignoring the index cache")


def run(args: argparse.Namespace) -> int:
    found = discover_or_fail(args.paths)
    fmt = args.format or ("table" if sys.stdout.isatty() else "jsonl")
    summaries = iter_summaries(args.paths, found=found, use_cache=not args.no_cache)
    if fmt == "jsonl":
        out = sys.stdout
        for s in summaries:
            out.write(json_line(s.to_json()) + "\n")
        out.flush()
    else:
        from rich.console import Console
        from rich.table import Table

        from .render import STATUS_STYLES

        console = Console()
        # Explicit widths: rich's automatic collapsing drops whole columns when narrow.
        width = max(console.width, 80)
        wide = width >= 140
        table = Table(box=None, header_style="bold", pad_edge=False, expand=False)
        if wide:
            rest = width - (17 + 24 + 7 + 7 + 12) - 9
            table.add_column("path", overflow="fold", width=rest * 3 // 10)
            table.add_column("kind", no_wrap=True, overflow="ellipsis", width=17)
            table.add_column("test", overflow="fold", width=rest * 4 // 10)
            table.add_column("endpoint", overflow="ellipsis", no_wrap=True, width=rest * 15 // 100)
            table.add_column("model", overflow="ellipsis", no_wrap=True, width=24)
            table.add_column("stream", no_wrap=True, width=7)
            table.add_column("chunks", justify="right", no_wrap=True, width=7)
            table.add_column("hash", no_wrap=True, width=12)
            table.add_column("error", overflow="ellipsis", no_wrap=True, width=rest - rest * 3 // 10 - rest * 4 // 10 - rest * 15 // 100)
        else:
            table.add_column("path", overflow="fold", width=width - (12 + 7 + 12 + 12) - 5)
            table.add_column("kind", no_wrap=True, overflow="ellipsis", width=12)
            table.add_column("chunks", justify="right", no_wrap=True, width=7)
            table.add_column("hash", no_wrap=True, width=12)
            table.add_column("error", overflow="ellipsis", no_wrap=True, width=12)
        n = 0
        for s in summaries:
            n += 1
            status = f"[{STATUS_STYLES.get(s.hash_status, '')}]{s.hash_status}[/]"
            error = f"[red]{s.error}[/]" if s.error else ""
            chunks = str(s.chunks) if s.chunks else ""
            if wide:
                cells = [short_path(s.path), s.kind, s.test_id or "", s.endpoint or "", s.model or "",
                         "yes" if s.streaming else "", chunks, status, error]
            else:
                cells = [short_path(s.path), s.kind, chunks, status, error]
            table.add_row(*cells)
        console.print(table)
        console.print(f"[dim]{n} recordings[/]")
    for issue in found.issues:
        print(f"recording-inspector: {display_path(issue.path)}: {issue.message}", file=sys.stderr)
    return 0

"""``ls``: one row per recording, as a table or JSON Lines."""

from __future__ import annotations

import argparse
import sys

import orjson

from ..core.index import iter_summaries
from .paths import discover_or_fail, display_path

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
            out.write(orjson.dumps(s.to_json()).decode() + "\n")
        out.flush()
    else:
        from rich.console import Console
        from rich.table import Table

        from .render import STATUS_STYLES

        table = Table(box=None, header_style="bold", pad_edge=False)
        for col in ("path", "kind", "test", "endpoint", "model", "stream", "chunks", "hash", "error"):
            table.add_column(col, overflow="fold" if col in ("path", "test") else "ellipsis", no_wrap=col not in ("path", "test"))
        n = 0
        for s in summaries:
            n += 1
            table.add_row(
                display_path(s.path),
                s.kind,
                s.test_id or "",
                s.endpoint or "",
                s.model or "",
                "yes" if s.streaming else "",
                str(s.chunks) if s.chunks else "",
                f"[{STATUS_STYLES.get(s.hash_status, '')}]{s.hash_status}[/]",
                f"[red]{s.error}[/]" if s.error else "",
            )
        console = Console()
        console.print(table)
        console.print(f"[dim]{n} recordings[/]")
    for issue in found.issues:
        print(f"recording-inspector: {display_path(issue.path)}: {issue.message}", file=sys.stderr)
    return 0

"""``diff A B``: what differs between two recordings, request first, then the rebuilt response."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from inspector.cli.errors import CliError
from inspector.cli.output import add_format_option, json_line
from inspector.cli.paths import display_path
from inspector.core.recording.diff import PathChange, RecordingDiff, diff_recordings
from inspector.core.recording.loading import load
from inspector.core.recording.secrets import mask_text

if TYPE_CHECKING:
    from rich.console import RenderableType

NAME = "diff"
HELP = "compare two recordings: request by JSON path after normalisation, then the rebuilt response (exit 1 when they differ)"



def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("a", metavar="A", help="the old recording")
    p.add_argument("b", metavar="B", help="the new recording")
    add_format_option(p, ("text", "json"), default="text", help="text (default) or one JSON object, on one line")
    p.add_argument(
        "--chunks", action="store_true", help="also compare the response chunk by chunk (ids and timestamps ignored)"
    )
    p.add_argument(
        "--churn",
        action="store_true",
        help="compare chunk by chunk with what the recorder regenerates kept (ids, timestamps, obfuscation…; implies --chunks)",
    )
    p.epilog = "Exit status: 0 when the recordings are the same, 1 when they differ, 2 when one cannot be read."


def change_renderable(change: PathChange, indent: int = 2) -> RenderableType:
    """One change for the terminal (credentials masked): see :func:`inspector.render.changes.render_change`."""
    from inspector.render.changes import render_change

    return render_change(change, indent=indent)


def _print_text(result: RecordingDiff, churn: bool = False) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=not sys.stdout.isatty())
    console.print(Text(f"--- {display_path(result.a)}", style="red"))
    console.print(Text(f"+++ {display_path(result.b)}", style="green"))
    sections = [
        ("request", result.request, "the request as the hash sees it"),
        ("response", result.response, "the rebuilt response"),
    ]
    if result.chunks is not None:
        ca, cb = result.chunk_counts
        kept = "ids and timestamps included" if churn else "ids, timestamps and other churn left out (--churn shows them)"
        sections.append(("chunks", result.chunks, f"chunk by chunk: {ca} vs {cb} chunks, {kept}"))
    for title, changes, what in sections:
        head = Text(f"\n{title}", style="bold underline")
        head.append(f"  {what}", style="dim")
        console.print(head)
        if not changes:
            console.print(Text("  same", style="dim green"))
        for c in changes:
            console.print(change_renderable(c))
    n_req, n_resp = len(result.request), len(result.response)
    if result.same:
        console.print(Text("\nsame request, same response", style="green"))
    else:
        parts = [
            f"{n_req} request difference{'s' if n_req != 1 else ''}",
            f"{n_resp} response difference{'s' if n_resp != 1 else ''}",
        ]
        if result.chunks:
            parts.append(f"{len(result.chunks)} chunk differences")
        note = "  (different requests: replay treats them as different recordings)" if result.request else ""
        console.print(Text("\n" + ", ".join(parts) + note, style="yellow"))


def run(args: argparse.Namespace) -> int:
    recs = []
    for p in (args.a, args.b):
        rec = load(p)
        if not rec.ok:
            raise CliError(f"{display_path(p)}: {rec.problem}")
        recs.append(rec)
    result = diff_recordings(recs[0], recs[1], chunks=args.chunks or args.churn, churn=args.churn)
    if args.format == "json":
        text = json_line(result.to_json())
        sys.stdout.write(mask_text(text) + "\n")
        sys.stdout.flush()
    else:
        _print_text(result, churn=args.churn)
    return 0 if result.same else 1

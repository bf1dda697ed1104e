"""``ls``: one row per recording, as a table or JSON Lines."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

from inspector.cli.output import add_format_option, json_line
from inspector.cli.paths import discover_or_fail, display_path, short_path
from inspector.core.base.jsonio import clean_text
from inspector.core.index.listing import iter_summaries

if TYPE_CHECKING:
    from inspector.core.index.summary import Summary

NAME = "ls"
HELP = "list recordings: kind, test id, endpoint, model, chunks, hash status, error"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="recording files and/or folders")
    add_format_option(p, ("table", "json"), default=None, help="table in a terminal, JSON Lines (json) otherwise")
    p.add_argument("--no-cache", action="store_true", help="read every file, ignoring the index cache")


def run(args: argparse.Namespace) -> int:
    found = discover_or_fail(args.paths)
    fmt = args.format or ("table" if sys.stdout.isatty() else "json")
    summaries = iter_summaries(args.paths, found=found, use_cache=not args.no_cache)
    if fmt == "json":
        out = sys.stdout
        for s in summaries:
            out.write(json_line(s.to_json()) + "\n")
        out.flush()
    else:
        _print_table(summaries)
    for issue in found.issues:
        print(f"recording-inspector: {display_path(issue.path)}: {issue.message}", file=sys.stderr)
    return 0


# Same as inspector.render.recording.STATUS_STYLES, which is not imported here: render pulls in pygments (start-up time).
_STATUS_STYLES = {"ok": "green", "legacy-rule": "yellow", "mismatch": "bold red", "unknown": "dim"}
_GUTTER = "  "
_BATCH = 200  # rows written at a time, so a long listing starts at once


def _print_table(summaries: Iterable[Summary]) -> None:
    """The table, streamed as the index yields rows.

    Written line by line rather than through ``rich.table.Table``: laying out a
    whole table costs about a millisecond a row (3 s for a 3,000-file repository)
    and shows nothing until the last file is read.  Cell text is never parsed as
    markup (test ids end in ``[params]``).
    """
    from rich.cells import cell_len, chop_cells, set_cell_size
    from rich.console import Console
    from rich.style import Style

    console = Console(highlight=False)
    # Explicit widths: the layout must not depend on what the rows hold.
    width = max(console.width, 80)
    wide = width >= 140
    if wide:
        rest = width - (17 + 24 + 7 + 7 + 12) - len(_GUTTER) * 8
        cols = [("path", rest * 3 // 10, "fold"), ("kind", 17, ""), ("test", rest * 4 // 10, "fold"),
                ("endpoint", rest * 15 // 100, ""), ("model", 24, ""), ("stream", 7, ""), ("chunks", 7, "right"),
                ("hash", 12, ""), ("error", rest - rest * 3 // 10 - rest * 4 // 10 - rest * 15 // 100, "")]
    else:
        cols = [("path", width - (12 + 7 + 12 + 12) - len(_GUTTER) * 4, "fold"), ("kind", 12, ""), ("chunks", 7, "right"),
                ("hash", 12, ""), ("error", 12, "")]
    color = console.color_system is not None and not console.no_color
    styles: dict[str, str] = {}

    def paint(text: str, style: str) -> str:
        if not color or not style or not text:
            return text
        if style not in styles:
            styles[style] = Style.parse(style).render("\0", color_system=console.color_system)
        return styles[style].replace("\0", text)

    def fit(text: str, w: int, how: str) -> list[str]:
        if text.isprintable() and (text.isascii() or cell_len(text) == len(text)):  # one cell a character
            if how == "fold":
                return [text[i : i + w].ljust(w) for i in range(0, len(text), w)] or [" " * w]
            if len(text) > w:
                text = text[: w - 1] + "…"
            return [text.rjust(w) if how == "right" else text.ljust(w)]
        if how == "fold":
            return [set_cell_size(line, w) for line in chop_cells(text, w)] or [" " * w]
        if cell_len(text) > w:
            text = set_cell_size(text, w - 1) + "…"
        return [text.rjust(w) if how == "right" else set_cell_size(text, w)]

    out: list[str] = [_GUTTER.join(paint(set_cell_size(name, w), "bold") for name, w, _ in cols)]
    n = 0
    for s in summaries:
        n += 1
        chunks = str(s.chunks) if s.chunks else ""
        values = {"path": short_path(s.path), "kind": s.kind, "test": s.test_id or "", "endpoint": s.endpoint or "",
                  "model": s.model or "", "stream": "yes" if s.streaming else "", "chunks": chunks,
                  "hash": s.hash_status, "error": s.error or ""}
        cells = [fit(clean_text(values[name]), w, how) for name, w, how in cols]
        style_of = {"hash": _STATUS_STYLES.get(s.hash_status, ""), "error": "red"}
        for i in range(max(len(c) for c in cells)):
            out.append(_GUTTER.join(
                paint(c[i], style_of.get(name, "")) if i < len(c) else " " * w
                for c, (name, w, _how) in zip(cells, cols, strict=True)
            ))
        if len(out) >= _BATCH:
            console.file.write("\n".join(out) + "\n")
            out = []
    out.append(paint(f"{n} recordings", "dim"))
    console.file.write("\n".join(out) + "\n")
    console.file.flush()

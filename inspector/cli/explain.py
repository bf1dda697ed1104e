"""``explain``: read a replay miss (or a whole pytest output) and say why replay did not find the recording."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from inspector.cli.errors import CliError
from inspector.cli.output import add_format_option, json_line
from inspector.cli.paths import display_path
from inspector.core.base.jsonio import JsonError, parse_bytes
from inspector.core.checks.explain import Candidates, Explanation, Miss, explain, parse_misses
from inspector.core.recording.secrets import mask_text

NAME = "explain"
HELP = "explain a 'Recording not found for request hash' failure: where replay looked, and which recording the request drifted from"

_EXAMPLE = "Recording not found for request hash: <64 hex>\\nModel: <model> | Request: POST <url>"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "text",
        nargs="?",
        metavar="TEXT|FILE|-",
        help="the failure message, a file holding it (e.g. saved pytest output), or - for standard input",
    )
    p.add_argument(
        "--root",
        default=".",
        metavar="PATH",
        help="repository (or folder) to search for recordings (default: the current folder)",
    )
    p.add_argument(
        "--test-id", metavar="ID", help="the pytest node id of the failing test (default: taken from the pytest output)"
    )
    p.add_argument(
        "--body",
        metavar="FILE",
        help="the request body that missed (JSON: a body, a request object or a recording) to name the paths that changed",
    )
    p.add_argument(
        "--limit", type=int, default=5, metavar="N", help="how many candidate recordings to show (default 5)"
    )
    add_format_option(p, ("text", "json"), default="text", help="text (default) or JSON Lines, one object per miss")
    p.epilog = f"The message looks like: {_EXAMPLE}. Exit status: 0 when a miss was explained, 2 when none was found in the input."


def _read_text(arg: str | None) -> str:
    if arg == "-" or (arg is None and not sys.stdin.isatty()):
        return sys.stdin.read()
    if arg is None:
        raise CliError("paste the replay failure as an argument, give a file holding it, or pipe it in with -")
    if "\n" not in arg and len(arg) < 4096 and os.path.isfile(arg):
        try:
            return Path(arg).read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise CliError(f"cannot read {arg}: {exc.strerror or exc}") from None
    return arg


def _read_body(arg: str) -> object:
    try:
        raw = sys.stdin.buffer.read() if arg == "-" else Path(arg).read_bytes()
    except FileNotFoundError:
        raise CliError(f"--body {arg}: no such file") from None
    except OSError as exc:
        raise CliError(f"--body {arg}: {exc.strerror or exc}") from None
    try:
        return parse_bytes(raw)
    except JsonError as exc:
        raise CliError(f"--body {arg}: {exc.reason}") from None


def _print(e: Explanation, console: object) -> None:
    from rich.console import Console
    from rich.text import Text

    from inspector.cli.diff import change_renderable

    assert isinstance(console, Console)
    m = e.miss
    head = Text("replay miss ", style="bold")
    head.append(m.hash[:12] + "…" if m.hash else "(no hash)", style="bold cyan")
    if m.describe():
        head.append(f"  {m.describe()}", style="dim")
    console.print(head)
    console.print(Text.assemble(("  test     ", "dim"), m.test_id or Text("unknown", style="yellow")))
    console.print(Text.assemble(("  verdict  ", "dim"), (e.verdict, "bold")))
    if e.lookup is not None:
        console.print(
            Text(
                f"\nreplay looked for {e.lookup.file_name if not m.hash else e.lookup.file_name.replace(m.hash, m.hash[:12] + '…')} in",
                style="bold",
            )
        )
        for i, folder in enumerate(e.lookup.folders, 1):
            role = "the test's folder" if (i == 1 and m.test_id) else "the common fallback"
            exists = folder.is_dir()
            n = sum(1 for _ in folder.glob("*.json")) if exists else 0
            state = f"{n} recordings" if exists else "does not exist"
            console.print(Text.assemble(f"  {i}. ", (_show(folder), "bold"), (f"  {role}, {state}", "dim")))
    console.print(Text("\nfiles holding this request", style="bold"))
    if not e.sightings:
        console.print(Text(f"  none under {_show(e.root)} ({e.scanned} recordings searched)", style="dim"))
    for s in e.sightings:
        style = "green" if s.how == "present" else "yellow"
        console.print(Text.assemble("  ", (display_path(s.path), style), (f"  {s.how}", "cyan")))
        console.print(Text(f"     {s.reason}"))
        if s.hint:
            console.print(Text(f"     → {s.hint}", style="dim"))
    if e.body is not None:
        mark = ("✓ ", "green") if e.body.matches else ("✗ ", "yellow")
        console.print(Text.assemble("\n", ("body  ", "bold"), mark, e.body.note))
    if e.candidates:
        console.print(Text("\nmost likely drifted from (best first)", style="bold"))
    for i, c in enumerate(e.candidates, 1):
        line = Text(f"  {i}. ")
        line.append(display_path(c.path), style="bold")
        console.print(line)
        console.print(Text("     " + " · ".join(c.reasons), style="dim"))
        if c.test_id and c.test_id != m.test_id:
            console.print(Text(f"     test {c.test_id}", style="dim"))
        close = i == 1 or (c.similarity is not None and c.similarity >= 0.5)
        shown = c.changes[:12] if close else ()
        for change in shown:
            console.print(change_renderable(change, indent=5))
        if len(c.changes) > len(shown):
            more = "more " if shown else ""
            console.print(Text(f"     … {len(c.changes) - len(shown)} {more}differences in the request", style="dim"))
        if c.changes == () and e.body is not None and c.similarity == 1.0:
            console.print(Text("     the body is the same: the test id or the URL differs", style="dim"))
    for note in e.notes:
        console.print(Text(f"\nnote: {note}", style="yellow"))


def _show(path: Path) -> str:
    return display_path(path) + ("/" if not str(path).endswith(".json") else "")


def run(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise CliError("--limit must be at least 1")
    if args.body == "-" and args.text in (None, "-"):
        raise CliError("only one of TEXT and --body can come from standard input")
    text = _read_text(args.text)
    body = _read_body(args.body) if args.body else None
    root = Path(args.root)
    if not root.is_dir():
        raise CliError(f"--root {args.root} is not a folder")
    misses: list[Miss] = parse_misses(text)
    if not misses:
        raise CliError("no replay miss found in the input (expected 'Recording not found for request hash: …')")
    if body is not None and len(misses) > 1:
        raise CliError(f"the input holds {len(misses)} misses; --body can only belong to one (paste just that failure)")
    from inspector.core.recording.discovery import discover

    # several pasted misses: each recording is read and reduced once for all of them
    files = Candidates(discover([root]).files, once=len(misses) == 1)
    results = [explain(m, root, body=body, test_id=args.test_id, limit=args.limit, files=files) for m in misses]
    if args.format == "json":
        for e in results:
            sys.stdout.write(mask_text(json_line(e.to_json())) + "\n")
        sys.stdout.flush()
        return 0
    from rich.console import Console

    console = Console(highlight=False, soft_wrap=not sys.stdout.isatty())
    for i, e in enumerate(results):
        if i:
            console.rule(style="dim")
        _print(e, console)
    return 0

"""``misses``: what a replay run captured (``--capture-misses DIR``), explained: nearest recording, changes, heal class."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

from inspector.cli.errors import CliError
from inspector.cli.output import add_format_option, json_line
from inspector.cli.rules import add_rules_option
from inspector.core.checks.misses import HEAL_CLASSES, NONE, SAFE, MissReport, explain_misses
from inspector.core.recording.captures import read_misses
from inspector.core.recording.secrets import mask_text
from inspector.core.rules import profiles

NAME = "misses"
HELP = "explain the replay misses a run captured (--capture-misses DIR): nearest recording, what changed, whether heal is safe"

ROOT_HELP = (
    "repository root holding tests/ (default: the root above the folders replay looked in, when they exist "
    "on this machine, else the one above the current folder)"
)


def add_capture_arguments(p: argparse.ArgumentParser) -> None:
    """``DIR…``, ``--root`` and ``--rules``: what ``misses`` and ``heal`` both read."""
    p.add_argument("dirs", nargs="+", metavar="DIR", help="capture folders (what --capture-misses wrote), one per CI job")
    p.add_argument("--root", metavar="ROOT", help=ROOT_HELP)
    add_rules_option(p, "the changed paths and model-list names follow")


def configure(p: argparse.ArgumentParser) -> None:
    add_capture_arguments(p)
    add_format_option(
        p,
        ("text", "json", "markdown"),
        default="text",
        help="text (default), JSON Lines (one object per miss) or Markdown (a pull-request comment)",
    )
    p.epilog = "Exit status: 0 when the misses were read (whatever their class), 2 on bad input (not a capture folder, an unreadable miss file)."


def explained(args: argparse.Namespace) -> list[MissReport]:
    """The misses of ``args.dirs`` explained against ``args.root``; bad input is a one-line :class:`CliError`."""
    root = args.root
    if root is not None and not Path(root).is_dir():
        raise CliError(f"--root {root} is not a folder")
    got = read_misses(args.dirs)
    if got.errors:
        more = f" (and {len(got.errors) - 1} more)" if len(got.errors) > 1 else ""
        raise CliError(f"{got.errors[0].message}{more}")
    return explain_misses(got.misses, root, rules=profiles.rule_set(args.rules))


def _show(path: Path | str, root: Path) -> str:
    """A path relative to the root when inside it (folders with a trailing slash), else as given."""
    p = Path(path)
    try:
        rel = os.path.relpath(p, root)
    except ValueError:
        return str(p)
    text = str(p) if rel.startswith("..") else Path(rel).as_posix()
    return text + ("/" if p.suffix != ".json" and "*" not in p.name and not text.endswith("/") else "")


def describe(r: MissReport) -> str:
    """One line: method and URL (or the tool), and the model."""
    req = r.miss.request
    if r.miss.kind == "tool":
        return f"tool {req.get('provider')}.{req.get('tool_name')}"
    what = " ".join(str(x) for x in (req.get("method"), req.get("url")) if x)
    rec = r.miss.recording
    return f"{what} (model {rec.model})" if rec.model else what


def test_line(r: MissReport) -> str:
    """The test id that went into the hash, or why there is none.

    Capture writes the hash's test id, which is null for a shared model list even when a
    test made the call: it was not made "outside a test".  (A tool call's test id is read
    from its request, where the recorder keeps it.)
    """
    if r.test_id:
        return r.test_id
    if r.miss.kind == "models":
        return "none: a shared model list (its hash holds no test id)"
    return "none (outside a test)"


def heal_line(r: MissReport) -> str:
    """What heal would do, in words."""
    target = _show(r.target, r.root) if r.target else None
    if r.heal == NONE:
        return "none: nothing resembles the request; re-record it"
    if r.present is not None:
        return f"{r.heal}: {_show(r.present, r.root)} is already where replay looks"
    if target is None:
        return f"{r.heal}: {r.note or 'no place for it'}"
    if r.heal == SAFE:
        return f"safe: heal writes {target}"
    return f"unsafe: heal --force writes {target} (the provider would see a changed request)"


def _counts(reports: list[MissReport], short: bool = False) -> str:
    n = Counter(r.heal for r in reports)
    parts = ", ".join(f"{n[c]} {c}" for c in HEAL_CLASSES if n[c])
    if short:
        return f"{len(reports)}" + (f" ({parts})" if parts else "")
    return f"{len(reports)} miss{'es' if len(reports) != 1 else ''}" + (f": {parts}" if parts else "")


# --- text ---------------------------------------------------------------------------------------


def _print_text(reports: list[MissReport], dirs: list[str]) -> None:
    from rich.console import Console
    from rich.text import Text

    from inspector.cli.diff import change_renderable

    console = Console(highlight=False, soft_wrap=not sys.stdout.isatty())
    style = {SAFE: "green", NONE: "red"}
    for i, r in enumerate(reports):
        if i:
            console.print()
        head = Text("miss ", style="bold")
        head.append(r.hash[:12] + "…", style="bold cyan")
        head.append(f"  {r.miss.kind}  {describe(r)}", style="dim")
        console.print(head)
        console.print(Text.assemble(("  test      ", "dim"), r.test_id or Text(test_line(r), style="yellow")))
        looked = "  ".join(f"{n}. {_show(f, r.root)}" for n, f in enumerate(r.miss.looked_in, 1)) or "not captured"
        console.print(Text.assemble(("  looked in ", "dim"), looked))
        if r.nearest is None:
            console.print(Text.assemble(("  nearest   ", "dim"), ("nothing under the root resembles it", "yellow")))
        else:
            near = Text.assemble(("  nearest   ", "dim"), (_show(r.nearest.path, r.root), "bold"))
            near.append("  " + " · ".join(r.nearest.reasons), style="dim")
            console.print(near)
            if r.nearest.test_id != r.test_id and r.nearest.test_id:
                console.print(Text(f"            recorded for {r.nearest.test_id}", style="dim"))
            console.print(Text("  changed", style="dim") if r.changed else Text("  changed   nothing the hash sees", style="dim"))
            for c in r.changed[:12]:
                console.print(change_renderable(c, indent=4))
            if len(r.changed) > 12:
                console.print(Text(f"    … {len(r.changed) - 12} more", style="dim"))
        console.print(Text.assemble(("  heal      ", "dim"), (heal_line(r), style.get(r.heal, "yellow"))))
        if r.also:
            console.print(Text(f"  also captured in {len(r.also)} other folder{'s' if len(r.also) != 1 else ''}", style="dim"))
    console.print(Text(f"\n{_counts(reports)}", style="bold"))
    if any(r.heal == SAFE and r.present is None and r.target is not None for r in reports):
        console.print(Text("heal the safe ones: recording-inspector heal " + " ".join(dirs), style="dim"))


# --- markdown -------------------------------------------------------------------------------------

_MARK = {SAFE: "✅", "unsafe": "⚠️", NONE: "❌"}


def _code(text: str) -> str:
    return "`" + text.replace("`", "'").replace("|", "\\|").replace("\n", " ") + "`"


def _short(value: object, limit: int = 80) -> str:
    from inspector.core.recording.diff import short_value

    return short_value(value, limit)


def _no_test(r: MissReport) -> str:
    """The table's word for a miss whose hash holds no test id."""
    return "shared model list" if r.miss.kind == "models" else "no test"


def render_markdown(reports: list[MissReport], dirs: list[str]) -> str:
    """A pull-request comment: a table of the misses, then the details of each."""
    out = [f"### Replay misses: {_counts(reports, short=True)}", ""]
    if not reports:
        return "\n".join([*out, "No request missed: every request found its recording.", ""])
    out += ["| | test | kind | nearest | heal |", "|---|---|---|---|---|"]
    for r in reports:
        near = _code(_show(r.nearest.path, r.root)) if r.nearest else "–"
        out.append(f"| {_MARK.get(r.heal, '')} | {_code(r.test_id or '(' + _no_test(r) + ')')} | {r.miss.kind} | {near} | {r.heal} |")
    out.append("")
    for r in reports:
        out += [
            "<details>",
            f"<summary>{_MARK.get(r.heal, '')} {_code(r.test_id or '(' + _no_test(r) + ')')}: {r.heal}</summary>",
            "",
            f"- hash: {_code(r.hash)}",
            f"- request: {_code(describe(r))}",
            "- replay looked in: " + (", ".join(_code(_show(f, r.root)) for f in r.miss.looked_in) or "not captured"),
        ]
        if r.nearest is not None:
            out.append(f"- nearest: {_code(_show(r.nearest.path, r.root))} ({', '.join(r.nearest.reasons)})")
            if r.changed:
                out.append("- changed (old → new):")
                for c in r.changed[:20]:
                    if c.op == "added":
                        out.append(f"  - {_code(c.path)}: added {_code(_short(c.new))}")
                    elif c.op == "removed":
                        out.append(f"  - {_code(c.path)}: removed {_code(_short(c.old))}")
                    else:
                        out.append(f"  - {_code(c.path)}: {_code(_short(c.old))} → {_code(_short(c.new))}")
                if len(r.changed) > 20:
                    out.append(f"  - … {len(r.changed) - 20} more")
        out.append(f"- heal: {heal_line(r)}")
        out += ["", "</details>", ""]
    shown_dirs = " ".join(dirs)
    if any(r.heal == SAFE for r in reports):
        out.append(f"Safe misses can be healed without API keys: `recording-inspector heal {shown_dirs}` (unsafe ones with `--force`, after a look).")
    out.append("")
    return "\n".join(out)


def run(args: argparse.Namespace) -> int:
    reports = explained(args)
    if args.format == "json":
        for r in reports:
            sys.stdout.write(mask_text(json_line(r.to_json())) + "\n")
        sys.stdout.flush()
        return 0
    if args.format == "markdown":
        sys.stdout.write(mask_text(render_markdown(reports, args.dirs)))
        sys.stdout.flush()
        return 0
    if not reports:
        print(f"no misses captured in {', '.join(args.dirs)}")
        return 0
    _print_text(reports, args.dirs)
    return 0

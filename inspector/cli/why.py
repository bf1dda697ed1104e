"""``why FILE...``: how a recording's name stopped matching its request (older rule set, or the commit that broke it)."""

from __future__ import annotations

import argparse
import sys

from inspector.cli.errors import CliError
from inspector.cli.output import add_format_option, json_line
from inspector.cli.paths import display_path
from inspector.core.history.git import GitError, Repo, find_repo
from inspector.core.history.why import Why, why
from inspector.core.recording.secrets import mask_text
from inspector.core.rules.profiles import rule_set

NAME = "why"
HELP = "explain a recording whose name is not its request hash: the older rule set it matches, or from git history the last good revision and the commit that broke it"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="recording files (in a git repository)")
    add_format_option(p, ("text", "json"), default="text", help="text (default) or JSON Lines, one object per file")
    p.add_argument("--rules", default="newest", help="hash rule set that counts as ok (default: newest)")
    p.epilog = "Exit status: 0 when every file was explained (or needed no explaining), 2 on bad input."


def explain_files(files: list[str], rules_name: str = "newest") -> list[Why]:
    """One :class:`Why` per file; repositories are found once per top folder."""
    try:
        rules = rule_set(rules_name)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    repos: dict[str, Repo] = {}
    out: list[Why] = []
    try:
        for f in files:
            try:
                found = find_repo(f)
                repo: Repo | None = repos.setdefault(str(found.root), found)
            except GitError:
                repo = None  # a file outside git: fine as long as its name needs no history
            try:
                out.append(why(f, rules, repo=repo))
            except GitError as exc:
                raise CliError(str(exc)) from None
    finally:
        for r in repos.values():
            r.close()
    return out


def run(args: argparse.Namespace) -> int:
    results = explain_files(args.files, args.rules)
    if args.format == "json":
        for w in results:
            sys.stdout.write(mask_text(json_line(w.to_json())) + "\n")
        sys.stdout.flush()
        return 0
    from rich.console import Console
    from rich.text import Text

    from inspector.render.recording import STATUS_STYLES

    console = Console(highlight=False, soft_wrap=not sys.stdout.isatty())
    for i, w in enumerate(results):
        if i:
            console.print()
        head = Text(display_path(w.path), style="bold")
        head.append(f"  {w.status}", style=STATUS_STYLES.get(w.status, ""))
        if w.rule:
            head.append(f" ({w.rule} rules)", style="dim")
        console.print(head)
        console.print(Text(f"  {w.note}"))
        if w.last_good is not None:
            console.print(Text.assemble(("  last good  ", "dim"), (w.last_good.commit[:12], "cyan"), f"  {w.last_good.date}  {w.last_good.subject}"))
        if w.broke_in is not None:
            b = w.broke_in
            console.print(Text.assemble(("  broke in   ", "dim"), (b.commit[:12] or "working tree", "bold red"), f"  {b.date}  {b.subject}".rstrip()))
        if w.changed:
            console.print(Text("  changed    " + ", ".join(w.changed), style="yellow"))
    return 0

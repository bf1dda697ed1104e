"""``changes [REV_RANGE] [PATH...]``: what a git range did to the recordings, for review.

Text (grouped by test, counts first, churn-only files folded), JSON Lines (one
object per recording) or Markdown (a pull-request comment).  Exit 1 when a file
became unreachable, 2 on bad input.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path, PurePosixPath

from inspector.cli.errors import CliError
from inspector.cli.output import add_format_option, json_line
from inspector.core.history.changes import CLASSES, STATUSES, ChangeSet, FileChange, collect_changes, resolve_range
from inspector.core.history.git import GitError, Repo, find_repo
from inspector.core.recording.diff import inline_excerpt
from inspector.core.recording.secrets import mask_text
from inspector.core.rules.profiles import rule_set

NAME = "changes"
HELP = "review what a git range did to the recordings: added/removed/renamed/modified, and whether the request, the response or only churn changed"

STATUS_MARK = {"added": "A", "removed": "D", "renamed": "R", "modified": "M"}


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "args",
        nargs="*",
        metavar="[REV_RANGE] [PATH]",
        help="A..B, A...B (from the merge base), REV (against the working tree) or nothing (HEAD against the working tree), then folders to limit to",
    )
    add_format_option(p, ("text", "json", "markdown"), default="text", help="text (default), JSON Lines, or Markdown for a PR comment")
    p.add_argument("--repo", metavar="DIR", default=".", help="the git repository (default: the current folder)")
    p.add_argument("--rules", default="newest", help="hash rule set that counts as ok (default: newest)")
    p.add_argument(
        "--no-untracked",
        action="store_true",
        help="against the working tree, leave out recordings git does not track yet (included by default)",
    )
    p.add_argument("--no-cache", action="store_true", help="reduce every blob afresh; neither read nor write the blob cache")
    p.epilog = (
        "Exit status: 0 when nothing needs attention, 1 when a recording became unreachable "
        "(its name was ok before and is not after, or it was added with a wrong name), 2 on bad input."
    )


def _split_args(repo: Repo, args: list[str]) -> tuple[str | None, list[str]]:
    """The first word is a range when it has ``..`` or names a revision that is not a path."""
    if "--" in args:
        i = args.index("--")
        head, paths = args[:i], args[i + 1 :]
        if len(head) > 1:
            raise CliError("give one revision range before --")
        return (head[0] if head else None), paths
    if not args:
        return None, []
    first = args[0]
    if ".." in first:
        return first, args[1:]
    if os.path.exists(first) or (repo.root / first).exists():
        return None, args
    try:
        repo.resolve(first)
    except GitError:
        raise CliError(f"{first}: neither a revision nor a path (write A..B for a range, or -- before paths)") from None
    return first, args[1:]


def _repo_paths(repo: Repo, paths: list[str]) -> list[str]:
    out: list[str] = []
    for p in paths:
        # A path from here when it exists here, else one from the repository's top.
        out.append(repo.relative(p) if os.path.exists(p) else PurePosixPath(p).as_posix().strip("/"))
    return [p for p in out if p not in ("", ".")] or []


def collect(args: argparse.Namespace) -> ChangeSet:
    try:
        rules = rule_set(args.rules)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    if not Path(args.repo).is_dir():
        raise CliError(f"--repo {args.repo}: no such folder")
    try:
        with find_repo(args.repo) as repo:
            spec, paths = _split_args(repo, list(args.args))
            rng = resolve_range(repo, spec)
            return collect_changes(
                repo, rng, _repo_paths(repo, paths), rules=rules, untracked=not args.no_untracked, use_cache=not args.no_cache
            )
    except GitError as exc:
        raise CliError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    changes = collect(args)
    if args.format == "json":
        for c in changes:
            sys.stdout.write(mask_text(json_line(c.to_json())) + "\n")
        sys.stdout.flush()
    elif args.format == "markdown":
        sys.stdout.write(mask_text(render_markdown(changes)))
        sys.stdout.flush()
    else:
        _print_text(changes)
    return changes.exit_code


# --- shared wording -------------------------------------------------------------------


def range_label(cs: ChangeSet) -> str:
    r = cs.range
    return r.spec if r.spec and not r.worktree else f"{r.old_label} → {r.new_label}"


def counts_line(cs: ChangeSet) -> str:
    """``modified 5 · renamed 1 | request 2 · churn 3 | 1 newly stale`` (zeros left out)."""
    n = cs.counts()
    statuses = " · ".join(f"{k} {n[k]}" for k in STATUSES if n[k])
    classes = " · ".join(f"{k} {n[k]}" for k in CLASSES if n[k])
    parts = [p for p in (statuses, classes) if p]
    if n["stale"]:
        parts.append(f"{n['stale']} newly stale")
    return " | ".join(parts) or "no recording changed"


def _hash_move(c: FileChange) -> str:
    if c.status == "added":
        return f"added {c.hash_after}"
    if c.status == "removed":
        return f"was {c.hash_before}"
    return c.hash_before if c.hash_before == c.hash_after else f"{c.hash_before} → {c.hash_after}"


def _file(c: FileChange, root: Path) -> str:
    """The path from the current folder when it is inside the repository, else from its top."""
    try:
        rel = os.path.relpath(root / c.path)
    except ValueError:
        return c.path
    return rel if not rel.startswith("..") else c.path


def _short(path: str) -> str:
    head, sep, name = path.rpartition("/")
    stem = name.removesuffix(".json")
    core = stem.removeprefix("models-")
    if len(core) >= 64:
        name = stem[: len(stem) - len(core)] + core[:12] + "…" + core[64:] + ".json"
    return f"{head}{sep}{name}"


# --- text -----------------------------------------------------------------------------


def _print_text(cs: ChangeSet) -> None:
    from rich.console import Console
    from rich.text import Text

    from inspector.render.changes import render_change, word_diff

    console = Console(highlight=False, soft_wrap=not sys.stdout.isatty())
    head = Text("changes ", style="bold")
    head.append(range_label(cs), style="bold cyan")
    head.append(f"  {len(cs)} recording{'s' if len(cs) != 1 else ''}", style="dim")
    console.print(head)
    console.print(Text("  " + counts_line(cs)))
    stale = cs.stale
    if stale:
        console.print(Text("\nnewly stale: replay will not find these", style="bold red"))
        for c in stale:
            console.print(Text.assemble("  ✗ ", (_file(c, cs.root), "red"), (f"  {_hash_move(c)}", "dim")))
    for test_id, group in cs.by_test():
        console.print(Text("\n" + (test_id or "(no test id)"), style="bold"))
        churn = [c for c in group if c.churn_only and not c.stale]
        for c in group:
            if c in churn:
                continue
            line = Text(f"  {STATUS_MARK[c.status]} ", style="bold")
            line.append(_short(_file(c, cs.root)))
            if c.old_path:
                line.append(f"  ← {_short(c.old_path)}", style="dim")
            if c.classes:
                line.append("  " + ", ".join(c.classes), style="yellow")
            move = _hash_move(c)
            line.append(f"  {move}", style="red" if c.stale else "dim")
            console.print(line)
            for change in c.request_changes[:12]:
                if change.op == "changed" and isinstance(change.old, str) and isinstance(change.new, str):
                    console.print(word_diff(change.old, change.new, lead=f"      {change.path}  "))
                else:
                    console.print(render_change(change, indent=6))
            if len(c.request_changes) > 12:
                console.print(Text(f"      … {len(c.request_changes) - 12} more request paths", style="dim"))
            if c.other:
                console.print(Text("      other  " + ", ".join(c.other[:8]), style="dim"))
            if c.text_before is not None and c.text_after is not None and c.text_before != c.text_after:
                console.print(word_diff(c.text_before, c.text_after, lead="      text  "))
        if churn:
            console.print(
                Text(f"  ~ {len(churn)} recording{'s' if len(churn) != 1 else ''} with churn only (ids, timestamps, chunking)", style="dim")
            )
    if not len(cs):
        console.print(Text("\nno recording changed", style="dim"))


# --- markdown -------------------------------------------------------------------------


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def _code(text: str) -> str:
    return "`" + text.replace("`", "'") + "`"


def render_markdown(cs: ChangeSet) -> str:
    """A pull-request comment: summary table, newly stale files first, a collapsible section per test."""
    n = cs.counts()
    out = [f"### Recording changes: {_code(range_label(cs))}", ""]
    if not len(cs):
        return "\n".join([*out, "No recording changed.", ""])
    out += ["| | files |", "|---|---:|"]
    out += [f"| {k} | {n[k]} |" for k in STATUSES if n[k]]
    out += [f"| {k} | {n[k]} |" for k in CLASSES if n[k]]
    out += [f"| **newly stale** | **{n['stale']}** |", ""]
    stale = cs.stale
    if stale:
        out.append(f"**⚠️ {len(stale)} newly stale: replay will not find {'these' if len(stale) > 1 else 'this one'}**")
        out.append("")
        for c in stale:
            why = ", ".join(p.path for p in c.request_changes[:4]) or c.status
            out.append(f"- {_code(c.path)}: {_hash_move(c)} ({_md(why)})")
        out.append("")
    for test_id, group in cs.by_test():
        k = ", ".join(f"{cls} {sum(1 for c in group if cls in c.classes)}" for cls in CLASSES if any(cls in c.classes for c in group))
        summary = f"<code>{_md(test_id or '(no test id)')}</code>: {len(group)} file{'s' if len(group) != 1 else ''}"
        if k:
            summary += f" ({k})"
        out += ["<details>", f"<summary>{summary}</summary>", "", "| | file | classes | hash |", "|---|---|---|---|"]
        for c in group:
            name = _short(c.path) + (f" ← {_short(c.old_path)}" if c.old_path else "")
            out.append(f"| {STATUS_MARK[c.status]} | {_code(name)} | {', '.join(c.classes) or '–'} | {_hash_move(c)} |")
        notes: list[str] = []
        for c in group:
            for ch in c.request_changes[:6]:
                notes.append(f"- {_code(_short(c.path))} {_code(ch.path)}: {_md(ch.summary(60).partition(': ')[2])}")
            if c.text_before is not None and c.text_after is not None and c.text_before != c.text_after:
                notes.append(f"- {_code(_short(c.path))} text: {_md(inline_excerpt(c.text_before, c.text_after))}")
        if notes:
            out += ["", *notes]
        out += ["", "</details>", ""]
    return "\n".join(out)

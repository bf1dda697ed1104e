"""``check``: find what makes replay miss or a fixture folder hard to keep; one row per problem."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from inspector.cli.errors import CliError
from inspector.cli.output import json_line
from inspector.cli.paths import discover_or_fail, display_path
from inspector.cli.rules import add_rules_option
from inspector.core.checks.file_checks import CODES, ERROR, CheckOptions, CheckReport
from inspector.core.checks.runner import check_indexed
from inspector.core.recording.discovery import Discovery
from inspector.core.rules import profiles

NAME = "check"
HELP = "check recordings: hash names, folders, test ids, duplicates, normalisation, secrets, broken streams (exit 1 on errors)"


def _codes(value: str) -> frozenset[str]:
    codes = frozenset(c.strip() for c in value.split(",") if c.strip())
    unknown = sorted(codes - set(CODES))
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown check code {', '.join(unknown)} (see --list-codes)")
    return codes


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH", help="recording files and/or folders")
    p.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text report (default), JSON Lines (path, code, severity, message, hint) or GitHub Actions "
        "annotations (github; the summary table also goes to $GITHUB_STEP_SUMMARY when set)",
    )
    p.add_argument(
        "--changed-only",
        action="store_true",
        help="report on the files named only, but read their folders for the cross-file checks "
        "(duplicates, variants): what a pre-commit hook wants",
    )
    p.add_argument(
        "--no-cache", action="store_true", help="check every file again, neither reading nor updating the index cache"
    )
    p.add_argument(
        "--tests-root",
        metavar="DIR",
        type=Path,
        help="repository root that test ids are relative to; enables orphan-test",
    )
    add_rules_option(p)
    p.add_argument(
        "--max-variants",
        type=_positive,
        default=50,
        metavar="N",
        help="variant-explosion above N recordings per test (default 50)",
    )
    p.add_argument("--select", type=_codes, metavar="CODES", help="only these codes (comma-separated)")
    p.add_argument(
        "--ignore", type=_codes, default=frozenset(), metavar="CODES", help="skip these codes (comma-separated)"
    )
    p.add_argument("--list-codes", action="store_true", help="print the check codes with their severities and exit")
    p.epilog = "Exit status: 0 when there are no errors (warnings allowed), 1 when there are errors, 2 when the check could not run."


def _list_codes() -> int:
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("code")
    table.add_column("severity")
    table.add_column("meaning")
    for info in CODES.values():
        table.add_row(info.code, f"[{'red' if info.severity == ERROR else 'yellow'}]{info.severity}[/]", info.summary)
    Console().print(table)
    return 0


def _print_text(report: CheckReport) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=not sys.stdout.isatty())
    for path, findings in report.by_path().items():
        console.print(Text(display_path(path), style="bold"))
        for f in findings:
            line = Text("  ")
            line.append(f.severity, style="red" if f.severity == ERROR else "yellow")
            line.append(f" {f.code}", style="cyan")
            line.append(f"  {f.message}")
            console.print(line)
            if f.hint:
                console.print(Text(f"    → {f.hint}", style="dim"))
    counts = report.by_code()
    if counts:
        console.print()
        table = Table(
            title="summary", title_justify="left", title_style="bold", header_style="bold", box=None, pad_edge=False
        )
        table.add_column("code", style="cyan")
        table.add_column("severity")
        table.add_column("count", justify="right")
        table.add_column("meaning", style="dim")
        for code, n in counts.items():
            info = CODES[code]
            table.add_row(
                code, Text(info.severity, style="red" if info.severity == ERROR else "yellow"), str(n), info.summary
            )
        console.print(table)
    summary = Text(f"\n{report.files} file{'s' if report.files != 1 else ''} checked: ")
    if not report.findings:
        summary.append("no problems", style="green")
    else:
        summary.append(
            f"{report.errors} error{'s' if report.errors != 1 else ''}", style="red" if report.errors else "green"
        )
        summary.append(
            f", {report.warnings} warning{'s' if report.warnings != 1 else ''}",
            style="yellow" if report.warnings else "",
        )
    console.print(summary)


def run(args: argparse.Namespace) -> int:
    if args.list_codes:
        return _list_codes()
    if not args.paths:
        raise CliError("give one or more recording files or folders to check (or --list-codes)")
    rules = profiles.rule_set(args.rules)
    if args.tests_root is not None and not args.tests_root.is_dir():
        raise CliError(f"--tests-root {args.tests_root} is not a folder")
    found, only = _discover(args.paths, args.changed_only)
    opts = CheckOptions(
        rules=rules, tests_root=args.tests_root, max_variants=args.max_variants, select=args.select, ignore=args.ignore
    )
    report = _run_with_progress(found, opts, only, use_cache=not args.no_cache)
    if args.format == "json":
        out = sys.stdout
        for f in report.findings:
            out.write(json_line(f.to_json()) + "\n")
        out.flush()
    elif args.format == "github":
        from inspector.cli.github import print_annotations, write_step_summary

        print_annotations(report)
        summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary_file:
            write_step_summary(report, summary_file)
    else:
        _print_text(report)
    return report.exit_code


def _discover(paths: list[str], changed_only: bool) -> tuple[Discovery, list[str] | None]:
    """What to read, and (``--changed-only``) the files to report on."""
    if not changed_only:
        found = discover_or_fail(paths)
        if not found.files:
            raise CliError(f"no recordings found under {', '.join(paths)}")
        return found, None
    named = discover_or_fail(paths)
    if not named.files:
        raise CliError(f"no recordings found under {', '.join(paths)}")
    folders = sorted({os.path.dirname(os.path.abspath(p)) for p in named.files})
    around = discover_or_fail(folders)  # the folders' other files feed the cross-file checks
    return around, [str(p) for p in named.files]


def _run_with_progress(found: Discovery, opts: CheckOptions, only: list[str] | None, *, use_cache: bool) -> CheckReport:
    """Check with a transient progress bar on a terminal (a cold cache takes seconds)."""
    files = found.files
    if not sys.stderr.isatty() or len(files) < 200:
        return check_indexed(found, opts, display=display_path, only=only, use_cache=use_cache)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("checking"), BarColumn(), MofNCompleteColumn(), console=Console(stderr=True), transient=True
    ) as bar:
        task = bar.add_task("check", total=len(files))
        return check_indexed(
            found,
            opts,
            display=display_path,
            only=only,
            use_cache=use_cache,
            progress=lambda n: bar.update(task, completed=n),
        )

"""``check``: find what makes replay miss or a fixture folder hard to keep; one row per problem."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from inspector.cli.errors import CliError
from inspector.cli.output import add_format_option, json_line
from inspector.cli.paths import discover_or_fail, display_path
from inspector.cli.rules import add_rules_option
from inspector.core.checks.file_checks import CODES, ERROR, INFO, CheckOptions, CheckReport
from inspector.core.checks.runner import check_indexed
from inspector.core.recording.discovery import Discovery
from inspector.core.rules import profiles

if TYPE_CHECKING:
    from rich.console import Console

    from inspector.core.recording.captures import RunsRead

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
    add_format_option(
        p,
        ("text", "json", "github"),
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
    p.add_argument(
        "--runs",
        nargs="+",
        metavar="DIR",
        help="capture folders of replay runs (--capture-misses DIR): enables unread, the recordings no run read",
    )
    p.add_argument(
        "--complete",
        action="store_true",
        help="with --runs: the runs are the whole CI matrix, so a recording whose test no run collected is unread too",
    )
    p.add_argument("--list-codes", action="store_true", help="print the check codes with their severities and exit")
    p.epilog = "Exit status: 0 when there are no errors (warnings allowed), 1 when there are errors, 2 when the check could not run."


def _severity_style(severity: str) -> str:
    return "red" if severity == ERROR else "cyan" if severity == INFO else "yellow"


def _list_codes() -> int:
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("code")
    table.add_column("severity")
    table.add_column("meaning")
    for info in CODES.values():
        table.add_row(info.code, f"[{_severity_style(info.severity)}]{info.severity}[/]", info.summary)
    Console().print(table)
    return 0


_BATCH = 256  # lines written at a time


class _Lines:
    """Styled lines written straight to the console's file, as ``console.print(Text…)`` would draw them.

    Drawing each finding through rich costs about 0.25 ms a line (most of a warm check's
    time with a few thousand findings).  A printable line is written here instead, its styles
    rendered once; on a terminal a line longer than the screen is cut where rich's own word
    wrap cuts it (rich is pinned, and ``tests/cli/test_check_text.py`` holds the two to the
    same bytes).  Any other line (control characters, tabs, a wrap rich would also have to
    crop) still goes through rich.
    """

    def __init__(self, console: Console) -> None:
        self.console = console
        self.color = console.color_system is not None
        self.width = None if console.soft_wrap else console.width  # None: never wrapped
        self.plain_only = not self.color and self.width is None
        self.styles: dict[str, str] = {}
        self.out: list[str] = []

    def _paint(self, text: str, style: str) -> str:
        if not self.color or not style or not text:
            return text
        code = self.styles.get(style)
        if code is None:
            from rich.style import Style

            parsed = Style.parse(style)
            if self.console.no_color:  # as rich does: colours go, bold and dim stay
                parsed = parsed.without_color
            code = self.styles[style] = parsed.render("\0", color_system=self.console.color_system)
        return code.replace("\0", text)

    def _painted(self, parts: tuple[tuple[str, str], ...], start: int, end: int) -> str:
        """The characters ``start:end`` of the line, each part in its style."""
        out: list[str] = []
        at = 0
        for text, style in parts:
            stop = at + len(text)
            if stop > start and at < end:
                out.append(self._paint(text[max(start - at, 0) : min(end, stop) - at], style))
            at = stop
        return "".join(out)

    def line(self, plain: str, *parts: tuple[str, str]) -> None:
        """One line: its text (``plain``, given: a warm check writes thousands) and the same text
        as ``(text, style)`` parts."""
        if self.plain_only and plain.isprintable():  # piped: as it is
            self.out.append(plain)
            if len(self.out) >= _BATCH:
                self.flush()
            return
        if not plain.isprintable():
            return self._through_rich(parts)
        w = self.width
        if w is not None and (len(plain) > w or (not plain.isascii() and _cells(plain) > w)):
            pieces = _wrap(plain, w)
            if pieces is None:
                return self._through_rich(parts)
            self.out.append("\n".join(self._painted(parts, a, b) if self.color else plain[a:b] for a, b in pieces))
        else:
            self.out.append("".join([self._paint(text, style) for text, style in parts]) if self.color else plain)
        if len(self.out) >= _BATCH:
            self.flush()

    def _through_rich(self, parts: tuple[tuple[str, str], ...]) -> None:
        from rich.text import Text

        self.flush()
        self.console.print(Text.assemble(*parts))

    def flush(self) -> None:
        if self.out:
            self.console.file.write("\n".join(self.out) + "\n")
            self.out = []


def _cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


_TRAILING_SPACE = re.compile(r"\s+$")


def _wrap(plain: str, width: int) -> list[tuple[int, int]] | None:
    """Where rich's word wrap (``Text.wrap``, overflow "fold") cuts a printable line: its pieces
    as ``(start, end)``, trailing spaces beyond the width dropped; None when a piece would still
    be too wide (rich would crop it: left to rich)."""
    from rich._wrap import divide_line

    bounds = [0, *divide_line(plain, width, fold=True), len(plain)]
    pieces: list[tuple[int, int]] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        if b - a > width:  # Text.rstrip_end: whitespace beyond the width goes
            m = _TRAILING_SPACE.search(plain, a, b)
            if m is not None:
                b -= min(m.end() - m.start(), b - a - width)
        piece = plain[a:b]
        if len(piece) > width or (not piece.isascii() and _cells(piece) > width):
            return None
        pieces.append((a, b))
    return pieces


def _print_text(report: CheckReport, console: Console | None = None) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    if console is None:
        console = Console(highlight=False, soft_wrap=not sys.stdout.isatty())
    lines = _Lines(console)
    for path, findings in report.by_path().items():
        shown = display_path(path)
        lines.line(shown, (shown, "bold"))
        for f in findings:
            lines.line(
                f"  {f.severity} {f.code}  {f.message}",
                ("  ", ""),
                (f.severity, _severity_style(f.severity)),
                (f" {f.code}", "cyan"),
                (f"  {f.message}", ""),
            )
            if f.hint:
                hint = f"    → {f.hint}"
                lines.line(hint, (hint, "dim"))
    lines.flush()
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
    if args.complete and not args.runs:
        raise CliError("--complete needs --runs DIR…")
    runs = _read_runs(args.runs) if args.runs else None
    found, only = _discover(args.paths, args.changed_only)
    opts = CheckOptions(
        rules=rules,
        tests_root=args.tests_root,
        max_variants=args.max_variants,
        select=args.select,
        ignore=args.ignore,
        runs=runs,
        complete=args.complete,
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


def _read_runs(dirs: list[str]) -> RunsRead:
    """The run records of the capture folders; a folder that is not one stops the check (one line)."""
    from inspector.core.recording.captures import read_runs

    runs = read_runs(dirs)
    if runs.errors:
        raise CliError(f"--runs {runs.errors[0].message}")
    if not runs.runs:
        raise CliError(f"--runs: no run record (runs/*.jsonl) in {', '.join(dirs)}")
    return runs


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

"""``fmt``: rewrite recordings exactly as the recorder writes them, like a code formatter."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

from inspector.cli.errors import CliError
from inspector.cli.paths import discover_or_fail, display_path
from inspector.core.base.formatter import FormatResult, format_bytes, format_file
from inspector.core.checks.runner import iter_checked
from inspector.core.recording.discovery import Discovery

NAME = "fmt"
HELP = "rewrite recordings byte-for-byte as the recorder writes them (--check: only report)"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="recording files and/or folders; - reads stdin and writes stdout")
    p.add_argument("--check", action="store_true", help="change nothing; list files that would change and exit 1 if any")
    p.add_argument("--diff", action="store_true", help="print what would change as a unified diff (changes nothing)")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary line, no notes on skipped files")
    p.add_argument(
        "--fail-on-change", action="store_true", help="exit 1 when a file was reformatted (for pre-commit hooks)"
    )
    p.add_argument("--no-cache", action="store_true", help="read every file, even those the index cache knows are formatted")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _stdin() -> int:
    raw = sys.stdin.buffer.read()
    formatted, why = format_bytes(raw)
    if formatted is None:
        raise CliError(f"-: {why}", 1)
    sys.stdout.buffer.write(formatted)
    return 0


def run(args: argparse.Namespace) -> int:
    if args.paths == ["-"]:
        return _stdin()
    if "-" in args.paths:
        raise CliError("- (stdin) cannot be mixed with paths")
    found = discover_or_fail(args.paths)
    check = args.check or args.diff
    counts = {"changed": 0, "would-change": 0, "unchanged": 0, "skipped": 0, "error": 0}
    out, err = sys.stdout, sys.stderr
    for path, result in _results(found, check=check, diff=args.diff, use_cache=not args.no_cache):
        counts[result.status] += 1
        shown = display_path(path)
        if result.status == "changed":
            out.write(f"reformatted {shown}\n")
        elif result.status == "would-change":
            if args.diff:
                out.write(result.diff)
            else:
                out.write(f"would reformat {shown}\n")
        elif result.status == "skipped" and not args.quiet:
            err.write(f"recording-inspector: skipped {shown}: {result.message}\n")
        elif result.status == "error":
            err.write(f"recording-inspector: error: {shown}: {result.message}\n")
    out.flush()
    for issue in found.issues:
        err.write(f"recording-inspector: {display_path(issue.path)}: {issue.message}\n")
    if not args.quiet:
        parts = []
        if counts["changed"]:
            parts.append(f"{_plural(counts['changed'], 'file')} reformatted")
        if counts["would-change"]:
            parts.append(f"{_plural(counts['would-change'], 'file')} would be reformatted")
        parts.append(f"{_plural(counts['unchanged'], 'file')} left unchanged")
        if counts["skipped"]:
            parts.append(f"{counts['skipped']} skipped")
        if counts["error"]:
            parts.append(f"{_plural(counts['error'], 'error')}")
        err.write(", ".join(parts) + ".\n")
    if counts["error"]:
        return 2
    if check and counts["would-change"]:
        return 1
    if args.fail_on_change and counts["changed"]:
        return 1
    if not found.files:
        err.write("recording-inspector: no recordings found\n")
        return 2
    return 0


def _results(found: Discovery, *, check: bool, diff: bool, use_cache: bool) -> Iterator[tuple[Path, FormatResult]]:
    """Each file's outcome; the index cache answers for files it knows are formatted (or not, when only checking)."""
    if not use_cache:
        for path in found.files:
            yield path, format_file(path, check=check, diff=diff)
        return
    for path, s in zip(found.files, iter_checked(found), strict=True):
        known = s.checks.formatted if s.checks is not None else None
        if known is True:
            yield path, FormatResult(path, "unchanged")
        elif known is False and check and not diff:
            yield path, FormatResult(path, "would-change")
        else:
            yield path, format_file(path, check=check, diff=diff)

"""Entry point: dispatch to a subcommand, or open the app on the given paths.

Every subcommand is a module in this package with ``NAME``, ``HELP``,
``configure(parser)`` and ``run(args) -> int``; list it in ``COMMANDS``, and
the page of ``docs/`` that documents it in ``DOCS``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
import textwrap
from collections.abc import Sequence

from inspector._version import __version__
from inspector.cli.errors import CliError
from inspector.cli.output import make_streams_safe

#: subcommand name -> module (relative to this package)
COMMANDS: dict[str, str] = {
    "show": ".show",
    "ls": ".ls",
    "serve": ".serve",
    "check": ".check",
    "explain": ".explain",
    "misses": ".misses",
    "heal": ".heal",
    "diff": ".diff",
    "normalize": ".normalize",
    "export": ".export",
    "fmt": ".fmt",
    "edit": ".edit",
    "rehash": ".rehash",
    "cp": ".cp",
    "mv": ".mv",
    "rm": ".rm",
    "restore": ".restore",
    "changes": ".changes",
    "why": ".why",
}

PROG = "recording-inspector"

#: command -> the page of the manual that documents it, named at the end of its --help.
#: The pages are files of the repository (there is no hosted site): tests/cli/test_docs.py
#: fails when a command has no page here or a page does not exist.
DOCS: dict[str, str] = {
    "app": "docs/app.md",
    "serve": "docs/notebook.md",
    "show": "docs/commands.md",
    "ls": "docs/commands.md",
    "diff": "docs/commands.md",
    "export": "docs/commands.md",
    "check": "docs/checks.md",
    "explain": "docs/replay-failures.md",
    "misses": "docs/replay-failures.md",  # misses and heal: issue 19, built on another branch
    "heal": "docs/replay-failures.md",
    "fmt": "docs/curating.md",
    "normalize": "docs/curating.md",
    "edit": "docs/curating.md",
    "rehash": "docs/curating.md",
    "cp": "docs/curating.md",
    "mv": "docs/curating.md",
    "rm": "docs/curating.md",
    "restore": "docs/curating.md",
    "changes": "docs/git-review.md",
    "why": "docs/git-review.md",
}
DOCS_INDEX = "docs/index.md"


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, but each paragraph of a description or epilog is filled on its
    own, and never split inside a word (a page's path, an option)."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        wrap = textwrap.TextWrapper(
            width, initial_indent=indent, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False
        )
        return "\n\n".join(wrap.fill(" ".join(p.split())) for p in text.split("\n\n"))


def _with_docs(epilog: str | None, page: str) -> str:
    """``epilog`` followed by the paragraph naming the manual's page."""
    docs = f"Docs: {page} (in the recording-inspector repository)"
    return f"{epilog}\n\n{docs}" if epilog else docs


def _build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``only``, the other subcommands' modules are not imported (start-up time)."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Inspect, replay, check and curate llama-stack style test recordings.",
        epilog=_with_docs(f"With no subcommand, `{PROG} [PATH...]` opens the app (see `{PROG} app --help`).", DOCS_INDEX),
        formatter_class=_HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    app = sub.add_parser("app", help="open the terminal app (the default)", formatter_class=_HelpFormatter)
    _configure_app(app)
    app.epilog = _with_docs(app.epilog, DOCS["app"])
    for name, module in COMMANDS.items():
        if only is not None and name != only:
            sub.add_parser(name)  # known to the parser, but its module (and imports) stay unloaded
            continue
        mod = importlib.import_module(module, __package__)
        p = sub.add_parser(name, help=mod.HELP, description=mod.HELP, formatter_class=_HelpFormatter)
        mod.configure(p)
        p.epilog = _with_docs(p.epilog, DOCS.get(name, DOCS_INDEX))
    return parser


def _configure_app(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH", help="folders and/or recording files (default: ./tests/integration or the shipped samples)")
    from inspector.cli.rules import add_rules_option

    add_rules_option(p)
    p.add_argument("--since", metavar="REV", help="mark the recordings changed in git since REV (added, modified, renamed, deleted)")
    p.add_argument(
        "--misses",
        nargs="+",
        metavar="DIR",
        help="capture folders (pytest --capture-misses DIR): their replay misses go at the top of the tree, "
        "to open beside their nearest recording and heal (default: $RECORDING_INSPECTOR_MISSES when it names one); "
        "a path after them that is no capture folder is a PATH to open",
    )
    p.add_argument(
        "--runs",
        nargs="+",
        metavar="DIR",
        help="capture folders whose run records mark the recordings no run read (is:unread)",
    )


def _run_app(args: argparse.Namespace) -> int:
    from inspector.cli.app_command import run_app

    return run_app(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (never raises to the shell)."""
    make_streams_safe()
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("app", "-h", "--help", "--version")):
        argv = ["app", *argv]
    parser = _build_parser(argv[0] if argv[0] in COMMANDS or argv[0] == "app" else None)
    try:
        args = parser.parse_args(argv)
        if args.command == "app":
            return _run_app(args)
        mod = importlib.import_module(COMMANDS[args.command], __package__)
        return int(mod.run(args) or 0)
    except CliError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the final flush
        return 0
    except Exception as exc:  # the edge: one line, never a traceback
        if os.environ.get("INSPECTOR_DEBUG"):
            raise
        print(f"{PROG}: internal error: {type(exc).__name__}: {exc} (set INSPECTOR_DEBUG=1 for details)", file=sys.stderr)
        return 70

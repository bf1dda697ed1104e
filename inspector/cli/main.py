"""Entry point: dispatch to a subcommand, or open the app on the given paths.

Every subcommand is a module in this package with ``NAME``, ``HELP``,
``configure(parser)`` and ``run(args) -> int``; list it in ``COMMANDS``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
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


def _build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``only``, the other subcommands' modules are not imported (start-up time)."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Inspect, replay, check and curate llama-stack style test recordings.",
        epilog=f"With no subcommand, `{PROG} [PATH...]` opens the app (see `{PROG} app --help`).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    app = sub.add_parser("app", help="open the terminal app (the default)")
    _configure_app(app)
    for name, module in COMMANDS.items():
        if only is not None and name != only:
            sub.add_parser(name)  # known to the parser, but its module (and imports) stay unloaded
            continue
        mod = importlib.import_module(module, __package__)
        p = sub.add_parser(name, help=mod.HELP, description=mod.HELP)
        mod.configure(p)
    return parser


def _configure_app(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH", help="folders and/or recording files (default: ./tests/integration or the shipped samples)")
    from inspector.cli.rules import add_rules_option

    add_rules_option(p)
    p.add_argument("--since", metavar="REV", help="mark the recordings changed in git since REV (added, modified, renamed, deleted)")


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

"""``export FILE --as FORMAT``: the recorded request as curl or Python, a pytest skeleton, or a Markdown transcript."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from inspector.cli.errors import CliError
from inspector.cli.paths import display_path
from inspector.core.base.writer import ConflictError, WriteError, write_text_atomic
from inspector.core.export import FORMATS, ExportError, export
from inspector.core.recording.loading import load

NAME = "export"
HELP = "export a recording as a curl command, an OpenAI-SDK Python snippet, a pytest skeleton or a Markdown transcript"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="one recording file")
    p.add_argument("--as", dest="fmt", choices=FORMATS, required=True, help="what to produce")
    p.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        type=Path,
        help="write to OUT instead of standard output (never overwrites without --force)",
    )
    p.add_argument("--force", action="store_true", help="overwrite OUT if it exists")
    p.epilog = "API keys never appear: they are read from environment variables ($OPENAI_API_KEY, …), and recorded credentials are masked."


def run(args: argparse.Namespace) -> int:
    rec = load(args.file)
    if not rec.ok:
        raise CliError(f"{display_path(args.file)}: {rec.problem}")
    try:
        text = export(rec, args.fmt)
    except ExportError as exc:
        raise CliError(str(exc)) from None
    if args.output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    try:
        write_text_atomic(args.output, text.encode("utf-8"), create=not args.force)
    except ConflictError:
        raise CliError(f"{display_path(args.output)} already exists (use --force to overwrite)") from None
    except WriteError as exc:
        raise CliError(str(exc)) from None
    print(f"wrote {display_path(args.output)}", file=sys.stderr)
    return 0

"""``edit``: change one recording from the command line (text, tool calls, any JSON node), then save.

Edits run in a fixed order: ``--set``/``--delete`` (in the order given), then
the text, reasoning, tool call names and arguments, finish reason and usage.
A changed request renames the file to its new hash unless ``--no-rename``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from inspector.cli.curating import add_root_option, add_rules_option, root_for, rules_for
from inspector.cli.errors import CliError
from inspector.cli.paths import display_path
from inspector.core.base.writer import ConflictError, WriteError
from inspector.core.edit import EditError, EditSession, FieldKind, parse_path, parse_value
from inspector.core.edit.fields import field_for
from inspector.core.edit.outcome import EditOutcome

NAME = "edit"
HELP = "edit one recording: rebuilt text, tool calls, finish reason, usage or any JSON node; then save (renaming if the hash changed)"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", metavar="FILE", help="the recording to edit")
    p.add_argument("--set", action="append", default=[], metavar="PATH=JSON", help="set a JSON node, e.g. request.body.temperature=0.5 (repeatable)")
    p.add_argument("--delete", action="append", default=[], metavar="PATH", help="remove a JSON node (repeatable)")
    p.add_argument("--text", metavar="TEXT", help="the new rebuilt assistant text (spread over the existing chunks)")
    p.add_argument("--text-file", metavar="FILE", help="read the new text from FILE (- for stdin)")
    p.add_argument("--reasoning", metavar="TEXT", help="the new reasoning text")
    p.add_argument("--tool-name", action="append", default=[], metavar="N=NAME", help="rename tool call N (repeatable)")
    p.add_argument("--tool-args", action="append", default=[], metavar="N=JSON", help="new arguments of tool call N (repeatable)")
    p.add_argument("--finish-reason", metavar="REASON", help="the new finish reason (null removes it)")
    p.add_argument("--usage", metavar="JSON", help="the new usage object (null removes it)")
    p.add_argument("--choice", type=int, default=0, metavar="N", help="which choice the text/tool edits apply to (default 0)")
    p.add_argument("-n", "--dry-run", action="store_true", help="print the diff and the rename; write nothing")
    p.add_argument("--no-rename", action="store_true", help="keep the file name even if the request's hash changed")
    p.add_argument("--force", action="store_true", help="save even if the file changed on disk meanwhile")
    add_rules_option(p)
    add_root_option(p)


def _split(item: str, option: str) -> tuple[str, str]:
    key, sep, value = item.partition("=")
    if not sep:
        raise CliError(f"{option} expects KEY=VALUE, got {item!r}")
    return key.strip(), value


def _tool_index(text: str, option: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise CliError(f"{option}: tool call index must be a number, got {text!r}") from None


def _read_text(args: argparse.Namespace) -> str | None:
    if args.text is not None and args.text_file is not None:
        raise CliError("give --text or --text-file, not both")
    if args.text_file is None:
        return args.text
    if args.text_file == "-":
        return sys.stdin.read()
    try:
        return Path(args.text_file).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"cannot read {args.text_file}: {exc}") from None


def _value(text: str, what: str) -> Any:
    try:
        return parse_value(text)
    except EditError as exc:
        raise CliError(f"{what}: {exc.reason}") from None


def run(args: argparse.Namespace) -> int:
    root = root_for(args, [args.path], in_place=True)
    try:
        session = EditSession.open(args.path, root=root, rules=rules_for(args))
    except EditError as exc:
        raise CliError(exc.reason, 1) from None
    c = args.choice
    steps: list[tuple[str, Any]] = []
    for item in args.set:
        key, raw = _split(item, "--set")
        try:
            path = parse_path(key)
        except EditError as exc:
            raise CliError(exc.reason) from None
        value = _value(raw, f"--set {key}")
        steps.append((f"--set {key}", lambda p=path, v=value: session.set_node(p, v, create=True)))
    for key in args.delete:
        try:
            path = parse_path(key)
        except EditError as exc:
            raise CliError(exc.reason) from None
        steps.append((f"--delete {key}", lambda p=path: session.delete_node(p)))
    # The response's values go through the same typed fields as the app's editor (core/edit/fields.py).
    def field_step(kind: FieldKind, text: str, tool: int | None = None) -> Any:
        return lambda: session.set_field(field_for(kind, c, tool), text)

    text = _read_text(args)
    if text is not None:
        steps.append(("--text", field_step(FieldKind.TEXT, text)))
    if args.reasoning is not None:
        steps.append(("--reasoning", field_step(FieldKind.REASONING, args.reasoning)))
    for item in args.tool_name:
        idx, name = _split(item, "--tool-name")
        n = _tool_index(idx, "--tool-name")
        steps.append((f"--tool-name {n}", field_step(FieldKind.TOOL_NAME, name, n)))
    for item in args.tool_args:
        idx, arguments = _split(item, "--tool-args")
        n = _tool_index(idx, "--tool-args")
        steps.append((f"--tool-args {n}", field_step(FieldKind.TOOL_ARGS, arguments, n)))
    if args.finish_reason is not None:
        reason = "" if args.finish_reason == "null" else args.finish_reason  # an empty finish reason removes it
        steps.append(("--finish-reason", field_step(FieldKind.FINISH, reason)))
    if args.usage is not None:
        _value(args.usage, "--usage")  # bad JSON is a usage error (exit 2), found before anything is edited
        steps.append(("--usage", field_step(FieldKind.USAGE, args.usage)))
    if not steps:
        raise CliError("nothing to edit: give --text, --set, --tool-args, … (see --help)")
    for option, step in steps:
        outcome: EditOutcome = step()
        if not outcome.ok:
            raise CliError(f"{option}: {outcome.reason}", 1)
        if outcome.stored is not None:
            sys.stderr.write(f"recording-inspector: {option}: stored as {outcome.stored}\n")
    shown = display_path(session.path)
    if not session.dirty:
        sys.stderr.write(f"recording-inspector: {shown}: no change\n")
        return 0
    plan = session.pending_rename() if not args.no_rename else None
    if args.dry_run:
        sys.stdout.write(session.diff_with_disk())
        if plan is not None:
            sys.stdout.write(f"would rename {plan.describe()}\n")
        return 0
    try:
        result = session.save(rename=not args.no_rename, force=args.force)
    except ConflictError as exc:
        raise CliError(f"{exc} (nothing saved; --force overwrites)", 1) from None
    except (WriteError, EditError) as exc:
        raise CliError(str(exc), 1) from None
    if result.renamed:
        sys.stdout.write(f"saved {display_path(result.path)} (renamed from {result.previous_path.name if result.previous_path else '?'})\n")
    else:
        sys.stdout.write(f"saved {display_path(result.path)}\n")
        if args.no_rename and session.recording.hash.status == "mismatch":
            sys.stderr.write("recording-inspector: note: the name no longer matches the request's hash; `rehash` renames it\n")
    return 0

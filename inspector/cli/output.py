"""Writing command output that never fails on odd text.

Recordings may hold anything JSON can: lone UTF-16 surrogates (``"\\ud800"``), NaN,
integers beyond 64 bits.  orjson refuses some of these; the fallback keeps the
line valid JSON by escaping everything that is not ASCII.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Sequence
from typing import Any

import orjson

__all__ = ["add_format_option", "json_line", "write_json_line", "make_streams_safe"]

#: Other spellings ``--format`` takes for the same output (``ls`` once said ``jsonl``).
_FORMAT_ALIASES = {"jsonl": "json"}


def _format_name(text: str) -> str:
    return _FORMAT_ALIASES.get(text, text)


def add_format_option(p: argparse.ArgumentParser, choices: Sequence[str], *, default: str | None, help: str) -> None:
    """Every command's ``--format``: ``json`` is JSON Lines everywhere, ``jsonl`` its alias.

    The alias is turned into the name before argparse checks the choice, so a
    command sees ``json`` whichever the user typed.
    """
    alias = [a for a, name in _FORMAT_ALIASES.items() if name in choices]
    note = f" ({', '.join(alias)}: the same as json)" if alias else ""
    p.add_argument("--format", type=_format_name, choices=tuple(choices), default=default, help=help + note)


def json_line(obj: Any) -> str:
    """One JSON Lines record (no newline)."""
    try:
        return orjson.dumps(obj, option=orjson.OPT_NON_STR_KEYS).decode()
    except (TypeError, ValueError):
        return json.dumps(obj, ensure_ascii=True, default=str)


def write_json_line(obj: Any) -> None:
    sys.stdout.write(json_line(obj) + "\n")


def make_streams_safe() -> None:
    """Text that cannot be encoded for the terminal is escaped instead of raising."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")

"""Writing command output that never fails on odd text.

Recordings may hold anything JSON can: lone UTF-16 surrogates (``"\\ud800"``), NaN,
integers beyond 64 bits.  orjson refuses some of these; the fallback keeps the
line valid JSON by escaping everything that is not ASCII.
"""

from __future__ import annotations

import contextlib
import json
import sys
from typing import Any

import orjson

__all__ = ["json_line", "write_json_line", "make_streams_safe"]


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

"""Reading and serialising recording JSON exactly as the recorder does.

Parsing prefers orjson (fast) and falls back to the standard library for what
orjson refuses but Python's ``json`` accepts (integers over 64 bits, NaN).
Serialising always uses the standard library: the recorder writes
``json.dump(data, f, indent=2)`` plus a newline, and only ``json`` reproduces
those bytes (``", "``/``": "`` separators, ``ensure_ascii``).
"""

from __future__ import annotations

import json
from typing import Any

import orjson

__all__ = ["JsonError", "MAX_DEPTH", "parse_bytes", "dumps_recorder", "depth_exceeds", "clean_text"]

#: Nesting deeper than this is refused as "absurdly nested" (real files stay under 30).
MAX_DEPTH = 200


class JsonError(ValueError):
    """A file that is not usable JSON; ``reason`` is a one-line explanation."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def depth_exceeds(raw: bytes, limit: int = MAX_DEPTH) -> bool:
    """Cheap structural depth check on the raw bytes (ignores brackets inside strings)."""
    depth = 0
    in_str = False
    escape = False
    for b in raw:
        if in_str:
            if escape:
                escape = False
            elif b == 0x5C:  # backslash
                escape = True
            elif b == 0x22:
                in_str = False
        elif b == 0x22:
            in_str = True
        elif b in (0x5B, 0x7B):
            depth += 1
            if depth > limit:
                return True
        elif b in (0x5D, 0x7D):
            depth -= 1
    return False


def parse_bytes(raw: bytes) -> Any:
    """Parse recording bytes, raising :class:`JsonError` with a readable reason."""
    # orjson validates UTF-8 and rejects NUL bytes and empty input itself, so whatever it
    # accepts would pass every check below: try it first and explain only failures.
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        msg = str(exc)
    if not raw.strip():
        raise JsonError("empty file")
    if b"\x00" in raw[:8192]:
        raise JsonError("binary file (contains NUL bytes)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise JsonError(f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})") from None
    if "recursion" in msg.lower() or depth_exceeds(raw):
        raise JsonError(f"nested deeper than {MAX_DEPTH} levels")
    # orjson refuses some things json accepts (big ints, NaN); try the slow path.
    try:
        return json.loads(text)
    except RecursionError:
        raise JsonError(f"nested deeper than {MAX_DEPTH} levels") from None
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()):
            raise JsonError(f"truncated JSON (ends at line {exc.lineno}, column {exc.colno})") from None
        raise JsonError(f"invalid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None


def dumps_recorder(data: Any) -> str:
    """Serialise ``data`` byte-for-byte as the recorder writes a file."""
    return json.dumps(data, indent=2) + "\n"


def clean_text(text: str) -> str:
    """``text`` made safe to display: lone UTF-16 surrogates (legal in JSON) become U+FFFD."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")

"""JSON paths: how a place in a document is written and read back, and the JSON type of a value.

Diffs, normalisation plans, schema findings, secrets and the editors all name places this way:
``request.body.messages[0].content``; a key that is not a plain name is quoted (``headers["x-api-key"]``);
the document itself is ``$``.  :func:`parse_path` reads what :func:`format_path` writes (and a
leading ``$`` or ``$.``, as JSONPath and the JSON tree write paths).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

__all__ = ["ROOT", "JsonPath", "PathError", "format_path", "format_step", "parse_path", "json_type"]

JsonPath = tuple[str | int, ...]

#: How the document itself (the empty path) is written.
ROOT = "$"  # as JSONPath writes it, so that parse_path reads it back

# A plain name is written bare; anything else (a "-", a space, a dot) in quotes: as JSON Schema,
# jq and Python name things, so a path can be pasted into either.
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_BARE = re.compile(r"[^.\[\]]+")
_INDEX = re.compile(r"-?\d+")


class PathError(ValueError):
    """A path that cannot be read; the message says where it went wrong."""


def format_step(part: str | int, *, first: bool = False) -> str:
    """One step of a path: ``[2]``, ``.name`` (``name`` when ``first``) or ``["odd key"]``."""
    if isinstance(part, int):
        return f"[{part}]"
    if _IDENT.fullmatch(part):
        return part if first else f".{part}"
    return f"[{json.dumps(part)}]"


def format_path(parts: Iterable[str | int]) -> str:
    """A JSON path for display: ``body.messages[2].content``, ``headers["x-api-key"]``, ``$``."""
    out: list[str] = []
    for p in parts:
        out.append(format_step(p, first=not out))
    return "".join(out) or ROOT


def parse_path(text: str) -> JsonPath:
    """The inverse of :func:`format_path`; raises :class:`PathError` saying where it went wrong.

    A leading ``$`` or ``$.`` is allowed; ``$`` alone (and the empty text) is the root (``()``).
    """
    s = text.strip()
    if s.startswith("$"):
        s = s[1:]
        if s.startswith("."):
            s = s[1:]
    parts: list[str | int] = []
    i = 0
    expect_name = True
    while i < len(s):
        ch = s[i]
        if ch == "[":
            end = _bracket_end(s, i)
            inner = s[i + 1 : end].strip()
            if inner.startswith('"'):
                try:
                    key = json.loads(inner)
                except ValueError:
                    raise PathError(f"bad quoted key {inner} in path {text!r}") from None
                if not isinstance(key, str):
                    raise PathError(f"bad quoted key {inner} in path {text!r}")
                parts.append(key)
            elif _INDEX.fullmatch(inner):
                parts.append(int(inner))
            else:
                raise PathError(f"expected a number or a quoted key inside [] in path {text!r}")
            i = end + 1
            expect_name = False
        elif ch == ".":
            if expect_name:
                raise PathError(f"empty name in path {text!r}")
            i += 1
            expect_name = True
        else:
            m = _BARE.match(s, i)
            if not m or not expect_name:
                raise PathError(f"unexpected {ch!r} at position {i + 1} of path {text!r}")
            parts.append(m.group(0))
            i = m.end()
            expect_name = False
    if expect_name and parts:
        raise PathError(f"path {text!r} ends with a dot")
    return tuple(parts)


def _bracket_end(s: str, start: int) -> int:
    in_str = False
    escape = False
    for j in range(start + 1, len(s)):
        c = s[j]
        if in_str:
            if escape:
                escape = False
            elif c == "\\":
                escape = True
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
        elif c == "]":
            return j
    raise PathError(f"unclosed [ in path {s!r}")


def json_type(value: Any) -> str:
    """The JSON Schema type name of a value (``boolean`` before ``integer``: bool is an int)."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if value is None:
        return "null"
    return {dict: "object", list: "array", str: "string"}.get(type(value), type(value).__name__)

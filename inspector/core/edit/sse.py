"""Edits inside server-sent-event lines (``"data: {…}"`` strings of a recorded body).

Anthropic-style ``/v1/messages`` and Gemini ``/interactions`` streams are stored
as lists of SSE lines, each ``data:`` line holding compact JSON written by the
server, not by Python.  To keep the diff to what changed, a value is replaced
*in place*: the span of its JSON token is found and only that span is rewritten,
with the escaping style the line already uses (raw UTF-8 or ``\\uXXXX``, Go's
``\\u003c`` HTML escapes).  Everything else in the line stays byte-identical.

The lines are grouped into events once, by :func:`inspector.core.streams.sse.group_sse`.
"""

from __future__ import annotations

import json
import re
from typing import Any

from inspector.core.edit.outcome import EditError
from inspector.core.streams.sse import decode_sse_data as decode_data
from inspector.core.streams.sse import sse_data_prefix as data_prefix

__all__ = ["data_prefix", "decode_data", "replace_in_data"]


# --- locating a token in JSON text ---------------------------------------------------

_WS = " \t\n\r"
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)


def _skip_ws(s: str, i: int) -> int:
    while i < len(s) and s[i] in _WS:
        i += 1
    return i


def _value_end(s: str, i: int) -> int:
    """Index just past the JSON value starting at ``i``."""
    ch = s[i]
    if ch == '"':
        m = _STRING.match(s, i)
        if not m:
            raise EditError("unterminated string in an event line")
        return m.end()
    if ch in "{[":
        close = "}" if ch == "{" else "]"
        i = _skip_ws(s, i + 1)
        if s[i] == close:
            return i + 1
        while True:
            if ch == "{":
                i = _skip_ws(s, _value_end(s, i))  # key
                i = _skip_ws(s, i + 1)  # past ':'
            i = _skip_ws(s, _value_end(s, i))
            if s[i] == close:
                return i + 1
            i = _skip_ws(s, i + 1)  # past ','
    for lit in ("true", "false", "null"):
        if s.startswith(lit, i):
            return i + len(lit)
    m = _NUMBER.match(s, i)
    if not m:
        raise EditError("unreadable JSON in an event line")
    return m.end()


def _span(s: str, path: tuple[Any, ...]) -> tuple[int, int, bool]:
    """``(start, end, exists)`` of the value at ``path``; for a missing last key, where to insert."""
    i = _skip_ws(s, 0)
    for depth, part in enumerate(path):
        last = depth == len(path) - 1
        if s[i] == "{" and isinstance(part, str):
            j = _skip_ws(s, i + 1)
            found = False
            while s[j] != "}":
                kend = _value_end(s, j)
                key = json.loads(s[j:kend])
                v = _skip_ws(s, _skip_ws(s, kend) + 1)
                vend = _value_end(s, v)
                if key == part:
                    i, found = v, True  # the last duplicate wins in json.loads: keep scanning
                    found_end = vend
                j = _skip_ws(s, vend)
                if s[j] == ",":
                    j = _skip_ws(s, j + 1)
            if not found:
                if last:
                    return j, j, False  # insert before the closing brace
                raise EditError(f"no key {part!r} in an event line")
            if last:
                return i, found_end, True
        elif s[i] == "[" and isinstance(part, int):
            j = _skip_ws(s, i + 1)
            k = 0
            while s[j] != "]":
                vend = _value_end(s, j)
                if k == part:
                    break
                j = _skip_ws(s, vend)
                if s[j] == ",":
                    j = _skip_ws(s, j + 1)
                k += 1
            else:
                raise EditError(f"no item {part} in an event line")
            i = j
            if last:
                return j, vend, True
        else:
            raise EditError("an event line does not have the expected shape")
    return i, _value_end(s, i), True


def _encode(value: Any, style_of: str) -> str:
    """``value`` as JSON in the escaping style ``style_of`` (the original line) uses."""
    compact = ", " not in style_of and ": " not in style_of
    ascii_only = style_of.isascii() and re.search(r"\\u00[89a-f][0-9a-f]|\\u0[1-9a-f][0-9a-f]{2}|\\u[1-9a-f]", style_of) is not None
    text = json.dumps(value, ensure_ascii=ascii_only, separators=(",", ":") if compact else (", ", ": "))
    if re.search(r"\\u003[ce]|\\u0026", style_of):  # Go's encoding/json escapes <, >, &
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return text


def replace_in_data(line: str, path: tuple[Any, ...], value: Any) -> str:
    """The ``data:`` line with the value at ``path`` inside its JSON set to ``value``.

    Only that token changes; a missing last key is added at the end of its object.
    Raises :class:`EditError` when the line is not JSON of the expected shape.
    """
    prefix = data_prefix(line)
    body = line[len(prefix) :]
    if not path:
        return prefix + _encode(value, body)
    try:
        start, end, exists = _span(body, path)
    except (IndexError, ValueError) as exc:
        raise EditError(f"unreadable JSON in an event line ({exc})") from None
    token = _encode(value, body)
    if exists:
        new_body = body[:start] + token + body[end:]
    else:
        compact = ", " not in body and ": " not in body
        key = _encode(path[-1], body)
        sep = ":" if compact else ": "
        before = body[:start].rstrip()
        comma = "" if before.endswith("{") else ("," if compact else ", ")
        new_body = before + comma + key + sep + token + body[start:]
    result = prefix + new_body
    try:
        json.loads(new_body)
    except ValueError:  # pragma: no cover - a guard: never write a line we cannot read back
        raise EditError("could not rewrite an event line") from None
    return result

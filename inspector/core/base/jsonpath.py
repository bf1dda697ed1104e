"""JSON paths: how a place in a document is written, and the JSON type of a value.

Diffs, normalisation plans, schema findings and the editors all name places this way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def format_path(parts: Iterable[str | int]) -> str:
    """A JSON path for display: ``body.messages[2].content``, ``headers["x-api-key"]``."""
    out: list[str] = []
    for p in parts:
        if isinstance(p, int):
            out.append(f"[{p}]")
        elif _IDENT.match(p):
            out.append(f".{p}" if out else p)
        else:
            out.append(f"[{json.dumps(p)}]")
    return "".join(out) or "(root)"


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

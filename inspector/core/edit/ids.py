"""A recording's own ids: the ``rec-<hash12>`` ids its response was normalised with, and its test id.

Duplicating (curate) and renaming after a request edit (rehash) both re-point them; both call here.
"""

from __future__ import annotations

import re
from typing import Any

from inspector.core.base.tree import map_strings

__all__ = ["old_id_hash", "repoint_ids", "with_test_id"]

_REC_ID = re.compile(r"rec-[0-9a-f]{12}")


def repoint_ids(response: Any, old12: str, new12: str) -> tuple[Any, int]:
    """``response`` with every ``rec-<old12>`` (in ids, and inside SSE lines) now ``rec-<new12>``.

    Returns the new value (unchanged parts shared) and how many strings changed.
    """
    if old12 == new12:
        return response, 0
    old_id, new_id = f"rec-{old12}", f"rec-{new12}"
    count = 0

    def repoint(value: str) -> str:
        nonlocal count
        if old_id in value:
            count += 1
            return value.replace(old_id, new_id)
        return value

    return map_strings(response, repoint), count


def old_id_hash(name_hash: str | None, response: Any) -> str | None:
    """The 12 hex the response's ids were normalised with: the file name's, else the only one used."""
    if name_hash:
        return name_hash[:12]
    found: set[str] = set()
    stack = [response]
    while stack and len(found) < 2:
        v = stack.pop()
        if isinstance(v, str):
            found.update(m[4:] for m in _REC_ID.findall(v))
        elif isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return found.pop() if len(found) == 1 else None


def with_test_id(data: dict[str, Any], test_id: str) -> dict[str, Any]:
    """``data`` with its test id set (top level first, as the recorder orders keys; and in raw requests)."""
    if "test_id" in data:  # keep its position
        out = {k: (test_id if k == "test_id" else v) for k, v in data.items()}
    else:
        out = {"test_id": test_id, **data}
    req = out.get("request")
    if isinstance(req, dict) and "test_id" in req:
        out["request"] = {k: (test_id if k == "test_id" else v) for k, v in req.items()}
    return out


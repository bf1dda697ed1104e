"""Copy-on-write walks of JSON values: change some strings, share every untouched container.

The hash's lifting of long strings and a rehash's re-pointing of ``rec-<hash12>`` ids both
rewrite strings deep in a document; both walk it here, so an unchanged branch is never copied.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["map_strings"]


def map_strings(value: Any, change: Callable[[str], str]) -> Any:
    """``value`` with every string ``s`` replaced by ``change(s)``.

    Containers along a changed string are copied; everything else (and ``value`` itself, when
    nothing changed) is the same object as before.  ``change`` returns its argument to keep it.
    """
    if isinstance(value, str):
        return change(value)
    if isinstance(value, dict):
        out: Any = None
        for k, v in value.items():
            w = map_strings(v, change)
            if w is not v:
                if out is None:
                    out = dict(value)
                out[k] = w
        return value if out is None else out
    if isinstance(value, list):
        out = None
        for i, v in enumerate(value):
            w = map_strings(v, change)
            if w is not v:
                if out is None:
                    out = list(value)
                out[i] = w
        return value if out is None else out
    return value

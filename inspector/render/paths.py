"""Paths as the terminal shows them: relative to the current folder, hash names cut short."""

from __future__ import annotations

import os

__all__ = ["display_path", "short_path"]


def display_path(path: str | os.PathLike[str]) -> str:
    """A path relative to the current folder when it is below it."""
    p = str(path)
    try:
        rel = os.path.relpath(p)
    except ValueError:
        return p
    return rel if not rel.startswith("..") else p


def short_path(path: str | os.PathLike[str]) -> str:
    """``display_path`` with a 64-hex file name cut to its first 12 characters."""
    p = display_path(path)
    head, sep, name = p.rpartition("/")
    stem = name[:-5] if name.endswith(".json") else name
    core = stem[7:] if stem.startswith("models-") else stem
    if len(core) >= 64:
        name = ("models-" if stem.startswith("models-") else "") + core[:12] + "…" + (".json" if name.endswith(".json") else "")
    return f"{head}{sep}{name}"

"""Paths as the terminal shows them: relative to the current folder, hash names cut short."""

from __future__ import annotations

import functools
import os

__all__ = ["display_path", "short_path"]


def display_path(path: str | os.PathLike[str]) -> str:
    """A path relative to the current folder when it is below it."""
    p = str(path)
    head, name = os.path.split(p)
    if not name or name in (".", ".."):
        rel = _relpath(p, os.getcwd())
    else:
        # Per folder (a check shows thousands of files of a few folders): relpath costs two abspaths.
        folder = _relpath(head or ".", os.getcwd())
        if folder is None or folder.startswith(f"..{os.sep}"):
            return p  # a folder outside the current one: so is every file in it
        if folder.startswith(".."):  # (the path may be the current folder itself, or "..name"): exactly
            rel = _relpath(p, os.getcwd())
        else:
            rel = name if folder == "." else f"{folder}{os.sep}{name}"
    return rel if rel is not None and not rel.startswith("..") else p


@functools.lru_cache(maxsize=4096)
def _relpath(path: str, cwd: str) -> str | None:
    try:
        return os.path.relpath(path, cwd)
    except ValueError:  # another drive (Windows)
        return None


def short_path(path: str | os.PathLike[str]) -> str:
    """``display_path`` with a 64-hex file name cut to its first 12 characters."""
    p = display_path(path)
    head, sep, name = p.rpartition("/")
    stem = name[:-5] if name.endswith(".json") else name
    core = stem[7:] if stem.startswith("models-") else stem
    if len(core) >= 64:
        name = ("models-" if stem.startswith("models-") else "") + core[:12] + "…" + (".json" if name.endswith(".json") else "")
    return f"{head}{sep}{name}"

"""Paths as the terminal shows them: relative to the current folder, hash names cut short."""

from __future__ import annotations

import functools
import os
import re

__all__ = ["display_path", "short_name", "short_path"]

# The recorder's names: ``<hash>.json`` and a model list's ``models-<hash>-<digest>.json``.
_HASH_NAME = re.compile(r"^(models-)?([0-9a-f]{64})(-[0-9a-f]+)?(\.json)?$")


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


def short_name(name: str, keep: int = 12) -> str:
    """A recording's file name cut for display: its request hash to the first ``keep`` characters.

    The one place names are shortened. A model list's digest is kept whole
    (``models-0037f1a2b3c4…-0da7d1b1.json``): files of one request differ only there.
    Any other name is returned as it is.
    """
    m = _HASH_NAME.match(name)
    if m is None:
        return name
    models, digest_of_request, digest, ext = m.groups()
    return f"{models or ''}{digest_of_request[:keep]}…{digest or ''}{ext or ''}"


def short_path(path: str | os.PathLike[str]) -> str:
    """``display_path`` with a hash file name cut short (:func:`short_name`)."""
    p = display_path(path)
    head, sep, name = p.rpartition("/")
    return f"{head}{sep}{short_name(name)}"

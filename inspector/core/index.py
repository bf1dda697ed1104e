"""The index: summaries of every recording under some paths, streamed as they are read.

``iter_summaries`` is what ``ls`` and the app's loader use.  It reads each file
once; see :mod:`inspector.core.cache` for the on-disk cache that makes a second
listing fast.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .discovery import Discovery, discover
from .recording import load
from .summary import Summary, summarize

__all__ = ["IndexProgress", "summarize_path", "iter_summaries"]


@dataclass(frozen=True, slots=True)
class IndexProgress:
    done: int
    total: int


def summarize_path(path: Path, timestamp: str | None = None) -> Summary:
    """Load and summarise one file (never raises)."""
    try:
        mtime = os.stat(path).st_mtime
    except OSError:
        mtime = 0.0
    return summarize(load(path), mtime=mtime, timestamp=timestamp)


def iter_summaries(
    paths: list[str | os.PathLike[str]], *, found: Discovery | None = None, use_cache: bool = True
) -> Iterator[Summary]:
    """Summaries of every recording under ``paths`` in path order.

    ``use_cache`` is accepted for the on-disk cache (see the performance notes).
    """
    found = found or discover(paths)
    for f in found.files:
        row = found.index_rows.get(f)
        yield summarize_path(f, row.timestamp if row else None)

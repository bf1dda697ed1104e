"""The recordings the app knows about: every summary indexed so far, filtered and grouped.

Plain Python (no widgets), so filtering and grouping can run in a worker thread
and be tested on their own.  The tree renders :attr:`Library.grouper`.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Iterable, Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING

from inspector.core.index.grouping import Group, GroupBy, Grouper
from inspector.core.index.query import Query, parse_query
from inspector.core.index.summary import Summary

if TYPE_CHECKING:
    from inspector.core.checks.file_checks import CheckReport
    from inspector.core.rules.profiles import RuleSet

__all__ = ["Library", "build_grouper", "summary_of"]


def summary_of(path: str, rules: RuleSet | None = None) -> Summary:
    """A fresh summary of one file (after a save, a move, a restore); never raises."""
    # Reading is imported here, not at the top: the first frame needs none of it.
    from inspector.core.index.summary import summarize
    from inspector.core.recording.loading import load

    try:
        mtime = os.stat(path).st_mtime
    except OSError:
        mtime = 0.0
    return summarize(load(path), mtime=mtime, rules=rules)


def build_grouper(
    summaries: Iterable[Summary], query: Query, by: GroupBy, roots: Sequence[str | os.PathLike[str]]
) -> Grouper:
    """A grouping of the summaries the query matches (safe to call from a thread)."""
    grouper = Grouper(by, roots)
    match = query.matches
    for s in summaries:
        if match(s):
            grouper.add(s)
    return grouper


def _discovery_order(summary: Summary) -> tuple[str, ...]:
    # Discovery sorts paths as Path objects do, part by part ("a/b" before "a-b").
    return PurePath(summary.path).parts


class Library:
    """Summaries in arrival order, the active filter and grouping, and the grouped view."""

    def __init__(self, roots: Sequence[str | os.PathLike[str]] = (), by: GroupBy = GroupBy.TEST) -> None:
        self.roots = list(roots)
        self.summaries: list[Summary] = []
        self.by_path: dict[str, Summary] = {}
        self.query: Query = parse_query("")
        self.by = by
        self.grouper = Grouper(by, self.roots)
        self.complete = False  # every opened path indexed (set by the main screen when the indexer finishes)
        self.check_report: CheckReport | None = None  # the Problems view's last run, for the check: terms

    @property
    def total(self) -> int:
        """Recordings indexed so far."""
        return len(self.summaries)

    @property
    def shown(self) -> int:
        """Recordings the filter lets through."""
        return len(self.grouper)

    #: Up to this many recordings a count takes a few milliseconds (3 ms at 3,000, free text):
    #: it is made on each keystroke.  Beyond, it would hold the screen (120 ms at 100,000), so
    #: the regrouping worker's result brings it.
    LIVE_COUNT_LIMIT = 20_000

    def live_count(self, query: Query) -> int | None:
        """How many indexed recordings ``query`` lets through, or None when there are too many to count now."""
        if len(self.summaries) > self.LIVE_COUNT_LIMIT:
            return None
        match = query.matches
        return sum(1 for s in self.summaries if match(s))

    def add(self, batch: Iterable[Summary]) -> set[Group]:
        """Add newly indexed summaries; returns the groups whose counts changed."""
        fresh = []
        for s in batch:
            if s.path in self.by_path:  # the same file named twice
                continue
            self.by_path[s.path] = s
            self.summaries.append(s)
            fresh.append(s)
        match = self.query.matches
        return self.grouper.add_many(s for s in fresh if match(s))

    def replace(self, paths: Iterable[str], fresh: Iterable[Summary]) -> None:
        """Forget the summaries of ``paths`` and add ``fresh`` ones (files saved, moved, deleted, restored).

        The order stays the discovery order the tree shows: a rewritten file keeps
        its place, a new name (a rename, a copy, a restore) goes where discovery
        would have put it.  The grouping is stale afterwards: the caller regroups.
        """
        fresh = list(fresh)
        by_path = {s.path: s for s in fresh}
        gone = {str(p) for p in paths}
        out: list[Summary] = []
        for s in self.summaries:
            if s.path in by_path:
                out.append(by_path.pop(s.path))  # rewritten in place: same position
            elif s.path not in gone:
                out.append(s)
        for s in by_path.values():
            bisect.insort(out, s, key=_discovery_order)
        for p in gone:
            self.by_path.pop(p, None)
        for s in fresh:
            self.by_path[s.path] = s
        self.summaries = out

    def install(self, grouper: Grouper, query: Query, upto: int) -> None:
        """Switch to a grouping built (maybe in a thread) from ``summaries[:upto]``.

        Summaries that arrived while it was being built are added now.
        """
        self.query = query
        self.by = grouper.by
        match = query.matches
        grouper.add_many(s for s in self.summaries[upto:] if match(s))
        self.grouper = grouper

    def get(self, path: str | os.PathLike[str]) -> Summary | None:
        """The summary of a file, by the path it was indexed under (or the same file by another spelling)."""
        key = str(path)
        found = self.by_path.get(key)
        if found is not None:
            return found
        try:
            real = os.path.realpath(key)
        except OSError:
            return None
        for p, s in self.by_path.items():
            if os.path.realpath(p) == real:
                return s
        return None

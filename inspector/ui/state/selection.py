"""What the main screen's actions act on: the marked recordings, else what the tree cursor is on.

One value, made fresh by the main screen for each action (``MainScreen.selection``),
so every action and every dialog agree on the files: ``delete``, ``#``, ``v``
and ``n`` act on :attr:`Selection.paths`; ``e``, ``E``, ``c`` and ``x`` need one
recording, :attr:`Selection.cursor`.  Plain Python (no widgets).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from inspector.core.index.grouping import Group

__all__ = ["Selection"]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


@dataclass(frozen=True, slots=True)
class Selection:
    """The recording under the tree cursor, or the group under it, and the marked recordings."""

    cursor: str | None = None  # the recording under the cursor (None on a group)
    group: Group | None = None  # the group under the cursor
    marked: tuple[str, ...] = ()

    def in_group(self) -> Iterator[str]:
        """The recordings of the group under the cursor (those the filter shows), in tree order."""
        if self.group is not None:
            for s in self.group.walk():
                yield s.path

    @property
    def paths(self) -> list[str]:
        """What the many-file actions act on: the marked recordings, else the cursor's recording or group."""
        if self.marked:
            return list(self.marked)
        if self.cursor is not None:
            return [self.cursor]
        return list(self.in_group())

    def what(self) -> str:
        """The files acted on, as a dialog names them: ``a1b2….json``, ``3 marked recordings``, ``4 recordings of test_x``."""
        paths = self.paths
        if len(paths) == 1:
            return Path(paths[0]).name
        if self.marked:
            return _plural(len(paths), "marked recording")
        if self.group is not None:
            return f"{_plural(len(paths), 'recording')} of {self.group.label}"
        return _plural(len(paths), "recording")

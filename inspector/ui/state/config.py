"""What an app instance is started with: paths, what to select, replay speed, rules."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from inspector.core.index.grouping import GroupBy

__all__ = ["AppConfig", "DEFAULT_CHUNKS_PER_SECOND", "SPEEDS"]

#: Replay speed at 1x: about what a fast model streams.
DEFAULT_CHUNKS_PER_SECOND = 30.0

#: The speed multipliers `+` and `-` step through.
SPEEDS: tuple[float, ...] = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)


@dataclass(slots=True)
class AppConfig:
    """Settings for one run of the app.

    ``replay_speed`` is chunks per second at 1x; ``0`` is the instant mode tests
    use (playing jumps straight to the end, no timer runs).  ``animations=False``
    also turns off blinking cursors and progress clocks, for tests and screenshots.
    """

    paths: list[Path] = field(default_factory=list)
    select: Path | None = None
    replay_speed: float = DEFAULT_CHUNKS_PER_SECOND
    autoplay: bool = True
    group_by: GroupBy = GroupBy.TEST
    rules: str = "newest"
    animations: bool = True
    theme: str | None = None
    since: str | None = None  # mark what changed in git since this revision (None: a dirty tree against HEAD)
    misses: list[Path] = field(default_factory=list)  # capture folders whose replay misses top the tree
    runs: list[Path] = field(default_factory=list)  # capture folders whose run records mark unread recordings

    @property
    def instant(self) -> bool:
        return self.replay_speed <= 0

    @staticmethod
    def select_from(paths: list[str | os.PathLike[str]]) -> Path | None:
        """The recording to open at start: the first file named among the paths."""
        for p in paths:
            if Path(p).is_file():
                return Path(p)
        return None

"""The replay clock, shared by the Replay tab and compare mode (no widgets).

A timer ticks at a fixed rate; the clock turns the time elapsed since the last
tick into whole chunks to advance at ``chunks_per_second × speed``, carrying the
fraction over, so every speed from 0.25x to 16x stays smooth.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from .config import SPEEDS

__all__ = ["PlaybackClock", "faster", "slower"]


class PlaybackClock:
    """Chunks due since the last tick; ``chunks_per_second <= 0`` is the instant mode tests use."""

    def __init__(self, chunks_per_second: float, now: Callable[[], float] = time.monotonic) -> None:
        self.chunks_per_second = chunks_per_second
        self._now = now
        self._last = 0.0
        self._owed = 0.0  # fractional chunks carried between ticks

    @property
    def instant(self) -> bool:
        return self.chunks_per_second <= 0

    def start(self) -> None:
        """Playing starts now; the first chunk is due at once."""
        self._last = self._now()
        self._owed = 1.0

    def due(self, speed: float) -> int:
        """Whole chunks to advance now."""
        now = self._now()
        self._owed += (now - self._last) * self.chunks_per_second * speed
        self._last = now
        steps = int(self._owed)
        self._owed -= steps
        return steps


def _index(speed: float) -> int:
    return SPEEDS.index(speed) if speed in SPEEDS else SPEEDS.index(1.0)


def faster(speed: float) -> float:
    """The next speed up (double, at most 16x)."""
    return SPEEDS[min(len(SPEEDS) - 1, _index(speed) + 1)]


def slower(speed: float) -> float:
    """The next speed down (half, at least 0.25x)."""
    return SPEEDS[max(0, _index(speed) - 1)]

"""Replay playback, shared by the Replay tab and compare mode.

A timer ticks at a fixed rate; :class:`PlaybackClock` turns the time elapsed since
the last tick into whole chunks to advance at ``chunks_per_second × speed``,
carrying the fraction over, so every speed from 0.25x to 16x stays smooth.
:class:`Transport` is the play/pause, step, first/last and speed keys over a
position, mixed into both players.  While anything plays, :func:`hold_collector`
keeps Python's cyclic garbage collector off the objects that were alive when it
started.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from inspector.ui.state.config import SPEEDS

if TYPE_CHECKING:
    from textual.timer import Timer

__all__ = ["PlaybackClock", "Transport", "faster", "slower", "hold_collector"]

_playing: set[int] = set()  # id() of every player playing now
_froze = False  # whether the objects frozen now were frozen here (see hold_collector)


def hold_collector(player: object, playing: bool) -> None:
    """Tell whether ``player`` plays; while any does, older objects are out of the collector's way.

    A frame allocates thousands of small objects, so Python's cyclic collector runs
    often, and every so often it walks every object alive: a recording's parsed
    chunks and the app's widgets, 50-80 ms on a small machine, a frame dropped each
    time (5-8 times in 4 s of the largest stream).  ``gc.freeze()`` when playing starts
    leaves those to reference counting (the frames' own garbage is still collected);
    ``gc.unfreeze()`` when the last player stops hands them back to the collector.
    """
    global _froze
    key = id(player)
    if playing:
        if not _playing and gc.get_freeze_count() == 0:  # (never undo a freeze made elsewhere)
            gc.freeze()
            _froze = True
        _playing.add(key)
    elif key in _playing:
        _playing.discard(key)
        if not _playing and _froze:
            gc.unfreeze()
            _froze = False


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


class Transport:
    """Play, pause, step, first, last, faster and slower over ``position`` (a mixin).

    The class mixing it in (a Textual widget or screen) declares the reactives
    ``position``, ``playing`` and ``speed``, and gives ``total``, a
    :class:`PlaybackClock` in ``_clock``, ``_timer = None`` and ``_can_play()``;
    ``TICK`` is the seconds between frames.
    """

    TICK = 1 / 60

    if TYPE_CHECKING:
        position: int
        playing: bool
        speed: float
        total: int
        _clock: PlaybackClock
        _timer: Timer | None

        def set_interval(self, interval: float, callback: Callable[[], Any]) -> Timer: ...

    def _can_play(self) -> bool:
        return True

    def _stop(self) -> None:
        self.playing = False
        if self._timer is not None:
            self._timer.pause()

    def _tick(self) -> None:
        steps = self._clock.due(self.speed)
        if steps:
            self.position = min(self.total, self.position + steps)
        if self.position >= self.total:
            self._stop()

    def action_toggle_play(self) -> None:
        """Play from here (from the start when at the end), or pause."""
        if not self._can_play():
            return
        if self.playing:
            self._stop()
            return
        if self.position >= self.total:
            self.position = 0
        if self._clock.instant:  # instant mode (tests): playing jumps to the end
            self.position = self.total
            return
        self.playing = True
        self._clock.start()
        if self._timer is None:
            self._timer = self.set_interval(self.TICK, self._tick)
        else:
            self._timer.resume()
        self._tick()

    def action_step(self, delta: int) -> None:
        """One chunk forward or back (pauses)."""
        self._stop()
        self.position = max(0, min(self.total, self.position + delta))

    def action_first(self) -> None:
        """Back to before the first chunk."""
        self._stop()
        self.position = 0

    def action_last(self) -> None:
        """Jump to the end: the full response."""
        self._stop()
        self.position = self.total

    def action_faster(self) -> None:
        """Double the speed (up to 16x)."""
        self.speed = faster(self.speed)

    def action_slower(self) -> None:
        """Halve the speed (down to 0.25x)."""
        self.speed = slower(self.speed)

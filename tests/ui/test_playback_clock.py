"""The replay clock with a fake time source: chunks due at every speed, fractions carried;
and the garbage collector held while playing."""

from __future__ import annotations

from inspector.ui.widgets.playback import PlaybackClock, faster, slower


class FakeTime:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def test_first_chunk_at_once_then_the_rate() -> None:
    now = FakeTime()
    clock = PlaybackClock(30.0, now)
    clock.start()
    assert clock.due(1.0) == 1  # the first chunk shows at once
    now.t += 1.0
    assert clock.due(1.0) == 30
    now.t += 0.5
    assert clock.due(16.0) == 240


def test_fractions_carry_over_at_slow_speed() -> None:
    now = FakeTime()
    clock = PlaybackClock(30.0, now)
    clock.start()
    clock.due(1.0)
    total = 0
    for _ in range(60):  # 60 ticks of 1/60 s at 0.25x: 7.5 chunks due
        now.t += 1 / 60
        total += clock.due(0.25)
    assert total == 7


def test_instant_mode_and_speed_steps() -> None:
    assert PlaybackClock(0).instant and not PlaybackClock(30).instant
    assert faster(1.0) == 2.0 and faster(16.0) == 16.0 and faster(3.0) == 2.0
    assert slower(1.0) == 0.5 and slower(0.25) == 0.25


def test_the_collector_is_held_while_any_player_plays_and_a_freeze_made_elsewhere_is_kept() -> None:
    import gc

    from inspector.ui.widgets.playback import hold_collector

    a, b = object(), object()
    assert gc.get_freeze_count() == 0
    hold_collector(a, True)
    hold_collector(b, True)  # compare mode: two panes
    assert gc.get_freeze_count() > 0
    hold_collector(a, False)
    assert gc.get_freeze_count() > 0  # b still plays
    hold_collector(b, False)
    hold_collector(b, False)  # stopping twice is harmless
    assert gc.get_freeze_count() == 0
    gc.freeze()  # someone else's (the indexer freezes around a fork)
    try:
        frozen = gc.get_freeze_count()
        hold_collector(a, True)
        hold_collector(a, False)
        assert gc.get_freeze_count() >= frozen  # not undone
    finally:
        gc.unfreeze()

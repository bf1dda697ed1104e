"""Replay frames: views lay the screen out again only when their height changes, and the
chunk pane, which follows playback at a lower rate, always shows where playback stopped.

(Frame rates are measured by benchmarks/bench_replay.py, not here.)"""

from __future__ import annotations

import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Group
from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll

from inspector.ui.widgets.chunk_view import ChunkView
from inspector.ui.widgets.measured import MeasuredStatic
from inspector.ui.widgets.replay_pane import ReplayPane
from inspector.ui.widgets.response_view import ResponseView
from inspector.ui.widgets.scrubber import _span, played_columns
from tests.ui.crafted import chat_request, text_chunks, write
from tests.ui.helpers import app_for, press, settle, widget_text


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield MeasuredStatic(id="view")


def _lines(n: int, tag: str) -> Group:
    return Group(*(Text(f"{tag} line {i}") for i in range(n)))


async def test_measured_view_lays_out_only_when_its_height_changes(monkeypatch) -> None:
    layouts: list[bool] = []
    original = MeasuredStatic.update

    def spy(self, content="", *, layout=True):
        layouts.append(layout)
        original(self, content, layout=layout)

    monkeypatch.setattr(MeasuredStatic, "update", spy)
    app = _Host()
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(MeasuredStatic)
        view.update_measured(_lines(3, "a"))
        await pilot.pause()
        assert view.size.height == 3
        layouts.clear()
        view.update_measured(_lines(3, "b"))  # same height: no new layout
        await pilot.pause()
        assert layouts == [False]
        assert "b line 2" in widget_text(view) and "a line" not in widget_text(view)
        view.update_measured(_lines(5, "c"))  # taller: laid out again, every line shown
        await pilot.pause()
        assert layouts == [False, True]
        assert view.size.height == 5 and "c line 4" in widget_text(view)
        view.update_measured(_lines(2, "d"))  # shorter too
        await pilot.pause()
        assert layouts[-1] is True and view.size.height == 2


async def test_chunk_pane_lags_while_playing_and_catches_up_on_pause(repo: dict[str, Path]) -> None:
    """While playing, the chunk pane is redrawn at most ten times a second; stopping shows the chunk at once.

    Frames are driven by hand (no timer), so the test does not depend on the machine's speed.
    """
    app = app_for("repo", repo["saturn"])
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        pane = app.screen.query_one(ReplayPane)
        chunk = app.screen.query_one(ChunkView)
        pane.set_reactive(ReplayPane.playing, True)
        pane._chunk_shown_at = time.monotonic()  # the chunk pane was drawn a moment ago
        pane.position = 3
        await pilot.pause()
        assert "chunk 3 of" not in widget_text(chunk)  # the response moved on, the chunk pane waits
        pane.playing = False
        await pilot.pause()
        assert f"chunk 3 of {pane.total}" in widget_text(chunk)


@settings(max_examples=300, deadline=None)
@given(n=st.integers(1, 3000), cols=st.integers(1, 240), data=st.data())
def test_sparkline_runs_match_the_per_column_rule(n: int, cols: int, data: st.DataObject) -> None:
    """The scrubber draws three runs; they colour every column as the per-column rule does."""
    position = data.draw(st.integers(0, n))
    played, current = played_columns(n, cols, position)
    for i in range(cols):
        lo, hi = _span(i, n, cols)
        rule = "current" if lo < position <= hi else "played" if hi <= position else "ahead"
        run = "played" if i < played else "current" if i < current else "ahead"
        assert run == rule, (i, lo, hi, position)


async def test_playing_renders_only_the_screenful_at_the_end(tmp_path: Path) -> None:
    """While playing, the response view renders the last screenful of a long answer (the
    view sits at its end); paused, the whole answer is there to scroll through."""
    words = [f"word{i:04} " for i in range(900)]  # about 9,000 characters
    path = write(tmp_path / "recordings", None, chat_request("Count"), {"body": text_chunks(words), "is_streaming": True})
    app = app_for(path)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        pane = app.screen.query_one(ReplayPane)
        view = app.screen.query_one(ResponseView)
        pane.set_reactive(ReplayPane.playing, True)  # frames driven by hand
        pane.position = 880
        await pilot.pause()
        shown = widget_text(view, width=90)
        assert "earlier characters not shown" in shown and "word0878" in shown and "word0010" not in shown
        pane.playing = False
        await pilot.pause()
        shown = widget_text(view, width=90)
        assert "earlier characters not shown" not in shown and "word0010" in shown and "word0878" in shown

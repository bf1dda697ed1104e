"""Replay frames: views lay the screen out again only when their height changes (and, while
playing, never: pinned to their pane's height, they redraw only the lines that changed), and
the chunk pane, which follows playback at a lower rate, always shows where playback stopped.

(Frame rates are measured by benchmarks/bench_replay.py, not here.)"""

from __future__ import annotations

import gc
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Group
from rich.panel import Panel
from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.visual import Visual, visualize

from inspector.testing.factories import PLAIN, chat_request, text_chunks, usage, write
from inspector.ui.widgets.chunk_view import ChunkView
from inspector.ui.widgets.measured import MeasuredStatic
from inspector.ui.widgets.replay_pane import ReplayPane
from inspector.ui.widgets.response_view import ResponseView
from inspector.ui.widgets.scrubber import _span, played_columns
from tests.ui.helpers import app_for, press, screen_text, settle, widget_text


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


def _counting(tmp_path: Path, words: int):
    """The app on one streamed answer counting ``words`` words, a word a chunk."""
    chunks = text_chunks([f"word{i:04} " for i in range(words)], style=PLAIN, usage=usage(9, 1))
    return app_for(write(tmp_path / "recordings", None, chat_request("Count"), {"body": chunks, "is_streaming": True}))


async def _replay_tab(pilot) -> tuple[ReplayPane, ResponseView]:
    await settle(pilot)
    await press(pilot, "2")
    return pilot.app.screen.query_one(ReplayPane), pilot.app.screen.query_one(ResponseView)


async def test_playing_renders_only_the_screenful_at_the_end(tmp_path: Path) -> None:
    """While playing, the response view shows the last screenful of a long answer at the
    height of its pane (pinned: a growing answer never lays the screen out again); paused,
    the whole answer is there to scroll through, scrolled to its end."""
    app = _counting(tmp_path, 900)  # about 9,000 characters
    async with app.run_test(size=(140, 40)) as pilot:
        pane, view = await _replay_tab(pilot)
        scroll = app.screen.query_one("#response-scroll")
        pane.set_reactive(ReplayPane.playing, True)  # frames driven by hand
        heights = set()
        for position in (1, 2, 40, 200, 880):  # from one line to far more than the pane holds
            pane.position = position
            await pilot.pause()
            heights.add(view.outer_size.height)
        assert heights == {scroll.scrollable_content_region.height}
        shown = view.render_lines(view.content_region.reset_offset)
        text = "\n".join(strip.text for strip in shown)
        assert "word0878" in text and "word0010" not in text
        pane.playing = False
        await pilot.pause()
        await pilot.pause()
        shown = widget_text(view, width=90)
        assert "earlier characters not shown" not in shown and "word0010" in shown and "word0878" in shown
        assert scroll.scroll_y == scroll.max_scroll_y > 0  # still at the end, where playing was


def _contents() -> list[Group]:
    words = " ".join(f"w{i}" for i in range(300))
    return [
        _lines(3, "short"),
        _lines(60, "long"),
        Group(Panel(Text(words), title="reasoning"), Text(words[:500]), Panel(Text('{"city": "Paris"}'), title="tool")),
        Group(Text("one line, no more")),
    ]


async def test_pinned_views_show_the_lines_textual_draws_at_a_fixed_height() -> None:
    """Pinned (as while playing), a view is exactly ``height`` lines: the first or last lines
    Textual draws for the whole content (a group is rendered from its end only as far as
    needed), padded with blank lines; its height never follows the content."""
    app = _Host()
    async with app.run_test(size=(60, 50)) as pilot:
        view = app.query_one(MeasuredStatic)
        view.update_measured(_lines(1, "start"))
        await pilot.pause()
        for content in _contents():
            whole = [strip.text.rstrip() for strip in Visual.to_strips(view, visualize(view, content), view.content_size.width, None, view.visual_style)]
            for height in (1, 7, 30):
                for keep, expected in (("last", whole[-height:]), ("first", whole[:height])):
                    view.update_pinned(content, height, keep)
                    await pilot.pause()
                    assert view.size.height == height
                    shown = [view.render_line(y).text.rstrip() for y in range(height)]
                    assert shown == expected + [""] * (height - len(expected)), (keep, height)
        view.update_measured(_lines(4, "unpinned"))  # leaving pinned mode: the content's own height
        await pilot.pause()
        assert view.size.height == 4 and "unpinned line 3" in widget_text(view)


async def test_a_playing_frame_redraws_only_the_lines_that_changed(tmp_path: Path) -> None:
    """A word added to the answer's last line repaints that line, not the whole pane; and while
    playing, Python's cyclic collector leaves the objects alive at the start alone."""
    app = _counting(tmp_path, 400)
    async with app.run_test(size=(140, 40)) as pilot:
        pane, view = await _replay_tab(pilot)
        pane.playing = True  # frames driven by hand (no timer)
        pane.position = 300
        await pilot.pause()
        assert gc.get_freeze_count() > 0
        pane._chunk_shown_at = time.monotonic()  # the chunk pane is not due on the next frame
        pane.position = 301
        assert not pane._repaint_regions  # the player itself draws nothing
        lines = {y for region in view._repaint_regions for y in region.line_range}
        assert 1 <= len(lines) <= 2, lines  # the last line (and the cursor's, when it wraps)
        await pilot.pause()
        pane.playing = False
        await pilot.pause()
        assert gc.get_freeze_count() == 0


def _thinking_tool_call(tmp_path: Path) -> Path:
    """An answer taller than an 80x24 pane, that ends in a tool call (as a `<think>` model's do)."""
    from inspector.testing.factories import ToolCall, function_tool, response, tool_chunks, words

    text = "<think>The user asks about the weather in Quito; the tool gives it. " * 8 + "</think>Let me look it up."
    chunks = text_chunks(words(text, 2), finish=None) + tool_chunks([ToolCall("call_1", "get_weather", ['{"city"', ': "Quito"}'])])[1:]
    tool = function_tool("get_weather", "Get the weather.", {"city": {"type": "string"}}, ["city"])
    return write(
        tmp_path / "tests" / "integration" / "inference" / "recordings",
        "tests/integration/inference/test_tools.py::test_weather[txt=openai/gpt-4o]",
        chat_request("Weather in Quito?", url="https://api.openai.com/v1/chat/completions", tools=[tool]),
        response(chunks, streaming=True),
    )


async def _play_to_the_end(pilot, pane: ReplayPane, *, busy: bool) -> None:
    """Wait for playing to end; ``busy``: the app holds its screen updates (a footer or a tree being
    rebuilt) as it does, so what the end of playing asked for runs before the next layout."""
    while pane.position < pane.total - 3:
        await pilot.pause(0.005)
    if busy:
        with pilot.app.batch_update():
            while pane.playing:
                await pilot.pause(0.005)
            await pilot.pause(0.05)
    while pane.playing:
        await pilot.pause(0.005)
    await settle(pilot)
    await pilot.pause(0.1)


@pytest.mark.parametrize("busy", [False, True])
async def test_playing_ends_scrolled_to_the_end_however_it_started(tmp_path: Path, busy: bool) -> None:
    """Autoplay on opening the tab, and home then space, both leave the answer at its end: the tool call in sight."""
    path = _thinking_tool_call(tmp_path)
    app = app_for(tmp_path / "tests", path, replay_speed=60, autoplay=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        main = app.screen
        pane = main.replay
        scroll = pane.query_one("#response-scroll", VerticalScroll)
        ends = []
        main.action_show_tab("replay")  # `2`, without waiting for the playing it starts to end
        await _play_to_the_end(pilot, pane, busy=busy)
        ends.append((scroll.scroll_y, scroll.max_scroll_y, "tool call 0" in screen_text(app)))
        pane.action_first()  # home, then space
        pane.action_toggle_play()
        await _play_to_the_end(pilot, pane, busy=busy)
        ends.append((scroll.scroll_y, scroll.max_scroll_y, "tool call 0" in screen_text(app)))
        assert pane.position == pane.total and scroll.max_scroll_y > 0  # taller than the pane
        assert ends[0] == ends[1] == (scroll.max_scroll_y, scroll.max_scroll_y, True)
        pane.action_scroll_response(-1)  # page up: the reader's place is kept
        await settle(pilot)
        await pilot.pause(0.1)
        assert scroll.scroll_y < scroll.max_scroll_y

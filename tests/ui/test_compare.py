"""Compare mode (c) and export (x), on the shipped samples (read only)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from inspector.ui.main.screen import MainScreen
from inspector.ui.screens.compare import CompareScreen
from inspector.ui.screens.export import ExportScreen
from inspector.ui.screens.messages import OpenRecording
from inspector.ui.widgets.replay_pane import ReplayPane

from .helpers import app_for, press, screen_text, settle, widget_text

RECORDINGS = Path("tests/integration/inference/recordings")
PARALLEL = RECORDINGS / "8bc14bf72ba3dbb8f803e4066b3a93128abe3b103a2721e733d875ab26953c9d.json"  # 19 chunks, tool calls
COLOUR = RECORDINGS / "724f5673ac027ed1bb8393b295e9586fa86f2276ed175fb0a919343749ea6189.json"  # 9 chunks, text


def _positions(app) -> tuple[int, int]:
    a, b = app.screen.query_one("#compare-a", ReplayPane), app.screen.query_one("#compare-b", ReplayPane)
    return a.position, b.position


async def test_mark_then_compare_shows_the_request_diff_and_steps_both_replays(samples_dir: Path) -> None:
    parallel, colour = str(samples_dir / PARALLEL), str(samples_dir / COLOUR)
    app = app_for(samples_dir, select=parallel)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        main = app.screen
        await press(pilot, "c")
        assert main.compare_mark == parallel
        assert any("marked 8bc14bf72ba3dbb8 to compare" in n.message for n in app._notifications)
        main.post_message(OpenRecording(colour))
        await settle(pilot)
        await press(pilot, "c")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen)
        text = screen_text(app)
        assert "to compare" not in text  # the mark's instruction does not stay over Compare
        assert "A  inference/recordings/8bc14bf72ba3dbb8….json" in text
        assert "B  inference/recordings/724f5673ac027ed1….json" in text
        diff = widget_text(app.screen.query_one("#compare-diff"), width=160)
        assert "request differences" in diff and "different requests" in diff
        assert 'body.messages[0].content  changed  "Is it warmer in Lisbon or in Oslo right now?" → "Name a primary colour."' in diff
        assert "body.tools  removed" in diff
        assert "test_id  changed" in diff
        assert "finish_reason  removed  \"tool_calls\"" in diff and "Red is a primary colour." in diff  # the rebuilt responses
        # One set of keys drives both replays; each stops at its own end.
        assert _positions(app) == (0, 0)
        await press(pilot, "right", "right", "right")
        assert _positions(app) == (3, 3)
        assert "chunk 3 of 19" in screen_text(app) and "chunk 3 of 9" in screen_text(app)
        await press(pilot, "end")
        assert _positions(app) == (19, 9)
        await press(pilot, "left")
        assert _positions(app) == (18, 9)
        await press(pilot, "home")
        assert _positions(app) == (0, 0)
        await press(pilot, "space")  # instant mode: both to the end
        assert _positions(app) == (19, 9)
        assert "get_weather" in screen_text(app) and "finish stop" in screen_text(app)
        # A click on one scrubber moves the other with it.
        app.screen.query_one("#compare-b", ReplayPane).seek(4)
        await settle(pilot)
        assert _positions(app) == (4, 4)
        # Swap A and B; hide the diff to give the replays the screen.
        await press(pilot, "s")
        await settle(pilot)
        assert "A  inference/recordings/724f5673ac027ed1….json" in screen_text(app)
        await press(pilot, "d")
        assert not app.screen.query_one("#compare-diff-scroll").display
        await press(pilot, "escape")
        assert app.screen is main
        assert main.compare_mark == parallel  # kept for the next compare
        main.post_message(OpenRecording(parallel))
        await settle(pilot)
        await press(pilot, "c")
        assert main.compare_mark is None
        assert isinstance(app.screen, MainScreen)


async def test_export_shows_each_format_copies_and_saves_without_overwriting(
    samples_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = app_for(samples_dir, select=samples_dir / PARALLEL)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await press(pilot, "x")
        assert isinstance(app.screen, ExportScreen)
        body = lambda: widget_text(app.screen.query_one("#export-text"), width=200)  # noqa: E731
        assert "curl" in body() and "https://api.openai.com/v1/chat/completions" in body()
        assert "$OPENAI_API_KEY" in body()
        await press(pilot, "y")
        assert app.clipboard.startswith("# recorded in 8bc14bf72ba3") and "\ncurl " in app.clipboard and "get_weather" in app.clipboard
        await press(pilot, "2")
        assert "from openai import OpenAI" in body() and "chat.completions.create" in body()
        await press(pilot, "3")
        assert "def test_parallel_tool_calls" in body()
        await press(pilot, "4")
        assert "Is it warmer in Lisbon or in Oslo right now?" in body() and "get_weather" in body()
        # Save: a file name is offered; the second save of the same name asks before overwriting.
        await press(pilot, "s")
        field = app.screen.query_one("#export-path", Input)
        assert field.value == "8bc14bf72ba3.md" and field.has_focus
        await press(pilot, "enter")
        saved = tmp_path / "8bc14bf72ba3.md"
        assert saved.read_text().startswith("# ")
        assert any(n.message == "saved 8bc14bf72ba3.md" for n in app._notifications)
        saved.write_text("keep me\n")
        await press(pilot, "s", "enter")
        assert "already exists" in screen_text(app)
        assert saved.read_text() == "keep me\n"
        await press(pilot, "enter")
        assert "Lisbon" in saved.read_text()
        await press(pilot, "escape")
        assert isinstance(app.screen, MainScreen)


async def test_compare_plays_both_in_real_time_and_pauses_both(samples_dir: Path) -> None:
    """Not the tests' instant mode: the screen's clock drives both panes; pausing stops both,
    and each chunk pane shows where its replay stopped."""
    from inspector.ui.widgets.chunk_view import ChunkView

    parallel, colour = str(samples_dir / PARALLEL), str(samples_dir / COLOUR)
    app = app_for(samples_dir, select=parallel, replay_speed=4)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        main = app.screen
        await press(pilot, "c")
        main.post_message(OpenRecording(colour))
        await settle(pilot)
        await press(pilot, "c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        await pilot.press("space")
        await pilot.pause(0.15)
        assert screen.playing and all(p.playing for p in screen.panes)
        await pilot.press("space")
        await pilot.pause()
        assert not screen.playing and not any(p.playing for p in screen.panes)
        assert screen.position > 0
        for pane in screen.panes:
            assert isinstance(pane, ReplayPane) and pane.position == min(screen.position, pane.total)
            assert f"chunk {pane.position} of {pane.total}" in widget_text(pane.query_one(ChunkView))

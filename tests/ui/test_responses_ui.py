"""The Responses API kind in the app: the Replay tab plays it, the editors offer its fields."""

from __future__ import annotations

from inspector.core.edit import EditSession
from inspector.ui.widgets.replay_pane import ReplayPane

from ..conftest import SAMPLES
from .helpers import app_for, press, screen_text, settle

STREAMED = SAMPLES / "tests/integration/responses/recordings/b4cbbf5438d5f22c063a1e480a322d589a2180222340667b6da578fab5e0a76a.json"


async def test_the_replay_tab_plays_a_responses_stream() -> None:
    app = app_for(STREAMED)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        replay = app.screen.query_one(ReplayPane)
        assert "chunk 0/34" in screen_text(app)
        await press(pilot, *["right"] * 16)  # into the text deltas
        text = screen_text(app)
        assert replay.position == 16
        assert "Let me check the▌" in text  # the text grows with a cursor, under the finished reasoning
        assert "call get_weather." in text
        assert 'text += " check the"' in text  # what this chunk changed
        await press(pilot, "end")
        text = screen_text(app)
        assert "Let me check the current weather in Lisbon for you." in text
        assert "get_weather" in text
        assert "finish completed" in text


def test_the_editor_offers_text_reasoning_the_call_status_and_usage() -> None:
    session = EditSession.open(STREAMED)
    keys = [f.key for f in session.fields()]
    assert keys == ["reasoning:0", "text:0", "tool.name:0:0", "tool.args:0:0", "finish:0", "usage"]

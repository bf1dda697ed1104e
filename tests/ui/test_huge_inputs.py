"""Huge inputs: a 65 MB recording holding a 100,000-chunk stream opens without freezing.

Loading happens in a worker: the test holds the load open and keeps using the app
meanwhile, then replays to the end, where the view renders only a window of the
600,000-character answer.
"""

from __future__ import annotations

import threading
from pathlib import Path

import orjson
import pytest

import inspector.core.recording.loading as core_recording
from inspector.testing.factories import SDK, chat_chunk
from inspector.ui.widgets.response_view import ResponseView
from tests.ui.helpers import app_for, press, screen_text, settle, widget_text

N = 100_000


def _chunk(content: str | None, finish: str | None = None) -> dict:
    delta = {"content": content, "role": None, "tool_calls": None}  # a partial SDK delta, as some servers send
    return chat_chunk(delta, finish=finish, style=SDK.but(id="rec-big", model="m"))


@pytest.fixture(scope="module")
def huge(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("huge") / "tests" / "integration" / "big" / "recordings"
    folder.mkdir(parents=True)
    body = [_chunk(f"tok{i} ") for i in range(N)] + [_chunk(None, "stop")]
    doc = {"test_id": "tests/integration/big/test_big.py::test_long_answer",
           "request": {"method": "POST", "url": "http://localhost:8000/v1/chat/completions", "headers": {},
                       "body": {"model": "m", "messages": [{"role": "user", "content": "Count for a long time."}], "stream": True},
                       "endpoint": "/v1/chat/completions", "model": "m"},
           "response": {"body": body, "is_streaming": True}}
    path = folder / ("cd" * 32 + ".json")
    path.write_bytes(orjson.dumps(doc, option=orjson.OPT_INDENT_2))
    assert path.stat().st_size > 50_000_000
    return path


async def test_huge_stream_loads_in_a_worker_and_replays(huge: Path, monkeypatch) -> None:
    release = threading.Event()
    started = threading.Event()
    real_load = core_recording.load  # the main screen's loading worker imports it when it runs

    def slow_load(path, *a, **k):
        if Path(path) == huge:
            started.set()
            release.wait(30)
        return real_load(path, *a, **k)

    monkeypatch.setattr(core_recording, "load", slow_load)
    app = app_for(huge.parents[3], huge)
    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(200):
            await pilot.pause(0.01)
            if started.is_set():
                break
        assert started.is_set()
        # The load is blocked, yet the app answers: the help screen opens and closes.
        await pilot.press("question_mark")
        await pilot.pause()
        assert "Filter" in screen_text(app) or "filter" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        release.set()
        await settle(pilot)
        await press(pilot, "2")
        await press(pilot, "end")
        await settle(pilot)
        text = screen_text(app)
        assert f"{N}/{N + 1}" in text.replace(",", "") or f"{N + 1}/{N + 1}" in text.replace(",", "")
        assert "tok99999" in text
        view = app.screen.query_one(ResponseView)
        assert "earlier characters not shown" in widget_text(view)  # only a window is rendered
        await press(pilot, "home")
        assert "tok99999" not in screen_text(app)

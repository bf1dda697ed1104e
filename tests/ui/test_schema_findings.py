"""The Replay tab and the notebook show the schema findings ``check`` reports (tool-args-schema, response-schema)."""

from __future__ import annotations

from pathlib import Path

from inspector.core.checks.file_checks import check_recording
from inspector.core.recording.loading import load
from inspector.notebook.html import recording_html
from inspector.ui.widgets.response_view import ResponseView
from tests.core.test_schema import DRAFT7, PEOPLE, _recording

from .helpers import app_for, press, settle, widget_text


def _replay_text(app) -> str:
    return widget_text(app.screen.query_one(ResponseView), width=200)


def _write(tmp_path: Path, name: str, body: dict, answer: str, tool_args: str | None = None) -> Path:
    folder = tmp_path / "tests" / "integration" / "recordings"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name * 64}.json"
    path.write_bytes(_recording(body, answer, tool_args))
    return path


def _messages(path: Path) -> list[str]:
    return [f.message for f in check_recording(load(path)) if f.code in ("tool-args-schema", "response-schema")]


async def test_the_replay_tab_shows_the_answer_breaking_the_requested_schema(tmp_path: Path) -> None:
    fmt = {"response_format": {"type": "json_schema", "json_schema": {"name": "p", "schema": DRAFT7}}}
    bad = _write(tmp_path, "a", fmt, '{"x": "one"}')
    good = _write(tmp_path, "b", fmt, '{"x": 1}')
    [message] = _messages(bad)
    assert message == "the answer breaks the requested schema: $.x: 'one' is not of type 'number' (rule type, schema properties/x)"
    app = app_for(bad)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "2", "end")
        text = _replay_text(app)
        assert "✗ $.x: 'one' is not of type 'number' (rule type, schema properties/x)" in text
        assert "matches the requested JSON Schema" not in text
    assert _messages(good) == []
    app = app_for(good)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "2", "end")
        assert "✓ the answer matches the requested JSON Schema" in _replay_text(app)


async def test_the_replay_tab_shows_a_tool_call_breaking_a_schema_with_defs(tmp_path: Path) -> None:
    tools = {"tools": [{"type": "function", "function": {"name": "find", "parameters": PEOPLE}}]}
    path = _write(tmp_path, "c", tools, "", '{"people": [{"age": 1}]}')
    [message] = _messages(path)
    assert message.startswith("tool call 0 (find): ")
    app = app_for(path)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "2", "end")
        assert "✗ " + message.removeprefix("tool call 0 (find): ") in _replay_text(app)


def test_the_notebook_shows_the_same_findings(tmp_path: Path) -> None:
    fmt = {"response_format": {"type": "json_schema", "json_schema": {"name": "p", "schema": DRAFT7}}}
    bad = _write(tmp_path, "d", fmt, '{"x": "one"}')
    html = recording_html(load(bad))
    [message] = _messages(bad)
    assert "⚠ response-schema: " + message.replace("'", "&#x27;") in html
    good = _write(tmp_path, "e", fmt, '{"x": 2}')
    assert "response-schema" not in recording_html(load(good))

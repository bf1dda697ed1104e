"""Fixtures for the app's tests: a crafted repository and an app factory in instant mode."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.testing.factories import (
    PLAIN,
    ToolCall,
    chat_request,
    function_tool,
    text_chunks,
    tool_chunks,
    usage,
    write,
)

#: The app's tests write hand-made chunks: only the fields they set (what the screens show).
STYLE = PLAIN.but(id="rec-x")
URL = "https://api.openai.com/v1/chat/completions"
WEATHER_TOOL = function_tool(
    "get_weather", "Get the weather for a city.", {"city": {"type": "string"}, "unit": {"type": "string", "enum": ["c", "f"]}}, ["city"]
)


def _answer(pieces: list[str]) -> list[dict]:
    return text_chunks(pieces, style=STYLE, usage=usage(9, len(pieces)))


def make_repo(root: Path) -> dict[str, Path]:
    """A small repository: streamed text, tool calls (one bad), an exception, a non-streamed reply, a broken file."""
    ti = root / "tests" / "integration"
    out: dict[str, Path] = {}
    out["saturn"] = write(
        ti / "inference" / "recordings",
        "tests/integration/inference/test_chat.py::test_streaming[txt=openai/gpt-4o]",
        chat_request("Which planet has rings?", url=URL),
        {"body": _answer(["Saturn ", "has ", "the ", "most ", "famous ", "rings."]), "is_streaming": True},
    )
    calls = [ToolCall("call_1", "get_weather", ['{"city"', ': "Quito"', ', "unit": "c"}']), ToolCall("call_2", "get_weather", ['{"town": ', '"Oslo"}'])]
    out["weather"] = write(
        ti / "inference" / "recordings",
        "tests/integration/inference/test_tools.py::test_tool_calls[txt=openai/gpt-4o]",
        chat_request("Weather in Quito and Oslo?", url=URL, tools=[WEATHER_TOOL]),
        {"body": tool_chunks(calls, style=STYLE), "is_streaming": True},
    )
    out["interrupted"] = write(
        ti / "inference" / "recordings",
        "tests/integration/inference/test_chat.py::test_interrupted[txt=openai/gpt-4o]",
        chat_request("Write a haiku.", url=URL),
        {
            "body": _answer(["Autumn ", "leaves ", "fall"])[:3],
            "is_streaming": True,
            "is_exception": True,
            "exception_data": {"type": "APIConnectionError", "message": "Connection reset by peer", "category": "network"},
            "exception_message": "Connection reset by peer",
        },
    )
    out["plain"] = write(
        ti / "responses" / "recordings",
        "tests/integration/responses/test_basic.py::test_non_streaming",
        chat_request("Say hi.", url=URL, stream=False, model="llama3.2:3b"),
        {
            "body": {  # a minimal completion, as some providers' dumps are (the Raw tab's snapshot shows it)
                "__type__": "openai.types.chat.chat_completion.ChatCompletion",
                "__data__": {
                    "id": "rec-y", "created": 0, "model": "llama3.2:3b", "object": "chat.completion",
                    "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "Hi there!"}}],
                    "usage": {"completion_tokens": 3, "prompt_tokens": 5, "total_tokens": 8},
                },
            },
            "is_streaming": False,
        },
    )
    out["stale"] = write(
        ti / "common" / "recordings",
        None,
        chat_request("An orphan without a test.", url=URL),
        {"body": _answer(["Orphan."]), "is_streaming": True},
        name="0" * 64 + ".json",
    )
    broken = ti / "common" / "recordings" / ("f" * 64 + ".json")
    broken.write_text('{"test_id": null, "request": {')
    out["broken"] = broken
    return out


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """A crafted repository under ./repo (relative paths keep what the screen shows stable)."""
    monkeypatch.chdir(tmp_path)
    files = make_repo(Path("repo"))
    return files

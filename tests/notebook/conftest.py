"""Recordings written for the notebook tests: small, and full of text that must be escaped."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import pytest

from inspector.testing.factories import PLAIN, chat_chunk, chat_request, record, response, write_data

HOSTILE = "<script>alert('x')</script> & \"quotes\""
URL = "https://api.openai.com/v1/chat/completions"

#: One OpenAI chat chunk holding only the fields given (the factories' plain style).
chunk = partial(chat_chunk, style=PLAIN)


def chat_stream(test_id: str, user_text: str, chunks: list[dict[str, Any]], *, tools: bool = False) -> dict[str, Any]:
    tool = {"type": "function", "function": {"name": "get_weather", "description": "Weather <now>", "parameters": {"type": "object"}}}
    request = chat_request(user_text, url=URL, tools=[tool] if tools else ())
    return record(test_id, request, response(chunks, streaming=True))


def write(folder: Path, name: str, data: Any) -> Path:
    return write_data(folder / name, data)


@pytest.fixture
def hostile_recording(tmp_path: Path) -> Path:
    """A streamed chat whose every piece of text tries to inject markup; one tool call."""
    chunks = [
        chunk({"role": "assistant", "content": "Hello <b>world</b>"}),
        chunk({"content": " & more", "tool_calls": [{"index": 0, "id": "call_<1>", "function": {"name": "get_<weather>", "arguments": '{"city": "'}}]}),
        chunk({"tool_calls": [{"index": 0, "function": {"arguments": 'Lisbon <img src=x onerror=alert(1)>"}'}}]}, finish="tool_calls"),
        chunk(None, usage={"prompt_tokens": 12, "completion_tokens": 7, "total_tokens": 19}),
    ]
    data = chat_stream(f"tests/integration/test_x.py::test_<evil>[{HOSTILE}]", f"Question {HOSTILE}", chunks, tools=True)
    return write(tmp_path / "recordings", "a" * 64 + ".json", data)


@pytest.fixture
def stream_folder(tmp_path: Path) -> Path:
    """Three recordings under one recordings folder: two tests, one with tool calls, one failed."""
    folder = tmp_path / "tests" / "integration" / "inference" / "recordings"
    plain = [chunk({"role": "assistant", "content": "Paris"}), chunk({"content": "."}, finish="stop")]
    tool = [
        chunk({"role": "assistant", "tool_calls": [{"index": 0, "id": "call_1", "function": {"name": "get_weather", "arguments": '{"city": "Oslo"}'}}]}),
        chunk({}, finish="tool_calls"),
    ]
    write(folder, "1" * 64 + ".json", chat_stream("tests/t.py::test_capital[gpt-4o]", "Capital of France?", plain))
    write(folder, "2" * 64 + ".json", chat_stream("tests/t.py::test_weather[gpt-4o]", "Weather in Oslo?", tool, tools=True))
    failed = chat_stream("tests/t.py::test_capital[gpt-4o]", "Capital of Spain?", [])
    failed["response"] = {
        "body": None,
        "is_exception": True,
        "exception_data": {"category": "client", "type": "BadRequestError", "message": "bad <request>", "status_code": 400},
        "exception_message": "bad <request>",
    }
    write(folder, "3" * 64 + ".json", failed)
    return tmp_path

"""Small recordings written by the UI tests themselves, so screens are deterministic."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from inspector.core.hashing import request_hash

CHUNK = "openai.types.chat.chat_completion_chunk.ChatCompletionChunk"
COMPLETION = "openai.types.chat.chat_completion.ChatCompletion"

WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Get the weather for a city.",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}, "unit": {"type": "string", "enum": ["c", "f"]}},
            "required": ["city"],
        },
    },
}


def _chunk(delta: dict[str, Any] | None, finish: str | None = None, usage: dict[str, int] | None = None) -> dict[str, Any]:
    choices = [] if delta is None else [{"delta": delta, "finish_reason": finish, "index": 0, "logprobs": None}]
    return {
        "__type__": CHUNK,
        "__data__": {"id": "rec-x", "choices": choices, "created": 0, "model": "gpt-4o", "object": "chat.completion.chunk", "usage": usage},
    }


def text_chunks(pieces: list[str], finish: str = "stop") -> list[dict[str, Any]]:
    """A streamed answer: a role chunk, one chunk per piece, finish, usage."""
    out = [_chunk({"role": "assistant", "content": ""})]
    out += [_chunk({"content": p}) for p in pieces]
    out.append(_chunk({}, finish))
    out.append(_chunk(None, usage={"completion_tokens": len(pieces), "prompt_tokens": 9, "total_tokens": 9 + len(pieces)}))
    return out


def tool_chunks(calls: list[tuple[str, str, list[str]]]) -> list[dict[str, Any]]:
    """Streamed tool calls: (id, name, argument pieces) each, then finish tool_calls."""
    out = [_chunk({"role": "assistant", "content": None})]
    for i, (call_id, name, pieces) in enumerate(calls):
        out.append(_chunk({"tool_calls": [{"index": i, "id": call_id, "type": "function", "function": {"name": name, "arguments": ""}}]}))
        out += [_chunk({"tool_calls": [{"index": i, "function": {"arguments": p}}]}) for p in pieces]
    out.append(_chunk({}, "tool_calls"))
    return out


def chat_request(question: str, *, tools: bool = False, stream: bool = True, model: str = "gpt-4o") -> dict[str, Any]:
    body: dict[str, Any] = {"model": model, "messages": [{"role": "user", "content": question}], "stream": stream}
    if tools:
        body["tools"] = [WEATHER_TOOL]
    return {"method": "POST", "url": "https://api.openai.com/v1/chat/completions", "headers": {}, "body": body, "endpoint": "/v1/chat/completions", "model": model}


def write(folder: Path, test_id: str | None, request: dict[str, Any], response: dict[str, Any], *, name: str | None = None) -> Path:
    """Write a recording the way the recorder does (named by its hash unless ``name``)."""
    folder.mkdir(parents=True, exist_ok=True)
    name = name or f"{request_hash(request, test_id)}.json"
    data = {"test_id": test_id, "request": request, "response": response, "id_normalization_mapping": {}}
    path = folder / name
    path.write_text(json.dumps(data, indent=2) + "\n")
    return path


def make_repo(root: Path) -> dict[str, Path]:
    """A small repository: streamed text, tool calls (one bad), an exception, a non-streamed reply, a broken file."""
    ti = root / "tests" / "integration"
    out: dict[str, Path] = {}
    out["saturn"] = write(
        ti / "inference" / "recordings",
        "tests/integration/inference/test_chat.py::test_streaming[txt=openai/gpt-4o]",
        chat_request("Which planet has rings?"),
        {"body": text_chunks(["Saturn ", "has ", "the ", "most ", "famous ", "rings."]), "is_streaming": True},
    )
    out["weather"] = write(
        ti / "inference" / "recordings",
        "tests/integration/inference/test_tools.py::test_tool_calls[txt=openai/gpt-4o]",
        chat_request("Weather in Quito and Oslo?", tools=True),
        {"body": tool_chunks([("call_1", "get_weather", ['{"city"', ': "Quito"', ', "unit": "c"}']), ("call_2", "get_weather", ['{"town": ', '"Oslo"}'])]), "is_streaming": True},
    )
    out["interrupted"] = write(
        ti / "inference" / "recordings",
        "tests/integration/inference/test_chat.py::test_interrupted[txt=openai/gpt-4o]",
        chat_request("Write a haiku."),
        {
            "body": text_chunks(["Autumn ", "leaves ", "fall"])[:3],
            "is_streaming": True,
            "is_exception": True,
            "exception_data": {"type": "APIConnectionError", "message": "Connection reset by peer", "category": "network"},
            "exception_message": "Connection reset by peer",
        },
    )
    out["plain"] = write(
        ti / "responses" / "recordings",
        "tests/integration/responses/test_basic.py::test_non_streaming",
        chat_request("Say hi.", stream=False, model="llama3.2:3b"),
        {
            "body": {
                "__type__": COMPLETION,
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
        chat_request("An orphan without a test."),
        {"body": text_chunks(["Orphan."]), "is_streaming": True},
        name="0" * 64 + ".json",
    )
    broken = ti / "common" / "recordings" / ("f" * 64 + ".json")
    broken.write_text('{"test_id": null, "request": {')
    out["broken"] = broken
    return out

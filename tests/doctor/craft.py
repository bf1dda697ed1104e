"""Crafting recordings for the doctor's tests: real layout, real hashes, saved by the one writer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from inspector.core import hashing
from inspector.core.layout import recordings_dir_of
from inspector.core.writer import write_recording

CHAT_URL = "https://api.openai.com/v1/v1/chat/completions"


def chat_body(text: str = "What is the capital of France?", **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"model": "gpt-4o", "messages": [{"role": "user", "content": text}], "stream": True}
    body.update(extra)
    return body


def chunk(
    content: str | None = None,
    *,
    finish: str | None = None,
    tool: dict[str, Any] | None = None,
    hash12: str = "000000000000",
    **data: Any,
) -> dict[str, Any]:
    """One OpenAI chat chunk as the recorder stores it (normalised unless told otherwise)."""
    delta: dict[str, Any] = {"content": content, "role": "assistant" if content is not None else None}
    if tool is not None:
        delta["tool_calls"] = [tool]
    d: dict[str, Any] = {
        "id": f"rec-{hash12}",
        "choices": [{"delta": delta, "finish_reason": finish, "index": 0, "logprobs": None}],
        "created": 0,
        "model": "gpt-4o",
        "object": "chat.completion.chunk",
    }
    d.update(data)
    return {"__type__": "openai.types.chat.chat_completion_chunk.ChatCompletionChunk", "__data__": d}


def write_chat(
    root: Path,
    *,
    test_id: str | None = "tests/integration/inference/test_chat.py::test_capital[txt=openai/gpt-4o]",
    body: dict[str, Any] | None = None,
    chunks: list[dict[str, Any]] | None = None,
    folder: Path | None = None,
    name: str | None = None,
    url: str = CHAT_URL,
    headers: dict[str, Any] | None = None,
    normalise: bool = True,
) -> Path:
    """Write a streamed chat recording where the recorder would, named by its real hash."""
    body = body if body is not None else chat_body()
    request = {
        "method": "POST",
        "url": url,
        "headers": headers or {},
        "body": body,
        "endpoint": "/v1/chat/completions",
        "model": body.get("model", ""),
    }
    h = hashing.request_hash(request, test_id)
    assert h is not None
    if chunks is None:
        chunks = [chunk("Paris", hash12=h[:12]), chunk("", finish="stop", hash12=h[:12])]
    elif normalise:
        for c in chunks:
            if c.get("__data__", {}).get("id", "").startswith("rec-"):
                c["__data__"]["id"] = f"rec-{h[:12]}"
    data = {
        "test_id": test_id,
        "request": request,
        "response": {"body": chunks, "is_streaming": True},
        "id_normalization_mapping": {},
    }
    target = (folder if folder is not None else root / recordings_dir_of(test_id)) / (name or f"{h}.json")
    target.parent.mkdir(parents=True, exist_ok=True)
    write_recording(target, data)
    return target


def write_data(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_recording(path, data)
    return path

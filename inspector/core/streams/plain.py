"""Bodies with nothing streamed: tool results, file processors, and the walker of everything else.

Each family has exactly one walker (see :mod:`.walk`).
"""

from __future__ import annotations

from typing import Any

from inspector.core.base.model import RecordedError
from inspector.core.streams.events import Emit, Where, as_int, emit_text

__all__ = ["walk_tool_result", "walk_file_processor", "walk_nothing"]


def walk_tool_result(data: Any, emit: Emit, state: dict[str, Any], at: Where | None) -> None:
    """A tool call's result (its text content, an error)."""
    if not isinstance(data, dict):
        return
    emit("touch", ("choice", 0), None)
    content = data.get("content")
    if isinstance(content, str):
        emit_text(emit, at, ("text", 0), ("content",), content)
    elif isinstance(content, list):
        for j, item in enumerate(content):
            if isinstance(item, dict) and isinstance(item.get("text"), str):
                emit_text(emit, at, ("text", 0), ("content", j, "text"), item["text"])
            elif isinstance(item, str):
                emit_text(emit, at, ("text", 0), ("content", j), item)
    if data.get("error_message"):
        state["error"] = RecordedError(str(data["error_message"]), type="ToolError", status_code=as_int(data.get("error_code"), 0) or None)


def walk_file_processor(data: Any, emit: Emit, state: dict[str, Any], at: Where | None) -> None:
    """A file processor's result (its chunks)."""
    if not isinstance(data, dict):
        return
    emit("touch", ("choice", 0), None)
    chunks = data.get("chunks")
    for i, ch in enumerate(chunks if isinstance(chunks, list) else []):
        if isinstance(ch, dict) and isinstance(ch.get("content"), str):
            emit("append", ("text", 0), ("\n\n" if i else "") + ch["content"])


def walk_nothing(data: Any, emit: Emit, state: dict[str, Any], at: Where | None) -> None:
    """Any other body: one choice, nothing streamed."""
    emit("touch", ("choice", 0), None)

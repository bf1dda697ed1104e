"""Anthropic-style ``/v1/messages``: server-sent events, or one message body.

Each family has exactly one walker (see :mod:`.walk`).
"""

from __future__ import annotations

from typing import Any

from inspector.core.base.model import RecordedError
from inspector.core.streams.events import (
    Emit,
    Rel,
    Where,
    as_int,
    as_str,
    emit_args,
    emit_call_start,
    emit_ending,
    emit_text,
    new_tool,
)

__all__ = ["walk_anthropic_event", "walk_anthropic_message"]


def walk_anthropic_event(ev: Any, emit: Emit, state: dict[str, Any], at: Where | None) -> None:
    """One ``/v1/messages`` server-sent event."""
    if not isinstance(ev, dict):
        return
    typ = ev.get("type")
    if typ == "message_start":
        emit("touch", ("choice", 0), None)
        msg = ev.get("message")
        if isinstance(msg, dict) and isinstance(msg.get("usage"), dict):
            state["usage"] = dict(msg["usage"])
            emit("set", ("usage",), dict(state["usage"]))
            if at is not None:
                at.usage_start(("message", "usage"))
    elif typ == "content_block_start":
        idx = as_int(ev.get("index"), 0)
        block = ev.get("content_block") if isinstance(ev.get("content_block"), dict) else {}
        state.setdefault("blocks", {})[idx] = block.get("type")
        _anthropic_block(idx, block, emit, state, at, ("content_block",), start=True)
    elif typ == "content_block_delta":
        idx = as_int(ev.get("index"), 0)
        delta = ev.get("delta") if isinstance(ev.get("delta"), dict) else {}
        dt = delta.get("type")
        if dt == "text_delta" and isinstance(delta.get("text"), str):
            emit_text(emit, at, ("text", 0), ("delta", "text"), delta["text"])
            if at is not None:
                at.anchor(("text", 0), ("delta", "text"))
        elif dt == "thinking_delta" and isinstance(delta.get("thinking"), str):
            emit_text(emit, at, ("reasoning", 0), ("delta", "thinking"), delta["thinking"])
            if at is not None:
                at.anchor(("reasoning", 0), ("delta", "thinking"))
        elif dt == "input_json_delta" and isinstance(delta.get("partial_json"), str):
            t = state.get("tool_of_block", {}).get(idx, idx)
            emit_text(emit, at, ("tool.args", 0, t), ("delta", "partial_json"), delta["partial_json"])
    elif typ == "message_delta":
        delta = ev.get("delta") if isinstance(ev.get("delta"), dict) else None
        stop = delta.get("stop_reason") if delta is not None else None
        if stop is not None:
            emit("set", ("finish", 0), stop)
        usage = ev.get("usage")
        if isinstance(usage, dict):
            merged = dict(state.get("usage") or {})
            merged.update(usage)
            state["usage"] = merged
            emit("set", ("usage",), merged)
        if at is not None:
            if delta is not None:
                at.finish(0, ("delta", "stop_reason"), stop is not None)
            at.usage(("usage",), isinstance(usage, dict))
    elif typ == "error":
        err = ev.get("error") if isinstance(ev.get("error"), dict) else {}
        state["error"] = RecordedError(str(err.get("message") or ev), type=as_str(err.get("type")))


def _anthropic_block(
    idx: int, block: dict[str, Any], emit: Emit, state: dict[str, Any], at: Where | None, rel: Rel, *, start: bool
) -> None:
    btype = block.get("type")
    emit("touch", ("choice", 0), None)
    if btype == "text" or btype in ("thinking", "redacted_thinking"):
        field, channel = ("text", "text") if btype == "text" else ("thinking", "reasoning")
        value = block.get(field)
        if isinstance(value, str):
            if value:
                emit_text(emit, at, (channel, 0), rel + (field,), value)
            if at is not None:
                at.anchor((channel, 0), rel + (field,))
    elif btype in ("tool_use", "server_tool_use"):
        t = new_tool(state)
        state.setdefault("tool_of_block", {})[idx] = t
        emit_call_start(emit, at, 0, t, block.get("id"), block.get("name"), rel + ("name",))
        inp = block.get("input")
        if inp not in (None, {}) or not start:  # a stream's start holds {} and the JSON follows in deltas
            emit_args(emit, at, ("tool.args", 0, t), rel + ("input",), inp if inp is not None else {})
        if at is not None:
            at.anchor(("tool.args", 0, t), rel + ("input",), text=False)


def walk_anthropic_message(data: Any, emit: Emit, state: dict[str, Any], at: Where | None) -> None:
    """One ``/v1/messages`` body, not streamed."""
    if not isinstance(data, dict):
        return
    blocks = data.get("content")
    for idx, block in enumerate(blocks if isinstance(blocks, list) else []):
        if isinstance(block, dict):
            _anthropic_block(idx, block, emit, state, at, ("content", idx), start=False)
    emit_ending(emit, at, data.get("stop_reason"), ("stop_reason",), data.get("usage"), ("usage",))

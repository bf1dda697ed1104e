"""Gemini ``/interactions``: server-sent events, or one interaction object.

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

__all__ = ["walk_interactions_event", "walk_interactions_object"]


def _interactions_call(emit: Emit, at: Where | None, t: int, content: dict[str, Any], rel: Rel, *, start: bool) -> None:
    emit_call_start(emit, at, 0, t, content.get("id"), content.get("name"), rel + ("name",))
    args = content.get("arguments")
    if args if start else args is not None:
        emit_args(emit, at, ("tool.args", 0, t), rel + ("arguments",), args)
    if at is not None and start:
        at.anchor(("tool.args", 0, t), rel + ("arguments",), text=isinstance(args, str))


def walk_interactions_event(ev: Any, emit: Emit, state: dict[str, Any], at: Where | None) -> None:
    """One Gemini ``/interactions`` server-sent event."""
    if not isinstance(ev, dict):
        return
    typ = ev.get("event_type") or ev.get("type")
    if typ == "content.start":
        idx = as_int(ev.get("index"), 0)
        content = ev.get("content") if isinstance(ev.get("content"), dict) else {}
        state.setdefault("blocks", {})[idx] = content.get("type")
        emit("touch", ("choice", 0), None)
        if content.get("type") == "function_call":
            t = new_tool(state)
            state.setdefault("tool_of_block", {})[idx] = t
            _interactions_call(emit, at, t, content, ("content",), start=True)
    elif typ == "content.delta":
        idx = as_int(ev.get("index"), 0)
        delta = ev.get("delta") if isinstance(ev.get("delta"), dict) else {}
        dt = delta.get("type")
        kind = state.get("blocks", {}).get(idx)
        if dt in ("text", "thought_summary", "thought") and isinstance(delta.get("text"), str):
            channel = "text" if dt == "text" and kind != "thought" else "reasoning"
            emit_text(emit, at, (channel, 0), ("delta", "text"), delta["text"])
            if at is not None:
                at.anchor((channel, 0), ("delta", "text"))
        elif dt == "thought_summary" and isinstance(delta.get("content"), dict):
            text = delta["content"].get("text")
            if isinstance(text, str):
                emit_text(emit, at, ("reasoning", 0), ("delta", "content", "text"), text)
        elif dt == "function_call":
            t = state.get("tool_of_block", {}).get(idx)
            if t is None:
                t = new_tool(state)
                state.setdefault("tool_of_block", {})[idx] = t
            _interactions_call(emit, at, t, delta, ("delta",), start=False)
    elif typ in ("interaction.complete", "interaction.completed"):
        inter = ev.get("interaction")
        if isinstance(inter, dict):
            _interaction_end(inter, emit, at, ("interaction",))
    elif typ == "error":
        err = ev.get("error") if isinstance(ev.get("error"), dict) else {}
        state["error"] = RecordedError(str(err.get("message") or ev), type=as_str(err.get("code")))


def _interaction_end(inter: dict[str, Any], emit: Emit, at: Where | None, rel: Rel) -> None:
    emit_ending(emit, at, inter.get("status"), rel + ("status",), inter.get("usage"), rel + ("usage",))


def walk_interactions_object(data: Any, emit: Emit, state: dict[str, Any], at: Where | None) -> None:
    """One Gemini interaction object, not streamed."""
    if not isinstance(data, dict):
        return
    outputs = data.get("outputs")
    for idx, out in enumerate(outputs if isinstance(outputs, list) else []):
        if not isinstance(out, dict):
            continue
        state.setdefault("blocks", {})[idx] = out.get("type")
        emit("touch", ("choice", 0), None)
        rel = ("outputs", idx)
        if out.get("type") == "function_call":
            _interactions_call(emit, at, new_tool(state), out, rel, start=True)
        if out.get("type") in ("text", "thought") and isinstance(out.get("text"), str):
            channel = "reasoning" if out["type"] == "thought" else "text"
            emit_text(emit, at, (channel, 0), rel + ("text",), out["text"])
            if at is not None:
                at.anchor((channel, 0), rel + ("text",))
    if data.get("status") is not None or isinstance(data.get("usage"), dict) or at is not None:
        _interaction_end(data, emit, at, ())

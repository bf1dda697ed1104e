"""The OpenAI Responses API: server-sent events, or one response object.

Each family has exactly one walker (see :mod:`.walk`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from inspector.core.base.model import RecordedError
from inspector.core.streams.events import Emit, Rel, Where, as_str, emit_ending, new_tool

__all__ = ["walk_responses_event", "walk_responses_object"]

#
# Streamed: one typed event per chunk.  Text, reasoning summaries and function
# arguments arrive as deltas; the ``.done`` events, the finished output items and
# the final response repeat what the deltas said.  They are not read again (a
# piece counts once); an editor learns them as wholes, to rewrite them in step.
# Groups: ("text", item id, content index), ("reasoning", item id, summary index),
# ("args", tool call), ("name", tool call).

_RESPONSES_DELTAS = {
    "response.output_text.delta": "text",
    "response.reasoning_summary_text.delta": "reasoning",
    "response.refusal.delta": "refusal",
}
_RESPONSES_DONE = {
    "response.output_text.done": ("text", "text"),
    "response.reasoning_summary_text.done": ("reasoning", "text"),
    "response.refusal.done": ("refusal", "refusal"),
}


def _key_part(value: Any) -> str | int | None:
    """An id or index fit for a dict key (a damaged file may hold anything there)."""
    return value if isinstance(value, (str, int)) else None


def _responses_group(channel: str, ev: dict[str, Any]) -> tuple[Any, ...]:
    index = ev.get("summary_index" if channel == "reasoning" else "content_index")
    return (channel, _key_part(ev.get("item_id")), _key_part(index))


def walk_responses_event(ev: Any, emit: Emit, state: dict[str, Any], at: Where | None) -> None:
    """One Responses API server-sent event."""
    if not isinstance(ev, dict):
        return
    typ = ev.get("type")
    if not isinstance(typ, str):
        return
    emit("touch", ("choice", 0), None)
    channel = _RESPONSES_DELTAS.get(typ)
    if channel is not None:
        delta = ev.get("delta")
        if isinstance(delta, str):
            emit("append", (channel, 0), delta)
            if at is not None:
                at.piece((channel, 0), ("delta",), delta, group=_responses_group(channel, ev))
                at.anchor((channel, 0), ("delta",))
    elif typ == "response.function_call_arguments.delta":
        t = _responses_tool(state, ev.get("item_id"), ev.get("output_index"))
        delta = ev.get("delta")
        emit("touch", ("tool", 0, t), None)
        if isinstance(delta, str):
            emit("append", ("tool.args", 0, t), delta)
            if at is not None:
                at.piece(("tool.args", 0, t), ("delta",), delta, group=("args", t))
    elif typ == "response.output_item.added":
        item = ev.get("item")
        if isinstance(item, dict):
            _responses_item(item, emit, state, at, ("item",), ev.get("output_index"))
    elif typ == "response.content_part.added":
        part = ev.get("part")
        if isinstance(part, dict) and isinstance(part.get("text"), str):
            if part["text"]:
                emit("append", ("text", 0), part["text"])
                if at is not None:
                    at.piece(("text", 0), ("part", "text"), part["text"], group=_responses_group("text", ev))
            if at is not None:  # where text goes in a stream that has no delta
                at.anchor(("text", 0), ("part", "text"))
    elif typ in ("response.completed", "response.incomplete", "response.failed"):
        resp = ev.get("response")
        if isinstance(resp, dict):
            _responses_end(resp, emit, state, at, ("response",))
            if at is not None:
                output = resp.get("output")
                for idx, item in enumerate(output if isinstance(output, list) else []):
                    if isinstance(item, dict):
                        _responses_wholes(item, state, at, ("response", "output", idx), idx)
    elif typ == "error":
        state["error"] = RecordedError(str(ev.get("message") or ev), type=as_str(ev.get("code")) or "error")
    elif at is not None:
        _responses_repeats(typ, ev, state, at)


def _responses_repeats(typ: str, ev: dict[str, Any], state: dict[str, Any], at: Where) -> None:
    """The events that repeat, whole, what deltas delivered (only an editor asks)."""
    done = _RESPONSES_DONE.get(typ)
    if done is not None:
        channel, field = done
        if isinstance(ev.get(field), str):
            at.whole((channel, 0), (field,), _responses_group(channel, ev))
    elif typ == "response.function_call_arguments.done":
        t = _responses_tool(state, ev.get("item_id"), ev.get("output_index"))
        if isinstance(ev.get("arguments"), str):
            at.whole(("tool.args", 0, t), ("arguments",), ("args", t))
        if isinstance(ev.get("name"), str):
            at.whole(("tool.name", 0, t), ("name",), ("name", t))
    elif typ in ("response.content_part.done", "response.reasoning_summary_part.done"):
        part = ev.get("part")
        if isinstance(part, dict) and isinstance(part.get("text"), str):
            channel = "text" if typ == "response.content_part.done" else "reasoning"
            at.whole((channel, 0), ("part", "text"), _responses_group(channel, ev))
    elif typ == "response.output_item.done":
        item = ev.get("item")
        if isinstance(item, dict):
            _responses_wholes(item, state, at, ("item",), ev.get("output_index"))


def _responses_tool(state: dict[str, Any], item_id: Any, output_index: Any) -> int:
    """The tool call an event belongs to: by item id, else by output index (a new one if unseen)."""
    by_item = state.setdefault("tool_of_item", {})
    by_index = state.setdefault("tool_of_index", {})
    t = by_item.get(item_id) if isinstance(item_id, str) else None
    if t is None:
        t = by_index.get(output_index) if isinstance(output_index, int) else None
    if t is None:
        t = new_tool(state)
    if isinstance(item_id, str):
        by_item.setdefault(item_id, t)
    if isinstance(output_index, int):
        by_index.setdefault(output_index, t)
    return t


def _item_parts(item: dict[str, Any]) -> Iterator[tuple[str, Rel, str, tuple[Any, ...]]]:
    """The text parts of a message or reasoning item: (channel, path in the item, text, group)."""
    typ = item.get("type")
    key, channels = ("content", None) if typ == "message" else ("summary", "reasoning")
    if typ not in ("message", "reasoning"):
        return
    parts = item.get(key)
    for j, part in enumerate(parts if isinstance(parts, list) else []):
        if not isinstance(part, dict):
            continue
        field = "refusal" if part.get("type") == "refusal" else "text"
        channel = channels or field
        if isinstance(part.get(field), str):
            yield channel, (key, j, field), part[field], (channel, _key_part(item.get("id")), j)


def _responses_item(item: dict[str, Any], emit: Emit, state: dict[str, Any], at: Where | None, rel: Rel, output_index: Any) -> None:
    """An output item as delivered: a message (output_text parts), a function call, a reasoning summary."""
    if item.get("type") == "function_call":
        t = _responses_tool(state, item.get("id"), output_index)
        emit("touch", ("tool", 0, t), None)
        if isinstance(item.get("call_id"), str) and item["call_id"]:
            emit("first", ("tool.id", 0, t), item["call_id"])
        if isinstance(item.get("name"), str) and item["name"]:
            emit("append", ("tool.name", 0, t), item["name"])
            if at is not None:
                at.piece(("tool.name", 0, t), rel + ("name",), item["name"], group=("name", t))
        args = item.get("arguments")
        if isinstance(args, str) and args:
            emit("append", ("tool.args", 0, t), args)
            if at is not None:
                at.piece(("tool.args", 0, t), rel + ("arguments",), args, group=("args", t))
        if at is not None:
            at.anchor(("tool.name", 0, t), rel + ("name",))
            at.anchor(("tool.args", 0, t), rel + ("arguments",))
        return
    for channel, where, text, group in _item_parts(item):
        if text:
            emit("append", (channel, 0), text)
            if at is not None:
                at.piece((channel, 0), rel + where, text, group=group)
        if at is not None:
            at.anchor((channel, 0), rel + where)


def _responses_wholes(item: dict[str, Any], state: dict[str, Any], at: Where, rel: Rel, output_index: Any) -> None:
    """A finished output item repeats its parts whole."""
    if item.get("type") == "function_call":
        t = _responses_tool(state, item.get("id"), output_index)
        for field, key, group in (("arguments", "tool.args", "args"), ("name", "tool.name", "name")):
            if isinstance(item.get(field), str):
                at.whole((key, 0, t), rel + (field,), (group, t))
        return
    for channel, where, _, group in _item_parts(item):
        at.whole((channel, 0), rel + where, group)


def _responses_end(resp: dict[str, Any], emit: Emit, state: dict[str, Any], at: Where | None, rel: Rel) -> None:
    """What ends a response: its status (the finish reason), usage and error."""
    emit_ending(emit, at, as_str(resp.get("status")), rel + ("status",), resp.get("usage"), rel + ("usage",))
    err = resp.get("error")
    if isinstance(err, dict):
        state["error"] = RecordedError(str(err.get("message") or json.dumps(err)), type=as_str(err.get("code")) or "error")


def walk_responses_object(data: Any, emit: Emit, state: dict[str, Any], at: Where | None) -> None:
    """One Responses API response, not streamed."""
    if not isinstance(data, dict):
        return
    emit("touch", ("choice", 0), None)
    output = data.get("output")
    for idx, item in enumerate(output if isinstance(output, list) else []):
        if isinstance(item, dict):
            _responses_item(item, emit, state, at, ("output", idx), idx)
    _responses_end(data, emit, state, at, ())

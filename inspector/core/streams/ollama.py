"""Ollama's native ``/api/chat`` and ``/api/generate`` chunks.

Each family has exactly one walker (see :mod:`.walk`).
"""

from __future__ import annotations

from typing import Any

from inspector.core.streams.events import Emit, Where, emit_text, emit_whole_call, new_tool

__all__ = ["walk_ollama"]


def walk_ollama(data: Any, emit: Emit, state: dict[str, Any], at: Where | None) -> None:
    """One Ollama ``/api/chat`` or ``/api/generate`` chunk."""
    if not isinstance(data, dict):
        return
    emit("touch", ("choice", 0), None)
    resp = data.get("response")
    if isinstance(resp, str):
        if resp:
            emit_text(emit, at, ("text", 0), ("response",), resp)
        if at is not None:
            at.anchor(("text", 0), ("response",))
            at.anchor(("reasoning", 0), ("thinking",))
    thinking = data.get("thinking")
    if isinstance(thinking, str) and thinking:
        emit_text(emit, at, ("reasoning", 0), ("thinking",), thinking)
    msg = data.get("message")
    if isinstance(msg, dict):
        if isinstance(msg.get("content"), str) and msg["content"]:
            emit_text(emit, at, ("text", 0), ("message", "content"), msg["content"])
        if isinstance(msg.get("thinking"), str) and msg["thinking"]:
            emit_text(emit, at, ("reasoning", 0), ("message", "thinking"), msg["thinking"])
        if at is not None:
            at.anchor(("text", 0), ("message", "content"))
            at.anchor(("reasoning", 0), ("message", "thinking"))
        if isinstance(msg.get("role"), str):
            emit("set", ("role", 0), msg["role"])
        calls = msg.get("tool_calls")
        if isinstance(calls, list):
            for pos, tc in enumerate(calls):
                if not isinstance(tc, dict):
                    continue
                t = new_tool(state, "ollama_tools")
                emit("touch", ("tool", 0, t), None)
                if isinstance(tc.get("id"), str):
                    emit("first", ("tool.id", 0, t), tc["id"])
                fn = tc.get("function")
                if isinstance(fn, dict):
                    emit_whole_call(emit, at, 0, t, fn, ("message", "tool_calls", pos, "function"), "arguments")
                else:
                    emit("append", ("tool.args", 0, t), "")
    done = data.get("done")
    if done:
        emit("set", ("finish", 0), data["done_reason"] if data.get("done_reason") is not None else "stop")
        counts = "eval_count" in data or "prompt_eval_count" in data
        if counts:
            emit("set", ("usage",), {"prompt_eval_count": data.get("prompt_eval_count"), "eval_count": data.get("eval_count")})
        if at is not None:
            at.finish(0, ("done_reason",), data.get("done_reason") is not None)
            at.usage((), counts)

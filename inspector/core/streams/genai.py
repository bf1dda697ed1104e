"""google genai ``generate_content`` chunks and bodies.

Each family has exactly one walker (see :mod:`.walk`).
"""

from __future__ import annotations

from typing import Any

from inspector.core.streams.events import Emit, Where, as_int, emit_text, emit_whole_call, new_tool

__all__ = ["walk_genai"]


def walk_genai(data: Any, emit: Emit, state: dict[str, Any], at: Where | None) -> None:
    """One google genai chunk or body."""
    if not isinstance(data, dict):
        return
    cands = data.get("candidates")
    if isinstance(cands, list):
        for pos, cand in enumerate(cands):
            if not isinstance(cand, dict):
                continue
            c = as_int(cand.get("index"), pos)
            emit("touch", ("choice", c), None)
            content = cand.get("content")
            parts = content.get("parts") if isinstance(content, dict) else None
            for j, part in enumerate(parts if isinstance(parts, list) else []):
                if not isinstance(part, dict):
                    continue
                rel = ("candidates", pos, "content", "parts", j)
                channel = "reasoning" if part.get("thought") else "text"
                text = part.get("text")
                if isinstance(text, str):
                    if text:
                        emit_text(emit, at, (channel, c), rel + ("text",), text)
                    if at is not None:
                        at.anchor((channel, c), rel + ("text",))
                fkey = "function_call" if part.get("function_call") else "functionCall"
                fc = part.get(fkey)
                if isinstance(fc, dict):
                    t = new_tool(state, ("genai_tools", c))
                    emit("touch", ("tool", c, t), None)
                    if isinstance(fc.get("id"), str):
                        emit("first", ("tool.id", c, t), fc["id"])
                    emit_whole_call(emit, at, c, t, fc, rel + (fkey,), "args")
            fkey = "finish_reason" if cand.get("finish_reason") else "finishReason"
            finish = cand.get(fkey)
            if finish is not None:
                emit("set", ("finish", c), finish)
            if at is not None:
                if finish is None:  # where a finish reason would go: the key this response spells
                    fkey = "finishReason" if "finishReason" in cand and "finish_reason" not in cand else "finish_reason"
                at.finish(c, ("candidates", pos, fkey), finish is not None)
    ukey = "usage_metadata" if data.get("usage_metadata") else "usageMetadata"
    usage = data.get(ukey)
    present = isinstance(usage, dict) and any(k != "traffic_type" for k in usage)
    if present:
        emit("set", ("usage",), usage)
    if at is not None:
        if not present:
            ukey = "usageMetadata" if "usageMetadata" in data and "usage_metadata" not in data else "usage_metadata"
        at.usage((ukey,), present)

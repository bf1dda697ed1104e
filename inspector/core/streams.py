"""Turn each family's response chunks into a common list of small events.

Every family (OpenAI chat and completions, Ollama, google genai, Anthropic-style
``/v1/messages`` and Gemini ``/interactions`` server-sent events, tool results…)
is reduced to per-chunk events of two sorts:

* ``("append", channel, text)``: text added to a channel such as the text of
  choice 0 or the arguments of tool call 1;
* ``("set", field, value)``: a value reached, such as a finish reason or usage.

The full rebuild and the incremental replay (:mod:`inspector.core.replay`) are
both computed from these events, so they cannot disagree.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from .model import Kind, RecordedError

__all__ = ["Event", "unwrap", "chunk_events", "feed_events", "sse_events", "family_details", "error_from_body"]

#: (op, key, value) where op is "append" or "set"
Event = tuple[str, tuple[Any, ...], Any]
Emit = Callable[[str, tuple[Any, ...], Any], None]


def unwrap(value: Any) -> Any:
    """The data of a typed value ``{"__type__", "__data__"}``; ``__type__`` is only a label."""
    if isinstance(value, dict) and "__type__" in value and "__data__" in value:
        return value["__data__"]
    return value


def _s(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _int(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _args_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


# --- OpenAI ---------------------------------------------------------------


def _openai(data: Any, emit: Emit, state: dict[str, Any]) -> None:
    # The hot loop of a listing (thousands of chunks a file): helpers inlined on purpose.
    if not isinstance(data, dict):
        return
    choices = data.get("choices")
    if isinstance(choices, list):
        for pos, ch in enumerate(choices):
            if not isinstance(ch, dict):
                continue
            c = ch.get("index")
            if not isinstance(c, int) or isinstance(c, bool):
                c = pos
            if "delta" in ch:
                part = ch["delta"]
                streamed = True
            else:
                part = ch.get("message")
                streamed = False
            is_part = isinstance(part, dict)
            if is_part:
                _openai_delta(c, part, emit, streamed=streamed)
            text = ch.get("text")  # completions
            if text and isinstance(text, str):
                emit("append", ("text", c), text)
            elif "text" in ch and not is_part:  # (a delta or message has touched the choice already)
                emit("touch", ("choice", c), None)
            finish = ch.get("finish_reason")
            if finish is not None:
                emit("set", ("finish", c), finish)
    usage = data.get("usage")
    if isinstance(usage, dict):
        emit("set", ("usage",), usage)


def _openai_delta(c: int, part: dict[str, Any], emit: Emit, *, streamed: bool) -> None:
    emit("touch", ("choice", c), None)
    role = part.get("role")
    if role and isinstance(role, str):
        emit("set", ("role", c), role)
    content = part.get("content")
    if isinstance(content, str):
        if content:
            emit("append", ("text", c), content)
    elif isinstance(content, list):  # content parts
        for p in content:
            if isinstance(p, dict) and isinstance(p.get("text"), str):
                emit("append", ("text", c), p["text"])
    r = part.get("reasoning_content")
    if r and isinstance(r, str):
        emit("append", ("reasoning", c), r)
    r = part.get("reasoning")
    if r and isinstance(r, str):
        emit("append", ("reasoning", c), r)
    refusal = part.get("refusal")
    if refusal and isinstance(refusal, str):
        emit("append", ("refusal", c), refusal)
    calls = part.get("tool_calls")
    if isinstance(calls, list):
        for pos, tc in enumerate(calls):
            if not isinstance(tc, dict):
                continue
            t = _int(tc.get("index"), pos)
            emit("touch", ("tool", c, t), None)
            if isinstance(tc.get("id"), str) and tc["id"]:
                emit("first", ("tool.id", c, t), tc["id"])
            if isinstance(tc.get("type"), str):
                emit("set", ("tool.type", c, t), tc["type"])
            fn = tc.get("function")
            if isinstance(fn, dict):
                if isinstance(fn.get("name"), str) and fn["name"]:
                    emit("append", ("tool.name", c, t), fn["name"])
                args = fn.get("arguments")
                if args is not None and args != "":
                    emit("append", ("tool.args", c, t), _args_text(args))
    fc = part.get("function_call")  # the legacy single function call
    if isinstance(fc, dict):
        emit("touch", ("tool", c, 0), None)
        if isinstance(fc.get("name"), str) and fc["name"]:
            emit("append", ("tool.name", c, 0), fc["name"])
        if fc.get("arguments"):
            emit("append", ("tool.args", c, 0), _args_text(fc["arguments"]))


# --- Ollama ---------------------------------------------------------------


def _ollama(data: Any, emit: Emit, state: dict[str, Any]) -> None:
    if not isinstance(data, dict):
        return
    emit("touch", ("choice", 0), None)
    resp = data.get("response")
    if isinstance(resp, str) and resp:
        emit("append", ("text", 0), resp)
    thinking = data.get("thinking")
    if isinstance(thinking, str) and thinking:
        emit("append", ("reasoning", 0), thinking)
    msg = data.get("message")
    if isinstance(msg, dict):
        if isinstance(msg.get("content"), str) and msg["content"]:
            emit("append", ("text", 0), msg["content"])
        if isinstance(msg.get("thinking"), str) and msg["thinking"]:
            emit("append", ("reasoning", 0), msg["thinking"])
        if isinstance(msg.get("role"), str):
            emit("set", ("role", 0), msg["role"])
        calls = msg.get("tool_calls")
        if isinstance(calls, list):
            for tc in calls:
                if not isinstance(tc, dict):
                    continue
                t = state.setdefault("ollama_tools", 0)
                state["ollama_tools"] = t + 1
                fn = tc.get("function") if isinstance(tc.get("function"), dict) else {}
                emit("touch", ("tool", 0, t), None)
                if isinstance(tc.get("id"), str):
                    emit("first", ("tool.id", 0, t), tc["id"])
                if isinstance(fn.get("name"), str):
                    emit("append", ("tool.name", 0, t), fn["name"])
                emit("append", ("tool.args", 0, t), _args_text(fn.get("arguments")))
    if data.get("done") and (data.get("done_reason") is not None):
        emit("set", ("finish", 0), data.get("done_reason"))
    elif data.get("done"):
        emit("set", ("finish", 0), "stop")
    if data.get("done") and ("eval_count" in data or "prompt_eval_count" in data):
        emit(
            "set",
            ("usage",),
            {"prompt_eval_count": data.get("prompt_eval_count"), "eval_count": data.get("eval_count")},
        )


# --- google genai ---------------------------------------------------------


def _genai(data: Any, emit: Emit, state: dict[str, Any]) -> None:
    if not isinstance(data, dict):
        return
    cands = data.get("candidates")
    if isinstance(cands, list):
        for pos, cand in enumerate(cands):
            if not isinstance(cand, dict):
                continue
            c = _int(cand.get("index"), pos)
            emit("touch", ("choice", c), None)
            content = cand.get("content")
            parts = content.get("parts") if isinstance(content, dict) else None
            for part in parts if isinstance(parts, list) else []:
                if not isinstance(part, dict):
                    continue
                text = part.get("text")
                if isinstance(text, str) and text:
                    emit("append", ("reasoning" if part.get("thought") else "text", c), text)
                fc = part.get("function_call") or part.get("functionCall")
                if isinstance(fc, dict):
                    key = ("genai_tools", c)
                    t = state.get(key, 0)
                    state[key] = t + 1
                    emit("touch", ("tool", c, t), None)
                    if isinstance(fc.get("id"), str):
                        emit("first", ("tool.id", c, t), fc["id"])
                    if isinstance(fc.get("name"), str):
                        emit("append", ("tool.name", c, t), fc["name"])
                    emit("append", ("tool.args", c, t), _args_text(fc.get("args")))
            finish = cand.get("finish_reason") or cand.get("finishReason")
            if finish is not None:
                emit("set", ("finish", c), finish)
    usage = data.get("usage_metadata") or data.get("usageMetadata")
    if isinstance(usage, dict) and any(k != "traffic_type" for k in usage):
        emit("set", ("usage",), usage)


# --- Anthropic-style /v1/messages ------------------------------------------


def _anthropic_event(ev: Any, emit: Emit, state: dict[str, Any]) -> None:
    if not isinstance(ev, dict):
        return
    typ = ev.get("type")
    if typ == "message_start":
        emit("touch", ("choice", 0), None)
        msg = ev.get("message")
        if isinstance(msg, dict) and isinstance(msg.get("usage"), dict):
            state["usage"] = dict(msg["usage"])
            emit("set", ("usage",), dict(state["usage"]))
    elif typ == "content_block_start":
        idx = _int(ev.get("index"), 0)
        block = ev.get("content_block") if isinstance(ev.get("content_block"), dict) else {}
        state.setdefault("blocks", {})[idx] = block.get("type")
        _anthropic_block(idx, block, emit, state, start=True)
    elif typ == "content_block_delta":
        idx = _int(ev.get("index"), 0)
        delta = ev.get("delta") if isinstance(ev.get("delta"), dict) else {}
        dt = delta.get("type")
        if dt == "text_delta" and isinstance(delta.get("text"), str):
            emit("append", ("text", 0), delta["text"])
        elif dt == "thinking_delta" and isinstance(delta.get("thinking"), str):
            emit("append", ("reasoning", 0), delta["thinking"])
        elif dt == "input_json_delta" and isinstance(delta.get("partial_json"), str):
            t = state.get("tool_of_block", {}).get(idx, idx)
            emit("append", ("tool.args", 0, t), delta["partial_json"])
    elif typ == "message_delta":
        delta = ev.get("delta") if isinstance(ev.get("delta"), dict) else {}
        if delta.get("stop_reason") is not None:
            emit("set", ("finish", 0), delta["stop_reason"])
        if isinstance(ev.get("usage"), dict):
            merged = dict(state.get("usage") or {})
            merged.update(ev["usage"])
            state["usage"] = merged
            emit("set", ("usage",), merged)
    elif typ == "error":
        err = ev.get("error") if isinstance(ev.get("error"), dict) else {}
        state["error"] = RecordedError(str(err.get("message") or ev), type=_s(err.get("type")))


def _anthropic_block(idx: int, block: dict[str, Any], emit: Emit, state: dict[str, Any], *, start: bool) -> None:
    btype = block.get("type")
    emit("touch", ("choice", 0), None)
    if btype == "text" and isinstance(block.get("text"), str) and block["text"]:
        emit("append", ("text", 0), block["text"])
    elif btype in ("thinking", "redacted_thinking") and isinstance(block.get("thinking"), str) and block["thinking"]:
        emit("append", ("reasoning", 0), block["thinking"])
    elif btype in ("tool_use", "server_tool_use"):
        t = state.setdefault("tools", 0)
        state["tools"] = t + 1
        state.setdefault("tool_of_block", {})[idx] = t
        emit("touch", ("tool", 0, t), None)
        if isinstance(block.get("id"), str):
            emit("first", ("tool.id", 0, t), block["id"])
        if isinstance(block.get("name"), str):
            emit("append", ("tool.name", 0, t), block["name"])
        inp = block.get("input")
        if inp not in (None, {}) or not start:
            emit("append", ("tool.args", 0, t), _args_text(inp if inp is not None else {}))


def _anthropic_message(data: Any, emit: Emit, state: dict[str, Any]) -> None:
    if not isinstance(data, dict):
        return
    blocks = data.get("content")
    for idx, block in enumerate(blocks if isinstance(blocks, list) else []):
        if isinstance(block, dict):
            _anthropic_block(idx, block, emit, state, start=False)
    if data.get("stop_reason") is not None:
        emit("set", ("finish", 0), data["stop_reason"])
    if isinstance(data.get("usage"), dict):
        emit("set", ("usage",), data["usage"])


# --- Gemini /interactions ------------------------------------------------


def _interactions_event(ev: Any, emit: Emit, state: dict[str, Any]) -> None:
    if not isinstance(ev, dict):
        return
    typ = ev.get("event_type") or ev.get("type")
    if typ == "content.start":
        idx = _int(ev.get("index"), 0)
        content = ev.get("content") if isinstance(ev.get("content"), dict) else {}
        state.setdefault("blocks", {})[idx] = content.get("type")
        emit("touch", ("choice", 0), None)
        if content.get("type") == "function_call":
            t = state.setdefault("tools", 0)
            state["tools"] = t + 1
            state.setdefault("tool_of_block", {})[idx] = t
            emit("touch", ("tool", 0, t), None)
            if isinstance(content.get("id"), str):
                emit("first", ("tool.id", 0, t), content["id"])
            if isinstance(content.get("name"), str):
                emit("append", ("tool.name", 0, t), content["name"])
            if content.get("arguments"):
                emit("append", ("tool.args", 0, t), _args_text(content["arguments"]))
    elif typ == "content.delta":
        idx = _int(ev.get("index"), 0)
        delta = ev.get("delta") if isinstance(ev.get("delta"), dict) else {}
        dt = delta.get("type")
        kind = state.get("blocks", {}).get(idx)
        if dt == "text" and isinstance(delta.get("text"), str):
            emit("append", ("reasoning" if kind == "thought" else "text", 0), delta["text"])
        elif dt in ("thought_summary", "thought") and isinstance(delta.get("text"), str):
            emit("append", ("reasoning", 0), delta["text"])
        elif dt == "thought_summary" and isinstance(delta.get("content"), dict):
            text = delta["content"].get("text")
            if isinstance(text, str):
                emit("append", ("reasoning", 0), text)
        elif dt == "function_call":
            t = state.get("tool_of_block", {}).get(idx)
            if t is None:
                t = state.setdefault("tools", 0)
                state["tools"] = t + 1
                state.setdefault("tool_of_block", {})[idx] = t
            emit("touch", ("tool", 0, t), None)
            if isinstance(delta.get("id"), str):
                emit("first", ("tool.id", 0, t), delta["id"])
            if isinstance(delta.get("name"), str):
                emit("append", ("tool.name", 0, t), delta["name"])
            if delta.get("arguments") is not None:
                emit("append", ("tool.args", 0, t), _args_text(delta["arguments"]))
    elif typ in ("interaction.complete", "interaction.completed"):
        inter = ev.get("interaction") if isinstance(ev.get("interaction"), dict) else {}
        if inter.get("status") is not None:
            emit("set", ("finish", 0), inter["status"])
        if isinstance(inter.get("usage"), dict):
            emit("set", ("usage",), inter["usage"])
    elif typ == "error":
        err = ev.get("error") if isinstance(ev.get("error"), dict) else {}
        state["error"] = RecordedError(str(err.get("message") or ev), type=_s(err.get("code")))


def _interactions_object(data: Any, emit: Emit, state: dict[str, Any]) -> None:
    if not isinstance(data, dict):
        return
    outputs = data.get("outputs")
    for idx, out in enumerate(outputs if isinstance(outputs, list) else []):
        if not isinstance(out, dict):
            continue
        _interactions_event({"event_type": "content.start", "index": idx, "content": out}, emit, state)
        if out.get("type") in ("text", "thought") and isinstance(out.get("text"), str):
            _interactions_event(
                {"event_type": "content.delta", "index": idx, "delta": {"type": "text", "text": out["text"]}},
                emit,
                state,
            )
    if data.get("status") is not None or isinstance(data.get("usage"), dict):
        _interactions_event({"event_type": "interaction.complete", "interaction": data}, emit, state)


# --- tool results, file processors, everything else ------------------------


def _tool_result(data: Any, emit: Emit, state: dict[str, Any]) -> None:
    if not isinstance(data, dict):
        return
    emit("touch", ("choice", 0), None)
    content = data.get("content")
    if isinstance(content, str):
        emit("append", ("text", 0), content)
    elif isinstance(content, list):
        for item in content:
            if isinstance(item, dict) and isinstance(item.get("text"), str):
                emit("append", ("text", 0), item["text"])
            elif isinstance(item, str):
                emit("append", ("text", 0), item)
    if data.get("error_message"):
        state["error"] = RecordedError(str(data["error_message"]), type="ToolError", status_code=_int(data.get("error_code"), 0) or None)


def _file_processor(data: Any, emit: Emit, state: dict[str, Any]) -> None:
    if not isinstance(data, dict):
        return
    emit("touch", ("choice", 0), None)
    chunks = data.get("chunks")
    for i, ch in enumerate(chunks if isinstance(chunks, list) else []):
        if isinstance(ch, dict) and isinstance(ch.get("content"), str):
            emit("append", ("text", 0), ("\n\n" if i else "") + ch["content"])


def _nothing(data: Any, emit: Emit, state: dict[str, Any]) -> None:
    emit("touch", ("choice", 0), None)


_HANDLERS: dict[Kind, Callable[[Any, Emit, dict[str, Any]], None]] = {
    Kind.CHAT: _openai,
    Kind.COMPLETION: _openai,
    Kind.OLLAMA_GENERATE: _ollama,
    Kind.OLLAMA_CHAT: _ollama,
    Kind.GENAI: _genai,
    Kind.GENAI_STREAM: _genai,
    Kind.MESSAGES: _anthropic_event,
    Kind.INTERACTIONS: _interactions_event,
    Kind.TOOL: _tool_result,
    Kind.FILE_PROCESSOR: _file_processor,
}


def sse_events(lines: list[Any]) -> list[tuple[str | None, Any]]:
    """Group server-sent-event lines into ``(event name, decoded data)`` pairs.

    ``data: [DONE]`` becomes the string ``"[DONE]"``; undecodable data stays text.
    """
    out: list[tuple[str | None, Any]] = []
    name: str | None = None
    data_lines: list[str] = []

    def flush() -> None:
        nonlocal name, data_lines
        if data_lines:
            raw = "\n".join(data_lines)
            try:
                value: Any = json.loads(raw) if raw != "[DONE]" else raw
            except ValueError:
                value = raw
            out.append((name, value))
        elif name is not None:
            out.append((name, None))
        name, data_lines = None, []

    for line in lines:
        if not isinstance(line, str):
            continue
        if line == "":
            flush()
        elif line.startswith("event:"):
            if data_lines or name is not None:
                flush()
            name = line[6:].strip()
        elif line.startswith("data:"):
            data_lines.append(line[5:].lstrip(" ") if line[5:6] == " " else line[5:])
        # comments and other fields are ignored, as an SSE client would
    flush()
    return out


def _handler_for(kind: Kind, non_stream_sse: bool) -> Callable[[Any, Emit, dict[str, Any]], None]:
    if kind == Kind.MESSAGES and non_stream_sse:
        return _anthropic_message
    if kind == Kind.INTERACTIONS and non_stream_sse:
        return _interactions_object
    return _HANDLERS.get(kind, _nothing)


def chunk_events(kind: Kind, chunks: list[Any], *, non_stream_sse: bool = False) -> tuple[list[list[Event]], dict[str, Any]]:
    """Events for each chunk of a response of ``kind``, and the parser's end state.

    The end state may hold ``error`` (an error event inside the stream).
    """
    state: dict[str, Any] = {}
    handler = _handler_for(kind, non_stream_sse)
    result: list[list[Event]] = []
    events: list[Event] = []

    def emit(op: str, key: tuple[Any, ...], value: Any) -> None:
        events.append((op, key, value))  # the list of the chunk being read (rebound below)

    for chunk in chunks:
        events = []
        handler(unwrap(chunk), emit, state)
        result.append(events)
    return result, state


def feed_events(kind: Kind, chunks: list[Any], emit: Emit, *, non_stream_sse: bool = False) -> dict[str, Any]:
    """Pass every event of every chunk to ``emit`` in order (no per-chunk lists); the end state."""
    state: dict[str, Any] = {}
    handler = _handler_for(kind, non_stream_sse)
    for chunk in chunks:
        handler(unwrap(chunk), emit, state)
    return state


def error_from_body(body: Any, status: Any) -> RecordedError | None:
    """An HTTP error recorded as a body with a failing status (e.g. 400 with ``{"error": …}``)."""
    code = status if isinstance(status, int) and not isinstance(status, bool) else None
    data = unwrap(body)
    err = data.get("error") if isinstance(data, dict) else None
    if code is not None and code >= 400 or isinstance(err, dict):
        if isinstance(err, dict):
            message = str(err.get("message") or json.dumps(err))
            etype = _s(err.get("type")) or _s(err.get("code"))
        else:
            message = json.dumps(data)[:500] if data is not None else ""
            etype = None
        return RecordedError(message, type=etype or (f"HTTP {code}" if code else "error"), status_code=code, category="http")
    return None


def family_details(kind: Kind, body: Any) -> Iterator[tuple[str, str]]:
    """Facts to show for kinds whose result is not text (vectors, model lists, …)."""
    data = unwrap(body)
    if kind == Kind.EMBEDDINGS and isinstance(data, dict):
        vecs = data.get("data") if isinstance(data.get("data"), list) else []
        dims = {len(v.get("embedding")) for v in vecs if isinstance(v, dict) and isinstance(v.get("embedding"), list)}
        enc = {type(v.get("embedding")).__name__ for v in vecs if isinstance(v, dict)}
        yield "vectors", f"{len(vecs)} x {'/'.join(str(d) for d in sorted(dims)) or ('base64' if 'str' in enc else '?')}"
    elif kind == Kind.OLLAMA_EMBEDDINGS and isinstance(data, dict):
        vecs = data.get("embeddings") or ([data["embedding"]] if isinstance(data.get("embedding"), list) else [])
        dims = {len(v) for v in vecs if isinstance(v, list)}
        yield "vectors", f"{len(vecs)} x {'/'.join(str(d) for d in sorted(dims)) or '?'}"
    elif kind == Kind.MODELS:
        items = body if isinstance(body, list) else [body]
        ids = [unwrap(m).get("id") for m in items if isinstance(unwrap(m), dict)]
        yield "models", str(len(ids))
        for mid in ids[:50]:
            yield "model", str(mid)
        if len(ids) > 50:
            yield "model", f"… {len(ids) - 50} more"
    elif kind in (Kind.OLLAMA_PS, Kind.OLLAMA_TAGS) and isinstance(data, dict):
        models = data.get("models") if isinstance(data.get("models"), list) else []
        yield "models", str(len(models))
        for m in models[:50]:
            m = unwrap(m)
            if isinstance(m, dict):
                yield "model", str(m.get("model") or m.get("name"))
    elif kind == Kind.OLLAMA_PULL and isinstance(data, dict):
        yield "status", str(data.get("status"))
    elif kind == Kind.FILE_PROCESSOR and isinstance(data, dict):
        chunks = data.get("chunks")
        yield "chunks", str(len(chunks) if isinstance(chunks, list) else 0)
    elif kind == Kind.TOOL and isinstance(data, dict) and isinstance(data.get("metadata"), dict):
        for k, v in list(data["metadata"].items())[:10]:
            yield k, json.dumps(v)[:120]

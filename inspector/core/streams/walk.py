"""Each family's one walker: response chunks → small events, and where each piece lives.

Every family (OpenAI chat and completions, Ollama, google genai, Anthropic-style
``/v1/messages`` and Gemini ``/interactions`` server-sent events, the OpenAI
Responses API, tool results…) has exactly one walker here.  It reduces each
chunk to events of two sorts:

* ``("append", channel, text)``: text added to a channel such as the text of
  choice 0 or the arguments of tool call 1;
* ``("set", field, value)``: a value reached, such as a finish reason or usage.

The full rebuild and the incremental replay (:mod:`inspector.core.streams.replay`) are
both computed from these events, so they cannot disagree.  Editing
(:mod:`inspector.core.edit.stream`) runs the same walkers with a :class:`Where`
sink that also learns the JSON path of every piece, so an edit is written back
exactly where the rebuild read it.  A rebuild passes no sink (``at=None``): the
hot loop pays one ``is not None`` test per piece.

A piece some servers deliver twice in one chunk is read once (the rule is in
ARCHITECTURE.md): Together's ``delta.content`` wins over ``choices[i].text``,
``reasoning_content`` over vLLM's ``reasoning``.  The other field is reported to
the sink as a *twin*, so an edit rewrites both in step.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from inspector.core.base.model import Kind, RecordedError

__all__ = [
    "Event",
    "Where",
    "SseEvent",
    "unwrap",
    "args_text",
    "chunk_events",
    "feed_events",
    "group_sse",
    "decode_sse_data",
    "sse_data_prefix",
    "family_details",
    "error_from_body",
]

#: (op, key, value) where op is "append", "set", "first" or "touch"
Event = tuple[str, tuple[Any, ...], Any]
Emit = Callable[[str, tuple[Any, ...], Any], None]
Rel = tuple[Any, ...]  # a JSON path inside the current chunk's data


class Where(Protocol):
    """What an editor learns while a walker reads: where each value lives in the chunk.

    Paths are relative to the data of the chunk being read (inside ``__data__``
    of a typed value, inside the JSON of an SSE ``data:`` line); :meth:`enter`
    tells the sink which chunk that is.
    """

    def enter(self, index: int, chunk: Any) -> None:
        """The walker starts on chunk ``index`` (its raw value, before unwrapping)."""

    def piece(
        self, key: tuple[Any, ...], rel: Rel, value: Any, *, text: bool = True, twins: tuple[Rel, ...] = (), group: Any = None
    ) -> None:
        """A delivered piece of channel ``key``; ``twins`` hold the same piece again (rewritten in step).

        ``group`` names the part of the channel the piece belongs to (an output item's text), for :meth:`whole`.
        """

    def whole(self, key: tuple[Any, ...], rel: Rel, group: Any) -> None:
        """A place repeating, whole, what the pieces of ``group`` delivered (a ``.done`` event, a final response).

        The rebuild does not read it (a piece counts once); an edit rewrites it in step.
        """

    def anchor(self, key: tuple[Any, ...], rel: Rel, *, text: bool = True, twins: tuple[Rel, ...] = ()) -> None:
        """The natural place for ``key`` when it has no piece (the first anchor seen wins)."""

    def finish(self, c: int, rel: Rel, present: bool) -> None:
        """Where choice ``c``'s finish reason is (``present``) or could go (the last place wins)."""

    def usage(self, rel: Rel, present: bool) -> None:
        """Where the usage is (``present``) or could go (the last place wins)."""

    def usage_start(self, rel: Rel) -> None:
        """The usage a stream starts with, merged into later usage (``/v1/messages``)."""


def unwrap(value: Any) -> Any:
    """The data of a typed value ``{"__type__", "__data__"}``; ``__type__`` is only a label."""
    if isinstance(value, dict) and "__type__" in value and "__data__" in value:
        return value["__data__"]
    return value


def _s(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _int(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def args_text(value: Any) -> str:
    """Tool arguments as the text a client sees (an object as JSON)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _text(emit: Emit, at: Where | None, key: tuple[Any, ...], rel: Rel, value: str) -> None:
    """A text piece: appended, and placed for an editor."""
    emit("append", key, value)
    if at is not None:
        at.piece(key, rel, value)


def _args(emit: Emit, at: Where | None, key: tuple[Any, ...], rel: Rel, value: Any) -> None:
    """Tool arguments as delivered (text, or an object some families store): appended as text."""
    emit("append", key, args_text(value))
    if at is not None:
        at.piece(key, rel, value, text=isinstance(value, str))


def _ending(emit: Emit, at: Where | None, finish: Any, finish_rel: Rel, usage: Any, usage_rel: Rel) -> None:
    """What ends choice 0 (a finish reason, usage), and for an editor where each is or would go."""
    if finish is not None:
        emit("set", ("finish", 0), finish)
    if isinstance(usage, dict):
        emit("set", ("usage",), usage)
    if at is not None:
        at.finish(0, finish_rel, finish is not None)
        at.usage(usage_rel, isinstance(usage, dict))


def _call_start(emit: Emit, at: Where | None, c: int, t: int, call_id: Any, name: Any, name_rel: Rel) -> None:
    """A tool call begins: its id (the first one seen counts) and its name, a piece."""
    emit("touch", ("tool", c, t), None)
    if isinstance(call_id, str):
        emit("first", ("tool.id", c, t), call_id)
    if isinstance(name, str):
        _text(emit, at, ("tool.name", c, t), name_rel, name)
    if at is not None:
        at.anchor(("tool.name", c, t), name_rel)


def _new_tool(state: dict[str, Any], counter: Any = "tools") -> int:
    t = state.get(counter, 0)
    state[counter] = t + 1
    return t


# --- OpenAI ---------------------------------------------------------------


def _openai(data: Any, emit: Emit, state: dict[str, Any], at: Where | None) -> None:
    # The hot loop of a listing (thousands of chunks a file): helpers inlined on purpose,
    # and everything an editor needs behind one "at is not None".
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
                part_key = "delta"
            else:
                part = ch.get("message")
                part_key = "message"
            text = ch.get("text")  # completions; Together repeats delta.content here
            if isinstance(part, dict):
                # a delta that delivered text makes choices[i].text its twin, read once
                said = _openai_delta(c, part, emit, at, None if at is None else ("choices", pos, part_key, isinstance(text, str)))
                if text and isinstance(text, str) and not said:
                    emit("append", ("text", c), text)
                    if at is not None:
                        twin = (("choices", pos, part_key, "content"),) if isinstance(part.get("content"), str) else ()
                        at.piece(("text", c), ("choices", pos, "text"), text, twins=twin)
            elif text and isinstance(text, str):
                emit("append", ("text", c), text)
                if at is not None:
                    at.piece(("text", c), ("choices", pos, "text"), text)
            elif "text" in ch:
                emit("touch", ("choice", c), None)
            finish = ch.get("finish_reason")
            if finish is not None:
                emit("set", ("finish", c), finish)
            if at is not None:
                if isinstance(text, str):
                    at.anchor(("text", c), ("choices", pos, "text"))
                at.finish(c, ("choices", pos, "finish_reason"), finish is not None)
    usage = data.get("usage")
    if isinstance(usage, dict):
        emit("set", ("usage",), usage)
    if at is not None:
        at.usage(("usage",), isinstance(usage, dict))


def _openai_delta(c: int, part: dict[str, Any], emit: Emit, at: Where | None, where: tuple[Any, ...] | None) -> bool:
    """One delta or message; True when it delivered text (``choices[i].text`` is then its twin).

    ``where`` (only with ``at``): the path of the choice, the part's key, and whether the
    choice also has a ``text`` field.
    """
    emit("touch", ("choice", c), None)
    role = part.get("role")
    if role and isinstance(role, str):
        emit("set", ("role", c), role)
    said = False
    content = part.get("content")
    if isinstance(content, str):
        if content:
            emit("append", ("text", c), content)
            said = True
    elif isinstance(content, list):  # content parts
        for p in content:
            if isinstance(p, dict) and isinstance(p.get("text"), str):
                emit("append", ("text", c), p["text"])
    # reasoning_content wins over reasoning (vLLM sends both during its rename)
    win = "reasoning_content"
    r = part.get(win)
    if not r or not isinstance(r, str):
        win = "reasoning"
        r = part.get(win)
        if not r or not isinstance(r, str):
            win = ""
    if win:
        emit("append", ("reasoning", c), r)
    refusal = part.get("refusal")
    if refusal and isinstance(refusal, str):
        emit("append", ("refusal", c), refusal)
    if at is not None and where is not None:
        _openai_places(c, part, at, where, win)
    calls = part.get("tool_calls")
    if isinstance(calls, list):
        for tpos, tc in enumerate(calls):
            if not isinstance(tc, dict):
                continue
            t = _int(tc.get("index"), tpos)
            emit("touch", ("tool", c, t), None)
            if isinstance(tc.get("id"), str) and tc["id"]:
                emit("first", ("tool.id", c, t), tc["id"])
            if isinstance(tc.get("type"), str):
                emit("set", ("tool.type", c, t), tc["type"])
            fn = tc.get("function")
            if isinstance(fn, dict):
                _function(emit, at, c, t, fn, None if where is None else where[:3] + ("tool_calls", tpos, "function"))
    fc = part.get("function_call")  # the legacy single function call
    if isinstance(fc, dict):
        emit("touch", ("tool", c, 0), None)
        _function(emit, at, c, 0, fc, None if where is None else where[:3] + ("function_call",))
    return said


def _openai_places(c: int, part: dict[str, Any], at: Where, where: tuple[Any, ...], win: str) -> None:
    """Where the text, reasoning and refusal of one delta (or message) live."""
    prel, text_twin = where[:3], where[3]
    content = part.get("content")
    if isinstance(content, str):
        twins = ((prel[:2] + ("text",),) if text_twin else ())
        if content:
            at.piece(("text", c), prel + ("content",), content, twins=twins)
        at.anchor(("text", c), prel + ("content",), twins=twins)
    elif isinstance(content, list):
        for j, p in enumerate(content):
            if isinstance(p, dict) and isinstance(p.get("text"), str):
                at.piece(("text", c), prel + ("content", j, "text"), p["text"])
    else:
        at.anchor(("text", c), prel + ("content",))
    both = isinstance(part.get("reasoning_content"), str) and isinstance(part.get("reasoning"), str)
    if win:
        other = "reasoning" if win == "reasoning_content" else "reasoning_content"
        at.piece(("reasoning", c), prel + (win,), part[win], twins=((prel + (other,),) if isinstance(part.get(other), str) else ()))
    home = "reasoning" if "reasoning" in part and "reasoning_content" not in part else "reasoning_content"
    at.anchor(("reasoning", c), prel + (home,), twins=((prel + ("reasoning",),) if both else ()))
    refusal = part.get("refusal")
    if refusal and isinstance(refusal, str):
        at.piece(("refusal", c), prel + ("refusal",), refusal)
    at.anchor(("refusal", c), prel + ("refusal",))


def _function(emit: Emit, at: Where | None, c: int, t: int, fn: dict[str, Any], rel: Rel | None) -> None:
    """An OpenAI ``function`` piece: a name piece, an arguments piece (text)."""
    name = fn.get("name")
    if isinstance(name, str) and name:
        emit("append", ("tool.name", c, t), name)
    args = fn.get("arguments")
    if args is not None and args != "":
        emit("append", ("tool.args", c, t), args_text(args))
    if at is not None and rel is not None:
        if isinstance(name, str) and name:
            at.piece(("tool.name", c, t), rel + ("name",), name)
        if args is not None and args != "":
            at.piece(("tool.args", c, t), rel + ("arguments",), args, text=isinstance(args, str))
        at.anchor(("tool.name", c, t), rel + ("name",))
        at.anchor(("tool.args", c, t), rel + ("arguments",))


def _whole_call(emit: Emit, at: Where | None, c: int, t: int, fn: dict[str, Any], rel: Rel, args_key: str) -> None:
    """A call delivered whole (Ollama, genai): its name, and arguments always (an object)."""
    if isinstance(fn.get("name"), str):
        _text(emit, at, ("tool.name", c, t), rel + ("name",), fn["name"])
    _args(emit, at, ("tool.args", c, t), rel + (args_key,), fn.get(args_key))
    if at is not None:
        at.anchor(("tool.name", c, t), rel + ("name",))
        at.anchor(("tool.args", c, t), rel + (args_key,), text=False)


# --- Ollama ---------------------------------------------------------------


def _ollama(data: Any, emit: Emit, state: dict[str, Any], at: Where | None) -> None:
    if not isinstance(data, dict):
        return
    emit("touch", ("choice", 0), None)
    resp = data.get("response")
    if isinstance(resp, str):
        if resp:
            _text(emit, at, ("text", 0), ("response",), resp)
        if at is not None:
            at.anchor(("text", 0), ("response",))
            at.anchor(("reasoning", 0), ("thinking",))
    thinking = data.get("thinking")
    if isinstance(thinking, str) and thinking:
        _text(emit, at, ("reasoning", 0), ("thinking",), thinking)
    msg = data.get("message")
    if isinstance(msg, dict):
        if isinstance(msg.get("content"), str) and msg["content"]:
            _text(emit, at, ("text", 0), ("message", "content"), msg["content"])
        if isinstance(msg.get("thinking"), str) and msg["thinking"]:
            _text(emit, at, ("reasoning", 0), ("message", "thinking"), msg["thinking"])
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
                t = _new_tool(state, "ollama_tools")
                emit("touch", ("tool", 0, t), None)
                if isinstance(tc.get("id"), str):
                    emit("first", ("tool.id", 0, t), tc["id"])
                fn = tc.get("function")
                if isinstance(fn, dict):
                    _whole_call(emit, at, 0, t, fn, ("message", "tool_calls", pos, "function"), "arguments")
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


# --- google genai ---------------------------------------------------------


def _genai(data: Any, emit: Emit, state: dict[str, Any], at: Where | None) -> None:
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
            for j, part in enumerate(parts if isinstance(parts, list) else []):
                if not isinstance(part, dict):
                    continue
                rel = ("candidates", pos, "content", "parts", j)
                channel = "reasoning" if part.get("thought") else "text"
                text = part.get("text")
                if isinstance(text, str):
                    if text:
                        _text(emit, at, (channel, c), rel + ("text",), text)
                    if at is not None:
                        at.anchor((channel, c), rel + ("text",))
                fkey = "function_call" if part.get("function_call") else "functionCall"
                fc = part.get(fkey)
                if isinstance(fc, dict):
                    t = _new_tool(state, ("genai_tools", c))
                    emit("touch", ("tool", c, t), None)
                    if isinstance(fc.get("id"), str):
                        emit("first", ("tool.id", c, t), fc["id"])
                    _whole_call(emit, at, c, t, fc, rel + (fkey,), "args")
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


# --- Anthropic-style /v1/messages ------------------------------------------


def _anthropic_event(ev: Any, emit: Emit, state: dict[str, Any], at: Where | None) -> None:
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
        idx = _int(ev.get("index"), 0)
        block = ev.get("content_block") if isinstance(ev.get("content_block"), dict) else {}
        state.setdefault("blocks", {})[idx] = block.get("type")
        _anthropic_block(idx, block, emit, state, at, ("content_block",), start=True)
    elif typ == "content_block_delta":
        idx = _int(ev.get("index"), 0)
        delta = ev.get("delta") if isinstance(ev.get("delta"), dict) else {}
        dt = delta.get("type")
        if dt == "text_delta" and isinstance(delta.get("text"), str):
            _text(emit, at, ("text", 0), ("delta", "text"), delta["text"])
            if at is not None:
                at.anchor(("text", 0), ("delta", "text"))
        elif dt == "thinking_delta" and isinstance(delta.get("thinking"), str):
            _text(emit, at, ("reasoning", 0), ("delta", "thinking"), delta["thinking"])
            if at is not None:
                at.anchor(("reasoning", 0), ("delta", "thinking"))
        elif dt == "input_json_delta" and isinstance(delta.get("partial_json"), str):
            t = state.get("tool_of_block", {}).get(idx, idx)
            _text(emit, at, ("tool.args", 0, t), ("delta", "partial_json"), delta["partial_json"])
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
        state["error"] = RecordedError(str(err.get("message") or ev), type=_s(err.get("type")))


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
                _text(emit, at, (channel, 0), rel + (field,), value)
            if at is not None:
                at.anchor((channel, 0), rel + (field,))
    elif btype in ("tool_use", "server_tool_use"):
        t = _new_tool(state)
        state.setdefault("tool_of_block", {})[idx] = t
        _call_start(emit, at, 0, t, block.get("id"), block.get("name"), rel + ("name",))
        inp = block.get("input")
        if inp not in (None, {}) or not start:  # a stream's start holds {} and the JSON follows in deltas
            _args(emit, at, ("tool.args", 0, t), rel + ("input",), inp if inp is not None else {})
        if at is not None:
            at.anchor(("tool.args", 0, t), rel + ("input",), text=False)


def _anthropic_message(data: Any, emit: Emit, state: dict[str, Any], at: Where | None) -> None:
    if not isinstance(data, dict):
        return
    blocks = data.get("content")
    for idx, block in enumerate(blocks if isinstance(blocks, list) else []):
        if isinstance(block, dict):
            _anthropic_block(idx, block, emit, state, at, ("content", idx), start=False)
    _ending(emit, at, data.get("stop_reason"), ("stop_reason",), data.get("usage"), ("usage",))


# --- Gemini /interactions ------------------------------------------------


def _interactions_call(emit: Emit, at: Where | None, t: int, content: dict[str, Any], rel: Rel, *, start: bool) -> None:
    _call_start(emit, at, 0, t, content.get("id"), content.get("name"), rel + ("name",))
    args = content.get("arguments")
    if args if start else args is not None:
        _args(emit, at, ("tool.args", 0, t), rel + ("arguments",), args)
    if at is not None and start:
        at.anchor(("tool.args", 0, t), rel + ("arguments",), text=isinstance(args, str))


def _interactions_event(ev: Any, emit: Emit, state: dict[str, Any], at: Where | None) -> None:
    if not isinstance(ev, dict):
        return
    typ = ev.get("event_type") or ev.get("type")
    if typ == "content.start":
        idx = _int(ev.get("index"), 0)
        content = ev.get("content") if isinstance(ev.get("content"), dict) else {}
        state.setdefault("blocks", {})[idx] = content.get("type")
        emit("touch", ("choice", 0), None)
        if content.get("type") == "function_call":
            t = _new_tool(state)
            state.setdefault("tool_of_block", {})[idx] = t
            _interactions_call(emit, at, t, content, ("content",), start=True)
    elif typ == "content.delta":
        idx = _int(ev.get("index"), 0)
        delta = ev.get("delta") if isinstance(ev.get("delta"), dict) else {}
        dt = delta.get("type")
        kind = state.get("blocks", {}).get(idx)
        if dt in ("text", "thought_summary", "thought") and isinstance(delta.get("text"), str):
            channel = "text" if dt == "text" and kind != "thought" else "reasoning"
            _text(emit, at, (channel, 0), ("delta", "text"), delta["text"])
            if at is not None:
                at.anchor((channel, 0), ("delta", "text"))
        elif dt == "thought_summary" and isinstance(delta.get("content"), dict):
            text = delta["content"].get("text")
            if isinstance(text, str):
                _text(emit, at, ("reasoning", 0), ("delta", "content", "text"), text)
        elif dt == "function_call":
            t = state.get("tool_of_block", {}).get(idx)
            if t is None:
                t = _new_tool(state)
                state.setdefault("tool_of_block", {})[idx] = t
            _interactions_call(emit, at, t, delta, ("delta",), start=False)
    elif typ in ("interaction.complete", "interaction.completed"):
        inter = ev.get("interaction")
        if isinstance(inter, dict):
            _interaction_end(inter, emit, at, ("interaction",))
    elif typ == "error":
        err = ev.get("error") if isinstance(ev.get("error"), dict) else {}
        state["error"] = RecordedError(str(err.get("message") or ev), type=_s(err.get("code")))


def _interaction_end(inter: dict[str, Any], emit: Emit, at: Where | None, rel: Rel) -> None:
    _ending(emit, at, inter.get("status"), rel + ("status",), inter.get("usage"), rel + ("usage",))


def _interactions_object(data: Any, emit: Emit, state: dict[str, Any], at: Where | None) -> None:
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
            _interactions_call(emit, at, _new_tool(state), out, rel, start=True)
        if out.get("type") in ("text", "thought") and isinstance(out.get("text"), str):
            channel = "reasoning" if out["type"] == "thought" else "text"
            _text(emit, at, (channel, 0), rel + ("text",), out["text"])
            if at is not None:
                at.anchor((channel, 0), rel + ("text",))
    if data.get("status") is not None or isinstance(data.get("usage"), dict) or at is not None:
        _interaction_end(data, emit, at, ())


# --- OpenAI Responses API -----------------------------------------------------
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


def _responses_event(ev: Any, emit: Emit, state: dict[str, Any], at: Where | None) -> None:
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
        state["error"] = RecordedError(str(ev.get("message") or ev), type=_s(ev.get("code")) or "error")
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
        t = _new_tool(state)
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
    _ending(emit, at, _s(resp.get("status")), rel + ("status",), resp.get("usage"), rel + ("usage",))
    err = resp.get("error")
    if isinstance(err, dict):
        state["error"] = RecordedError(str(err.get("message") or json.dumps(err)), type=_s(err.get("code")) or "error")


def _responses_object(data: Any, emit: Emit, state: dict[str, Any], at: Where | None) -> None:
    if not isinstance(data, dict):
        return
    emit("touch", ("choice", 0), None)
    output = data.get("output")
    for idx, item in enumerate(output if isinstance(output, list) else []):
        if isinstance(item, dict):
            _responses_item(item, emit, state, at, ("output", idx), idx)
    _responses_end(data, emit, state, at, ())


# --- tool results, file processors, everything else ------------------------


def _tool_result(data: Any, emit: Emit, state: dict[str, Any], at: Where | None) -> None:
    if not isinstance(data, dict):
        return
    emit("touch", ("choice", 0), None)
    content = data.get("content")
    if isinstance(content, str):
        _text(emit, at, ("text", 0), ("content",), content)
    elif isinstance(content, list):
        for j, item in enumerate(content):
            if isinstance(item, dict) and isinstance(item.get("text"), str):
                _text(emit, at, ("text", 0), ("content", j, "text"), item["text"])
            elif isinstance(item, str):
                _text(emit, at, ("text", 0), ("content", j), item)
    if data.get("error_message"):
        state["error"] = RecordedError(str(data["error_message"]), type="ToolError", status_code=_int(data.get("error_code"), 0) or None)


def _file_processor(data: Any, emit: Emit, state: dict[str, Any], at: Where | None) -> None:
    if not isinstance(data, dict):
        return
    emit("touch", ("choice", 0), None)
    chunks = data.get("chunks")
    for i, ch in enumerate(chunks if isinstance(chunks, list) else []):
        if isinstance(ch, dict) and isinstance(ch.get("content"), str):
            emit("append", ("text", 0), ("\n\n" if i else "") + ch["content"])


def _nothing(data: Any, emit: Emit, state: dict[str, Any], at: Where | None) -> None:
    emit("touch", ("choice", 0), None)


Walker = Callable[[Any, Emit, dict[str, Any], "Where | None"], None]

#: the walker of each kind's streamed chunks (or only body)
_STREAMED: dict[Kind, Walker] = {
    Kind.CHAT: _openai,
    Kind.COMPLETION: _openai,
    Kind.OLLAMA_GENERATE: _ollama,
    Kind.OLLAMA_CHAT: _ollama,
    Kind.GENAI: _genai,
    Kind.GENAI_STREAM: _genai,
    Kind.MESSAGES: _anthropic_event,
    Kind.INTERACTIONS: _interactions_event,
    Kind.RESPONSES: _responses_event,
    Kind.TOOL: _tool_result,
    Kind.FILE_PROCESSOR: _file_processor,
}

#: kinds whose one non-streamed body has another shape than their chunks
_WHOLE: dict[Kind, Walker] = {
    Kind.MESSAGES: _anthropic_message,
    Kind.INTERACTIONS: _interactions_object,
    Kind.RESPONSES: _responses_object,
}


# --- server-sent events: grouped here, once --------------------------------------


@dataclass(frozen=True, slots=True)
class SseEvent:
    """One event of a recorded SSE body: its name, its data, and the index of its single data line."""

    name: str | None
    line: int | None  # None when the event's data spans several lines (or it has none)
    data: Any


def sse_data_prefix(line: str) -> str:
    """``"data: "`` or ``"data:"``: the prefix before the JSON of a data line."""
    return "data: " if line.startswith("data: ") else "data:"


def _decode(raw: str) -> Any:
    if raw == "[DONE]":
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def decode_sse_data(line: str) -> Any:
    """The JSON value of a single ``data:`` line (the text itself when it is not JSON)."""
    return _decode(line[len(sse_data_prefix(line)) :])


def group_sse(lines: list[Any]) -> list[SseEvent]:
    """Group server-sent-event lines into events, as an SSE client would.

    ``data: [DONE]`` becomes the string ``"[DONE]"``; undecodable data stays text;
    comments and other fields are ignored.
    """
    out: list[SseEvent] = []
    name: str | None = None
    data_lines: list[int] = []

    def flush() -> None:
        nonlocal name, data_lines
        if data_lines:
            if len(data_lines) == 1:
                out.append(SseEvent(name, data_lines[0], decode_sse_data(lines[data_lines[0]])))
            else:
                out.append(SseEvent(name, None, _decode("\n".join(_payload(lines[i]) for i in data_lines))))
        elif name is not None:
            out.append(SseEvent(name, None, None))
        name, data_lines = None, []

    for i, line in enumerate(lines):
        if not isinstance(line, str):
            continue
        if line == "":
            flush()
        elif line.startswith("event:"):
            if data_lines or name is not None:
                flush()
            name = line[6:].strip()
        elif line.startswith("data:"):
            data_lines.append(i)
    flush()
    return out


def _payload(line: str) -> str:
    return line[5:].lstrip(" ") if line[5:6] == " " else line[5:]


# --- driving a walker -----------------------------------------------------------------


def _walker_for(kind: Kind, non_stream_sse: bool) -> Walker:
    if non_stream_sse and kind in _WHOLE:
        return _WHOLE[kind]
    return _STREAMED.get(kind, _nothing)


def chunk_events(kind: Kind, chunks: list[Any], *, non_stream_sse: bool = False) -> tuple[list[list[Event]], dict[str, Any]]:
    """Events for each chunk of a response of ``kind``, and the walker's end state.

    The end state may hold ``error`` (an error event inside the stream).
    ``non_stream_sse``: the body is one object, not a list of chunks.
    """
    state: dict[str, Any] = {}
    walker = _walker_for(kind, non_stream_sse)
    result: list[list[Event]] = []
    events: list[Event] = []

    def emit(op: str, key: tuple[Any, ...], value: Any) -> None:
        events.append((op, key, value))  # the list of the chunk being read (rebound below)

    for chunk in chunks:
        events = []
        walker(unwrap(chunk), emit, state, None)
        result.append(events)
    return result, state


def feed_events(kind: Kind, chunks: list[Any], emit: Emit, *, non_stream_sse: bool = False, at: Where | None = None) -> dict[str, Any]:
    """Pass every event of every chunk to ``emit`` in order (no per-chunk lists); the end state.

    With ``at``, the walker also tells it where each piece lives (see :class:`Where`).
    """
    state: dict[str, Any] = {}
    walker = _walker_for(kind, non_stream_sse)
    if at is None:
        for chunk in chunks:
            walker(unwrap(chunk), emit, state, None)
    else:
        for i, chunk in enumerate(chunks):
            at.enter(i, chunk)
            walker(unwrap(chunk), emit, state, at)
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

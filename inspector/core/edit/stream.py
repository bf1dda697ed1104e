"""Edits of what a response rebuilds to, written back into its chunks.

The rebuilt text, reasoning, refusal, a tool call's name and arguments, the
finish reason and the usage can be edited.  Text-like values are spread back
over the pieces the response already delivered them in (:mod:`.spread`), so the
chunk count and every other field stay as they were and the file's diff shows
only the pieces that changed.  Chunks are never added or removed; a value with
no piece at all is written into the most natural existing place (the first
delta of the choice, the tool call's first piece), and refused where there is
none.

Supported: OpenAI chat and completions (streamed or not), Ollama generate and
chat, google genai (streamed or not), Anthropic-style ``/v1/messages`` (SSE
lines or a message object), Gemini ``/interactions`` and tool results.  Other
kinds come back refused with a reason.

Where the values live is found by walking the response exactly as
:mod:`inspector.core.streams` does when it rebuilds it, and every edit is checked
by rebuilding the edited document: an edit is returned only if the rebuild
equals what was asked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..model import Kind, Rebuild
from ..recording import Recording
from .nodes import JsonPath, assoc, format_path, get_node
from .outcome import EditError, EditOutcome
from .spread import spread
from .sse import group_events, replace_in_data

__all__ = [
    "Slot",
    "Layout",
    "layout_of",
    "stream_edit_problem",
    "edit_text",
    "edit_reasoning",
    "edit_refusal",
    "edit_tool_name",
    "edit_tool_arguments",
    "edit_finish_reason",
    "edit_usage",
    "EDITABLE_KINDS",
]

EDITABLE_KINDS = frozenset(
    {
        Kind.CHAT,
        Kind.COMPLETION,
        Kind.OLLAMA_GENERATE,
        Kind.OLLAMA_CHAT,
        Kind.GENAI,
        Kind.GENAI_STREAM,
        Kind.MESSAGES,
        Kind.INTERACTIONS,
        Kind.TOOL,
    }
)

Key = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Slot:
    """Where one value lives: a JSON path, and inside an SSE ``data:`` line, a path in its JSON."""

    path: JsonPath
    inner: tuple[Any, ...] = ()
    sse: bool = False

    def child(self, *parts: Any) -> Slot:
        if self.sse:
            return Slot(self.path, self.inner + parts, True)
        return Slot(self.path + parts, (), False)

    def get(self, doc: Any) -> Any:
        node = get_node(doc, self.path)
        if not self.sse:
            return node
        from .sse import decode_data

        return get_node(decode_data(node), self.inner)

    def set(self, doc: Any, value: Any) -> Any:
        if not self.sse:
            return assoc(doc, self.path, value)
        line = get_node(doc, self.path)
        return assoc(doc, self.path, replace_in_data(line, self.inner, value))

    def label(self) -> str:
        where = format_path(self.path)
        return f"{where} → {format_path(self.inner)}" if self.sse else where


@dataclass(slots=True)
class Piece:
    """One delivered piece of a channel; ``text`` is False for an object (tool arguments as a dict)."""

    slot: Slot
    value: Any
    text: bool = True


@dataclass(slots=True)
class Layout:
    """Where each rebuilt value of a response lives in the document."""

    kind: Kind
    channels: dict[Key, list[Piece]] = field(default_factory=dict)
    anchors: dict[Key, tuple[Slot, bool]] = field(default_factory=dict)  # key -> (slot, holds text)
    choices: list[int] = field(default_factory=list)
    tools: list[tuple[int, int]] = field(default_factory=list)
    finish: dict[int, list[Slot]] = field(default_factory=dict)
    finish_anchor: dict[int, Slot] = field(default_factory=dict)
    usage: list[Slot] = field(default_factory=list)
    usage_anchor: Slot | None = None
    usage_mode: str = "replace"  # replace | ollama | anthropic-stream
    blocked: str | None = None

    def piece(self, key: Key, slot: Slot, value: Any, *, text: bool = True) -> None:
        self.channels.setdefault(key, []).append(Piece(slot, value, text))

    def anchor(self, key: Key, slot: Slot, *, text: bool = True) -> None:
        self.anchors.setdefault(key, (slot, text))

    def choice(self, c: int) -> None:
        if c not in self.choices:
            self.choices.append(c)

    def tool(self, c: int, t: int) -> None:
        self.choice(c)
        if (c, t) not in self.tools:
            self.tools.append((c, t))


def _int(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _unwrapped(value: Any, slot: Slot) -> tuple[Any, Slot]:
    if isinstance(value, dict) and "__type__" in value and "__data__" in value:
        return value["__data__"], slot.child("__data__")
    return value, slot


# --- walking each family (mirrors core/streams.py) ------------------------------------


def _openai(data: Any, s: Slot, lay: Layout, state: dict[str, Any]) -> None:
    if not isinstance(data, dict):
        return
    choices = data.get("choices")
    if isinstance(choices, list):
        for pos, ch in enumerate(choices):
            if not isinstance(ch, dict):
                continue
            c = _int(ch.get("index"), pos)
            cs = s.child("choices", pos)
            lay.choice(c)
            part_key = "delta" if "delta" in ch else "message"
            part = ch.get(part_key)
            if isinstance(part, dict):
                _openai_part(c, part, cs.child(part_key), lay)
            if isinstance(ch.get("text"), str):
                if ch["text"]:
                    lay.piece(("text", c), cs.child("text"), ch["text"])
                lay.anchor(("text", c), cs.child("text"))
            if ch.get("finish_reason") is not None:
                lay.finish.setdefault(c, []).append(cs.child("finish_reason"))
            lay.finish_anchor[c] = cs.child("finish_reason")
    if isinstance(data.get("usage"), dict):
        lay.usage.append(s.child("usage"))
    lay.usage_anchor = s.child("usage")


def _openai_part(c: int, part: dict[str, Any], ps: Slot, lay: Layout) -> None:
    content = part.get("content")
    if isinstance(content, str) and content:
        lay.piece(("text", c), ps.child("content"), content)
    elif isinstance(content, list):
        for j, p in enumerate(content):
            if isinstance(p, dict) and isinstance(p.get("text"), str):
                lay.piece(("text", c), ps.child("content", j, "text"), p["text"])
    if not isinstance(content, list):
        lay.anchor(("text", c), ps.child("content"))
    for key in ("reasoning_content", "reasoning"):
        r = part.get(key)
        if isinstance(r, str) and r:
            lay.piece(("reasoning", c), ps.child(key), r)
    lay.anchor(("reasoning", c), ps.child("reasoning" if "reasoning" in part and "reasoning_content" not in part else "reasoning_content"))
    refusal = part.get("refusal")
    if isinstance(refusal, str) and refusal:
        lay.piece(("refusal", c), ps.child("refusal"), refusal)
    lay.anchor(("refusal", c), ps.child("refusal"))
    calls = part.get("tool_calls")
    if isinstance(calls, list):
        for pos, tc in enumerate(calls):
            if not isinstance(tc, dict):
                continue
            t = _int(tc.get("index"), pos)
            lay.tool(c, t)
            fn = tc.get("function")
            if isinstance(fn, dict):
                fs = ps.child("tool_calls", pos, "function")
                _tool_pieces(lay, (c, t), fs, fn, "name", "arguments", name_if_empty=False, args_if_empty=False)
    fc = part.get("function_call")
    if isinstance(fc, dict):
        lay.tool(c, 0)
        _tool_pieces(lay, (c, 0), ps.child("function_call"), fc, "name", "arguments", name_if_empty=False, args_if_empty=False)


def _tool_pieces(
    lay: Layout,
    ct: tuple[int, int],
    fs: Slot,
    fn: dict[str, Any],
    name_key: str,
    args_key: str,
    *,
    name_if_empty: bool,
    args_if_empty: bool,
) -> None:
    c, t = ct
    name = fn.get(name_key)
    if isinstance(name, str) and (name or name_if_empty):
        lay.piece(("tool.name", c, t), fs.child(name_key), name)
    lay.anchor(("tool.name", c, t), fs.child(name_key))
    args = fn.get(args_key)
    if args_if_empty or (args is not None and args != ""):
        lay.piece(("tool.args", c, t), fs.child(args_key), args, text=isinstance(args, str))
    lay.anchor(("tool.args", c, t), fs.child(args_key), text=not args_if_empty)


def _ollama(data: Any, s: Slot, lay: Layout, state: dict[str, Any]) -> None:
    if not isinstance(data, dict):
        return
    lay.choice(0)
    if isinstance(data.get("response"), str):
        if data["response"]:
            lay.piece(("text", 0), s.child("response"), data["response"])
        lay.anchor(("text", 0), s.child("response"))
        lay.anchor(("reasoning", 0), s.child("thinking"))
    if isinstance(data.get("thinking"), str) and data["thinking"]:
        lay.piece(("reasoning", 0), s.child("thinking"), data["thinking"])
    msg = data.get("message")
    if isinstance(msg, dict):
        ms = s.child("message")
        if isinstance(msg.get("content"), str) and msg["content"]:
            lay.piece(("text", 0), ms.child("content"), msg["content"])
        lay.anchor(("text", 0), ms.child("content"))
        if isinstance(msg.get("thinking"), str) and msg["thinking"]:
            lay.piece(("reasoning", 0), ms.child("thinking"), msg["thinking"])
        lay.anchor(("reasoning", 0), ms.child("thinking"))
        calls = msg.get("tool_calls")
        if isinstance(calls, list):
            for pos, tc in enumerate(calls):
                if not isinstance(tc, dict):
                    continue
                t = state.setdefault("ollama_tools", 0)
                state["ollama_tools"] = t + 1
                lay.tool(0, t)
                fn = tc.get("function") if isinstance(tc.get("function"), dict) else None
                if fn is None:
                    continue
                _tool_pieces(lay, (0, t), ms.child("tool_calls", pos, "function"), fn, "name", "arguments", name_if_empty=True, args_if_empty=True)
    if data.get("done"):
        if data.get("done_reason") is not None:
            lay.finish.setdefault(0, []).append(s.child("done_reason"))
        lay.finish_anchor[0] = s.child("done_reason")
        if "eval_count" in data or "prompt_eval_count" in data:
            lay.usage.append(s)
        lay.usage_anchor = s
    lay.usage_mode = "ollama"


def _genai(data: Any, s: Slot, lay: Layout, state: dict[str, Any]) -> None:
    if not isinstance(data, dict):
        return
    cands = data.get("candidates")
    if isinstance(cands, list):
        for pos, cand in enumerate(cands):
            if not isinstance(cand, dict):
                continue
            c = _int(cand.get("index"), pos)
            cs = s.child("candidates", pos)
            lay.choice(c)
            content = cand.get("content")
            parts = content.get("parts") if isinstance(content, dict) else None
            for j, part in enumerate(parts if isinstance(parts, list) else []):
                if not isinstance(part, dict):
                    continue
                ps = cs.child("content", "parts", j)
                channel = "reasoning" if part.get("thought") else "text"
                text = part.get("text")
                if isinstance(text, str):
                    if text:
                        lay.piece((channel, c), ps.child("text"), text)
                    lay.anchor((channel, c), ps.child("text"))
                fkey = "function_call" if part.get("function_call") else "functionCall"
                fc = part.get(fkey)
                if isinstance(fc, dict):
                    key = ("genai_tools", c)
                    t = state.get(key, 0)
                    state[key] = t + 1
                    lay.tool(c, t)
                    _tool_pieces(lay, (c, t), ps.child(fkey), fc, "name", "args", name_if_empty=True, args_if_empty=True)
            fkey = "finish_reason" if cand.get("finish_reason") else ("finishReason" if cand.get("finishReason") is not None else "finish_reason")
            finish = cand.get("finish_reason") or cand.get("finishReason")
            if finish is not None:
                lay.finish.setdefault(c, []).append(cs.child(fkey))
            lay.finish_anchor[c] = cs.child("finishReason" if "finishReason" in cand and "finish_reason" not in cand else "finish_reason")
    ukey = "usage_metadata" if data.get("usage_metadata") else "usageMetadata"
    usage = data.get("usage_metadata") or data.get("usageMetadata")
    if isinstance(usage, dict) and any(k != "traffic_type" for k in usage):
        lay.usage.append(s.child(ukey))
    lay.usage_anchor = s.child("usageMetadata" if "usageMetadata" in data and "usage_metadata" not in data else "usage_metadata")


def _anthropic_block(idx: int, block: dict[str, Any], bs: Slot, lay: Layout, state: dict[str, Any], *, start: bool) -> None:
    btype = block.get("type")
    lay.choice(0)
    if btype == "text":
        if block.get("text"):
            lay.piece(("text", 0), bs.child("text"), block["text"])
        if isinstance(block.get("text"), str):
            lay.anchor(("text", 0), bs.child("text"))
    elif btype in ("thinking", "redacted_thinking"):
        if block.get("thinking"):
            lay.piece(("reasoning", 0), bs.child("thinking"), block["thinking"])
        if isinstance(block.get("thinking"), str):
            lay.anchor(("reasoning", 0), bs.child("thinking"))
    elif btype in ("tool_use", "server_tool_use"):
        t = state.setdefault("tools", 0)
        state["tools"] = t + 1
        state.setdefault("tool_of_block", {})[idx] = t
        lay.tool(0, t)
        if isinstance(block.get("name"), str):
            lay.piece(("tool.name", 0, t), bs.child("name"), block["name"])
        lay.anchor(("tool.name", 0, t), bs.child("name"))
        inp = block.get("input")
        if inp not in (None, {}) or not start:
            lay.piece(("tool.args", 0, t), bs.child("input"), inp if inp is not None else {}, text=isinstance(inp, str))
        lay.anchor(("tool.args", 0, t), bs.child("input"), text=False)


def _anthropic_event(ev: Any, s: Slot, lay: Layout, state: dict[str, Any]) -> None:
    if not isinstance(ev, dict):
        return
    typ = ev.get("type")
    if typ == "message_start":
        lay.choice(0)
        msg = ev.get("message")
        if isinstance(msg, dict) and isinstance(msg.get("usage"), dict):
            state["start_usage"] = s.child("message", "usage")
    elif typ == "content_block_start":
        idx = _int(ev.get("index"), 0)
        block = ev.get("content_block") if isinstance(ev.get("content_block"), dict) else {}
        _anthropic_block(idx, block, s.child("content_block"), lay, state, start=True)
    elif typ == "content_block_delta":
        idx = _int(ev.get("index"), 0)
        delta = ev.get("delta") if isinstance(ev.get("delta"), dict) else {}
        dt = delta.get("type")
        if dt == "text_delta" and isinstance(delta.get("text"), str):
            lay.piece(("text", 0), s.child("delta", "text"), delta["text"])
            lay.anchor(("text", 0), s.child("delta", "text"))
        elif dt == "thinking_delta" and isinstance(delta.get("thinking"), str):
            lay.piece(("reasoning", 0), s.child("delta", "thinking"), delta["thinking"])
            lay.anchor(("reasoning", 0), s.child("delta", "thinking"))
        elif dt == "input_json_delta" and isinstance(delta.get("partial_json"), str):
            t = state.get("tool_of_block", {}).get(idx, idx)
            lay.piece(("tool.args", 0, t), s.child("delta", "partial_json"), delta["partial_json"])
    elif typ == "message_delta":
        delta = ev.get("delta") if isinstance(ev.get("delta"), dict) else {}
        if delta.get("stop_reason") is not None:
            lay.finish.setdefault(0, []).append(s.child("delta", "stop_reason"))
        if isinstance(ev.get("delta"), dict):
            lay.finish_anchor[0] = s.child("delta", "stop_reason")
        if isinstance(ev.get("usage"), dict):
            lay.usage.append(s.child("usage"))
        lay.usage_anchor = s.child("usage")


def _anthropic_message(data: Any, s: Slot, lay: Layout, state: dict[str, Any]) -> None:
    if not isinstance(data, dict):
        return
    blocks = data.get("content")
    for idx, block in enumerate(blocks if isinstance(blocks, list) else []):
        if isinstance(block, dict):
            _anthropic_block(idx, block, s.child("content", idx), lay, state, start=False)
    if data.get("stop_reason") is not None:
        lay.finish.setdefault(0, []).append(s.child("stop_reason"))
    lay.finish_anchor[0] = s.child("stop_reason")
    if isinstance(data.get("usage"), dict):
        lay.usage.append(s.child("usage"))
    lay.usage_anchor = s.child("usage")


def _interactions_event(ev: Any, s: Slot, lay: Layout, state: dict[str, Any], *, content_key: str = "content") -> None:
    if not isinstance(ev, dict):
        return
    typ = ev.get("event_type") or ev.get("type")
    if typ == "content.start":
        idx = _int(ev.get("index"), 0)
        content = ev.get("content") if isinstance(ev.get("content"), dict) else {}
        state.setdefault("blocks", {})[idx] = content.get("type")
        lay.choice(0)
        if content.get("type") == "function_call":
            t = state.setdefault("tools", 0)
            state["tools"] = t + 1
            state.setdefault("tool_of_block", {})[idx] = t
            lay.tool(0, t)
            cs = s.child("content")
            if isinstance(content.get("name"), str):
                lay.piece(("tool.name", 0, t), cs.child("name"), content["name"])
            lay.anchor(("tool.name", 0, t), cs.child("name"))
            if content.get("arguments"):
                args = content["arguments"]
                lay.piece(("tool.args", 0, t), cs.child("arguments"), args, text=isinstance(args, str))
            lay.anchor(("tool.args", 0, t), cs.child("arguments"), text=isinstance(content.get("arguments"), str))
    elif typ == "content.delta":
        idx = _int(ev.get("index"), 0)
        delta = ev.get("delta") if isinstance(ev.get("delta"), dict) else {}
        dt = delta.get("type")
        kind = state.get("blocks", {}).get(idx)
        ds = s.child("delta")
        if dt == "text" and isinstance(delta.get("text"), str):
            channel = "reasoning" if kind == "thought" else "text"
            lay.piece((channel, 0), ds.child("text"), delta["text"])
            lay.anchor((channel, 0), ds.child("text"))
        elif dt in ("thought_summary", "thought") and isinstance(delta.get("text"), str):
            lay.piece(("reasoning", 0), ds.child("text"), delta["text"])
            lay.anchor(("reasoning", 0), ds.child("text"))
        elif dt == "thought_summary" and isinstance(delta.get("content"), dict):
            if isinstance(delta["content"].get("text"), str):
                lay.piece(("reasoning", 0), ds.child("content", "text"), delta["content"]["text"])
        elif dt == "function_call":
            t = state.get("tool_of_block", {}).get(idx)
            if t is None:
                t = state.setdefault("tools", 0)
                state["tools"] = t + 1
                state.setdefault("tool_of_block", {})[idx] = t
            lay.tool(0, t)
            if isinstance(delta.get("name"), str):
                lay.piece(("tool.name", 0, t), ds.child("name"), delta["name"])
            lay.anchor(("tool.name", 0, t), ds.child("name"))
            if delta.get("arguments") is not None:
                args = delta["arguments"]
                lay.piece(("tool.args", 0, t), ds.child("arguments"), args, text=isinstance(args, str))
    elif typ in ("interaction.complete", "interaction.completed"):
        inter = ev.get("interaction") if isinstance(ev.get("interaction"), dict) else {}
        if inter.get("status") is not None:
            lay.finish.setdefault(0, []).append(s.child("interaction", "status"))
        if isinstance(ev.get("interaction"), dict):
            lay.finish_anchor[0] = s.child("interaction", "status")
            lay.usage_anchor = s.child("interaction", "usage")
        if isinstance(inter.get("usage"), dict):
            lay.usage.append(s.child("interaction", "usage"))


def _interactions_object(data: Any, s: Slot, lay: Layout, state: dict[str, Any]) -> None:
    if not isinstance(data, dict):
        return
    outputs = data.get("outputs")
    for idx, out in enumerate(outputs if isinstance(outputs, list) else []):
        if not isinstance(out, dict):
            continue
        os_ = s.child("outputs", idx)
        state.setdefault("blocks", {})[idx] = out.get("type")
        lay.choice(0)
        if out.get("type") == "function_call":
            t = state.setdefault("tools", 0)
            state["tools"] = t + 1
            lay.tool(0, t)
            if isinstance(out.get("name"), str):
                lay.piece(("tool.name", 0, t), os_.child("name"), out["name"])
            lay.anchor(("tool.name", 0, t), os_.child("name"))
            if out.get("arguments"):
                args = out["arguments"]
                lay.piece(("tool.args", 0, t), os_.child("arguments"), args, text=isinstance(args, str))
            lay.anchor(("tool.args", 0, t), os_.child("arguments"), text=isinstance(out.get("arguments"), str))
        if out.get("type") in ("text", "thought") and isinstance(out.get("text"), str):
            channel = "reasoning" if out["type"] == "thought" else "text"
            lay.piece((channel, 0), os_.child("text"), out["text"])
            lay.anchor((channel, 0), os_.child("text"))
    if data.get("status") is not None:
        lay.finish.setdefault(0, []).append(s.child("status"))
    lay.finish_anchor[0] = s.child("status")
    if isinstance(data.get("usage"), dict):
        lay.usage.append(s.child("usage"))
    lay.usage_anchor = s.child("usage")


def _tool_result(data: Any, s: Slot, lay: Layout, state: dict[str, Any]) -> None:
    if not isinstance(data, dict):
        return
    lay.choice(0)
    content = data.get("content")
    if isinstance(content, str):
        lay.piece(("text", 0), s.child("content"), content)
    elif isinstance(content, list):
        for j, item in enumerate(content):
            if isinstance(item, dict) and isinstance(item.get("text"), str):
                lay.piece(("text", 0), s.child("content", j, "text"), item["text"])
            elif isinstance(item, str):
                lay.piece(("text", 0), s.child("content", j), item)
    lay.usage_mode = "none"


_WALKERS = {
    Kind.CHAT: _openai,
    Kind.COMPLETION: _openai,
    Kind.OLLAMA_GENERATE: _ollama,
    Kind.OLLAMA_CHAT: _ollama,
    Kind.GENAI: _genai,
    Kind.GENAI_STREAM: _genai,
    Kind.MESSAGES: _anthropic_event,
    Kind.INTERACTIONS: _interactions_event,
    Kind.TOOL: _tool_result,
}


def stream_edit_problem(rec: Recording) -> str | None:
    """Why the rebuilt values of ``rec`` cannot be edited (None when they can)."""
    if not rec.ok:
        return f"not a recording: {rec.problem}"
    if rec.kind not in EDITABLE_KINDS:
        return f"recordings of kind {rec.kind.value} have no rebuilt text to edit; edit its JSON instead"
    body = rec.response_raw.get("body")
    if body is None:
        return "the response has no body to edit"
    if rec.replay.total == 0:
        what = rec.error.one_line() if rec.error else "nothing"
        return f"the response rebuilds to nothing to edit ({what}); edit its JSON instead"
    return None


def layout_of(rec: Recording) -> Layout:
    """Where each rebuilt value of ``rec`` lives; raises :class:`EditError` for kinds without one."""
    problem = stream_edit_problem(rec)
    if problem:
        raise EditError(problem)
    kind = rec.kind
    lay = Layout(kind)
    state: dict[str, Any] = {}
    base = Slot(("response", "body"))
    body = rec.response_raw.get("body")
    walker = _WALKERS[kind]
    if kind in (Kind.MESSAGES, Kind.INTERACTIONS) and isinstance(body, list):
        for ev in group_events(body):
            if ev.line is None:
                if isinstance(ev.data, dict):
                    lay.blocked = "an event of this stream spans several data lines; edit its JSON instead"
                continue
            walker(ev.data, Slot(("response", "body", ev.line), (), True), lay, state)
        if kind == Kind.MESSAGES:
            lay.usage_mode = "anthropic-stream"
            if "start_usage" in state:
                lay.usage.insert(0, state["start_usage"])
        return lay
    if kind == Kind.MESSAGES:
        walker = _anthropic_message
    elif kind == Kind.INTERACTIONS:
        walker = _interactions_object
    chunks = rec.chunks
    if isinstance(body, list) and chunks is body:
        for k, chunk in enumerate(body):
            data, s = _unwrapped(chunk, base.child(k))
            walker(data, s, lay, state)
    else:
        data, s = _unwrapped(body, base)
        walker(data, s, lay, state)
    return lay


# --- applying ------------------------------------------------------------------------


def _channel_value(rebuild: Rebuild, key: Key) -> str | None:
    head, c = key[0], key[1]
    choice = next((ch for ch in rebuild.choices if ch.index == c), None)
    if choice is None:
        return None
    if head == "text":
        return choice.text
    if head == "reasoning":
        return choice.reasoning
    if head == "refusal":
        return choice.refusal or ""
    tool = next((tc for tc in choice.tool_calls if tc.index == key[2]), None)
    if tool is None:
        return None
    return (tool.name or "") if head == "tool.name" else tool.arguments


def _args_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _describe_key(key: Key) -> str:
    head = key[0]
    names = {"text": "text", "reasoning": "reasoning", "refusal": "refusal", "tool.name": "tool call name", "tool.args": "tool call arguments"}
    what = names[head]
    if head.startswith("tool"):
        what = f"{what} of tool call {key[2]}"
    return what if key[1] == 0 else f"{what} (choice {key[1]})"


def _start(data: Any) -> tuple[Recording, Layout]:
    rec = Recording(None, data)
    lay = layout_of(rec)
    if lay.blocked:
        raise EditError(lay.blocked)
    return rec, lay


def _set_channel(data: Any, key: Key, new: str) -> EditOutcome:
    label = f"edit {_describe_key(key)}"
    try:
        rec, lay = _start(data)
        c = key[1]
        if c not in lay.choices:
            raise EditError(f"the response has no choice {c}")
        if key[0].startswith("tool") and (c, key[2]) not in lay.tools:
            raise EditError(f"the response has no tool call {key[2]}" + (f" in choice {c}" if c else ""))
        current = _channel_value(rec.rebuild, key) or ""
        if current == new:
            return EditOutcome(data, label=label)
        pieces = lay.channels.get(key, [])
        changed: list[JsonPath] = []
        stored: str | None = None
        expected = new
        doc = data
        if pieces and all(p.text for p in pieces):
            for piece, value in zip(pieces, spread([p.value for p in pieces], new), strict=True):
                if value != piece.value:
                    doc = piece.slot.set(doc, value)
                    changed.append(piece.slot.path)
        elif pieces and len(pieces) == 1:
            # one object piece (arguments stored as a dict): keep it an object
            value = _parse_arguments(new)
            doc = pieces[0].slot.set(doc, value)
            changed.append(pieces[0].slot.path)
            expected = _args_text(value)
        elif pieces:
            raise EditError(f"the {_describe_key(key)} are stored in mixed pieces; edit the JSON instead")
        else:
            anchor = lay.anchors.get(key)
            if anchor is None:
                raise EditError(f"this response has no place for the {_describe_key(key)}; edit the JSON instead")
            slot, holds_text = anchor
            if holds_text:
                doc = slot.set(doc, new)
            else:
                value = _parse_arguments(new)
                doc = slot.set(doc, value)
                expected = _args_text(value)
            changed.append(slot.path)
        if expected != new:
            stored = expected
    except EditError as exc:
        return EditOutcome.refused(exc.reason)
    got = _channel_value(Recording(None, doc).rebuild, key)
    if (got or "") != expected:
        return EditOutcome.refused(f"could not write the {_describe_key(key)} back into this response; edit the JSON instead")
    return EditOutcome(doc, label=label, changed=tuple(dict.fromkeys(changed)), stored=stored)


def _parse_arguments(text: str) -> Any:
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise EditError(f"this response stores tool arguments as a JSON object, and the new arguments are not JSON ({exc})") from None
    return value


def edit_text(data: Any, text: str, *, choice: int = 0) -> EditOutcome:
    """Set the rebuilt assistant text of ``choice`` (spread over the existing pieces)."""
    return _set_channel(data, ("text", choice), text)


def edit_reasoning(data: Any, text: str, *, choice: int = 0) -> EditOutcome:
    """Set the rebuilt reasoning (thinking) text of ``choice``."""
    return _set_channel(data, ("reasoning", choice), text)


def edit_refusal(data: Any, text: str, *, choice: int = 0) -> EditOutcome:
    """Set the rebuilt refusal text of ``choice`` (OpenAI chat)."""
    return _set_channel(data, ("refusal", choice), text)


def edit_tool_name(data: Any, tool: int, name: str, *, choice: int = 0) -> EditOutcome:
    """Set the name of tool call ``tool`` (its ``ToolCall.index``)."""
    if not name:
        return EditOutcome.refused("a tool call needs a name")
    return _set_channel(data, ("tool.name", choice, tool), name)


def edit_tool_arguments(data: Any, tool: int, arguments: str, *, choice: int = 0) -> EditOutcome:
    """Set the arguments (JSON text) of tool call ``tool``, re-split over their pieces.

    Families that store arguments as an object (genai, Ollama, a message object)
    need JSON; the outcome's ``stored`` then shows the text the rebuild will give.
    """
    return _set_channel(data, ("tool.args", choice, tool), arguments)


def edit_finish_reason(data: Any, reason: str | None, *, choice: int = 0) -> EditOutcome:
    """Set the finish (stop) reason of ``choice``; None removes it where the format allows."""
    label = "edit finish reason"
    try:
        rec, lay = _start(data)
        if choice not in lay.choices:
            raise EditError(f"the response has no choice {choice}")
        if rec.rebuild.choices and next((c.finish_reason for c in rec.rebuild.choices if c.index == choice), None) == reason:
            return EditOutcome(data, label=label)
        slots = lay.finish.get(choice, [])
        doc = data
        changed: list[JsonPath] = []
        if lay.kind == Kind.TOOL:
            raise EditError("a tool recording has no finish reason")
        if reason is None:
            if lay.usage_mode == "ollama":
                raise EditError("Ollama marks the end with done; its finish reason cannot be removed")
            for slot in slots:
                doc = slot.set(doc, None)
                changed.append(slot.path)
        else:
            slot = slots[-1] if slots else lay.finish_anchor.get(choice)
            if slot is None:
                raise EditError("this response has no place for a finish reason; edit the JSON instead")
            doc = slot.set(doc, reason)
            changed.append(slot.path)
    except EditError as exc:
        return EditOutcome.refused(exc.reason)
    got = next((c.finish_reason for c in Recording(None, doc).rebuild.choices if c.index == choice), None)
    if got != reason:
        return EditOutcome.refused("could not write the finish reason back into this response; edit the JSON instead")
    return EditOutcome(doc, label=label, changed=tuple(dict.fromkeys(changed)))


_OLLAMA_USAGE = ("prompt_eval_count", "eval_count")


def edit_usage(data: Any, usage: dict[str, Any] | None) -> EditOutcome:
    """Set the usage (token counts) the response ends with; None removes it where allowed."""
    label = "edit usage"
    try:
        rec, lay = _start(data)
        if usage is not None and not isinstance(usage, dict):
            raise EditError("usage must be a JSON object")
        if rec.rebuild.usage == usage:
            return EditOutcome(data, label=label)
        doc = data
        changed: list[JsonPath] = []
        if lay.usage_mode == "none":
            raise EditError(f"a {lay.kind.value} recording has no usage")
        if lay.usage_mode == "ollama":
            if usage is None or set(usage) != set(_OLLAMA_USAGE):
                raise EditError("Ollama usage is exactly prompt_eval_count and eval_count")
            slot = lay.usage[-1] if lay.usage else lay.usage_anchor
            if slot is None:
                raise EditError("this response has no final (done) chunk to hold usage")
            for k in _OLLAMA_USAGE:
                doc = slot.child(k).set(doc, usage[k])
            changed.append(slot.path)
        elif lay.usage_mode == "anthropic-stream":
            if usage is None:
                raise EditError("usage cannot be removed from a /v1/messages stream; edit the JSON instead")
            slots = lay.usage
            start = slots[0] if slots and slots[0].inner[:1] == ("message",) else None
            last = slots[-1] if slots and slots[-1] is not start else lay.usage_anchor
            if last is None:
                last = start
            if last is None:
                raise EditError("this stream has no place for usage; edit the JSON instead")
            doc = last.set(doc, usage)
            changed.append(last.path)
            if start is not None and start is not last:
                kept = {k: v for k, v in start.get(doc).items() if k in usage}
                if kept != start.get(doc):
                    doc = start.set(doc, kept)
                    changed.append(start.path)
        else:
            if usage is None:
                for slot in lay.usage:
                    doc = slot.set(doc, None)
                    changed.append(slot.path)
            else:
                slot = lay.usage[-1] if lay.usage else lay.usage_anchor
                if slot is None:
                    raise EditError("this response has no place for usage; edit the JSON instead")
                doc = slot.set(doc, usage)
                changed.append(slot.path)
    except EditError as exc:
        return EditOutcome.refused(exc.reason)
    if Recording(None, doc).rebuild.usage != usage:
        return EditOutcome.refused("could not write the usage back into this response; edit the JSON instead")
    return EditOutcome(doc, label=label, changed=tuple(dict.fromkeys(changed)))

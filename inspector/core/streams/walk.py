"""The driver of each family's one walker: response chunks → small events, and where each piece lives.

Every family (OpenAI chat and completions, Ollama, google genai, Anthropic-style
``/v1/messages`` and Gemini ``/interactions`` server-sent events, the OpenAI
Responses API, tool results…) has exactly one walker, in its own module of this
package (:mod:`.openai`, :mod:`.ollama`, :mod:`.genai`, :mod:`.anthropic`,
:mod:`.interactions`, :mod:`.responses`, :mod:`.plain`; their shared steps in
:mod:`.events`, SSE grouping in :mod:`.sse`); this module picks the walker of a
kind and feeds it.  A walker reduces each chunk to events of two sorts:

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
from typing import Any

from inspector.core.base.model import Kind, RecordedError
from inspector.core.streams.anthropic import walk_anthropic_event, walk_anthropic_message
from inspector.core.streams.events import Emit, Event, Where, args_text, as_str, unwrap
from inspector.core.streams.genai import walk_genai
from inspector.core.streams.interactions import walk_interactions_event, walk_interactions_object
from inspector.core.streams.ollama import walk_ollama
from inspector.core.streams.openai import walk_openai
from inspector.core.streams.plain import walk_file_processor, walk_nothing, walk_tool_result
from inspector.core.streams.responses import walk_responses_event, walk_responses_object
from inspector.core.streams.sse import SseEvent, decode_sse_data, group_sse, sse_data_prefix

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


Walker = Callable[[Any, Emit, dict[str, Any], "Where | None"], None]

#: the walker of each kind's streamed chunks (or only body)
_STREAMED: dict[Kind, Walker] = {
    Kind.CHAT: walk_openai,
    Kind.COMPLETION: walk_openai,
    Kind.OLLAMA_GENERATE: walk_ollama,
    Kind.OLLAMA_CHAT: walk_ollama,
    Kind.GENAI: walk_genai,
    Kind.GENAI_STREAM: walk_genai,
    Kind.MESSAGES: walk_anthropic_event,
    Kind.INTERACTIONS: walk_interactions_event,
    Kind.RESPONSES: walk_responses_event,
    Kind.TOOL: walk_tool_result,
    Kind.FILE_PROCESSOR: walk_file_processor,
}

#: kinds whose one non-streamed body has another shape than their chunks
_WHOLE: dict[Kind, Walker] = {
    Kind.MESSAGES: walk_anthropic_message,
    Kind.INTERACTIONS: walk_interactions_object,
    Kind.RESPONSES: walk_responses_object,
}


# --- driving a walker -----------------------------------------------------------------


def _walker_for(kind: Kind, non_stream_sse: bool) -> Walker:
    if non_stream_sse and kind in _WHOLE:
        return _WHOLE[kind]
    return _STREAMED.get(kind, walk_nothing)


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
            etype = as_str(err.get("type")) or as_str(err.get("code"))
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

"""Builders of recordings, and the synthetic-corpus generator.

Every recording the project makes for itself is built here: the tests' files, the
shipped samples (``scripts/make_samples.py``), the benchmarks' streams and the
synthetic corpora (``scripts/generate_corpus.py``).  One place means one idea of
what a chunk, a request or a file looks like; the core never imports this module.

The builders return plain dicts shaped as the recorder stores them:

- requests: :func:`inference_request`, :func:`chat_body`, :func:`chat_request`,
  :func:`http_request` (``/v1/messages``, ``/interactions``, rerank: the raw-HTTP
  shape), :func:`tool_request`;
- OpenAI chat: :func:`chat_chunk` (one chunk, shaped by a :class:`ChunkStyle`),
  :func:`text_chunks` (text, reasoning, several choices), :func:`tool_chunks`,
  :func:`chat_completion`; completions :func:`completion`; :func:`embeddings`;
  model lists :func:`model_objects` and :func:`model_list_name`;
- Ollama :func:`ollama_generate_chunk`; google genai :func:`genai_chunk`;
- server-sent events :func:`sse`, ``/v1/messages`` blocks (:func:`message_start`,
  :func:`text_block`, :func:`thinking_block`, :func:`tool_use_block`,
  :func:`message_end`), ``/interactions`` events (:func:`interaction_event`);
- tool invocations :func:`tool_result`; recorded exceptions :func:`exception_response`;
- whole files: :func:`record`, :func:`response`, :func:`write` (named by the hash,
  written by the core's writer, ``rec-HASH`` ids replaced by the real one).

:func:`generate` writes a seeded synthetic corpus (see its docstring).
"""

from __future__ import annotations

import base64
import json
import math
import os
import random
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from inspector.core.base.writer import ConflictError, render, write_recording
from inspector.core.rules import hashing

__all__ = [
    "CHAT_URL",
    "CHUNK_TYPE",
    "CHAT_COMPLETION_TYPE",
    "COMPLETION_TYPE",
    "EMBEDDINGS_TYPE",
    "MODEL_TYPE",
    "TOOL_RESULT_TYPE",
    "REC_ID",
    "SDK",
    "PLAIN",
    "ChunkStyle",
    "ToolCall",
    "KIND_WEIGHTS",
    "GenerateReport",
    "words",
    "cut",
    "split_text",
    "usage",
    "function_tool",
    "inference_request",
    "chat_body",
    "chat_request",
    "http_request",
    "tool_request",
    "chat_chunk",
    "piece",
    "text_chunks",
    "tool_chunks",
    "chat_completion",
    "completion",
    "embeddings",
    "model_objects",
    "model_list_name",
    "ollama_generate_chunk",
    "genai_chunk",
    "sse",
    "sse_done",
    "message_start",
    "text_block",
    "thinking_block",
    "tool_use_block",
    "message_end",
    "interaction_event",
    "tool_result",
    "exception_response",
    "record",
    "response",
    "recording_name",
    "write",
    "DEFAULT_TEST_ID",
    "write_chat",
    "write_data",
    "chat_stream",
    "make_recording",
    "generate",
]

CHUNK_TYPE = "openai.types.chat.chat_completion_chunk.ChatCompletionChunk"
CHAT_COMPLETION_TYPE = "openai.types.chat.chat_completion.ChatCompletion"
COMPLETION_TYPE = "openai.types.completion.Completion"
EMBEDDINGS_TYPE = "openai.types.create_embedding_response.CreateEmbeddingResponse"
MODEL_TYPE = "openai.types.model.Model"
TOOL_RESULT_TYPE = "ogx_api.tools.ToolInvocationResult"
OLLAMA_GENERATE_TYPE = "ollama._types.GenerateResponse"
OLLAMA_TIME = "1970-01-01T00:00:00.000000Z"  # the recorder's normalised created_at

#: The OpenAI base URL as the recorder stores it (the client's base_url already ends in /v1).
CHAT_URL = "https://api.openai.com/v1/v1/chat/completions"

#: Placeholder id that :func:`write` replaces with ``rec-<first 12 of the file's hash>``,
#: the id the recorder normalises to (the hash is only known once the request is).
REC_ID = "rec-HASH"


# --- text -------------------------------------------------------------------------------


def words(text: str, size: int = 2) -> list[str]:
    """``text`` split into stream-sized pieces of ``size`` words, whitespace kept."""
    tokens = re.findall(r"\s*\S+|\s+", text)
    pieces = ["".join(tokens[i : i + size]) for i in range(0, len(tokens), size)]
    assert "".join(pieces) == text
    return pieces


def cut(text: str, size: int) -> list[str]:
    """``text`` in consecutive pieces of ``size`` characters (tool arguments as providers stream them)."""
    return [text[i : i + size] for i in range(0, len(text), size)]


def split_text(rng: random.Random, text: str, pieces: int) -> list[str]:
    """``text`` cut at random into about ``pieces`` consecutive parts (never empty)."""
    if pieces <= 1 or len(text) < 2:
        return [text]
    cuts = sorted(rng.sample(range(1, len(text)), min(pieces - 1, len(text) - 1)))
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]


def usage(prompt: int, completion: int, *, details: bool = False) -> dict[str, Any]:
    """OpenAI token usage; ``details`` adds the SDK's two detail fields (as ``None``)."""
    out: dict[str, Any] = {"completion_tokens": completion, "prompt_tokens": prompt, "total_tokens": prompt + completion}
    if details:
        out |= {"completion_tokens_details": None, "prompt_tokens_details": None}
    return out


# --- requests ---------------------------------------------------------------------------


def function_tool(name: str, description: str, properties: Mapping[str, Any], required: Sequence[str] = ()) -> dict[str, Any]:
    """A tool offered in a chat request (OpenAI ``tools`` entry)."""
    params = {"type": "object", "properties": dict(properties), "required": list(required)}
    return {"type": "function", "function": {"name": name, "description": description, "parameters": params}}


def inference_request(
    url: str, body: Mapping[str, Any], endpoint: str, model: str | None, method: str = "POST", headers: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The request of an SDK call as the recorder stores it."""
    return {"method": method, "url": url, "headers": dict(headers or {}), "body": dict(body), "endpoint": endpoint, "model": model or ""}


def chat_body(
    question: str = "What is the capital of France?",
    *,
    model: str = "gpt-4o",
    stream: bool = True,
    tools: Sequence[Mapping[str, Any]] = (),
    **params: Any,
) -> dict[str, Any]:
    """A chat request body with one user message; ``params`` are appended (``n``, ``temperature``, …)."""
    body: dict[str, Any] = {"model": model, "messages": [{"role": "user", "content": question}], "stream": stream}
    if tools:
        body["tools"] = [dict(t) for t in tools]
    body.update(params)
    return body


def chat_request(
    question: str = "What is the capital of France?",
    *,
    body: Mapping[str, Any] | None = None,
    url: str = CHAT_URL,
    headers: Mapping[str, Any] | None = None,
    **body_params: Any,
) -> dict[str, Any]:
    """A ``/v1/chat/completions`` request: ``body`` as given, else :func:`chat_body` of ``question``."""
    b = dict(body) if body is not None else chat_body(question, **body_params)
    return inference_request(url, b, "/v1/chat/completions", b.get("model", ""), headers=headers)


def http_request(test_id: str | None, url: str, payload: Mapping[str, Any], method: str = "POST") -> dict[str, Any]:
    """A raw-HTTP request (``/v1/messages``, ``/interactions``, rerank): the test id is part of it."""
    return {"test_id": test_id, "url": url, "method": method, "payload": dict(payload)}


def tool_request(test_id: str | None, provider: str, tool_name: str, kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """A tool-runtime invocation request."""
    return {"test_id": test_id, "provider": provider, "tool_name": tool_name, "kwargs": dict(kwargs)}


# --- OpenAI chat ------------------------------------------------------------------------

_SDK_DELTA = ("content", "function_call", "refusal", "role", "tool_calls")


@dataclass(frozen=True)
class ChunkStyle:
    """How the chunks of one source look.

    Real recordings hold the SDK's ``model_dump``: every delta field present (``None``
    when unset) and ``service_tier``/``system_fingerprint``/``usage`` after ``object``.
    Hand-written test streams often hold only the fields they set; both must read the same.
    """

    full_delta: bool = True
    id: str = REC_ID
    model: str = "gpt-4o"
    tail: Mapping[str, Any] = field(default_factory=lambda: {"service_tier": None, "system_fingerprint": None, "usage": None})

    def delta(self, **fields: Any) -> dict[str, Any]:
        """A delta with ``fields`` (on the SDK's template, keeping its key order, when ``full_delta``)."""
        if not self.full_delta:
            return dict(fields)
        out: dict[str, Any] = dict.fromkeys(_SDK_DELTA)
        out.update(fields)
        return out

    def but(self, **changes: Any) -> ChunkStyle:
        """This style with some fields changed (``SDK.but(id="rec-x")``)."""
        return replace(self, **changes)


#: The SDK's shape (what the recorder writes).
SDK = ChunkStyle()
#: Only the fields set, and ``usage`` after ``object``.
PLAIN = ChunkStyle(full_delta=False, id="rec-0", tail={"usage": None})


def chat_chunk(
    delta: Mapping[str, Any] | None,
    *,
    finish: str | None = None,
    index: int = 0,
    usage: Mapping[str, Any] | None = None,
    model: str | None = None,
    style: ChunkStyle = SDK,
    **extra: Any,
) -> dict[str, Any]:
    """One chat-completion chunk; ``delta=None`` makes a chunk without choices (the usage chunk).

    ``extra`` sets or adds top-level fields (``id``, ``created``, ``system_fingerprint``…).
    """
    choices = [] if delta is None else [{"delta": dict(delta), "finish_reason": finish, "index": index, "logprobs": None}]
    data: dict[str, Any] = {
        "id": style.id,
        "choices": choices,
        "created": 0,
        "model": model or style.model,
        "object": "chat.completion.chunk",
        **style.tail,
    }
    if usage is not None:
        data["usage"] = dict(usage)
    data.update(extra)
    return {"__type__": CHUNK_TYPE, "__data__": data}


def piece(
    content: str | None = None,
    *,
    tool: Mapping[str, Any] | None = None,
    finish: str | None = None,
    style: ChunkStyle = SDK,
    **extra: Any,
) -> dict[str, Any]:
    """A chunk carrying one text piece and/or one tool-call piece (``extra`` as in :func:`chat_chunk`)."""
    fields: dict[str, Any] = {"content": content}
    if tool is not None:
        fields["tool_calls"] = [dict(tool)]
    return chat_chunk(style.delta(**fields), finish=finish, style=style, **extra)


def text_chunks(
    pieces: Iterable[str],
    *,
    reasoning: Iterable[str] = (),
    finish: str | None = "stop",
    usage: Mapping[str, Any] | None = None,
    index: int = 0,
    model: str | None = None,
    style: ChunkStyle = SDK,
    reasoning_field: str = "reasoning_content",
) -> list[dict[str, Any]]:
    """A streamed answer: a role chunk, the reasoning pieces, the text pieces, the finish, then usage.

    ``finish=None`` leaves the finish chunk out (a stream cut short); ``usage`` adds the
    last, choice-less chunk.  For several choices, build each with its ``index`` and
    interleave them.
    """
    kw: dict[str, Any] = {"index": index, "model": model, "style": style}
    out = [chat_chunk(style.delta(role="assistant", content=""), **kw)]
    out += [chat_chunk(style.delta(**{reasoning_field: r}), **kw) for r in reasoning]
    out += [chat_chunk(style.delta(content=p), **kw) for p in pieces]
    if finish is not None:
        out.append(chat_chunk(style.delta(), finish=finish, **kw))
    if usage is not None:
        out.append(chat_chunk(None, usage=usage, model=model, style=style))
    return out


@dataclass(frozen=True)
class ToolCall:
    """A streamed tool call: its id, the function's name, and the argument pieces in order."""

    id: str
    name: str
    pieces: Sequence[str]


def _tool_start(i: int, call: ToolCall, full: bool) -> dict[str, Any]:
    if full:  # the SDK dumps every field, function as (arguments, name)
        return {"index": i, "id": call.id, "function": {"arguments": "", "name": call.name}, "type": "function"}
    return {"index": i, "id": call.id, "type": "function", "function": {"name": call.name, "arguments": ""}}


def _tool_piece(i: int, piece: str, full: bool) -> dict[str, Any]:
    if full:
        return {"index": i, "id": None, "function": {"arguments": piece, "name": None}, "type": None}
    return {"index": i, "function": {"arguments": piece}}


def tool_chunks(
    calls: Sequence[ToolCall],
    *,
    finish: str | None = "tool_calls",
    usage: Mapping[str, Any] | None = None,
    model: str | None = None,
    style: ChunkStyle = SDK,
    empty_start: bool = True,
) -> list[dict[str, Any]]:
    """Streamed (parallel) tool calls: per call a piece with id and name, then its arguments.

    ``empty_start=False`` puts the first argument piece in the piece naming the call.
    """
    full = style.full_delta
    kw: dict[str, Any] = {"model": model, "style": style}
    out = [chat_chunk(style.delta(role="assistant", content=None), **kw)]
    for i, call in enumerate(calls):
        pieces = list(call.pieces)
        start = _tool_start(i, call, full)
        if not empty_start and pieces:  # some servers send id and name with the first arguments
            start["function"]["arguments"] = pieces.pop(0)
        out.append(chat_chunk(style.delta(tool_calls=[start]), **kw))
        out += [chat_chunk(style.delta(tool_calls=[_tool_piece(i, p, full)]), **kw) for p in pieces]
    if finish is not None:
        out.append(chat_chunk(style.delta(), finish=finish, **kw))
    if usage is not None:
        out.append(chat_chunk(None, usage=usage, **kw))
    return out


def chat_completion(
    content: str | None,
    *,
    finish: str = "stop",
    tool_calls: list[dict[str, Any]] | None = None,
    id: str = REC_ID,
    model: str = "gpt-4o",
    usage: Mapping[str, Any] | None = None,
    created: int = 0,
    annotations: list[Any] | None = None,
    service_tier: str | None = None,
    system_fingerprint: str | None = None,
) -> dict[str, Any]:
    """A non-streamed chat completion as the SDK dumps it."""
    message = {
        "content": content,
        "refusal": None,
        "role": "assistant",
        "annotations": annotations,
        "audio": None,
        "function_call": None,
        "tool_calls": tool_calls,
    }
    data = {
        "id": id,
        "choices": [{"finish_reason": finish, "index": 0, "logprobs": None, "message": message}],
        "created": created,
        "model": model,
        "object": "chat.completion",
        "service_tier": service_tier,
        "system_fingerprint": system_fingerprint,
        "usage": dict(usage) if usage is not None else None,
    }
    return {"__type__": CHAT_COMPLETION_TYPE, "__data__": data}


def completion(text: str, finish: str | None, *, id: str = REC_ID, model: str = "gpt-4o", usage: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """One ``/v1/completions`` object (a whole answer, or one chunk of a stream)."""
    data = {
        "id": id,
        "choices": [{"finish_reason": finish, "index": 0, "logprobs": None, "text": text}],
        "created": 0,
        "model": model,
        "object": "text_completion",
        "system_fingerprint": None,
        "usage": dict(usage) if usage is not None else None,
    }
    return {"__type__": COMPLETION_TYPE, "__data__": data}


def embeddings(vectors: Sequence[Sequence[float]], *, model: str, prompt_tokens: int) -> dict[str, Any]:
    """An ``/v1/embeddings`` response holding ``vectors``."""
    data = [{"embedding": list(v), "index": k, "object": "embedding"} for k, v in enumerate(vectors)]
    body = {"data": data, "model": model, "object": "list", "usage": {"prompt_tokens": prompt_tokens, "total_tokens": prompt_tokens}}
    return {"__type__": EMBEDDINGS_TYPE, "__data__": body}


def model_objects(ids: Iterable[str], owned_by: str) -> list[dict[str, Any]]:
    """The body of a ``/v1/models`` recording."""
    return [{"__type__": MODEL_TYPE, "__data__": {"id": m, "created": 0, "object": "model", "owned_by": owned_by}} for m in ids]


def model_list_name(request: Mapping[str, Any], models: list[dict[str, Any]], test_id: str | None = None, rules: Any = None) -> str:
    """``models-<request hash>-<digest of the model ids>.json``, as the recorder names model lists."""
    h = hashing.request_hash(dict(request), test_id, rules) if rules is not None else hashing.request_hash(dict(request), test_id)
    return f"models-{h}-{hashing.model_list_digest(models)}.json"


# --- other providers --------------------------------------------------------------------


def ollama_generate_chunk(
    text: str,
    *,
    done: bool,
    model: str,
    prompt_eval_count: int | None = None,
    eval_count: int | None = None,
    duration: int | None = 0,
) -> dict[str, Any]:
    """One ``/api/generate`` stream part (durations as the recorder normalises them)."""
    data = {
        "model": model,
        "created_at": OLLAMA_TIME,
        "done": done,
        "done_reason": "stop" if done else None,
        "total_duration": duration,
        "load_duration": duration,
        "prompt_eval_count": prompt_eval_count,
        "prompt_eval_duration": duration,
        "eval_count": eval_count,
        "eval_duration": duration,
        "response": text,
        "thinking": None,
        "context": None,
    }
    return {"__type__": OLLAMA_GENERATE_TYPE, "__data__": data}


def genai_chunk(
    parts: list[dict[str, Any]],
    *,
    finish: str | None = None,
    usage_metadata: Mapping[str, Any] | None = None,
    model_version: str = "gemini-2.0-flash",
    response_id: str = "sample",
) -> dict[str, Any]:
    """One google genai ``generate_content_stream`` chunk (plain JSON, no type label)."""
    cand: dict[str, Any] = {"content": {"parts": parts, "role": "model"}}
    if finish is not None:
        cand["finish_reason"] = finish
    return {"candidates": [cand], "model_version": model_version, "response_id": response_id, "usage_metadata": dict(usage_metadata or {})}


def sse(event: str, data: Mapping[str, Any] | str, *, ascii: bool = True) -> list[str]:
    """The three lines of one server-sent event (compact JSON, as providers send it)."""
    payload = data if isinstance(data, str) else json.dumps(data, separators=(",", ":"), ensure_ascii=ascii)
    return [f"event: {event}", f"data: {payload}", ""]


def sse_done() -> list[str]:
    return ["event: done", "data: [DONE]", ""]


def message_start(message_id: str, model: str, *, input_tokens: int) -> list[str]:
    """``message_start`` of a ``/v1/messages`` stream."""
    message = {"id": message_id, "type": "message", "role": "assistant", "model": model, "content": [], "usage": {"input_tokens": input_tokens, "output_tokens": 0}}
    return sse("message_start", {"type": "message_start", "message": message})


def _block(index: int, start: dict[str, Any], deltas: Iterable[dict[str, Any]], ascii: bool) -> list[str]:
    lines = sse("content_block_start", {"type": "content_block_start", "index": index, "content_block": start}, ascii=ascii)
    for d in deltas:
        lines += sse("content_block_delta", {"type": "content_block_delta", "index": index, "delta": d}, ascii=ascii)
    return lines + sse("content_block_stop", {"type": "content_block_stop", "index": index})


def text_block(index: int, pieces: Iterable[str], *, stop: bool = True, ascii: bool = True) -> list[str]:
    """A text content block: start, one ``text_delta`` per piece, stop (``stop=False``: left open)."""
    lines = _block(index, {"type": "text", "text": ""}, ({"type": "text_delta", "text": p} for p in pieces), ascii)
    return lines if stop else lines[:-3]


def thinking_block(index: int, pieces: Iterable[str]) -> list[str]:
    return _block(index, {"type": "thinking", "thinking": ""}, ({"type": "thinking_delta", "thinking": p} for p in pieces), True)


def tool_use_block(index: int, tool_id: str, name: str, json_pieces: Iterable[str]) -> list[str]:
    """A ``tool_use`` block whose input arrives as ``input_json_delta`` pieces."""
    start = {"type": "tool_use", "id": tool_id, "name": name, "input": {}}
    return _block(index, start, ({"type": "input_json_delta", "partial_json": p} for p in json_pieces), True)


def message_end(stop_reason: str, *, output_tokens: int, **delta: Any) -> list[str]:
    """``message_delta`` (the stop reason, ``delta`` fields such as ``stop_sequence``) and ``message_stop``."""
    lines = sse("message_delta", {"type": "message_delta", "delta": {"stop_reason": stop_reason, **delta}, "usage": {"output_tokens": output_tokens}})
    return lines + sse("message_stop", {"type": "message_stop"})


def interaction_event(event_type: str, **fields: Any) -> list[str]:
    """One Gemini ``/interactions`` event: its fields, then ``event_type``."""
    return sse(event_type, {**fields, "event_type": event_type})


def tool_result(content: str, *, error_message: str | None = None, error_code: int | None = None) -> dict[str, Any]:
    """A tool-runtime result."""
    data = {"content": content, "error_message": error_message, "error_code": error_code, "metadata": None}
    return {"__type__": TOOL_RESULT_TYPE, "__data__": data}


def exception_response(
    type: str,
    message: str,
    *,
    status_code: int | None = None,
    provider: str = "openai",
    category: str = "provider_sdk",
    error_body: Any = None,
    chunks: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A recorded exception; ``chunks`` are the ones received before it (a stream cut by the error)."""
    data = {"category": category, "provider": provider, "type": type, "message": message, "status_code": status_code, "body": error_body}
    return {"body": chunks, "is_streaming": chunks is not None, "is_exception": True, "exception_data": data, "exception_message": message}


# --- whole recordings -------------------------------------------------------------------


def response(body: Any, *, streaming: bool, status: int | None = None) -> dict[str, Any]:
    """The ``response`` part; ``status`` comes first when given (raw-HTTP recordings)."""
    out: dict[str, Any] = {} if status is None else {"status": status}
    out |= {"body": body, "is_streaming": streaming}
    return out


def record(test_id: str | None, request: Mapping[str, Any], resp: Mapping[str, Any], *, legacy_keys: bool = False) -> dict[str, Any]:
    """A whole recording; ``legacy_keys`` writes the 2025 layout's two keys only."""
    if legacy_keys:
        return {"request": dict(request), "response": dict(resp)}
    return {"test_id": test_id, "request": dict(request), "response": dict(resp), "id_normalization_mapping": {}}


def recording_name(request: Mapping[str, Any], test_id: str | None) -> str:
    """``<hash>.json``: the name the newest recorder gives this request."""
    h = hashing.request_hash(dict(request), test_id)
    if h is None:
        raise ValueError("no hash rule applies to this request")
    return f"{h}.json"


def write(
    folder: Path,
    test_id: str | None,
    request: Mapping[str, Any],
    resp: Mapping[str, Any],
    *,
    name: str | None = None,
    legacy_keys: bool = False,
) -> Path:
    """Write a recording into ``folder`` through the core's writer, named by its hash unless ``name``.

    Ids equal to :data:`REC_ID` become ``rec-<first 12 of the hash>``, as the recorder
    normalises them.
    """
    h = hashing.request_hash(dict(request), test_id)
    if h is not None:
        resp = json.loads(json.dumps(resp).replace(f'"{REC_ID}"', f'"rec-{h[:12]}"'))
    if name is None:
        name = recording_name(request, test_id)
    path = Path(folder) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    write_recording(path, record(test_id, request, resp, legacy_keys=legacy_keys))
    return path


#: The test id :func:`write_chat` uses unless told.
DEFAULT_TEST_ID = "tests/integration/inference/test_chat.py::test_capital[txt=openai/gpt-4o]"


def write_chat(
    root: Path,
    *,
    test_id: str | None = DEFAULT_TEST_ID,
    body: Mapping[str, Any] | None = None,
    chunks: list[dict[str, Any]] | None = None,
    folder: Path | None = None,
    name: str | None = None,
    url: str = CHAT_URL,
    headers: Mapping[str, Any] | None = None,
) -> Path:
    """A streamed chat recording written where replay looks for it under ``root`` (or in ``folder``).

    Defaults: :func:`chat_body`'s question answered ``Paris``.
    """
    from inspector.core.rules.layout import recordings_dir_of  # the recorder's layout, asked only here

    request = chat_request(body=body if body is not None else chat_body(), url=url, headers=headers)
    if chunks is None:
        chunks = [piece("Paris"), piece("", finish="stop")]
    target = folder if folder is not None else Path(root) / recordings_dir_of(test_id)
    return write(target, test_id, request, response(chunks, streaming=True), name=name)


def write_data(path: Path, data: Any) -> Path:
    """Any JSON document (a broken recording, a foreign file) written through the core's writer."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_recording(path, data)
    return path


# --- the synthetic corpus ---------------------------------------------------------------
#
# generate() writes ``count`` recordings in the recorder's current layout
# (<out>/tests/integration/<suite>/recordings/<sha256>.json; shared model lists as
# models-<sha256>-<digest>.json under common/recordings), each named by the hash the
# newest recorder computes and written as the recorder writes.  The mix of kinds and the
# spread of sizes follow the real repository.  Recording i depends only on the seed and
# i, so the first 1,000 of a 10,000-file corpus are the 1,000-file corpus.

#: Share of each kind in a generated corpus (roughly the real repository's mix).
KIND_WEIGHTS: dict[str, float] = {
    "chat-stream": 0.56,
    "chat": 0.10,
    "completion": 0.04,
    "embeddings": 0.07,
    "models": 0.02,
    "error": 0.04,
    "tool": 0.07,
    "messages": 0.05,
    "ollama-generate": 0.05,
}

_WORDS = (  # noqa: SIM905 - a paragraph reads better than a 130-item list
    "the a of to and in is it that for on with as was be by this are or from at an not have which "
    "you one all can will there their more if about when what some other into time only would could "
    "model request response stream token chunk test tool call weather city temperature forecast "
    "python version release search result query vector embedding document file answer question "
    "agent server client provider inference recording replay hash index cache folder value field "
    "paris london tokyo berlin sydney river mountain ocean planet earth light color number list "
    "function argument schema object string integer boolean array message system user assistant "
    "quickly carefully simply always never often usually before after during between under over "
    "compute return explain describe summarize translate compare check verify write read open close"
).split()
_SUITES = (
    ("inference", 0.30),
    ("responses", 0.28),
    ("agents", 0.10),
    ("tool_runtime", 0.06),
    ("vector_io", 0.08),
    ("safety", 0.04),
    ("batches", 0.03),
    ("messages", 0.05),
    ("common", 0.06),
)
_MODELS = (
    ("openai", "gpt-4o", "https://api.openai.com/v1"),
    ("openai", "gpt-4o-mini", "https://api.openai.com/v1"),
    ("azure", "gpt-4o", "https://example-resource.openai.azure.com/openai/v1"),
    ("ollama", "llama3.2:3b-instruct-fp16", "http://0.0.0.0:11434/v1/v1"),
    ("ollama", "gpt-oss:20b", "http://0.0.0.0:11434/v1/v1"),
    ("vllm", "Qwen/Qwen3-0.6B", "http://localhost:8000/v1"),
    ("together", "meta-llama/Llama-3.3-70B-Instruct-Turbo", "https://api.together.xyz/v1"),
    ("fireworks", "accounts/fireworks/models/llama-v3p1-8b-instruct", "https://api.fireworks.ai/inference/v1"),
)
_EMBED_MODELS = (
    ("openai", "text-embedding-3-small", "https://api.openai.com/v1", 1536),
    ("ollama", "all-minilm:l6-v2", "http://0.0.0.0:11434/v1/v1", 384),
    ("ollama", "all-minilm:l6-v2", "http://0.0.0.0:11434/v1/v1", 384),
    ("sentence-transformers", "nomic-ai/nomic-embed-text-v1.5", "http://localhost:8000/v1", 768),
)
_TOOLS = (
    ("get_weather", "Get the current weather for a city", {"city": "string", "unit": "string"}),
    ("web_search", "Search the web and return the top results", {"query": "string", "top_k": "integer"}),
    ("calculator", "Evaluate an arithmetic expression", {"expression": "string"}),
    ("get_stock_price", "Latest price of a stock ticker", {"ticker": "string"}),
    ("book_flight", "Book a flight between two airports", {"origin": "string", "destination": "string", "date": "string"}),
    ("knowledge_search", "Search the attached vector stores", {"query": "string"}),
)
_TEST_POOL = 4000  # distinct test functions to draw from (fixed, so output does not depend on count)


def _rng(seed: int, *parts: object) -> random.Random:
    return random.Random(f"{seed}:" + ":".join(str(p) for p in parts))


def _words(rng: random.Random, n: int) -> str:
    out: list[str] = []
    for i in range(n):
        w = rng.choice(_WORDS)
        if i == 0 or out[-1].endswith("."):
            w = w.capitalize()
        out.append(w + ("." if rng.random() < 0.08 or i == n - 1 else ""))
    return " ".join(out)


def _lognormal(rng: random.Random, median: float, sigma: float, lo: int, hi: int) -> int:
    return max(lo, min(hi, int(median * math.exp(rng.gauss(0.0, sigma)))))


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...] | dict[str, float]) -> str:
    items = list(weighted.items()) if isinstance(weighted, dict) else list(weighted)
    x = rng.random() * sum(w for _, w in items)
    for name, w in items:
        x -= w
        if x <= 0:
            return name
    return items[-1][0]


def _test(seed: int, suite: str, j: int) -> tuple[str, str]:
    """(test file, test function) of pool entry ``j`` of ``suite``."""
    r = _rng(seed, "test", suite, j)
    topic = r.choice(("basic", "streaming", "tools", "errors", "multi_turn", "vision", "structured", "params"))
    return f"tests/integration/{suite}/test_{suite}_{topic}.py", f"test_{r.choice(_WORDS)}_{r.choice(_WORDS)}_{j}"


def _test_id(rng: random.Random, seed: int, suite: str, provider: str, model: str) -> str | None:
    if suite == "common":
        return None
    j = int(_TEST_POOL * rng.random() ** 2)  # some tests own many recordings
    path, func = _test(seed, suite, j)
    client = rng.choice(("openai_client", "client_with_models", "llama_stack_client"))
    return f"{path}::{func}[{client}-txt={provider}/{model}]"


def _schema(params: dict[str, str]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {k: {"type": t, "description": f"The {k.replace('_', ' ')}"} for k, t in params.items()},
        "required": list(params)[:1],
    }


def _tool_defs(rng: random.Random, n: int) -> list[dict[str, Any]]:
    return [
        {"type": "function", "function": {"name": name, "description": desc, "parameters": _schema(params)}}
        for name, desc, params in rng.sample(_TOOLS, n)
    ]


def _image(rng: random.Random) -> str:
    size = _lognormal(rng, 60_000, 0.8, 4_000, 600_000)
    return "data:image/png;base64," + base64.b64encode(rng.randbytes(size * 3 // 4)).decode("ascii")


def _messages(rng: random.Random, i: int, *, image: bool = False) -> list[dict[str, Any]]:
    msgs: list[dict[str, Any]] = []
    if rng.random() < 0.6:
        msgs.append({"role": "system", "content": _words(rng, _lognormal(rng, 30, 1.0, 3, 900))})
    for _ in range(rng.choice((0, 0, 0, 1, 1, 2, 3))):  # earlier turns
        msgs.append({"role": "user", "content": _words(rng, _lognormal(rng, 15, 0.8, 2, 300))})
        msgs.append({"role": "assistant", "content": _words(rng, _lognormal(rng, 40, 1.0, 2, 800))})
    question = f"{_words(rng, _lognormal(rng, 12, 0.7, 3, 200))} (case {i})"
    if image:
        msgs.append(
            {"role": "user", "content": [{"type": "text", "text": question}, {"type": "image_url", "image_url": {"url": _image(rng)}}]}
        )
    else:
        msgs.append({"role": "user", "content": question})
    return msgs


def chat_stream(
    rng: random.Random, rid: str, model: str, n_chunks: int, *, tools: int = 0, reasoning: bool = False, choices: int = 1, with_usage: bool = True
) -> list[dict[str, Any]]:
    """The chunks of a random streamed chat completion with about ``n_chunks`` chunks."""
    style = SDK.but(id=rid, model=model)
    out: list[dict[str, Any]] = []
    for c in range(choices):
        out.append(chat_chunk(style.delta(role="assistant", content=""), index=c, style=style))
        budget = max(1, n_chunks // choices - 2)
        if reasoning:
            think = split_text(rng, _words(rng, max(2, budget)), max(1, budget // 3))
            budget = max(1, budget - len(think))
            out += [chat_chunk(style.delta(reasoning_content=t), index=c, style=style) for t in think]
        if tools:
            per = max(1, budget // tools)
            for t in range(tools):
                name, _desc, params = rng.choice(_TOOLS)
                args = json.dumps({k: _words(rng, 2).rstrip(".") if v == "string" else rng.randint(1, 10) for k, v in params.items()})
                call = {"index": t, "id": f"call_{rng.getrandbits(64):016x}", "function": {"name": name, "arguments": ""}, "type": "function"}
                out.append(chat_chunk(style.delta(tool_calls=[call]), index=c, style=style))
                for piece in split_text(rng, args, per):
                    out.append(chat_chunk(style.delta(tool_calls=[{"index": t, "function": {"arguments": piece}}]), index=c, style=style))
            finish = "tool_calls"
        else:
            text = _words(rng, max(1, budget * 2 // 3 + 1))
            out += [chat_chunk(style.delta(content=t), index=c, style=style) for t in split_text(rng, text, budget)]
            finish = rng.choice(("stop", "stop", "stop", "length"))
        out.append(chat_chunk(style.delta(), index=c, finish=finish, style=style))
    if with_usage:
        out.append(chat_chunk(None, usage=usage(rng.randint(10, 3000), len(out)), style=style))
    return out


def _rid(request: dict[str, Any], test_id: str | None) -> str:
    # The recorder writes ids as rec-<first 12 hex of the request hash>; the hash does not
    # depend on the response, so it can be computed before the response is made.
    h = hashing.request_hash(request, test_id)
    return f"rec-{(h or '0' * 12)[:12]}"


def _make_chat(rng: random.Random, seed: int, i: int, suite: str, *, stream: bool) -> dict[str, Any]:
    provider, model, base = rng.choice(_MODELS)
    tid = _test_id(rng, seed, suite, provider, model)
    image = rng.random() < 0.015
    body: dict[str, Any] = {"model": model, "messages": _messages(rng, i, image=image)}
    n_tools = 0
    if rng.random() < 0.3:
        body["tools"] = _tool_defs(rng, rng.randint(1, 4))
        n_tools = rng.choice((1, 1, 1, 2)) if rng.random() < 0.8 else 0
    if rng.random() < 0.4:
        body["temperature"] = rng.choice((0.0, 0.2, 0.7, 1.0))
    if stream:
        body["stream"] = True
        if rng.random() < 0.5:
            body["stream_options"] = {"include_usage": True}
    request = inference_request(f"{base}/chat/completions", body, "/v1/chat/completions", model)
    rid = _rid(request, tid)
    if stream:
        long = rng.random() < 0.01  # the few very long answers that make ~1 MB files
        n = _lognormal(rng, 1200 if long else 14, 0.4 if long else 1.1, 3, 2500)
        reasoning = rng.random() < 0.05
        choices = 2 if rng.random() < 0.004 else 1
        chunks = chat_stream(rng, rid, model, n, tools=n_tools, reasoning=reasoning, choices=choices, with_usage="stream_options" in body)
        return record(tid, request, response(chunks, streaming=True))
    calls = None
    content: str | None = _words(rng, _lognormal(rng, 60, 1.0, 1, 2000))
    if n_tools:
        calls = [
            {"id": f"call_{rng.getrandbits(64):016x}", "function": {"arguments": json.dumps({"query": _words(rng, 3)}), "name": _TOOLS[t][0]}, "type": "function"}
            for t in range(n_tools)
        ]
        content = None
    u = usage(rng.randint(10, 3000), rng.randint(1, 800))
    body_out = chat_completion(content, finish="tool_calls" if calls else "stop", tool_calls=calls, id=rid, model=model, usage=u)
    return record(tid, request, response(body_out, streaming=False))


def _make_completion(rng: random.Random, seed: int, i: int, suite: str) -> dict[str, Any]:
    provider, model, base = rng.choice(_MODELS)
    tid = _test_id(rng, seed, suite, provider, model)
    stream = rng.random() < 0.5
    body = {"model": model, "prompt": f"{_words(rng, _lognormal(rng, 20, 0.8, 2, 400))} (case {i})", "max_tokens": rng.choice((16, 50, 256)), "stream": stream}
    request = inference_request(f"{base}/completions", body, "/v1/completions", model)
    rid = _rid(request, tid)
    text = _words(rng, _lognormal(rng, 30, 0.8, 1, 400))
    if stream:
        parts = split_text(rng, text, _lognormal(rng, 20, 0.8, 1, 400))
        chunks = [completion(p, None, id=rid, model=model) for p in parts] + [completion("", "stop", id=rid, model=model)]
        return record(tid, request, response(chunks, streaming=True))
    return record(tid, request, response(completion(text, "stop", id=rid, model=model), streaming=False))


def _make_embeddings(rng: random.Random, seed: int, i: int, suite: str) -> dict[str, Any]:
    provider, model, base, dims = rng.choice(_EMBED_MODELS)
    tid = _test_id(rng, seed, suite, provider, model)
    inputs = [f"{_words(rng, _lognormal(rng, 12, 0.8, 1, 200))} ({i}.{k})" for k in range(rng.choice((1, 1, 2, 3, 5)))]
    body = {"model": model, "input": inputs, "encoding_format": "float"}
    request = inference_request(f"{base}/embeddings", body, "/v1/embeddings", model)
    vectors = [[round(rng.gauss(0, 0.05), 8) for _ in range(dims)] for _k in range(len(inputs))]
    return record(tid, request, response(embeddings(vectors, model=model, prompt_tokens=8 * len(inputs)), streaming=False))


def _make_models(rng: random.Random, seed: int, i: int, suite: str) -> dict[str, Any]:
    provider, _model, base = rng.choice(_MODELS)
    # Every /v1/models request hashes the same (shared lists); the files differ by the digest
    # of the model ids in their name, as the recorder keeps one file per distinct list.
    request = inference_request(f"{base}/models", {}, "/v1/models", "", method="GET")
    ids = sorted({m for _p, m, _b in rng.sample(_MODELS, rng.randint(1, len(_MODELS)))} | {f"{provider}/custom-{i}"})
    return record(None, request, response(model_objects(ids, provider), streaming=False))


def _make_error(rng: random.Random, seed: int, i: int, suite: str) -> dict[str, Any]:
    provider, model, base = rng.choice(_MODELS)
    tid = _test_id(rng, seed, suite, provider, model)
    body = {"model": model, "messages": _messages(rng, i), "temperature": rng.choice((-1.0, 3.5, 9.0))}
    request = inference_request(f"{base}/chat/completions", body, "/v1/chat/completions", model)
    code, etype, msg = rng.choice(
        (
            (400, "BadRequestError", "temperature must be between 0 and 2"),
            (401, "AuthenticationError", "invalid api key"),
            (404, "NotFoundError", f"model {model} not found"),
            (429, "RateLimitError", "rate limit exceeded, retry later"),
            (500, "InternalServerError", "upstream provider failed"),
        )
    )
    text = f"Error code: {code} - {{'error': {{'message': '{msg}', 'type': 'invalid_request_error'}}}}"
    err = exception_response(etype, text, status_code=code, provider=provider, error_body={"message": msg, "type": "invalid_request_error"})
    return record(tid, request, err)


def _make_tool(rng: random.Random, seed: int, i: int, suite: str) -> dict[str, Any]:
    tid = _test_id(rng, seed, suite, "openai", "gpt-4o")
    provider, tool = rng.choice((("tavily", "web_search"), ("brave", "web_search"), ("rag-runtime", "knowledge_search")))
    query = f"{_words(rng, rng.randint(2, 8))} {i}"
    request = tool_request(tid, provider, tool, {"query": query})
    hits = [
        {"url": f"https://example.org/{rng.choice(_WORDS)}/{k}", "title": _words(rng, 6), "content": _words(rng, _lognormal(rng, 60, 0.6, 5, 400)), "score": round(rng.random(), 7)}
        for k in range(rng.randint(1, 5))
    ]
    return record(tid, request, response(tool_result(json.dumps({"query": query, "top_k": hits})), streaming=False))


def _make_messages(rng: random.Random, seed: int, i: int, suite: str) -> dict[str, Any]:
    model = rng.choice(("claude-sonnet-4-5", "gpt-oss:20b"))
    tid = _test_id(rng, seed, "messages", "anthropic", model)
    payload = {"model": model, "messages": [{"role": "user", "content": f"{_words(rng, _lognormal(rng, 10, 0.6, 2, 100))} ({i})"}], "max_tokens": 256, "stream": True}
    request = http_request(tid, "http://0.0.0.0:11434/v1/messages", payload)
    lines = message_start(f"msg_{rng.getrandbits(96):024x}", model, input_tokens=12)
    block = 0
    if rng.random() < 0.5:
        lines += thinking_block(block, split_text(rng, _words(rng, 20), 10))
        block += 1
    lines += text_block(block, split_text(rng, _words(rng, _lognormal(rng, 30, 0.8, 2, 600)), _lognormal(rng, 25, 0.8, 1, 600)))
    lines += message_end("end_turn", output_tokens=40)
    return record(tid, request, response(lines, streaming=True, status=200))


def _make_ollama(rng: random.Random, seed: int, i: int, suite: str) -> dict[str, Any]:
    model = "llama3.2:3b-instruct-fp16"
    tid = _test_id(rng, seed, suite, "ollama", model)
    body = {"model": model, "raw": True, "prompt": f"{_words(rng, _lognormal(rng, 20, 0.8, 2, 300))} ({i})", "options": {"temperature": 0.0}, "stream": True}
    request = inference_request("http://0.0.0.0:11434/api/generate", body, "/api/generate", model)
    pieces = split_text(rng, _words(rng, _lognormal(rng, 25, 0.8, 1, 500)), _lognormal(rng, 20, 0.8, 1, 500))
    parts = [ollama_generate_chunk(p, done=False, model=model) for p in pieces]
    parts.append(ollama_generate_chunk("", done=True, model=model, prompt_eval_count=20, eval_count=30))
    return record(tid, request, response(parts, streaming=True))


_MAKERS: dict[str, Callable[[random.Random, int, int, str], dict[str, Any]]] = {
    "chat-stream": lambda r, s, i, suite: _make_chat(r, s, i, suite, stream=True),
    "chat": lambda r, s, i, suite: _make_chat(r, s, i, suite, stream=False),
    "completion": _make_completion,
    "embeddings": _make_embeddings,
    "models": _make_models,
    "error": _make_error,
    "tool": _make_tool,
    "messages": _make_messages,
    "ollama-generate": _make_ollama,
}


def make_recording(seed: int, i: int) -> tuple[str, str, dict[str, Any]]:
    """Recording ``i`` of the corpus of ``seed``: ``(relative folder, file name, data)``."""
    return _make(seed, i)[1:]


def _make(seed: int, i: int) -> tuple[str, str, str, dict[str, Any]]:
    rng = _rng(seed, "rec", i)
    kind = _pick(rng, KIND_WEIGHTS)
    suite = "messages" if kind == "messages" else ("common" if kind == "models" else _pick(rng, _SUITES))
    if kind == "tool" and suite == "common":
        suite = "tool_runtime"
    data = _MAKERS[kind](rng, seed, i, suite)
    request, test_id = data["request"], data["test_id"]
    h = hashing.request_hash(request, test_id)
    assert h is not None
    # A model list is named by the request hash and the digest of the model ids it holds.
    name = model_list_name(request, data["response"]["body"]) if kind == "models" else f"{h}.json"
    return kind, f"tests/integration/{suite}/recordings", name, data


@dataclass
class GenerateReport:
    """What :func:`generate` wrote."""

    files: int = 0
    bytes: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    skipped: int = 0  # names already taken (the same request twice); never overwritten


def generate(
    out: str | os.PathLike[str],
    count: int,
    *,
    seed: int = 1,
    start: int = 0,
    durable: bool = False,
    progress: Callable[[int], None] | None = None,
) -> GenerateReport:
    """Write recordings ``start … start+count-1`` of the corpus of ``seed`` under ``out``.

    Files are the recorder's bytes (:func:`writer.render`).  ``durable`` writes each
    through :func:`writer.write_recording` (fsync, about 3 ms a file); the default
    writes without syncing, since the corpus can be made again.  An existing file
    is never overwritten.
    """
    root = Path(out)
    report = GenerateReport()
    made: set[str] = set()
    for i in range(start, start + count):
        kind, folder, name, data = _make(seed, i)
        target = root / folder / name
        if folder not in made:
            (root / folder).mkdir(parents=True, exist_ok=True)
            made.add(folder)
        payload = render(data)
        try:
            if durable:
                write_recording(target, data, create=True)
            else:
                # A throw-away corpus: exclusive create keeps "never overwrite" without the
                # writer's fsync, which would make 100,000 files take minutes.
                with open(target, "xb") as f:
                    f.write(payload)
        except (FileExistsError, ConflictError):
            report.skipped += 1
            continue
        report.files += 1
        report.bytes += len(payload)
        report.kinds[kind] += 1
        if progress is not None and report.files % 1000 == 0:
            progress(report.files)
    return report

"""Synthetic recordings for benchmarks and scale tests.

:func:`generate` writes ``count`` recordings in the recorder's current layout
(``<out>/tests/integration/<suite>/recordings/<sha256>.json``; shared model lists
as ``models-<sha256>-<digest>.json`` under ``common/recordings``), each named by
the hash the newest recorder computes for its request (:func:`hashing.request_hash`)
and written as the recorder writes (:func:`writer.render`).  The mix of kinds and
the spread of sizes follow the real repository: mostly streamed chat (some with
tool calls or reasoning, a few with several choices), non-streamed chat,
completions, embeddings, model lists, recorded exceptions, tool invocations,
Anthropic-style ``/v1/messages`` event streams and Ollama ``/api/generate``
streams; sizes from a few hundred bytes to about a megabyte (long streams,
requests carrying an image).

Output is deterministic: recording *i* depends only on ``seed`` and *i*, so the
first 1,000 of a 10,000-file corpus are the 1,000-file corpus.
"""

from __future__ import annotations

import base64
import json
import math
import os
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import hashing
from .writer import ConflictError, render, write_recording

__all__ = ["KIND_WEIGHTS", "GenerateReport", "make_recording", "generate", "chat_stream"]

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
_CHUNK_TYPE = "openai.types.chat.chat_completion_chunk.ChatCompletionChunk"


def _rng(seed: int, *parts: object) -> random.Random:
    return random.Random(f"{seed}:" + ":".join(str(p) for p in parts))


def _words(rng: random.Random, n: int) -> str:
    out = []
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


def _split_text(rng: random.Random, text: str, pieces: int) -> list[str]:
    """``text`` cut into about ``pieces`` consecutive parts (never empty)."""
    if pieces <= 1 or len(text) < 2:
        return [text]
    cuts = sorted(rng.sample(range(1, len(text)), min(pieces - 1, len(text) - 1)))
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]


def _usage(rng: random.Random, prompt: int, completion: int) -> dict[str, Any]:
    return {"completion_tokens": completion, "prompt_tokens": prompt, "total_tokens": prompt + completion}


def _chunk(rid: str, model: str, delta: dict[str, Any], *, index: int = 0, finish: str | None = None, usage: Any = None) -> dict[str, Any]:
    full = {"content": None, "function_call": None, "refusal": None, "role": None, "tool_calls": None}
    full.update(delta)
    return {
        "__type__": _CHUNK_TYPE,
        "__data__": {
            "id": rid,
            "choices": [{"delta": full, "finish_reason": finish, "index": index, "logprobs": None}],
            "created": 0,
            "model": model,
            "object": "chat.completion.chunk",
            "service_tier": None,
            "system_fingerprint": None,
            "usage": usage,
        },
    }


def chat_stream(
    rng: random.Random, rid: str, model: str, n_chunks: int, *, tools: int = 0, reasoning: bool = False, choices: int = 1, usage: bool = True
) -> list[dict[str, Any]]:
    """The chunks of a streamed chat completion with about ``n_chunks`` chunks."""
    chunks: list[dict[str, Any]] = []
    for c in range(choices):
        chunks.append(_chunk(rid, model, {"role": "assistant", "content": ""}, index=c))
        budget = max(1, n_chunks // choices - 2)
        if reasoning:
            think = _split_text(rng, _words(rng, max(2, budget)), max(1, budget // 3))
            budget = max(1, budget - len(think))
            chunks += [_chunk(rid, model, {"reasoning_content": t}, index=c) for t in think]
        if tools:
            per = max(1, budget // tools)
            for t in range(tools):
                name, _desc, params = rng.choice(_TOOLS)
                args = json.dumps({k: _words(rng, 2).rstrip(".") if v == "string" else rng.randint(1, 10) for k, v in params.items()})
                call = {"index": t, "id": f"call_{rng.getrandbits(64):016x}", "function": {"name": name, "arguments": ""}, "type": "function"}
                chunks.append(_chunk(rid, model, {"tool_calls": [call]}, index=c))
                for piece in _split_text(rng, args, per):
                    chunks.append(_chunk(rid, model, {"tool_calls": [{"index": t, "function": {"arguments": piece}}]}, index=c))
            finish = "tool_calls"
        else:
            text = _words(rng, max(1, budget * 2 // 3 + 1))
            chunks += [_chunk(rid, model, {"content": t}, index=c) for t in _split_text(rng, text, budget)]
            finish = rng.choice(("stop", "stop", "stop", "length"))
        chunks.append(_chunk(rid, model, {}, index=c, finish=finish))
    if usage:
        last = _chunk(rid, model, {}, usage=_usage(rng, rng.randint(10, 3000), len(chunks)))
        last["__data__"]["choices"] = []
        chunks.append(last)
    return chunks


def _inference(url: str, model: str, body: dict[str, Any], endpoint: str, method: str = "POST") -> dict[str, Any]:
    return {"method": method, "url": url, "headers": {}, "body": body, "endpoint": endpoint, "model": model}


def _rec(test_id: str | None, request: dict[str, Any], response: dict[str, Any]) -> dict[str, Any]:
    return {"test_id": test_id, "request": request, "response": response, "id_normalization_mapping": {}}


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
    request = _inference(f"{base}/chat/completions", model, body, "/v1/chat/completions")
    rid = _rid(request, tid)
    if stream:
        long = rng.random() < 0.01  # the few very long answers that make ~1 MB files
        n = _lognormal(rng, 1200 if long else 14, 0.4 if long else 1.1, 3, 2500)
        reasoning = rng.random() < 0.05
        choices = 2 if rng.random() < 0.004 else 1
        chunks = chat_stream(rng, rid, model, n, tools=n_tools, reasoning=reasoning, choices=choices, usage="stream_options" in body)
        return _rec(tid, request, {"body": chunks, "is_streaming": True})
    calls = None
    content: str | None = _words(rng, _lognormal(rng, 60, 1.0, 1, 2000))
    if n_tools:
        calls = [
            {"id": f"call_{rng.getrandbits(64):016x}", "function": {"arguments": json.dumps({"query": _words(rng, 3)}), "name": _TOOLS[t][0]}, "type": "function"}
            for t in range(n_tools)
        ]
        content = None
    message = {"content": content, "refusal": None, "role": "assistant", "annotations": None, "audio": None, "function_call": None, "tool_calls": calls}
    data = {
        "id": rid,
        "choices": [{"finish_reason": "tool_calls" if calls else "stop", "index": 0, "logprobs": None, "message": message}],
        "created": 0,
        "model": model,
        "object": "chat.completion",
        "service_tier": None,
        "system_fingerprint": None,
        "usage": _usage(rng, rng.randint(10, 3000), rng.randint(1, 800)),
    }
    body_out = {"__type__": "openai.types.chat.chat_completion.ChatCompletion", "__data__": data}
    return _rec(tid, request, {"body": body_out, "is_streaming": False})


def _make_completion(rng: random.Random, seed: int, i: int, suite: str) -> dict[str, Any]:
    provider, model, base = rng.choice(_MODELS)
    tid = _test_id(rng, seed, suite, provider, model)
    stream = rng.random() < 0.5
    body = {"model": model, "prompt": f"{_words(rng, _lognormal(rng, 20, 0.8, 2, 400))} (case {i})", "max_tokens": rng.choice((16, 50, 256)), "stream": stream}
    request = _inference(f"{base}/completions", model, body, "/v1/completions")
    rid = _rid(request, tid)

    def completion(text: str, finish: str | None) -> dict[str, Any]:
        return {
            "__type__": "openai.types.completion.Completion",
            "__data__": {
                "id": rid,
                "choices": [{"finish_reason": finish, "index": 0, "logprobs": None, "text": text}],
                "created": 0,
                "model": model,
                "object": "text_completion",
                "system_fingerprint": None,
                "usage": None,
            },
        }

    text = _words(rng, _lognormal(rng, 30, 0.8, 1, 400))
    if stream:
        parts = _split_text(rng, text, _lognormal(rng, 20, 0.8, 1, 400))
        chunks = [completion(p, None) for p in parts] + [completion("", "stop")]
        return _rec(tid, request, {"body": chunks, "is_streaming": True})
    return _rec(tid, request, {"body": completion(text, "stop"), "is_streaming": False})


def _make_embeddings(rng: random.Random, seed: int, i: int, suite: str) -> dict[str, Any]:
    provider, model, base, dims = rng.choice(_EMBED_MODELS)
    tid = _test_id(rng, seed, suite, provider, model)
    inputs = [f"{_words(rng, _lognormal(rng, 12, 0.8, 1, 200))} ({i}.{k})" for k in range(rng.choice((1, 1, 2, 3, 5)))]
    body = {"model": model, "input": inputs, "encoding_format": "float"}
    request = _inference(f"{base}/embeddings", model, body, "/v1/embeddings")
    vectors = [{"embedding": [round(rng.gauss(0, 0.05), 8) for _ in range(dims)], "index": k, "object": "embedding"} for k in range(len(inputs))]
    data = {"data": vectors, "model": model, "object": "list", "usage": {"prompt_tokens": 8 * len(inputs), "total_tokens": 8 * len(inputs)}}
    body_out = {"__type__": "openai.types.create_embedding_response.CreateEmbeddingResponse", "__data__": data}
    return _rec(tid, request, {"body": body_out, "is_streaming": False})


def _make_models(rng: random.Random, seed: int, i: int, suite: str) -> dict[str, Any]:
    provider, _model, base = rng.choice(_MODELS)
    # Every /v1/models request hashes the same (shared lists); the files differ by the digest
    # of the model ids in their name, as the recorder keeps one file per distinct list.
    request = _inference(f"{base}/models", "", {}, "/v1/models", method="GET")
    ids = sorted({m for _p, m, _b in rng.sample(_MODELS, rng.randint(1, len(_MODELS)))} | {f"{provider}/custom-{i}"})
    models = [{"__type__": "openai.types.model.Model", "__data__": {"id": m, "created": 0, "object": "model", "owned_by": provider}} for m in ids]
    return _rec(None, request, {"body": models, "is_streaming": False})


def _make_error(rng: random.Random, seed: int, i: int, suite: str) -> dict[str, Any]:
    provider, model, base = rng.choice(_MODELS)
    tid = _test_id(rng, seed, suite, provider, model)
    body = {"model": model, "messages": _messages(rng, i), "temperature": rng.choice((-1.0, 3.5, 9.0))}
    request = _inference(f"{base}/chat/completions", model, body, "/v1/chat/completions")
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
    exc = {"category": "provider_sdk", "provider": provider, "type": etype, "message": text, "status_code": code, "body": {"message": msg, "type": "invalid_request_error"}}
    return _rec(tid, request, {"body": None, "is_streaming": False, "is_exception": True, "exception_data": exc, "exception_message": text})


def _make_tool(rng: random.Random, seed: int, i: int, suite: str) -> dict[str, Any]:
    tid = _test_id(rng, seed, suite, "openai", "gpt-4o")
    provider, tool = rng.choice((("tavily", "web_search"), ("brave", "web_search"), ("rag-runtime", "knowledge_search")))
    query = f"{_words(rng, rng.randint(2, 8))} {i}"
    request = {"test_id": tid, "provider": provider, "tool_name": tool, "kwargs": {"query": query}}
    hits = [
        {"url": f"https://example.org/{rng.choice(_WORDS)}/{k}", "title": _words(rng, 6), "content": _words(rng, _lognormal(rng, 60, 0.6, 5, 400)), "score": round(rng.random(), 7)}
        for k in range(rng.randint(1, 5))
    ]
    data = {"content": json.dumps({"query": query, "top_k": hits}), "error_message": None, "error_code": None, "metadata": None}
    return _rec(tid, request, {"body": {"__type__": "ogx_api.tools.ToolInvocationResult", "__data__": data}, "is_streaming": False})


def _sse(event: str, data: dict[str, Any]) -> list[str]:
    return [f"event: {event}", "data: " + json.dumps(data, separators=(",", ":")), ""]


def _make_messages(rng: random.Random, seed: int, i: int, suite: str) -> dict[str, Any]:
    model = rng.choice(("claude-sonnet-4-5", "gpt-oss:20b"))
    tid = _test_id(rng, seed, "messages", "anthropic", model)
    payload = {"model": model, "messages": [{"role": "user", "content": f"{_words(rng, _lognormal(rng, 10, 0.6, 2, 100))} ({i})"}], "max_tokens": 256, "stream": True}
    request = {"test_id": tid, "url": "http://0.0.0.0:11434/v1/messages", "method": "POST", "payload": payload}
    mid = f"msg_{rng.getrandbits(96):024x}"
    lines = _sse("message_start", {"type": "message_start", "message": {"id": mid, "type": "message", "role": "assistant", "model": model, "content": [], "usage": {"input_tokens": 12, "output_tokens": 0}}})
    block = 0
    if rng.random() < 0.5:
        lines += _sse("content_block_start", {"type": "content_block_start", "index": block, "content_block": {"type": "thinking", "thinking": ""}})
        for piece in _split_text(rng, _words(rng, 20), 10):
            lines += _sse("content_block_delta", {"type": "content_block_delta", "index": block, "delta": {"type": "thinking_delta", "thinking": piece}})
        lines += _sse("content_block_stop", {"type": "content_block_stop", "index": block})
        block += 1
    lines += _sse("content_block_start", {"type": "content_block_start", "index": block, "content_block": {"type": "text", "text": ""}})
    for piece in _split_text(rng, _words(rng, _lognormal(rng, 30, 0.8, 2, 600)), _lognormal(rng, 25, 0.8, 1, 600)):
        lines += _sse("content_block_delta", {"type": "content_block_delta", "index": block, "delta": {"type": "text_delta", "text": piece}})
    lines += _sse("content_block_stop", {"type": "content_block_stop", "index": block})
    lines += _sse("message_delta", {"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "usage": {"output_tokens": 40}})
    lines += _sse("message_stop", {"type": "message_stop"})
    return _rec(tid, request, {"status": 200, "body": lines, "is_streaming": True})


def _make_ollama(rng: random.Random, seed: int, i: int, suite: str) -> dict[str, Any]:
    model = "llama3.2:3b-instruct-fp16"
    tid = _test_id(rng, seed, suite, "ollama", model)
    body = {"model": model, "raw": True, "prompt": f"{_words(rng, _lognormal(rng, 20, 0.8, 2, 300))} ({i})", "options": {"temperature": 0.0}, "stream": True}
    request = _inference("http://0.0.0.0:11434/api/generate", model, body, "/api/generate")

    def part(text: str, done: bool) -> dict[str, Any]:
        return {
            "__type__": "ollama._types.GenerateResponse",
            "__data__": {
                "model": model,
                "created_at": "1970-01-01T00:00:00.000000Z",
                "done": done,
                "done_reason": "stop" if done else None,
                "total_duration": 0,
                "load_duration": 0,
                "prompt_eval_count": 20 if done else None,
                "prompt_eval_duration": 0,
                "eval_count": 30 if done else None,
                "eval_duration": 0,
                "response": text,
                "thinking": None,
                "context": None,
            },
        }

    pieces = _split_text(rng, _words(rng, _lognormal(rng, 25, 0.8, 1, 500)), _lognormal(rng, 20, 0.8, 1, 500))
    return _rec(tid, request, {"body": [part(p, False) for p in pieces] + [part("", True)], "is_streaming": True})


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
    digest = hashing.model_list_digest(data["response"]["body"]) if kind == "models" else None
    name = f"models-{h}-{digest}.json" if digest else f"{h}.json"
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

#!/usr/bin/env python3
"""Write the sample recordings shipped in ``inspector/samples``.

The samples are our own: small, hand-written conversations laid out the way the
recorder lays out a repository (``tests/integration/<suite>/recordings/<sha256>.json``,
the shared ``common/recordings`` fallback, and one folder of the 2025 layout with its
``index.sqlite``).  They cover every kind of recording the core understands, plus a
few files a curator would want to find (a stale hash, a legacy rule, an incomplete
stream).  Names are computed with the core's hashing and files are written with the
core's writer, so they look exactly like the recorder's.

Run from the repository root: ``python scripts/make_samples.py`` (it replaces the folder).
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from inspector.core.hashing import RULE_SETS, model_list_digest, request_hash, rule_set  # noqa: E402
from inspector.core.writer import write_recording  # noqa: E402

OUT = ROOT / "inspector" / "samples"
TI = "tests/integration"

CHUNK_T = "openai.types.chat.chat_completion_chunk.ChatCompletionChunk"
COMPLETION_T = "openai.types.chat.chat_completion.ChatCompletion"


def words(text: str, size: int = 2) -> list[str]:
    """Split text into stream-sized pieces (``size`` words each, whitespace kept)."""
    tokens = re.findall(r"\s*\S+|\s+", text)
    pieces = ["".join(tokens[i:i + size]) for i in range(0, len(tokens), size)]
    assert "".join(pieces) == text
    return pieces


def inference_request(url: str, body: dict[str, Any], endpoint: str, model: str | None, method: str = "POST") -> dict[str, Any]:
    return {"method": method, "url": url, "headers": {}, "body": body, "endpoint": endpoint, "model": model or ""}


def save(folder: str, test_id: str | None, request: dict[str, Any], response: dict[str, Any], *, name: str | None = None, legacy_keys: bool = False) -> Path:
    h = request_hash(request, test_id)
    assert h is not None
    response = json.loads(json.dumps(response).replace("rec-HASH", f"rec-{h[:12]}"))
    if name is None:
        name = f"{h}.json"
    if legacy_keys:
        data: dict[str, Any] = {"request": request, "response": response}
    else:
        data = {"test_id": test_id, "request": request, "response": response, "id_normalization_mapping": {}}
    path = OUT / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    write_recording(path, data)
    return path


def chunk(content: str | None = None, *, role: str | None = None, reasoning: str | None = None,
          tool_calls: list[dict[str, Any]] | None = None, finish: str | None = None,
          usage: dict[str, Any] | None = None, model: str = "gpt-4o", index: int = 0, no_choice: bool = False) -> dict[str, Any]:
    delta: dict[str, Any] = {"content": content, "function_call": None, "refusal": None, "role": role, "tool_calls": tool_calls}
    if reasoning is not None:
        delta["reasoning_content"] = reasoning
    choices = [] if no_choice else [{"delta": delta, "finish_reason": finish, "index": index, "logprobs": None}]
    return {"__type__": CHUNK_T, "__data__": {"id": "rec-HASH", "choices": choices, "created": 0, "model": model,
                                              "object": "chat.completion.chunk", "service_tier": "default",
                                              "system_fingerprint": "fp_sample", "usage": usage}}


def usage(prompt: int, completion: int) -> dict[str, Any]:
    return {"completion_tokens": completion, "prompt_tokens": prompt, "total_tokens": prompt + completion,
            "completion_tokens_details": None, "prompt_tokens_details": None}


def text_stream(text: str, *, model: str = "gpt-4o", reasoning: str | None = None, with_usage: bool = True, size: int = 2) -> list[dict[str, Any]]:
    out = [chunk("", role="assistant", model=model)]
    if reasoning:
        out += [chunk(None, reasoning=p, model=model) for p in words(reasoning, 3)]
    out += [chunk(p, model=model) for p in words(text, size)]
    out.append(chunk(None, finish="stop", model=model))
    if with_usage:
        out.append(chunk(None, usage=usage(42, len(text.split())), model=model, no_choice=True))
    return out


WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Get the current weather for a city.",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string", "description": "City and country, e.g. Lisbon, Portugal"},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
            },
            "required": ["city"],
        },
    },
}


def tool_stream(calls: list[tuple[str, str, str]], model: str = "gpt-4o") -> list[dict[str, Any]]:
    """Parallel tool calls: the first piece carries id and name, later pieces the arguments."""
    out = [chunk(None, role="assistant", model=model)]
    for i, (cid, name, args) in enumerate(calls):
        out.append(chunk(None, model=model, tool_calls=[{"index": i, "id": cid, "function": {"arguments": "", "name": name}, "type": "function"}]))
        for piece in [args[j:j + 7] for j in range(0, len(args), 7)]:
            out.append(chunk(None, model=model, tool_calls=[{"index": i, "id": None, "function": {"arguments": piece, "name": None}, "type": None}]))
    out.append(chunk(None, finish="tool_calls", model=model))
    out.append(chunk(None, usage=usage(88, 36), model=model, no_choice=True))
    return out


def openai_samples() -> None:
    suite = f"{TI}/inference"
    url = "https://api.openai.com/v1/v1/chat/completions"
    tid = f"{suite}/test_openai_completion.py::test_openai_chat_completion_streaming[openai_client-txt=openai/gpt-4o-inference:chat_completion:streaming_01]"
    body = {"model": "gpt-4o", "messages": [
        {"role": "system", "content": "You are a concise astronomy tutor."},
        {"role": "user", "content": "Which planet has the most prominent rings? Answer in one sentence."}],
        "stream": True, "stream_options": {"include_usage": True}}
    text = "Saturn has the most prominent rings of any planet, made mostly of ice and rock."
    save(f"{suite}/recordings", tid, inference_request(url, body, "/v1/chat/completions", "gpt-4o"),
         {"body": text_stream(text), "is_streaming": True})

    tid = f"{suite}/test_tool_calling.py::test_parallel_tool_calls[openai_client-txt=openai/gpt-4o]"
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Is it warmer in Lisbon or in Oslo right now?"}],
            "tools": [WEATHER_TOOL], "tool_choice": "auto", "parallel_tool_calls": True, "stream": True,
            "stream_options": {"include_usage": True}}
    calls = [("call_sample_lisbon", "get_weather", json.dumps({"city": "Lisbon, Portugal", "unit": "celsius"})),
             ("call_sample_oslo", "get_weather", json.dumps({"city": "Oslo, Norway", "unit": "celsius"}))]
    save(f"{suite}/recordings", tid, inference_request(url, body, "/v1/chat/completions", "gpt-4o"),
         {"body": tool_stream(calls), "is_streaming": True})

    # The conversation continues: tool results tied to their call ids, final answer not streamed.
    tid2 = f"{suite}/test_tool_calling.py::test_parallel_tool_calls_followup[openai_client-txt=openai/gpt-4o]"
    body2 = {"model": "gpt-4o", "messages": [
        {"role": "user", "content": "Is it warmer in Lisbon or in Oslo right now?"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": c[0], "type": "function", "function": {"name": c[1], "arguments": c[2]}} for c in calls]},
        {"role": "tool", "tool_call_id": "call_sample_lisbon", "content": "{\"temperature\": 21, \"sky\": \"clear\"}"},
        {"role": "tool", "tool_call_id": "call_sample_oslo", "content": "{\"temperature\": 4, \"sky\": \"snow\"}"}],
        "tools": [WEATHER_TOOL], "stream": False}
    answer = "Lisbon is much warmer: 21 °C and clear, while Oslo is at 4 °C with snow."
    save(f"{suite}/recordings", tid2, inference_request(url, body2, "/v1/chat/completions", "gpt-4o"), {"body": {
        "__type__": COMPLETION_T, "__data__": {"id": "rec-HASH", "choices": [{"finish_reason": "stop", "index": 0, "logprobs": None,
            "message": {"content": answer, "refusal": None, "role": "assistant", "annotations": [], "audio": None,
                        "function_call": None, "tool_calls": None}}], "created": 0, "model": "gpt-4o-2024-08-06",
            "object": "chat.completion", "service_tier": "default", "system_fingerprint": "fp_sample", "usage": usage(131, 24)}},
        "is_streaming": False})

    # Reasoning model through an OpenAI-compatible server (vLLM style).
    url_v = "http://localhost:8000/v1/chat/completions"
    tid = f"{suite}/test_reasoning.py::test_reasoning_stream[openai_client-txt=vllm/Qwen/Qwen3-0.6B]"
    body = {"model": "Qwen/Qwen3-0.6B", "messages": [{"role": "user", "content": "What is 17 * 3? Think first."}],
            "stream": True, "temperature": 0.6}
    save(f"{suite}/recordings", tid, inference_request(url_v, body, "/v1/chat/completions", "Qwen/Qwen3-0.6B"),
         {"body": text_stream("17 * 3 = 51.", model="Qwen/Qwen3-0.6B",
                              reasoning="Seventeen times three: ten times three is thirty, seven times three is twenty-one, so fifty-one.",
                              with_usage=False), "is_streaming": True})

    # Two choices in one stream (n=2), interleaved.
    tid = f"{suite}/test_openai_completion.py::test_openai_chat_completion_n[openai_client-txt=openai/gpt-4o]"
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Name a primary colour."}], "n": 2, "stream": True}
    a, b = words("Red is a primary colour.", 2), words("Blue, for example.", 2)
    stream = [chunk("", role="assistant", index=0), chunk("", role="assistant", index=1)]
    for i in range(max(len(a), len(b))):
        if i < len(a):
            stream.append(chunk(a[i], index=0))
        if i < len(b):
            stream.append(chunk(b[i], index=1))
    stream += [chunk(None, finish="stop", index=0), chunk(None, finish="stop", index=1)]
    save(f"{suite}/recordings", tid, inference_request(url, body, "/v1/chat/completions", "gpt-4o"), {"body": stream, "is_streaming": True})

    # Completions, streamed and not.
    curl = "http://localhost:8000/v1/completions"
    tid = f"{suite}/test_openai_completion.py::test_openai_completion_streaming[txt=vllm/Qwen/Qwen3-0.6B]"
    body = {"model": "Qwen/Qwen3-0.6B", "prompt": "Roses are red, violets are", "max_tokens": 8, "stream": True}
    pieces = words(" blue, sugar is sweet.", 1)
    comp = [{"__type__": "openai.types.completion.Completion", "__data__": {"id": "rec-HASH", "choices": [
        {"finish_reason": "length" if i == len(pieces) - 1 else None, "index": 0, "logprobs": None, "text": p}],
        "created": 0, "model": "Qwen/Qwen3-0.6B", "object": "text_completion", "system_fingerprint": None, "usage": None}}
        for i, p in enumerate(pieces)]
    save(f"{suite}/recordings", tid, inference_request(curl, body, "/v1/completions", "Qwen/Qwen3-0.6B"), {"body": comp, "is_streaming": True})
    tid = f"{suite}/test_openai_completion.py::test_openai_completion_non_streaming[txt=vllm/Qwen/Qwen3-0.6B]"
    body = {"model": "Qwen/Qwen3-0.6B", "prompt": "The capital of Italy is", "max_tokens": 4, "stream": False}
    save(f"{suite}/recordings", tid, inference_request(curl, body, "/v1/completions", "Qwen/Qwen3-0.6B"), {"body": {
        "__type__": "openai.types.completion.Completion", "__data__": {"id": "rec-HASH", "choices": [
            {"finish_reason": "stop", "index": 0, "logprobs": None, "text": " Rome."}], "created": 0, "model": "Qwen/Qwen3-0.6B",
            "object": "text_completion", "system_fingerprint": None, "usage": {"completion_tokens": 2, "prompt_tokens": 5, "total_tokens": 7}}},
        "is_streaming": False})

    # Embeddings.
    tid = f"{suite}/test_openai_embeddings.py::test_openai_embeddings_single_string[openai_client-emb=openai/text-embedding-3-small]"
    body = {"model": "text-embedding-3-small", "input": "A llama is a domesticated South American camelid.", "encoding_format": "float"}
    vec = [round(((i * 37) % 101 - 50) / 500.0, 6) for i in range(16)]
    save(f"{suite}/recordings", tid, inference_request("https://api.openai.com/v1/v1/embeddings", body, "/v1/embeddings", "text-embedding-3-small"),
         {"body": {"__type__": "openai.types.create_embedding_response.CreateEmbeddingResponse", "__data__": {
             "data": [{"embedding": vec, "index": 0, "object": "embedding"}], "model": "text-embedding-3-small",
             "object": "list", "usage": {"prompt_tokens": 11, "total_tokens": 11}}}, "is_streaming": False})

    # A recorded exception with the chunks received before it, and one with none.
    tid = f"{suite}/test_openai_completion.py::test_stream_interrupted[openai_client-txt=openai/gpt-4o]"
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Write a haiku about autumn."}], "stream": True}
    partial = [chunk("", role="assistant")] + [chunk(p) for p in words("Crimson leaves drifting", 1)]
    save(f"{suite}/recordings", tid, inference_request(url, body, "/v1/chat/completions", "gpt-4o"), {
        "body": partial, "is_streaming": True, "is_exception": True,
        "exception_data": {"category": "provider_sdk", "provider": "openai", "type": "APIConnectionError",
                           "message": "Connection error: the server closed the stream early.", "status_code": None, "body": None},
        "exception_message": "Connection error: the server closed the stream early."})
    tid = f"{suite}/test_openai_completion.py::test_invalid_model_returns_404[openai_client-txt=openai/gpt-4o]"
    body = {"model": "gpt-does-not-exist", "messages": [{"role": "user", "content": "Hello"}], "stream": False}
    msg = "Error code: 404 - {'error': {'message': 'The model `gpt-does-not-exist` does not exist.', 'type': 'invalid_request_error', 'code': 'model_not_found'}}"
    save(f"{suite}/recordings", tid, inference_request(url, body, "/v1/chat/completions", "gpt-does-not-exist"), {
        "body": None, "is_streaming": False, "is_exception": True,
        "exception_data": {"category": "provider_sdk", "provider": "openai", "type": "NotFoundError", "message": msg, "status_code": 404,
                           "body": {"message": "The model `gpt-does-not-exist` does not exist.", "type": "invalid_request_error", "code": "model_not_found"}},
        "exception_message": msg})

    # Raw HTTP: a rerank call.
    tid = f"{suite}/test_rerank.py::test_rerank_basic[txt=nvidia/nv-rerankqa-mistral-4b-v3]"
    rr = {"test_id": tid, "url": "https://ai.api.nvidia.com/v1/retrieval/nvidia/reranking", "method": "POST",
          "payload": {"model": "nv-rerank-qa-mistral-4b:1", "query": {"text": "What do llamas eat?"},
                      "passages": [{"text": "Llamas graze on grass and hay."}, {"text": "Paris is the capital of France."}]}}
    save(f"{suite}/recordings", tid, rr, {"status": 200, "body": {"rankings": [{"index": 0, "logit": 7.1875}, {"index": 1, "logit": -9.4375}]},
                                         "is_streaming": False})


def model_lists() -> None:
    # Shared model list in the common fallback folder (test id null under the newest rules).
    req = inference_request("https://api.openai.com/v1/v1/models", {}, "/v1/models", "", method="GET")
    models = [{"__type__": "openai.types.model.Model", "__data__": {"id": mid, "created": 0, "object": "model", "owned_by": "openai"}}
              for mid in ("gpt-4o", "gpt-4o-mini", "text-embedding-3-small")]
    h = request_hash(req, None)
    digest = model_list_digest(models)
    save(f"{TI}/common/recordings", None, req, {"body": models, "is_streaming": False}, name=f"models-{h}-{digest}.json")
    # The same list as the May 2026 recorder named it: only that older rule set explains the name.
    tid = f"{TI}/inference/test_openai_completion.py::test_models_list[openai_client-txt=openai/gpt-4o]"
    old = request_hash(req, tid, rule_set("2026-05"))
    save(f"{TI}/inference/recordings", tid, req, {"body": models[:2], "is_streaming": False},
         name=f"models-{old}-{model_list_digest(models[:2])}.json")
    tei_model_lookup()


def tei_model_lookup() -> None:
    # ogx 1.5.0 records Text-Embeddings-Inference's GET /info like a model list: no body (hashed
    # as {}), test id null (shared), a plain dict naming model_id (the digest's one id).
    req = {"test_id": None, "url": "http://localhost:8080/info", "method": "GET", "endpoint": "/info", "headers": {}}
    info = {"model_id": "BAAI/bge-small-en-v1.5", "model_sha": None, "model_dtype": "float16",
            "model_type": {"embedding": {"pooling": "cls"}}, "max_concurrent_requests": 512, "max_input_length": 512,
            "max_batch_tokens": 16384, "max_batch_requests": None, "max_client_batch_size": 32, "auto_truncate": False,
            "tokenization_workers": 4, "version": "1.8.0", "sha": None, "docker_label": None}
    h = request_hash(req, None)
    save(f"{TI}/common/recordings", None, req, {"status": 200, "body": info, "is_streaming": False},
         name=f"models-{h}-{model_list_digest(info)}.json")


def ollama_samples() -> None:
    suite = f"{TI}/ollama"
    base = "http://0.0.0.0:11434"
    tid = f"{suite}/test_ollama.py::test_generate_streaming[txt=ollama/llama3.2:3b]"
    body = {"model": "llama3.2:3b", "prompt": "Where do humans live? One sentence.", "stream": True}
    pieces = words("Humans live on Earth, the third planet from the Sun.", 2)
    gen = []
    for i, p in enumerate(pieces):
        last = i == len(pieces) - 1
        d: dict[str, Any] = {"model": "llama3.2:3b", "created_at": "1970-01-01T00:00:00.000000Z", "done": last,
                             "done_reason": "stop" if last else None, "total_duration": 0 if last else None,
                             "load_duration": 0 if last else None, "prompt_eval_count": 31 if last else None,
                             "prompt_eval_duration": 0 if last else None, "eval_count": 14 if last else None,
                             "eval_duration": 0 if last else None, "response": p, "thinking": None, "context": None}
        gen.append({"__type__": "ollama._types.GenerateResponse", "__data__": d})
    save(f"{suite}/recordings", tid, inference_request(f"{base}/api/generate", body, "/api/generate", "llama3.2:3b"), {"body": gen, "is_streaming": True})

    tid = f"{suite}/test_ollama.py::test_chat_tool_call[txt=ollama/llama3.2:3b]"
    body = {"model": "llama3.2:3b", "messages": [{"role": "user", "content": "What's the weather in Lima?"}],
            "tools": [WEATHER_TOOL], "stream": False}
    save(f"{suite}/recordings", tid, inference_request(f"{base}/api/chat", body, "/api/chat", "llama3.2:3b"), {"body": {
        "__type__": "ollama._types.ChatResponse", "__data__": {"model": "llama3.2:3b", "created_at": "1970-01-01T00:00:00.000000Z",
            "done": True, "done_reason": "stop", "total_duration": 0, "load_duration": 0, "prompt_eval_count": 160,
            "prompt_eval_duration": 0, "eval_count": 21, "eval_duration": 0,
            "message": {"role": "assistant", "content": "", "thinking": None, "images": None, "tool_name": None,
                        "tool_calls": [{"function": {"name": "get_weather", "arguments": {"city": "Lima, Peru"}}}]}}},
        "is_streaming": False})

    tid = f"{suite}/test_ollama.py::test_embed[emb=ollama/all-minilm:l6-v2]"
    body = {"model": "all-minilm:l6-v2", "input": ["first sentence", "second sentence"]}
    save(f"{suite}/recordings", tid, inference_request(f"{base}/api/embed", body, "/api/embed", "all-minilm:l6-v2"), {"body": {
        "__type__": "ollama._types.EmbedResponse", "__data__": {"model": "all-minilm:l6-v2", "created_at": None, "done": None,
            "done_reason": None, "total_duration": 0, "load_duration": 0, "prompt_eval_count": 4, "prompt_eval_duration": None,
            "eval_count": None, "eval_duration": None, "embeddings": [[0.01, -0.02, 0.03, 0.04], [0.02, 0.01, -0.03, 0.05]]}},
        "is_streaming": False})

    tid = f"{suite}/test_ollama.py::test_ps[txt=ollama/llama3.2:3b]"
    save(f"{suite}/recordings", tid, inference_request(f"{base}/api/ps", {}, "/api/ps", "", method="GET"), {"body": {
        "__type__": "ollama._types.ProcessResponse", "__data__": {"models": [{"model": "llama3.2:3b", "name": "llama3.2:3b",
            "digest": "a80c4f17acd5", "expires_at": "1970-01-01T00:00:00Z", "size": 3338801804, "size_vram": 3338801804,
            "details": {"parent_model": "", "format": "gguf", "family": "llama", "families": ["llama"], "parameter_size": "3.2B",
                        "quantization_level": "Q4_K_M"}}]}}, "is_streaming": False})

    tid = f"{suite}/test_ollama.py::test_pull[txt=ollama/llama3.2:3b]"
    save(f"{suite}/recordings", tid, inference_request(f"{base}/api/pull", {"model": "llama3.2:3b", "stream": False}, "/api/pull", "llama3.2:3b"), {"body": {
        "__type__": "ollama._types.ProgressResponse", "__data__": {"status": "success", "completed": None, "total": None, "digest": None}},
        "is_streaming": False})

    save(f"{TI}/common/recordings", None, inference_request(f"{base}/api/tags", {}, "/api/tags", "", method="GET"), {"body": {
        "__type__": "ollama._types.ListResponse", "__data__": {"models": [
            {"model": m, "modified_at": "1970-01-01T00:00:00Z", "digest": "0" * 12, "size": 1, "details": None}
            for m in ("llama3.2:3b", "all-minilm:l6-v2")]}}, "is_streaming": False})


def genai_samples() -> None:
    suite = f"{TI}/responses"
    model = "publishers/google/models/gemini-2.0-flash"
    tid = f"{suite}/test_basic_responses.py::test_response_streaming_basic[openai_client-txt=vertexai/{model}]"
    body = {"model": model, "contents": [{"role": "user", "parts": [{"text": "What is the capital of Portugal?"}]}], "config": {}}
    parts = words("The capital of Portugal is **Lisbon**.\n", 3)
    stream = []
    for i, p in enumerate(parts):
        last = i == len(parts) - 1
        cand: dict[str, Any] = {"content": {"parts": [{"text": p}], "role": "model"}}
        if last:
            cand["finish_reason"] = "STOP"
        stream.append({"candidates": [cand], "model_version": "gemini-2.0-flash", "response_id": "sample",
                       "usage_metadata": {"candidates_token_count": 9, "prompt_token_count": 8, "total_token_count": 17} if last else {"traffic_type": "ON_DEMAND"}})
    save(f"{suite}/recordings", tid, inference_request("vertexai:///generate_content_stream", body, "/generate_content_stream", model),
         {"body": stream, "is_streaming": True})

    tid = f"{suite}/test_tool_responses.py::test_response_web_search[openai_client-txt=vertexai/{model}]"
    body = {"model": model, "contents": [{"role": "user", "parts": [{"text": "Search the web for llama facts."}]}],
            "config": {"tools": [{"function_declarations": [{"name": "web_search", "description": "Search the web.",
                                                              "parameters": {"type": "OBJECT", "properties": {"query": {"type": "STRING"}}, "required": ["query"]}}]}]}}
    save(f"{suite}/recordings", tid, inference_request("vertexai:///generate_content", body, "/generate_content", model), {"body": {
        "candidates": [{"content": {"parts": [{"function_call": {"name": "web_search", "args": {"query": "llama facts"}}}], "role": "model"},
                        "finish_reason": "STOP"}], "model_version": "gemini-2.0-flash",
        "usage_metadata": {"candidates_token_count": 6, "prompt_token_count": 20, "total_token_count": 26}}, "is_streaming": False})


def sse(event: str, data: dict[str, Any] | str) -> list[str]:
    payload = data if isinstance(data, str) else json.dumps(data, separators=(",", ":"))
    return [f"event: {event}", f"data: {payload}", ""]


def messages_samples() -> None:
    suite = f"{TI}/messages"
    url = "http://0.0.0.0:11434/v1/messages"
    tid = f"{suite}/test_messages.py::test_messages_streaming_tool_use[txt=ollama/gpt-oss:20b]"
    calc = {"name": "calculator", "description": "Evaluate an arithmetic expression.",
            "input_schema": {"type": "object", "properties": {"expression": {"type": "string"}}, "required": ["expression"]}}
    payload = {"model": "gpt-oss:20b", "messages": [{"role": "user", "content": "What is 12 * 12? Use the calculator."}],
               "max_tokens": 256, "tools": [calc], "stream": True}
    lines = sse("message_start", {"type": "message_start", "message": {"id": "msg_sample", "type": "message", "role": "assistant",
                                                                       "model": "gpt-oss:20b", "content": [], "usage": {"input_tokens": 70, "output_tokens": 0}}})
    lines += sse("content_block_start", {"type": "content_block_start", "index": 0, "content_block": {"type": "thinking", "thinking": ""}})
    for p in words("The user wants 12 * 12. I will call the calculator.", 3):
        lines += sse("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": {"type": "thinking_delta", "thinking": p}})
    lines += sse("content_block_stop", {"type": "content_block_stop", "index": 0})
    lines += sse("content_block_start", {"type": "content_block_start", "index": 1, "content_block": {"type": "tool_use", "id": "toolu_sample", "name": "calculator", "input": {}}})
    for p in ['{"expre', 'ssion": ', '"12 * 12"}']:
        lines += sse("content_block_delta", {"type": "content_block_delta", "index": 1, "delta": {"type": "input_json_delta", "partial_json": p}})
    lines += sse("content_block_stop", {"type": "content_block_stop", "index": 1})
    lines += sse("message_delta", {"type": "message_delta", "delta": {"stop_reason": "tool_use", "stop_sequence": None}, "usage": {"output_tokens": 31}})
    lines += sse("message_stop", {"type": "message_stop"})
    save(f"{suite}/recordings", tid, {"test_id": tid, "url": url, "method": "POST", "payload": payload}, {"body": lines, "is_streaming": True})

    tid = f"{suite}/test_messages.py::test_messages_basic[txt=ollama/gpt-oss:20b]"
    payload = {"model": "gpt-oss:20b", "messages": [{"role": "user", "content": "Say hello in French."}], "max_tokens": 64}
    save(f"{suite}/recordings", tid, {"test_id": tid, "url": url, "method": "POST", "payload": payload}, {"status": 200, "body": {
        "id": "msg_sample2", "type": "message", "role": "assistant", "model": "gpt-oss:20b",
        "content": [{"type": "text", "text": "Bonjour !"}], "stop_reason": "end_turn", "usage": {"input_tokens": 12, "output_tokens": 4}},
        "is_streaming": False})


def interactions_samples() -> None:
    suite = f"{TI}/interactions"
    url = "https://generativelanguage.googleapis.com/v1beta/interactions"
    tid = f"{suite}/test_interactions.py::test_interactions_streaming_basic[txt=gemini/gemini-2.5-flash-lite]"
    payload = {"model": "gemini-2.5-flash-lite", "input": "List three fruits, comma separated.", "stream": True}
    lines = sse("interaction.start", {"interaction": {"id": "v1_sample", "status": "in_progress", "object": "interaction", "model": "gemini-2.5-flash-lite"}, "event_type": "interaction.start"})
    lines += sse("content.start", {"index": 0, "content": {"type": "text"}, "event_type": "content.start"})
    for p in ["Apple, ", "banana, ", "cherry"]:
        lines += sse("content.delta", {"index": 0, "delta": {"text": p, "type": "text"}, "event_type": "content.delta"})
    lines += sse("content.stop", {"index": 0, "event_type": "content.stop"})
    lines += sse("interaction.complete", {"interaction": {"id": "v1_sample", "status": "completed", "usage": {"total_tokens": 17, "total_input_tokens": 9, "total_output_tokens": 8}, "object": "interaction", "model": "gemini-2.5-flash-lite"}, "event_type": "interaction.complete"})
    lines += ["event: done", "data: [DONE]", ""]
    save(f"{suite}/recordings", tid, {"test_id": tid, "url": url, "method": "POST", "payload": payload}, {"body": lines, "is_streaming": True})


def tool_and_files() -> None:
    tid = f"{TI}/tool_runtime/test_web_search.py::test_web_search_tool[txt=openai/gpt-4o]"
    req = {"test_id": tid, "provider": "tavily", "tool_name": "web_search", "kwargs": {"query": "how long do llamas live"}}
    content = json.dumps({"query": "how long do llamas live", "top_k": [
        {"url": "https://example.org/llamas", "title": "Llama facts", "content": "Llamas usually live 15 to 25 years.", "score": 0.97}]})
    save(f"{TI}/tool_runtime/recordings", tid, req, {"body": {"__type__": "ogx_api.tools.ToolInvocationResult", "__data__": {
        "content": content, "error_message": None, "error_code": None, "metadata": None}}, "is_streaming": False})

    tid = f"{TI}/responses/test_file_search.py::test_file_search_pdf[openai_client-txt=openai/gpt-4o]"
    req = {"test_id": tid, "provider": "pypdf", "api": "file_processors", "file_id": "file-sample-0001"}
    # File processors have no hash rule; the recorder still names them by a hash we cannot reproduce.
    path = OUT / f"{TI}/responses/recordings" / "3f1c0ffee0ddba11aa55aa55aa55aa55aa55aa55aa55aa55aa55aa55aa55aa55.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_recording(path, {"test_id": tid, "request": req, "response": {"body": {
        "__type__": "ogx_api.file_processors.models.ProcessFileResponse", "__data__": {"chunks": [
            {"content": "Llamas are social animals.", "chunk_id": "c1", "metadata": {"page": 1}},
            {"content": "They communicate by humming.", "chunk_id": "c2", "metadata": {"page": 1}}]}}, "is_streaming": False},
        "id_normalization_mapping": {}})


def curation_samples() -> None:
    """Files a curator wants to find: a stale name, an old rule set, an incomplete stream."""
    suite = f"{TI}/agents"
    url = "https://api.openai.com/v1/v1/chat/completions"
    tid = f"{suite}/test_agents.py::test_agent_simple[openai_client-txt=openai/gpt-4o]"
    body = {"model": "gpt-4o", "messages": [{"role": "system", "content": "You are a helpful agent."},
                                            {"role": "user", "content": "Give me one tip for writing tests."}], "stream": True}
    req = inference_request(url, body, "/v1/chat/completions", "gpt-4o")
    old_name = request_hash(req, tid)
    # Edited after recording (the system prompt changed): the name no longer matches the request.
    edited = json.loads(json.dumps(req))
    edited["body"]["messages"][0]["content"] = "You are a helpful, careful agent."
    save(f"{suite}/recordings", tid, edited, {"body": text_stream("Test one behaviour per test, and name it after that behaviour."), "is_streaming": True},
         name=f"{old_name}.json")

    # Recorded before the file-search masks (April 2026): only the 2026-03 rules explain the name.
    tid = f"{suite}/test_agents.py::test_agent_file_search[openai_client-txt=openai/gpt-4o]"
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Summarise the search results."},
                                            {"role": "tool", "tool_call_id": "call_fs",
                                             "content": "[1] document_id: 0f8fad5b-d9cb-469f-a165-70867728950e, score: 0.8123, attributes: {'page': 2} Llamas hum."}],
            "stream": True}
    req = inference_request(url, body, "/v1/chat/completions", "gpt-4o")
    name = request_hash(req, tid, rule_set("2026-03"))
    assert name != request_hash(req, tid)
    save(f"{suite}/recordings", tid, req, {"body": text_stream("The results say llamas hum to communicate."), "is_streaming": True},
         name=f"{name}.json")

    # A stream cut before its finish reason, with tool arguments that never closed.
    tid = f"{suite}/test_agents.py::test_agent_tool_stream_truncated[openai_client-txt=openai/gpt-4o]"
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Weather in Quito?"}], "tools": [WEATHER_TOOL], "stream": True}
    stream = tool_stream([("call_sample_quito", "get_weather", json.dumps({"city": "Quito, Ecuador"}))])[:-3]
    save(f"{suite}/recordings", tid, inference_request(url, body, "/v1/chat/completions", "gpt-4o"), {"body": stream, "is_streaming": True})


def legacy_layout() -> None:
    """The 2025 layout: recordings/responses/<h12>.json with an index.sqlite beside it."""
    rules = RULE_SETS[-1]
    base = OUT / f"{TI}/recordings"
    rows = []
    url = "http://localhost:11434/v1/chat/completions"
    body = {"model": "llama3.2:3b-instruct-fp16", "messages": [{"role": "user", "content": "Say hi."}], "stream": False}
    req = inference_request(url, body, "/v1/chat/completions", "llama3.2:3b-instruct-fp16")
    h = request_hash(req, None, rules)
    full = request_hash(req, None, RULE_SETS[-2])
    assert h is not None and full is not None
    path = base / "responses" / f"{h}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_recording(path, {"request": req, "response": {"body": {"__type__": COMPLETION_T, "__data__": {
        "id": "chatcmpl-512", "choices": [{"finish_reason": "stop", "index": 0, "logprobs": None, "message": {
            "content": "Hi there!", "refusal": None, "role": "assistant", "annotations": None, "audio": None,
            "function_call": None, "tool_calls": None}}], "created": 1754000000, "model": "llama3.2:3b-instruct-fp16",
        "object": "chat.completion", "service_tier": None, "system_fingerprint": "fp_ollama",
        "usage": {"completion_tokens": 4, "prompt_tokens": 28, "total_tokens": 32}}}, "is_streaming": False}})
    rows.append((full, f"{h}.json", "/v1/chat/completions", "llama3.2:3b-instruct-fp16", "2025-08-01 10:00:00", 0))
    rows.append(("ab" * 32, f"{'ab' * 6}.json", "/v1/chat/completions", "llama3.2:3b-instruct-fp16", "2025-08-01 10:05:00", 1))
    con = sqlite3.connect(base / "index.sqlite")
    con.execute("CREATE TABLE recordings (request_hash TEXT PRIMARY KEY, response_file TEXT, endpoint TEXT, model TEXT, timestamp TEXT, is_streaming BOOLEAN)")
    con.executemany("INSERT INTO recordings VALUES (?, ?, ?, ?, ?, ?)", rows)
    con.commit()
    con.close()


def main() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    (OUT / "README.md").write_text(
        "Sample recordings written by recording-inspector's scripts/make_samples.py (not real provider output).\n"
        "`recording-inspector` opens them when run outside a repository with tests/integration recordings.\n"
    )
    openai_samples()
    model_lists()
    ollama_samples()
    genai_samples()
    messages_samples()
    interactions_samples()
    tool_and_files()
    curation_samples()
    legacy_layout()
    n = sum(1 for _ in OUT.rglob("*.json"))
    print(f"wrote {n} sample recordings to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

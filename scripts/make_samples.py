#!/usr/bin/env python3
"""Write the sample recordings shipped in ``inspector/samples``.

The samples are our own: small, hand-written conversations laid out the way the
recorder lays out a repository (``tests/integration/<suite>/recordings/<sha256>.json``,
the shared ``common/recordings`` fallback, and one folder of the 2025 layout with its
``index.sqlite``).  They cover every kind of recording the core understands, plus a
few files a curator would want to find (a stale hash, a legacy rule, an incomplete
stream).  Names are computed with the core's hashing and files are written with the
core's writer, so they look exactly like the recorder's.

Run from the repository root: ``python scripts/make_samples.py`` (it replaces the folder;
``--out DIR`` writes elsewhere, e.g. to compare with the shipped files). The builders are
``inspector/testing/factories.py``; this script holds only the samples' content.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from inspector.core.rules.hashing import request_hash  # noqa: E402
from inspector.core.rules.profiles import RULE_SETS, rule_set  # noqa: E402
from inspector.testing.factories import (  # noqa: E402
    SDK,
    ToolCall,
    chat_chunk,
    chat_completion,
    completion,
    cut,
    embeddings,
    exception_response,
    function_tool,
    genai_chunk,
    http_request,
    inference_request,
    interaction_event,
    message_end,
    message_start,
    model_list_name,
    model_objects,
    ollama_generate_chunk,
    response,
    sse_done,
    text_chunks,
    thinking_block,
    tool_chunks,
    tool_request,
    tool_result,
    tool_use_block,
    usage,
    words,
    write,
)

OUT = ROOT / "inspector" / "samples"
TI = "tests/integration"

#: The samples' chunks: the SDK's shape, with a service tier and a fingerprint.
STYLE = SDK.but(tail={"service_tier": "default", "system_fingerprint": "fp_sample", "usage": None})


def save(folder: str, test_id: str | None, request: dict[str, Any], resp: dict[str, Any], *, name: str | None = None, legacy_keys: bool = False) -> Path:
    return write(OUT / folder, test_id, request, resp, name=name, legacy_keys=legacy_keys)


def text_stream(text: str, *, model: str = "gpt-4o", reasoning: str | None = None, with_usage: bool = True) -> list[dict[str, Any]]:
    return text_chunks(words(text), reasoning=words(reasoning, 3) if reasoning else (), model=model, style=STYLE,
                       usage=usage(42, len(text.split()), details=True) if with_usage else None)


WEATHER_TOOL = function_tool(
    "get_weather",
    "Get the current weather for a city.",
    {"city": {"type": "string", "description": "City and country, e.g. Lisbon, Portugal"}, "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
    ["city"],
)


def tool_stream(calls: list[tuple[str, str, str]], model: str = "gpt-4o") -> list[dict[str, Any]]:
    """Parallel tool calls: the first piece carries id and name, later pieces the arguments (7 characters each)."""
    return tool_chunks([ToolCall(cid, name, cut(args, 7)) for cid, name, args in calls], model=model, style=STYLE,
                       usage=usage(88, 36, details=True))


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
    save(f"{suite}/recordings", tid2, inference_request(url, body2, "/v1/chat/completions", "gpt-4o"), response(
        chat_completion(answer, model="gpt-4o-2024-08-06", annotations=[], service_tier="default", system_fingerprint="fp_sample",
                        usage=usage(131, 24, details=True)), streaming=False))

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
    stream = [chat_chunk(STYLE.delta(content="", role="assistant"), index=c, style=STYLE) for c in (0, 1)]
    for i in range(max(len(a), len(b))):
        if i < len(a):
            stream.append(chat_chunk(STYLE.delta(content=a[i]), index=0, style=STYLE))
        if i < len(b):
            stream.append(chat_chunk(STYLE.delta(content=b[i]), index=1, style=STYLE))
    stream += [chat_chunk(STYLE.delta(), finish="stop", index=c, style=STYLE) for c in (0, 1)]
    save(f"{suite}/recordings", tid, inference_request(url, body, "/v1/chat/completions", "gpt-4o"), {"body": stream, "is_streaming": True})

    # Completions, streamed and not.
    curl = "http://localhost:8000/v1/completions"
    tid = f"{suite}/test_openai_completion.py::test_openai_completion_streaming[txt=vllm/Qwen/Qwen3-0.6B]"
    body = {"model": "Qwen/Qwen3-0.6B", "prompt": "Roses are red, violets are", "max_tokens": 8, "stream": True}
    pieces = words(" blue, sugar is sweet.", 1)
    comp = [completion(p, "length" if i == len(pieces) - 1 else None, model="Qwen/Qwen3-0.6B") for i, p in enumerate(pieces)]
    save(f"{suite}/recordings", tid, inference_request(curl, body, "/v1/completions", "Qwen/Qwen3-0.6B"), {"body": comp, "is_streaming": True})
    tid = f"{suite}/test_openai_completion.py::test_openai_completion_non_streaming[txt=vllm/Qwen/Qwen3-0.6B]"
    body = {"model": "Qwen/Qwen3-0.6B", "prompt": "The capital of Italy is", "max_tokens": 4, "stream": False}
    save(f"{suite}/recordings", tid, inference_request(curl, body, "/v1/completions", "Qwen/Qwen3-0.6B"),
         response(completion(" Rome.", "stop", model="Qwen/Qwen3-0.6B", usage=usage(5, 2)), streaming=False))

    # Embeddings.
    tid = f"{suite}/test_openai_embeddings.py::test_openai_embeddings_single_string[openai_client-emb=openai/text-embedding-3-small]"
    body = {"model": "text-embedding-3-small", "input": "A llama is a domesticated South American camelid.", "encoding_format": "float"}
    vec = [round(((i * 37) % 101 - 50) / 500.0, 6) for i in range(16)]
    save(f"{suite}/recordings", tid, inference_request("https://api.openai.com/v1/v1/embeddings", body, "/v1/embeddings", "text-embedding-3-small"),
         response(embeddings([vec], model="text-embedding-3-small", prompt_tokens=11), streaming=False))

    # A recorded exception with the chunks received before it, and one with none.
    tid = f"{suite}/test_openai_completion.py::test_stream_interrupted[openai_client-txt=openai/gpt-4o]"
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Write a haiku about autumn."}], "stream": True}
    partial = text_chunks(words("Crimson leaves drifting", 1), finish=None, style=STYLE)
    save(f"{suite}/recordings", tid, inference_request(url, body, "/v1/chat/completions", "gpt-4o"), exception_response(
        "APIConnectionError", "Connection error: the server closed the stream early.", chunks=partial))
    tid = f"{suite}/test_openai_completion.py::test_invalid_model_returns_404[openai_client-txt=openai/gpt-4o]"
    body = {"model": "gpt-does-not-exist", "messages": [{"role": "user", "content": "Hello"}], "stream": False}
    msg = "Error code: 404 - {'error': {'message': 'The model `gpt-does-not-exist` does not exist.', 'type': 'invalid_request_error', 'code': 'model_not_found'}}"
    save(f"{suite}/recordings", tid, inference_request(url, body, "/v1/chat/completions", "gpt-does-not-exist"), exception_response(
        "NotFoundError", msg, status_code=404,
        error_body={"message": "The model `gpt-does-not-exist` does not exist.", "type": "invalid_request_error", "code": "model_not_found"}))

    # Raw HTTP: a rerank call.
    tid = f"{suite}/test_rerank.py::test_rerank_basic[txt=nvidia/nv-rerankqa-mistral-4b-v3]"
    rr = http_request(tid, "https://ai.api.nvidia.com/v1/retrieval/nvidia/reranking", {
        "model": "nv-rerank-qa-mistral-4b:1", "query": {"text": "What do llamas eat?"},
        "passages": [{"text": "Llamas graze on grass and hay."}, {"text": "Paris is the capital of France."}]})
    save(f"{suite}/recordings", tid, rr, response({"rankings": [{"index": 0, "logit": 7.1875}, {"index": 1, "logit": -9.4375}]},
                                                  streaming=False, status=200))


def model_lists() -> None:
    # Shared model list in the common fallback folder (test id null under the newest rules).
    req = inference_request("https://api.openai.com/v1/v1/models", {}, "/v1/models", "", method="GET")
    models = model_objects(("gpt-4o", "gpt-4o-mini", "text-embedding-3-small"), "openai")
    save(f"{TI}/common/recordings", None, req, response(models, streaming=False), name=model_list_name(req, models))
    # The same list as the May 2026 recorder named it: only that older rule set explains the name.
    tid = f"{TI}/inference/test_openai_completion.py::test_models_list[openai_client-txt=openai/gpt-4o]"
    save(f"{TI}/inference/recordings", tid, req, response(models[:2], streaming=False),
         name=model_list_name(req, models[:2], tid, rule_set("2026-05")))
    tei_model_lookup()


def tei_model_lookup() -> None:
    # ogx 1.5.0 records Text-Embeddings-Inference's GET /info like a model list: no body (hashed
    # as {}), test id null (shared), a plain dict naming model_id (the digest's one id).
    req = {"test_id": None, "url": "http://localhost:8080/info", "method": "GET", "endpoint": "/info", "headers": {}}
    info = {"model_id": "BAAI/bge-small-en-v1.5", "model_sha": None, "model_dtype": "float16",
            "model_type": {"embedding": {"pooling": "cls"}}, "max_concurrent_requests": 512, "max_input_length": 512,
            "max_batch_tokens": 16384, "max_batch_requests": None, "max_client_batch_size": 32, "auto_truncate": False,
            "tokenization_workers": 4, "version": "1.8.0", "sha": None, "docker_label": None}
    save(f"{TI}/common/recordings", None, req, response(info, streaming=False, status=200),
         name=model_list_name(req, info))


def ollama_samples() -> None:
    suite = f"{TI}/ollama"
    base = "http://0.0.0.0:11434"
    tid = f"{suite}/test_ollama.py::test_generate_streaming[txt=ollama/llama3.2:3b]"
    body = {"model": "llama3.2:3b", "prompt": "Where do humans live? One sentence.", "stream": True}
    pieces = words("Humans live on Earth, the third planet from the Sun.", 2)
    gen = [ollama_generate_chunk(p, done=i == len(pieces) - 1, model="llama3.2:3b", duration=0 if i == len(pieces) - 1 else None,
                                 prompt_eval_count=31 if i == len(pieces) - 1 else None, eval_count=14 if i == len(pieces) - 1 else None)
           for i, p in enumerate(pieces)]
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
    stream = [genai_chunk([{"text": p}], finish="STOP" if i == len(parts) - 1 else None,
                          usage_metadata={"candidates_token_count": 9, "prompt_token_count": 8, "total_token_count": 17}
                          if i == len(parts) - 1 else {"traffic_type": "ON_DEMAND"})
              for i, p in enumerate(parts)]
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


def messages_samples() -> None:
    suite = f"{TI}/messages"
    url = "http://0.0.0.0:11434/v1/messages"
    tid = f"{suite}/test_messages.py::test_messages_streaming_tool_use[txt=ollama/gpt-oss:20b]"
    calc = {"name": "calculator", "description": "Evaluate an arithmetic expression.",
            "input_schema": {"type": "object", "properties": {"expression": {"type": "string"}}, "required": ["expression"]}}
    payload = {"model": "gpt-oss:20b", "messages": [{"role": "user", "content": "What is 12 * 12? Use the calculator."}],
               "max_tokens": 256, "tools": [calc], "stream": True}
    lines = message_start("msg_sample", "gpt-oss:20b", input_tokens=70)
    lines += thinking_block(0, words("The user wants 12 * 12. I will call the calculator.", 3))
    lines += tool_use_block(1, "toolu_sample", "calculator", ['{"expre', 'ssion": ', '"12 * 12"}'])
    lines += message_end("tool_use", output_tokens=31, stop_sequence=None)
    save(f"{suite}/recordings", tid, http_request(tid, url, payload), response(lines, streaming=True))

    tid = f"{suite}/test_messages.py::test_messages_basic[txt=ollama/gpt-oss:20b]"
    payload = {"model": "gpt-oss:20b", "messages": [{"role": "user", "content": "Say hello in French."}], "max_tokens": 64}
    save(f"{suite}/recordings", tid, http_request(tid, url, payload), {"status": 200, "body": {
        "id": "msg_sample2", "type": "message", "role": "assistant", "model": "gpt-oss:20b",
        "content": [{"type": "text", "text": "Bonjour !"}], "stop_reason": "end_turn", "usage": {"input_tokens": 12, "output_tokens": 4}},
        "is_streaming": False})


def interactions_samples() -> None:
    suite = f"{TI}/interactions"
    url = "https://generativelanguage.googleapis.com/v1beta/interactions"
    tid = f"{suite}/test_interactions.py::test_interactions_streaming_basic[txt=gemini/gemini-2.5-flash-lite]"
    payload = {"model": "gemini-2.5-flash-lite", "input": "List three fruits, comma separated.", "stream": True}
    start = {"id": "v1_sample", "status": "in_progress", "object": "interaction", "model": "gemini-2.5-flash-lite"}
    lines = interaction_event("interaction.start", interaction=start)
    lines += interaction_event("content.start", index=0, content={"type": "text"})
    for p in ["Apple, ", "banana, ", "cherry"]:
        lines += interaction_event("content.delta", index=0, delta={"text": p, "type": "text"})
    lines += interaction_event("content.stop", index=0)
    done = {"id": "v1_sample", "status": "completed", "usage": {"total_tokens": 17, "total_input_tokens": 9, "total_output_tokens": 8},
            "object": "interaction", "model": "gemini-2.5-flash-lite"}
    lines += interaction_event("interaction.complete", interaction=done)
    lines += sse_done()
    save(f"{suite}/recordings", tid, http_request(tid, url, payload), response(lines, streaming=True))


# --- the OpenAI Responses API (client.responses.create, /v1/responses) -----------------------
# Shapes mirror openai's model_dump(mode="json") of its responses types, null fields included.

RESP_T = "openai.types.responses."
RESPONSES_TOOL = {
    "type": "function",
    "name": "get_weather",
    "description": "Get the current weather for a city.",
    "parameters": {"type": "object", "properties": {"city": {"type": "string", "description": "City and country, e.g. Lisbon, Portugal"}},
                   "required": ["city"], "additionalProperties": False},
    "strict": True,
}


def responses_usage(inp: int, out: int, reasoning: int) -> dict[str, Any]:
    return {"input_tokens": inp, "input_tokens_details": {"cache_write_tokens": 0, "cached_tokens": 0, "cache_write_tokens_details": None},
            "output_tokens": out, "output_tokens_details": {"reasoning_tokens": reasoning}, "total_tokens": inp + out}


def responses_object(rid: str, created_at: Any, model: str, output: list[dict[str, Any]], status: str, usage_: dict[str, Any] | None) -> dict[str, Any]:
    tool = {"name": RESPONSES_TOOL["name"], "parameters": RESPONSES_TOOL["parameters"], "strict": True, "type": "function",
            "allowed_callers": None, "async_": None, "defer_loading": None, "description": RESPONSES_TOOL["description"], "output_schema": None}
    return {
        "id": rid, "access_programs": None, "created_at": created_at, "error": None, "incomplete_details": None, "instructions": None,
        "metadata": {}, "model": model, "object": "response", "output": output, "parallel_tool_calls": True, "temperature": 1.0,
        "tool_choice": "auto", "tools": [tool], "top_p": 1.0, "background": False, "completed_at": None, "conversation": None,
        "image": None, "input_transformations": None, "max_output_tokens": None, "max_tool_calls": None, "moderation": None,
        "previous_response_id": None, "prompt": None, "prompt_cache_diagnostics": None, "prompt_cache_key": None,
        "prompt_cache_options": None, "prompt_cache_retention": None,
        "reasoning": {"context": None, "effort": "low", "generate_summary": None, "mode": None, "summary": "auto"},
        "safety_identifier": None, "service_tier": "default", "status": status,
        "text": {"format": {"type": "text"}, "verbosity": "medium"}, "tool_usage": None, "top_logprobs": 0, "truncation": "disabled",
        "usage": usage_, "user": None,
    }


def reasoning_item(summary: list[str], status: str | None = None) -> dict[str, Any]:
    return {"id": "rs_sample", "summary": [{"text": t, "type": "summary_text"} for t in summary], "type": "reasoning",
            "content": None, "encrypted_content": None, "status": status}


def message_item(texts: list[str], status: str) -> dict[str, Any]:
    return {"id": "msg_sample", "content": [{"annotations": [], "text": t, "type": "output_text", "logprobs": []} for t in texts],
            "role": "assistant", "status": status, "type": "message", "phase": None}


def call_item(args: str, status: str) -> dict[str, Any]:
    return {"arguments": args, "call_id": "call_sample_lisbon", "name": "get_weather", "type": "function_call", "id": "fc_sample",
            "async_": None, "caller": None, "namespace": None, "status": status}


def responses_samples() -> None:
    suite = f"{TI}/responses"
    url = "https://api.openai.com/v1/responses"
    model = "gpt-5-mini"
    question = "What is the weather in Lisbon? Say what you will do, then call the tool."
    summary = words("**Checking the weather** The user asks about Lisbon, so I will call get_weather.", 3)
    text = words("Let me check the current weather in Lisbon for you.", 2)
    args = '{"city":"Lisbon, Portugal"}'

    tid = f"{suite}/test_tool_responses.py::test_response_streaming_custom_tool[openai_client-txt=openai/{model}]"
    body = {"model": model, "input": question, "instructions": "You are a concise assistant.", "tools": [RESPONSES_TOOL],
            "reasoning": {"effort": "low", "summary": "auto"}, "stream": True}
    events: list[dict[str, Any]] = []

    def event(cls: str, **data: Any) -> None:
        # openai's field order: the required fields alphabetically, then the optional ones
        late = {k: data.pop(k) for k in ("name", "status") if k in data}
        fields = dict(sorted({**data, "sequence_number": len(events)}.items()))
        events.append({"__type__": RESP_T + cls, "__data__": {**fields, **late}})

    live = "resp_0a1b2c3d4e5f60718293a4b5c6d7e8f9"  # ids and times inside events are not normalised
    start = responses_object(live, 1764662400.0, f"{model}-2025-08-07", [], "in_progress", None)
    event("response_created_event.ResponseCreatedEvent", response=start, type="response.created")
    event("response_in_progress_event.ResponseInProgressEvent", response=start, type="response.in_progress")
    event("response_output_item_added_event.ResponseOutputItemAddedEvent", item=reasoning_item([]), output_index=0, type="response.output_item.added")
    event("response_reasoning_summary_part_added_event.ResponseReasoningSummaryPartAddedEvent", item_id="rs_sample", output_index=0,
          part={"text": "", "type": "summary_text"}, summary_index=0, type="response.reasoning_summary_part.added")
    for p in summary:
        event("response_reasoning_summary_text_delta_event.ResponseReasoningSummaryTextDeltaEvent", delta=p, item_id="rs_sample",
              output_index=0, summary_index=0, type="response.reasoning_summary_text.delta")
    event("response_reasoning_summary_text_done_event.ResponseReasoningSummaryTextDoneEvent", item_id="rs_sample", output_index=0,
          summary_index=0, text="".join(summary), type="response.reasoning_summary_text.done")
    event("response_reasoning_summary_part_done_event.ResponseReasoningSummaryPartDoneEvent", item_id="rs_sample", output_index=0,
          part={"text": "".join(summary), "type": "summary_text"}, summary_index=0, type="response.reasoning_summary_part.done", status=None)
    event("response_output_item_done_event.ResponseOutputItemDoneEvent", item=reasoning_item(["".join(summary)]), output_index=0, type="response.output_item.done")
    event("response_output_item_added_event.ResponseOutputItemAddedEvent", item=message_item([], "in_progress"), output_index=1, type="response.output_item.added")
    event("response_content_part_added_event.ResponseContentPartAddedEvent", content_index=0, item_id="msg_sample", output_index=1,
          part={"annotations": [], "text": "", "type": "output_text", "logprobs": []}, type="response.content_part.added")
    for p in text:
        event("response_text_delta_event.ResponseTextDeltaEvent", content_index=0, delta=p, item_id="msg_sample", logprobs=[],
              output_index=1, type="response.output_text.delta")
    event("response_text_done_event.ResponseTextDoneEvent", content_index=0, item_id="msg_sample", logprobs=[], output_index=1,
          text="".join(text), type="response.output_text.done")
    event("response_content_part_done_event.ResponseContentPartDoneEvent", content_index=0, item_id="msg_sample", output_index=1,
          part={"annotations": [], "text": "".join(text), "type": "output_text", "logprobs": []}, type="response.content_part.done")
    event("response_output_item_done_event.ResponseOutputItemDoneEvent", item=message_item(["".join(text)], "completed"), output_index=1, type="response.output_item.done")
    event("response_output_item_added_event.ResponseOutputItemAddedEvent", item=call_item("", "in_progress"), output_index=2, type="response.output_item.added")
    for p in ['{"', 'city', '":"', 'Lis', 'bon', ',', ' Portugal', '"}']:
        event("response_function_call_arguments_delta_event.ResponseFunctionCallArgumentsDeltaEvent", delta=p, item_id="fc_sample",
              output_index=2, type="response.function_call_arguments.delta")
    event("response_function_call_arguments_done_event.ResponseFunctionCallArgumentsDoneEvent", arguments=args, item_id="fc_sample",
          output_index=2, type="response.function_call_arguments.done", name="get_weather")
    event("response_output_item_done_event.ResponseOutputItemDoneEvent", item=call_item(args, "completed"), output_index=2, type="response.output_item.done")
    done = responses_object(live, 1764662400.0, f"{model}-2025-08-07",
                            [reasoning_item(["".join(summary)]), message_item(["".join(text)], "completed"), call_item(args, "completed")],
                            "completed", responses_usage(96, 58, 24))
    event("response_completed_event.ResponseCompletedEvent", response=done, type="response.completed")
    save(f"{suite}/recordings", tid, inference_request(url, body, "/v1/responses", model), {"body": events, "is_streaming": True})

    tid = f"{suite}/test_tool_responses.py::test_response_non_streaming_custom_tool[openai_client-txt=openai/{model}]"
    body = {"model": model, "input": [{"role": "user", "content": [{"type": "input_text", "text": question}]}], "tools": [RESPONSES_TOOL]}
    output = [message_item(["I'll look up the weather in Lisbon."], "completed"), call_item(args, "completed")]
    # the recorder normalises the object's own id and created_at (a string, although the SDK's is a number)
    obj = responses_object("rec-HASH", "1970-01-01T00:00:00.000000Z", f"{model}-2025-08-07", output, "completed", responses_usage(88, 31, 0))
    save(f"{suite}/recordings", tid, inference_request(url, body, "/v1/responses", model),
         {"body": {"__type__": RESP_T + "response.Response", "__data__": obj}, "is_streaming": False})


def tool_and_files() -> None:
    tid = f"{TI}/tool_runtime/test_web_search.py::test_web_search_tool[txt=openai/gpt-4o]"
    req = tool_request(tid, "tavily", "web_search", {"query": "how long do llamas live"})
    content = json.dumps({"query": "how long do llamas live", "top_k": [
        {"url": "https://example.org/llamas", "title": "Llama facts", "content": "Llamas usually live 15 to 25 years.", "score": 0.97}]})
    save(f"{TI}/tool_runtime/recordings", tid, req, response(tool_result(content), streaming=False))

    tid = f"{TI}/responses/test_file_search.py::test_file_search_pdf[openai_client-txt=openai/gpt-4o]"
    req = {"test_id": tid, "provider": "pypdf", "api": "file_processors", "file_id": "file-sample-0001"}
    # File processors have no hash rule; the recorder still names them by a hash we cannot reproduce.
    save(f"{TI}/responses/recordings", tid, req, response({
        "__type__": "ogx_api.file_processors.models.ProcessFileResponse", "__data__": {"chunks": [
            {"content": "Llamas are social animals.", "chunk_id": "c1", "metadata": {"page": 1}},
            {"content": "They communicate by humming.", "chunk_id": "c2", "metadata": {"page": 1}}]}}, streaming=False),
         name="3f1c0ffee0ddba11aa55aa55aa55aa55aa55aa55aa55aa55aa55aa55aa55aa55.json")


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
    save(f"{TI}/recordings/responses", None, req, response(chat_completion(
        "Hi there!", id="chatcmpl-512", created=1754000000, model="llama3.2:3b-instruct-fp16", system_fingerprint="fp_ollama",
        usage=usage(28, 4)), streaming=False), name=f"{h}.json", legacy_keys=True)
    rows.append((full, f"{h}.json", "/v1/chat/completions", "llama3.2:3b-instruct-fp16", "2025-08-01 10:00:00", 0))
    rows.append(("ab" * 32, f"{'ab' * 6}.json", "/v1/chat/completions", "llama3.2:3b-instruct-fp16", "2025-08-01 10:05:00", 1))
    con = sqlite3.connect(base / "index.sqlite")
    con.execute("CREATE TABLE recordings (request_hash TEXT PRIMARY KEY, response_file TEXT, endpoint TEXT, model TEXT, timestamp TEXT, is_streaming BOOLEAN)")
    con.executemany("INSERT INTO recordings VALUES (?, ?, ?, ?, ?, ?)", rows)
    con.commit()
    con.close()


def main(argv: list[str] | None = None) -> None:
    global OUT
    ap = argparse.ArgumentParser(description="Write the shipped sample recordings.")
    ap.add_argument("--out", type=Path, default=OUT, help="folder to (re)write (default: inspector/samples)")
    OUT = ap.parse_args(argv).out.resolve()
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
    responses_samples()
    tool_and_files()
    curation_samples()
    legacy_layout()
    n = sum(1 for _ in OUT.rglob("*.json"))
    print(f"wrote {n} sample recordings to {OUT}")


if __name__ == "__main__":
    main()

"""One walker per family: what a stream rebuilds to, what an edit writes back, and that they agree.

For every family a small builder turns pieces (text, reasoning, tool-call argument
pieces) into a recording of that family's shape.  The properties:

* fold: the rebuild equals the pieces that were streamed (an independent oracle);
* edit then rebuild gives the edit, for the text, the reasoning and tool arguments;
* fold → unfold → fold is stable: writing the rebuilt values back (the edit side's
  "unfold") changes no byte, and writing edited values then rebuilding gives them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.core.base.model import Kind
from inspector.core.base.writer import render
from inspector.core.edit import edit_reasoning, edit_text, edit_tool_arguments
from inspector.core.recording.loading import Recording

PIECE = st.text(alphabet=st.sampled_from(list('ab \n"\\<>&é漢😀{}:,')), min_size=1, max_size=6)
PIECES = st.lists(PIECE, min_size=1, max_size=6)
NAME = st.sampled_from(["get_weather", "search", "f"])
CALLS = st.lists(st.tuples(NAME, st.lists(PIECE, min_size=1, max_size=4)), max_size=2)
NEW = st.text(alphabet=st.sampled_from(list('xy \n"\\é😀')), max_size=20)
SETTINGS = settings(max_examples=30, deadline=None)


def _typed(name: str, data: dict[str, Any]) -> dict[str, Any]:
    return {"__type__": name, "__data__": data}


def _doc(url: str, response_body: Any, *, streaming: bool, http: bool = False) -> dict[str, Any]:
    test_id = "tests/integration/x/test_x.py::test_x"
    if http:
        request: dict[str, Any] = {"test_id": test_id, "url": url, "method": "POST", "payload": {"model": "m", "stream": streaming}}
    else:
        path = "/" + url.split("/", 3)[3]
        request = {"method": "POST", "url": url, "headers": {}, "body": {"model": "m", "stream": streaming}, "endpoint": path, "model": "m"}
    return json.loads(json.dumps({"test_id": test_id, "request": request, "response": {"body": response_body, "is_streaming": streaming}}))


def _args_json(pieces: list[str]) -> list[str]:
    """Argument pieces that join to JSON text: the pieces go inside one string value."""
    inner = json.dumps("".join(pieces))[1:-1]
    out, at = [], 0
    for p in pieces:
        n = len(json.dumps(p)) - 2
        out.append(inner[at : at + n])
        at += n
    out[0] = '{"q": "' + out[0]
    out[-1] += '"}'
    return out


# --- builders: (text pieces, reasoning pieces, calls) -> document -----------------------------

Spec = tuple[list[str], list[str], list[tuple[str, list[str]]]]


def openai_chat(text: list[str], reasoning: list[str], calls: list[tuple[str, list[str]]], *, choices: int = 1, twins: bool = False) -> dict[str, Any]:
    chunks = []

    def chunk(choice: int, delta: dict[str, Any], finish: str | None = None, **extra: Any) -> None:
        ch: dict[str, Any] = {"delta": delta, "finish_reason": finish, "index": choice, "logprobs": None, **extra}
        chunks.append(_typed("openai.types.chat.chat_completion_chunk.ChatCompletionChunk", {
            "id": "rec-0123456789ab", "choices": [ch], "created": 0, "model": "m", "object": "chat.completion.chunk", "usage": None}))

    for c in range(choices):
        chunk(c, {"role": "assistant", "content": ""})
        for r in reasoning:  # vLLM (during its rename) sends the piece in both fields
            chunk(c, {"reasoning_content": r, **({"reasoning": r} if twins else {})})
        for t in text:  # Together sends the piece again in choices[i].text
            chunk(c, {"content": t}, **({"text": t} if twins else {}))
        for i, (name, args) in enumerate(calls):
            chunk(c, {"tool_calls": [{"index": i, "id": f"call_{i}", "type": "function", "function": {"name": name, "arguments": ""}}]})
            for a in _args_json(args):
                chunk(c, {"tool_calls": [{"index": i, "function": {"arguments": a}}]})
        chunk(c, {}, "tool_calls" if calls else "stop")
    return _doc("http://h/v1/chat/completions", chunks, streaming=True)


def openai_completion(text: list[str], reasoning: list[str], calls: list[Any]) -> dict[str, Any]:
    chunks = [
        _typed("openai.types.completion.Completion", {
            "id": "rec-0123456789ab", "choices": [{"finish_reason": None, "index": 0, "logprobs": None, "text": t}],
            "created": 0, "model": "m", "object": "text_completion", "system_fingerprint": None, "usage": None})
        for t in text
    ]
    chunks[-1]["__data__"]["choices"][0]["finish_reason"] = "stop"
    return _doc("http://h/v1/completions", chunks, streaming=True)


def ollama_chat(text: list[str], reasoning: list[str], calls: list[tuple[str, list[str]]]) -> dict[str, Any]:
    def msg(**m: Any) -> dict[str, Any]:
        return _typed("ollama._types.ChatResponse", {
            "model": "m", "created_at": "1970-01-01T00:00:00.000000Z", "done": False, "done_reason": None,
            "message": {"role": "assistant", "content": "", "thinking": None, "tool_calls": None, **m}})

    chunks = [msg(thinking=r) for r in reasoning] + [msg(content=t) for t in text]
    if calls:
        chunks.append(msg(tool_calls=[{"function": {"name": n, "arguments": json.loads("".join(_args_json(a)))}} for n, a in calls]))
    last = msg()
    last["__data__"].update(done=True, done_reason="stop", prompt_eval_count=3, eval_count=len(chunks))
    return _doc("http://localhost:11434/api/chat", [*chunks, last], streaming=True)


def ollama_generate(text: list[str], reasoning: list[str], calls: list[Any]) -> dict[str, Any]:
    def part(**m: Any) -> dict[str, Any]:
        return _typed("ollama._types.GenerateResponse", {
            "model": "m", "created_at": "1970-01-01T00:00:00.000000Z", "done": False, "done_reason": None,
            "response": "", "thinking": None, "context": None, **m})

    chunks = [part(thinking=r) for r in reasoning] + [part(response=t) for t in text]
    last = part()
    last["__data__"].update(done=True, done_reason="stop", prompt_eval_count=3, eval_count=len(chunks))
    return _doc("http://localhost:11434/api/generate", [*chunks, last], streaming=True)


def genai(text: list[str], reasoning: list[str], calls: list[tuple[str, list[str]]]) -> dict[str, Any]:
    def cand(part: dict[str, Any]) -> dict[str, Any]:
        return {"candidates": [{"content": {"parts": [part], "role": "model"}, "index": 0}], "model_version": "g", "usage_metadata": {"traffic_type": "ON_DEMAND"}}

    chunks = [cand({"text": r, "thought": True}) for r in reasoning] + [cand({"text": t}) for t in text]
    chunks += [cand({"function_call": {"name": n, "args": json.loads("".join(_args_json(a)))}}) for n, a in calls]
    chunks[-1]["candidates"][0]["finish_reason"] = "STOP"
    chunks[-1]["usage_metadata"] = {"prompt_token_count": 3, "candidates_token_count": 5}
    return _doc("vertexai:///generate_content_stream", chunks, streaming=True)


def _sse(events: list[tuple[str, dict[str, Any]]]) -> list[str]:
    lines = []
    for name, data in events:
        lines += [f"event: {name}", "data: " + json.dumps(data, separators=(",", ":"), ensure_ascii=False), ""]
    return lines


def messages(text: list[str], reasoning: list[str], calls: list[tuple[str, list[str]]]) -> dict[str, Any]:
    ev: list[tuple[str, dict[str, Any]]] = [("message_start", {"type": "message_start", "message": {"usage": {"input_tokens": 3, "output_tokens": 1}}})]
    blocks: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
    if reasoning:
        blocks.append(({"type": "thinking", "thinking": ""}, [{"type": "thinking_delta", "thinking": r} for r in reasoning]))
    blocks.append(({"type": "text", "text": ""}, [{"type": "text_delta", "text": t} for t in text]))
    for i, (name, args) in enumerate(calls):
        blocks.append(({"type": "tool_use", "id": f"toolu_{i}", "name": name, "input": {}}, [{"type": "input_json_delta", "partial_json": a} for a in _args_json(args)]))
    for idx, (start, deltas) in enumerate(blocks):
        ev.append(("content_block_start", {"type": "content_block_start", "index": idx, "content_block": start}))
        ev += [("content_block_delta", {"type": "content_block_delta", "index": idx, "delta": d}) for d in deltas]
        ev.append(("content_block_stop", {"type": "content_block_stop", "index": idx}))
    ev.append(("message_delta", {"type": "message_delta", "delta": {"stop_reason": "tool_use" if calls else "end_turn"}, "usage": {"output_tokens": 9}}))
    ev.append(("message_stop", {"type": "message_stop"}))
    return _doc("https://api.anthropic.com/v1/messages", _sse(ev), streaming=True, http=True)


def messages_object(text: list[str], reasoning: list[str], calls: list[tuple[str, list[str]]]) -> dict[str, Any]:
    content: list[dict[str, Any]] = [{"type": "thinking", "thinking": r, "signature": "s"} for r in reasoning]
    content += [{"type": "text", "text": t} for t in text]
    content += [{"type": "tool_use", "id": f"toolu_{i}", "name": n, "input": json.loads("".join(_args_json(a)))} for i, (n, a) in enumerate(calls)]
    body = {"id": "msg_1", "type": "message", "role": "assistant", "content": content, "stop_reason": "end_turn", "usage": {"input_tokens": 3, "output_tokens": 5}}
    doc = _doc("https://api.anthropic.com/v1/messages", body, streaming=False, http=True)
    doc["response"]["status"] = 200
    return doc


def interactions(text: list[str], reasoning: list[str], calls: list[tuple[str, list[str]]]) -> dict[str, Any]:
    ev: list[tuple[str, dict[str, Any]]] = [("interaction.start", {"interaction": {"id": "i", "status": "in_progress"}, "event_type": "interaction.start"})]
    idx = 0
    for kind, pieces in (("thought", reasoning), ("text", text)):
        if not pieces:
            continue
        ev.append(("content.start", {"index": idx, "content": {"type": kind}, "event_type": "content.start"}))
        dtype = "thought_summary" if kind == "thought" else "text"
        ev += [("content.delta", {"index": idx, "delta": {"text": p, "type": dtype}, "event_type": "content.delta"}) for p in pieces]
        idx += 1
    for name, args in calls:
        ev.append(("content.start", {"index": idx, "content": {"type": "function_call", "id": f"fc_{idx}", "name": name}, "event_type": "content.start"}))
        ev += [("content.delta", {"index": idx, "delta": {"type": "function_call", "arguments": a}, "event_type": "content.delta"}) for a in _args_json(args)]
        idx += 1
    ev.append(("interaction.complete", {"interaction": {"id": "i", "status": "completed", "usage": {"total_tokens": 12}}, "event_type": "interaction.complete"}))
    return _doc("https://generativelanguage.googleapis.com/v1beta/interactions", _sse(ev), streaming=True, http=True)


def interactions_object(text: list[str], reasoning: list[str], calls: list[tuple[str, list[str]]]) -> dict[str, Any]:
    outputs: list[dict[str, Any]] = [{"type": "thought", "text": r} for r in reasoning] + [{"type": "text", "text": t} for t in text]
    outputs += [{"type": "function_call", "id": f"fc_{i}", "name": n, "arguments": json.loads("".join(_args_json(a)))} for i, (n, a) in enumerate(calls)]
    body = {"id": "i", "status": "completed", "outputs": outputs, "usage": {"total_tokens": 9}}
    doc = _doc("https://generativelanguage.googleapis.com/v1beta/interactions", body, streaming=False, http=True)
    doc["response"]["status"] = 200
    return doc


_RT = "openai.types.responses."


def responses_stream(text: list[str], reasoning: list[str], calls: list[tuple[str, list[str]]]) -> dict[str, Any]:
    seq = iter(range(10_000))
    chunks: list[dict[str, Any]] = []

    def event(cls: str, **data: Any) -> None:
        chunks.append(_typed(_RT + cls, {**data, "sequence_number": next(seq)}))

    resp = {"id": "resp_1", "created_at": 0.0, "model": "m", "object": "response", "output": [], "status": "in_progress", "usage": None, "error": None}
    event("response_created_event.ResponseCreatedEvent", response=resp, type="response.created")
    out = 0
    if reasoning:
        event("response_output_item_added_event.ResponseOutputItemAddedEvent", item={"id": "rs_1", "summary": [], "type": "reasoning"}, output_index=out, type="response.output_item.added")
        for r in reasoning:
            event("response_reasoning_summary_text_delta_event.ResponseReasoningSummaryTextDeltaEvent", delta=r, item_id="rs_1", output_index=out, summary_index=0, type="response.reasoning_summary_text.delta")
        event("response_reasoning_summary_text_done_event.ResponseReasoningSummaryTextDoneEvent", text="".join(reasoning), item_id="rs_1", output_index=out, summary_index=0, type="response.reasoning_summary_text.done")
        out += 1
    event("response_output_item_added_event.ResponseOutputItemAddedEvent", item={"id": "msg_1", "content": [], "role": "assistant", "status": "in_progress", "type": "message"}, output_index=out, type="response.output_item.added")
    event("response_content_part_added_event.ResponseContentPartAddedEvent", content_index=0, item_id="msg_1", output_index=out, part={"annotations": [], "text": "", "type": "output_text"}, type="response.content_part.added")
    for t in text:
        event("response_text_delta_event.ResponseTextDeltaEvent", content_index=0, delta=t, item_id="msg_1", logprobs=[], output_index=out, type="response.output_text.delta")
    event("response_text_done_event.ResponseTextDoneEvent", content_index=0, text="".join(text), item_id="msg_1", logprobs=[], output_index=out, type="response.output_text.done")
    out += 1
    for i, (name, args) in enumerate(calls):
        item = {"arguments": "", "call_id": f"call_{i}", "name": name, "type": "function_call", "id": f"fc_{i}", "status": "in_progress"}
        event("response_output_item_added_event.ResponseOutputItemAddedEvent", item=item, output_index=out, type="response.output_item.added")
        for a in _args_json(args):
            event("response_function_call_arguments_delta_event.ResponseFunctionCallArgumentsDeltaEvent", delta=a, item_id=f"fc_{i}", output_index=out, type="response.function_call_arguments.delta")
        event("response_function_call_arguments_done_event.ResponseFunctionCallArgumentsDoneEvent", arguments="".join(_args_json(args)), item_id=f"fc_{i}", output_index=out, type="response.function_call_arguments.done")
        out += 1
    done = {**resp, "status": "completed", "usage": {"input_tokens": 5, "output_tokens": 7, "total_tokens": 12}}
    event("response_completed_event.ResponseCompletedEvent", response=done, type="response.completed")
    return _doc("https://api.openai.com/v1/responses", chunks, streaming=True)


def responses_object(text: list[str], reasoning: list[str], calls: list[tuple[str, list[str]]]) -> dict[str, Any]:
    output: list[dict[str, Any]] = []
    if reasoning:
        output.append({"id": "rs_1", "summary": [{"text": r, "type": "summary_text"} for r in reasoning], "type": "reasoning"})
    output.append({"id": "msg_1", "content": [{"annotations": [], "text": t, "type": "output_text"} for t in text], "role": "assistant", "status": "completed", "type": "message"})
    output += [{"arguments": "".join(_args_json(a)), "call_id": f"call_{i}", "name": n, "type": "function_call", "id": f"fc_{i}", "status": "completed"} for i, (n, a) in enumerate(calls)]
    body = _typed(_RT + "response.Response", {
        "id": "rec-0123456789ab", "created_at": "1970-01-01T00:00:00.000000Z", "error": None, "model": "m", "object": "response",
        "output": output, "status": "completed", "usage": {"input_tokens": 5, "output_tokens": 7, "total_tokens": 12}})
    return _doc("https://api.openai.com/v1/responses", body, streaming=False)


def tool_result(text: list[str], reasoning: list[str], calls: list[Any]) -> dict[str, Any]:
    body = _typed("ogx_api.tools.ToolInvocationResult", {"content": [{"type": "text", "text": t} for t in text], "error_message": None, "error_code": None, "metadata": None})
    return json.loads(json.dumps({"test_id": None, "request": {"test_id": None, "provider": "tavily", "tool_name": "web_search", "kwargs": {"query": "q"}}, "response": {"body": body, "is_streaming": False}}))


# (builder, kind, has reasoning, has tool calls, arguments stored as an object)
FAMILIES: dict[str, tuple[Callable[..., dict[str, Any]], Kind, bool, bool, bool]] = {
    "chat": (openai_chat, Kind.CHAT, True, True, False),
    "chat-twins": (lambda t, r, c: openai_chat(t, r, c, twins=True), Kind.CHAT, True, True, False),
    "chat-2-choices": (lambda t, r, c: openai_chat(t, r, c, choices=2), Kind.CHAT, True, True, False),
    "completion": (openai_completion, Kind.COMPLETION, False, False, False),
    "ollama-generate": (ollama_generate, Kind.OLLAMA_GENERATE, True, False, False),
    "ollama-chat": (ollama_chat, Kind.OLLAMA_CHAT, True, True, True),
    "genai": (genai, Kind.GENAI_STREAM, True, True, True),
    "messages": (messages, Kind.MESSAGES, True, True, False),
    "messages-object": (messages_object, Kind.MESSAGES, True, True, True),
    "interactions": (interactions, Kind.INTERACTIONS, True, True, False),
    "interactions-object": (interactions_object, Kind.INTERACTIONS, True, True, True),
    "responses-stream": (responses_stream, Kind.RESPONSES, True, True, False),
    "responses-object": (responses_object, Kind.RESPONSES, True, True, False),
    "tool-result": (tool_result, Kind.TOOL, False, False, False),
}


def _build(family: str, text: list[str], reasoning: list[str], calls: list[tuple[str, list[str]]]) -> tuple[dict[str, Any], bool, bool, bool]:
    build, kind, has_reasoning, has_calls, object_args = FAMILIES[family]
    doc = build(text, reasoning if has_reasoning else [], calls if has_calls else [])
    assert Recording(None, doc).kind == kind
    return doc, has_reasoning, has_calls, object_args


def _values(doc: dict[str, Any]) -> list[tuple[int, str, str, tuple[tuple[str | None, str], ...]]]:
    """What a client ends with, per choice: text, reasoning, (name, arguments) of each call."""
    rec = Recording(None, doc)
    end = rec.replay.state(rec.replay.total)
    assert end.choices == rec.rebuild.choices  # replay and rebuild are one fold
    return [(c.index, c.text, c.reasoning, tuple((t.name, t.arguments) for t in c.tool_calls)) for c in rec.rebuild.choices]


def _unfold(doc: dict[str, Any], values: list[tuple[int, str, str, tuple[tuple[str | None, str], ...]]], has_reasoning: bool) -> dict[str, Any]:
    """Write rebuilt values back into the document's pieces (the edit side)."""
    for c, text, reasoning, calls in values:
        out = edit_text(doc, text, choice=c)
        assert out.ok, out.reason
        doc = out.data
        if has_reasoning and reasoning:
            out = edit_reasoning(doc, reasoning, choice=c)
            assert out.ok, out.reason
            doc = out.data
        for t, (_name, args) in enumerate(calls):
            out = edit_tool_arguments(doc, t, args, choice=c)
            assert out.ok, out.reason
            doc = out.data
    return doc


def per_family(**extra: Any) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """A property over every family's builder, drawn from text, reasoning and call pieces."""

    def wrap(test: Callable[..., None]) -> Callable[..., None]:
        return pytest.mark.parametrize("family", list(FAMILIES))(SETTINGS(given(text=PIECES, reasoning=PIECES, calls=CALLS, **extra)(test)))

    return wrap


@per_family()
def test_the_rebuild_is_what_was_streamed(family: str, text: list[str], reasoning: list[str], calls: list[tuple[str, list[str]]]) -> None:
    doc, has_reasoning, has_calls, object_args = _build(family, text, reasoning, calls)
    values = _values(doc)
    assert values[0][1] == "".join(text)  # a doubled piece (twins) counts once
    assert values[0][2] == ("".join(reasoning) if has_reasoning else "")
    if has_calls:
        got = [(n, json.loads(a)) for n, a in values[0][3]]
        assert got == [(n, {"q": "".join(a)}) for n, a in calls]


@per_family()
def test_fold_unfold_fold_is_stable(family: str, text: list[str], reasoning: list[str], calls: list[tuple[str, list[str]]]) -> None:
    doc, has_reasoning, _calls, _obj = _build(family, text, reasoning, calls)
    values = _values(doc)
    again = _unfold(doc, values, has_reasoning)
    assert render(again) == render(doc)  # writing back what was read changes no byte
    assert _values(again) == values


@per_family(data=st.data())
def test_edit_then_rebuild_gives_the_edit(family: str, text: list[str], reasoning: list[str], calls: list[tuple[str, list[str]]], data: st.DataObject) -> None:
    doc, has_reasoning, _calls, object_args = _build(family, text, reasoning, calls)
    values = _values(doc)
    wanted = []
    for c, _text, _reasoning, old_calls in values:
        new_text = data.draw(NEW, label=f"text {c}")
        new_reasoning = data.draw(NEW.filter(bool), label=f"reasoning {c}") if has_reasoning else ""
        new_calls = []
        for name, _args in old_calls:
            args = json.dumps({"q": data.draw(NEW, label="arguments")}, ensure_ascii=False)
            new_calls.append((name, json.dumps(json.loads(args), ensure_ascii=False) if object_args else args))
        wanted.append((c, new_text, new_reasoning, tuple(new_calls)))
    edited = _unfold(doc, wanted, has_reasoning)
    assert _values(edited) == wanted
    reloaded = Recording(None, json.loads(render(edited)))  # what is saved reads back the same
    assert reloaded.replay.total == Recording(None, doc).replay.total  # no chunk added or removed
    assert _values(reloaded.data) == wanted
    assert render(_unfold(edited, _values(edited), has_reasoning)) == render(edited)


def test_doubled_pieces_are_rewritten_in_both_fields() -> None:
    doc = openai_chat(["Hel", "lo"], ["think", "ing"], [], twins=True)
    assert Recording(None, doc).rebuild.text == "Hello"
    assert Recording(None, doc).rebuild.reasoning == "thinking"
    out = edit_text(edit_reasoning(doc, "pondering").data, "Howdy")
    assert out.ok, out.reason
    for chunk in out.data["response"]["body"]:
        ch = chunk["__data__"]["choices"][0]
        if "text" in ch:
            assert ch["text"] == ch["delta"]["content"]
        if "reasoning" in ch["delta"]:
            assert ch["delta"]["reasoning"] == ch["delta"]["reasoning_content"]
    rebuilt = Recording(None, out.data).rebuild
    assert (rebuilt.text, rebuilt.reasoning) == ("Howdy", "pondering")


def test_when_doubled_fields_differ_delta_content_and_reasoning_content_win() -> None:
    doc = openai_chat(["a"], ["r"], [], twins=True)
    for chunk in doc["response"]["body"]:
        ch = chunk["__data__"]["choices"][0]
        if "text" in ch:
            ch["text"] = "TEXT"
        if "reasoning" in ch["delta"]:
            ch["delta"]["reasoning"] = "REASONING"
    rebuilt = Recording(None, doc).rebuild
    assert (rebuilt.text, rebuilt.reasoning) == ("a", "r")
    # the other field is read when the winner is empty
    doc["response"]["body"][1]["__data__"]["choices"][0]["delta"]["reasoning_content"] = ""
    assert Recording(None, doc).rebuild.reasoning == "REASONING"

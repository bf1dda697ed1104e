"""Every family the core rebuilds can be edited where it shows something: on every shipped
sample (and on the corpus when present), what a view shows can be edited, the rebuild then
equals the edit, nothing else in the rebuild moves, and the file keeps its name."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.core import load
from inspector.core.base.writer import render
from inspector.core.edit import (
    edit_finish_reason,
    edit_reasoning,
    edit_text,
    edit_tool_arguments,
    edit_tool_name,
    edit_usage,
)
from inspector.core.edit.outcome import EditOutcome
from inspector.core.recording.loading import Recording
from inspector.testing.factories import (
    genai_chunk,
    http_request,
    inference_request,
    interaction_event,
    message_end,
    message_start,
    ollama_generate_chunk,
    record,
    response,
    sse_done,
    text_block,
    thinking_block,
)
from tests.conftest import SAMPLES, corpus_files

SAMPLE_FILES = sorted(SAMPLES.rglob("*.json"))
# A few corpus files of each kind keep the run short (the corpus has thousands).
CORPUS_FILES = corpus_files()[::40]


def _rebuilt(outcome: EditOutcome) -> Any:
    assert outcome.ok, outcome.reason
    return Recording(None, outcome.data).rebuild


def _usage_like(usage: dict[str, Any]) -> dict[str, Any]:
    """Another usage with the same keys (some families accept only their own keys)."""
    return {k: (v + 1 if isinstance(v, int) and not isinstance(v, bool) else v) for k, v in usage.items()}


def _check_every_shown_channel(path: Path) -> None:
    rec = load(path)
    if not rec.ok:
        pytest.skip(f"{path.name}: {rec.problem}")
    data, rb = rec.data, rec.rebuild
    edited_any = False
    if rec.kind == "file-processor":  # the text shown is the processed chunks: edited as JSON only
        refused = edit_text(data, "x")
        assert refused.reason == "recordings of kind file-processor have no rebuilt text to edit; edit its JSON instead"
        return
    if rb.text:
        new = rb.text[::-1] + " (edited, ünïcode ✓)"
        after = _rebuilt(edit_text(data, new))
        assert after.text == new and after.reasoning == rb.reasoning and after.finish_reason == rb.finish_reason
        assert [c.arguments for c in after.tool_calls] == [c.arguments for c in rb.tool_calls]
        edited_any = True
    if rb.reasoning:
        after = _rebuilt(edit_reasoning(data, "Reasoned again."))
        assert after.reasoning == "Reasoned again." and after.text == rb.text
        edited_any = True
    for i, call in enumerate(rb.tool_calls):
        args = json.dumps({"edited": i, "was": len(call.arguments or "")})
        after = _rebuilt(edit_tool_arguments(data, i, args))
        assert json.loads(after.tool_calls[i].arguments) == json.loads(args) and after.tool_calls[i].name == call.name
        renamed = _rebuilt(edit_tool_name(data, i, f"renamed_{i}"))
        assert renamed.tool_calls[i].name == f"renamed_{i}" and renamed.tool_calls[i].arguments == call.arguments
        edited_any = True
    if rb.finish_reason and rec.kind != "tool":
        other = "length" if rb.finish_reason != "length" else "stop"
        assert _rebuilt(edit_finish_reason(data, other)).finish_reason == other
        edited_any = True
    if isinstance(rb.usage, dict) and rb.usage:
        new_usage = _usage_like(rb.usage)
        assert _rebuilt(edit_usage(data, new_usage)).usage == new_usage
    if not edited_any:
        refused = edit_text(data, "x")
        assert not refused.ok and refused.reason and "\n" not in refused.reason and refused.data is None
        return
    outcome = edit_text(data, "short") if rb.text else edit_finish_reason(data, "length")
    if outcome.ok and outcome.changed:
        after = Recording(path, outcome.data)
        assert after.hash.status == rec.hash.status  # a response edit never changes the name
        if isinstance(data["response"].get("body"), list):
            assert len(outcome.data["response"]["body"]) == len(data["response"]["body"])  # the pieces are re-used
        assert render(outcome.data).decode("ascii")  # still the recorder's bytes


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: f"{p.parent.parent.name}/{p.name[:12]}")
def test_every_shipped_sample(path: Path) -> None:
    _check_every_shown_channel(path)


@pytest.mark.corpus
@pytest.mark.parametrize("path", CORPUS_FILES or [None], ids=lambda p: p.name[:16] if p else "absent")
def test_corpus_files_of_every_family(path: Path | None) -> None:
    if path is None:
        pytest.skip("../shared is not present")
    _check_every_shown_channel(path)


def test_kinds_that_show_no_text_are_refused_with_what_to_do_instead() -> None:
    kinds = {}
    for path in SAMPLE_FILES:
        rec = load(path)
        if rec.kind in ("models", "embeddings", "http", "ollama-tags", "ollama-ps", "ollama-pull", "ollama-embeddings", "file-processor"):
            kinds[rec.kind] = edit_text(rec.data, "x").reason
    assert len(kinds) == 8
    assert all(reason == f"recordings of kind {k} have no rebuilt text to edit; edit its JSON instead" for k, reason in kinds.items())


# --- families built to order (shapes the samples do not hold) ----------------------------

TID = "tests/integration/x/test_x.py::test_y"


def _ollama_chat_stream(pieces: list[str], thinking: list[str]) -> dict[str, Any]:
    parts = []
    for t in thinking:
        parts.append({"__type__": "ollama._types.ChatResponse", "__data__": {
            "model": "m", "created_at": "1970-01-01T00:00:00.000000Z", "done": False, "message": {"role": "assistant", "content": "", "thinking": t}}})
    for p in pieces:
        parts.append({"__type__": "ollama._types.ChatResponse", "__data__": {
            "model": "m", "created_at": "1970-01-01T00:00:00.000000Z", "done": False, "message": {"role": "assistant", "content": p}}})
    parts.append({"__type__": "ollama._types.ChatResponse", "__data__": {
        "model": "m", "created_at": "1970-01-01T00:00:00.000000Z", "done": True, "done_reason": "stop",
        "prompt_eval_count": 3, "eval_count": 4, "message": {"role": "assistant", "content": ""}}})
    req = inference_request("http://h:11434/api/chat", {"model": "m", "messages": [], "stream": True}, "/api/chat", "m")
    return record(TID, req, response(parts, streaming=True))


def _ollama_generate(pieces: list[str]) -> dict[str, Any]:
    parts = [ollama_generate_chunk(p, done=False, model="m") for p in pieces]
    parts.append(ollama_generate_chunk("", done=True, model="m", prompt_eval_count=2, eval_count=len(pieces)))
    req = inference_request("http://h:11434/api/generate", {"model": "m", "prompt": "p", "stream": True}, "/api/generate", "m")
    return record(TID, req, response(parts, streaming=True))


def _genai_stream(pieces: list[str], thoughts: list[str]) -> dict[str, Any]:
    chunks = [genai_chunk([{"text": t, "thought": True}]) for t in thoughts]
    chunks += [genai_chunk([{"text": p}]) for p in pieces]
    chunks.append(genai_chunk([{"function_call": {"name": "f", "args": {"a": 1}}}], finish="STOP",
                              usage_metadata={"prompt_token_count": 1, "candidates_token_count": 2, "total_token_count": 3}))
    req = inference_request("vertexai:///generate_content_stream", {"model": "g", "contents": [], "config": {}}, "/generate_content_stream", "g")
    return record(TID, req, response(chunks, streaming=True))


def _messages_stream(pieces: list[str], thinking: list[str]) -> dict[str, Any]:
    lines = message_start("msg_1", "claude", input_tokens=3)
    lines += thinking_block(0, thinking) if thinking else []
    lines += text_block(1 if thinking else 0, pieces)
    lines += message_end("end_turn", output_tokens=5)
    return record(TID, http_request(TID, "http://h/v1/messages", {"model": "claude", "stream": True}), response(lines, streaming=True))


def _interactions_stream(pieces: list[str], thoughts: list[str]) -> dict[str, Any]:
    lines = interaction_event("interaction.start", interaction={"id": "v1", "status": "in_progress"})
    idx = 0
    if thoughts:
        lines += interaction_event("content.start", index=0, content={"type": "thought"})
        for t in thoughts:
            lines += interaction_event("content.delta", index=0, delta={"type": "thought_summary", "content": {"type": "text", "text": t}})
        lines += interaction_event("content.stop", index=0)
        idx = 1
    lines += interaction_event("content.start", index=idx, content={"type": "text"})
    for p in pieces:
        lines += interaction_event("content.delta", index=idx, delta={"text": p, "type": "text"})
    lines += interaction_event("content.stop", index=idx)
    lines += interaction_event("interaction.complete", interaction={"id": "v1", "status": "completed", "usage": {"total_tokens": 5}})
    lines += sse_done()
    req = http_request(TID, "https://generativelanguage.googleapis.com/v1beta/interactions", {"model": "gemini", "stream": True})
    return record(TID, req, response(lines, streaming=True))


BUILDERS = {
    "ollama-chat stream": _ollama_chat_stream,
    "ollama-generate": lambda pieces, _t: _ollama_generate(pieces),
    "genai-stream": _genai_stream,
    "messages": _messages_stream,
    "interactions": _interactions_stream,
}
PIECES = st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=8), min_size=1, max_size=8)


@pytest.mark.parametrize("family", list(BUILDERS))
@settings(max_examples=25, deadline=None)
@given(pieces=PIECES, thoughts=st.lists(st.text(min_size=1, max_size=6), max_size=3), new=st.text(max_size=30))
def test_edit_then_rebuild_gives_the_edit(family: str, pieces: list[str], thoughts: list[str], new: str) -> None:
    doc = BUILDERS[family](pieces, thoughts)
    before = Recording(None, doc).rebuild
    assert before.text == "".join(pieces)  # the builder and the rebuild agree to begin with
    after = _rebuilt(edit_text(doc, new))
    assert after.text == new and after.finish_reason == before.finish_reason
    if thoughts and family != "ollama-generate":  # /api/generate has no place for thinking here
        assert before.reasoning == "".join(thoughts) and after.reasoning == before.reasoning
        again = _rebuilt(edit_reasoning(doc, new))
        assert again.reasoning == new and again.text == before.text


# --- finish reasons and usage: removal, and the refusals each family makes -------------------


def _chat() -> dict[str, Any]:
    return load(SAMPLES / "tests/integration/inference/recordings/d85d86251ffb782c9c6f84ead1f74d211e2ee16f1363a3cd2ac5bb469a8926ac.json").data


def test_finish_reason_and_usage_can_be_removed_from_a_chat_stream() -> None:
    doc = _chat()
    assert Recording(None, doc).rebuild.finish_reason == "stop"
    assert _rebuilt(edit_finish_reason(doc, None)).finish_reason is None
    assert _rebuilt(edit_usage(doc, None)).usage is None
    same = edit_finish_reason(doc, "stop")
    assert same.noop and same.data is doc


@pytest.mark.parametrize(
    ("build", "edit", "reason"),
    [
        (_chat, lambda d: edit_finish_reason(d, "stop", choice=5), "the response has no choice 5"),
        (_chat, lambda d: edit_usage(d, [1]), "usage must be a JSON object"),
        (lambda: _ollama_generate(["a"]), lambda d: edit_finish_reason(d, None), "Ollama marks the end with done; its finish reason cannot be removed"),
        (lambda: _ollama_generate(["a"]), lambda d: edit_usage(d, {"total_tokens": 1}), "Ollama usage is exactly prompt_eval_count and eval_count"),
        (lambda: _messages_stream(["a"], []), lambda d: edit_usage(d, None), "usage cannot be removed from a /v1/messages stream; edit the JSON instead"),
        (lambda: _tool_doc("x"), lambda d: edit_finish_reason(d, "stop"), "a tool recording has no finish reason"),
        (lambda: _tool_doc("x"), lambda d: edit_usage(d, {"a": 1}), "a tool recording has no usage"),
    ],
)
def test_refusals_name_the_reason(build, edit, reason: str) -> None:
    outcome = edit(build())
    assert not outcome.ok and outcome.reason == reason and outcome.data is None


def test_ollama_usage_with_its_own_keys_is_written_into_the_done_chunk() -> None:
    doc = _ollama_generate(["a", "b"])
    after = edit_usage(doc, {"prompt_eval_count": 7, "eval_count": 8})
    assert _rebuilt(after).usage == {"prompt_eval_count": 7, "eval_count": 8}
    assert after.data["response"]["body"][-1]["__data__"]["eval_count"] == 8


def test_a_messages_stream_keeps_its_start_usage_in_step_with_the_new_keys() -> None:
    doc = _messages_stream(["a"], [])
    after = _rebuilt(edit_usage(doc, {"output_tokens": 2}))
    assert after.usage == {"output_tokens": 2}


def _tool_doc(content: Any) -> dict[str, Any]:
    req = {"test_id": TID, "provider": "tavily", "tool_name": "web_search", "kwargs": {"query": "q"}}
    body = {"__type__": "ogx_api.tools.ToolInvocationResult", "__data__": {"content": content, "error_message": None, "error_code": None, "metadata": None}}
    return record(TID, req, response(body, streaming=False))


def test_a_tool_result_made_of_text_items_is_edited_across_them() -> None:
    doc = _tool_doc([{"type": "text", "text": "first "}, "second ", {"type": "text", "text": "third"}])
    assert Recording(None, doc).rebuild.text == "first second third"
    assert _rebuilt(edit_text(doc, "only this")).text == "only this"


def _interactions_object() -> dict[str, Any]:
    body = {
        "id": "v1", "status": "completed", "object": "interaction",
        "outputs": [
            {"type": "thought", "text": "Think."},
            {"type": "text", "text": "Answer."},
            {"type": "function_call", "id": "fc1", "name": "lookup", "arguments": {"q": "x"}},
        ],
        "usage": {"total_tokens": 9},
    }
    req = http_request(TID, "https://generativelanguage.googleapis.com/v1beta/interactions", {"model": "gemini"})
    return record(TID, req, response(body, streaming=False, status=200))


def test_a_whole_interactions_response_edits_each_of_its_outputs() -> None:
    doc = _interactions_object()
    rb = Recording(None, doc).rebuild
    assert (rb.text, rb.reasoning, rb.tool_calls[0].name, rb.finish_reason) == ("Answer.", "Think.", "lookup", "completed")
    assert _rebuilt(edit_text(doc, "New.")).text == "New."
    assert _rebuilt(edit_reasoning(doc, "Hmm.")).reasoning == "Hmm."
    assert _rebuilt(edit_tool_name(doc, 0, "find")).tool_calls[0].name == "find"
    args = edit_tool_arguments(doc, 0, '{"q": "y"}')
    assert json.loads(_rebuilt(args).tool_calls[0].arguments) == {"q": "y"}
    assert args.data["response"]["body"]["outputs"][2]["arguments"] == {"q": "y"}  # stored as an object, as it was
    assert _rebuilt(edit_finish_reason(doc, "incomplete")).finish_reason == "incomplete"
    assert _rebuilt(edit_usage(doc, {"total_tokens": 1})).usage == {"total_tokens": 1}


def test_a_streamed_interactions_function_call_is_renamed_and_re_argued() -> None:
    lines = interaction_event("interaction.start", interaction={"id": "v1", "status": "in_progress"})
    lines += interaction_event("content.start", index=0, content={"type": "function_call", "name": "lookup", "arguments": {}})
    lines += interaction_event("content.delta", index=0, delta={"type": "function_call", "arguments": {"q": "x"}})
    lines += interaction_event("content.stop", index=0)
    lines += interaction_event("interaction.complete", interaction={"id": "v1", "status": "requires_action", "usage": {"total_tokens": 3}})
    req = http_request(TID, "https://generativelanguage.googleapis.com/v1beta/interactions", {"model": "gemini", "stream": True})
    doc = record(TID, req, response(lines, streaming=True))
    rb = Recording(None, doc).rebuild
    assert rb.tool_calls and rb.tool_calls[0].name == "lookup"
    assert _rebuilt(edit_tool_name(doc, 0, "find")).tool_calls[0].name == "find"
    assert json.loads(_rebuilt(edit_tool_arguments(doc, 0, '{"q": "z"}')).tool_calls[0].arguments) == {"q": "z"}
    assert _rebuilt(edit_usage(doc, {"total_tokens": 4})).usage == {"total_tokens": 4}

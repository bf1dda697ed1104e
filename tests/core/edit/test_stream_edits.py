"""Editing what a response rebuilds to: the rebuild equals the edit, and only the pieces that must change do."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector.core.base.jsonio import parse_bytes
from inspector.core.base.writer import render
from inspector.core.edit import (
    edit_finish_reason,
    edit_reasoning,
    edit_text,
    edit_tool_arguments,
    edit_tool_name,
    edit_usage,
    spread,
)
from inspector.core.recording.loading import Recording, load_bytes
from inspector.testing.factories import (
    PLAIN,
    ToolCall,
    chat_chunk,
    http_request,
    record,
    response,
    sse,
    text_block,
    tool_chunks,
)
from tests.conftest import SAMPLES, corpus_files

TEXTS = st.text(alphabet=st.sampled_from(list("ab c\n\"\\<>&é漢😀{}:,")), max_size=40)
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


# --- spread --------------------------------------------------------------------------


@given(pieces=st.lists(TEXTS, min_size=1, max_size=12), new=TEXTS)
@settings(max_examples=200, deadline=None)
def test_spread_keeps_the_piece_count_and_concatenates_to_the_new_text(pieces: list[str], new: str) -> None:
    out = spread(pieces, new)
    assert len(out) == len(pieces)
    assert "".join(out) == new


@given(pieces=st.lists(st.text(min_size=1, max_size=8), min_size=3, max_size=12), data=st.data())
@settings(max_examples=200, deadline=None)
def test_an_insertion_changes_exactly_one_piece(pieces: list[str], data: st.DataObject) -> None:
    k = data.draw(st.integers(0, len(pieces) - 1), label="edited piece")
    inserted = data.draw(st.text(min_size=1, max_size=5), label="inserted")
    at = data.draw(st.integers(0, len(pieces[k])), label="offset")
    new_pieces = list(pieces)
    new_pieces[k] = pieces[k][:at] + inserted + pieces[k][at:]
    out = spread(pieces, "".join(new_pieces))
    changed = [i for i, (a, b) in enumerate(zip(pieces, out, strict=True)) if a != b]
    # One piece takes the insertion (not always piece k: in "000" → "0000" the place is ambiguous).
    assert len(changed) == 1


def test_spread_examples() -> None:
    pieces = ["Hello", " world", ",", " how", " are", " you", "?"]
    assert spread(pieces, "Hello world, who are you?") == ["Hello", " world", ",", " who", " are", " you", "?"]
    assert spread(pieces, "Hello world, how are you? Fine.")[-1] == "? Fine."
    assert spread(pieces, "") == [""] * 7


# --- real streams ------------------------------------------------------------------------

# (file name prefix, what to edit): one of each family in ../shared/corpus and seeds.
REAL = [
    ("95f0e989816d", "text"),  # OpenAI chat stream, 113 chunks
    ("1a262fbe32d7", "text"),  # chat stream with reasoning
    ("1a262fbe32d7", "reasoning"),
    ("84cab42e1f5c", "text"),  # completions stream
    ("002_b46980ad", "tool.args"),  # chat stream with two tool calls
    ("dd9e7d5913e9", "text"),  # Ollama generate stream
    ("ff7db0102b28", "text"),  # Ollama chat stream
    ("f22657bfd86d", "text"),  # Anthropic /v1/messages SSE: text_delta lines
    ("93eb42f3bd69", "reasoning"),  # …thinking_delta lines
    ("2cb6caa89a82", "text"),  # Gemini /interactions SSE
    ("605d7557d4d2", "text"),  # genai stream
    ("4096743baf8e", "text"),  # non-streamed chat completion
    ("ca28439d6fcf", "text"),  # non-streamed genai
    ("f55988509902", "text"),  # non-streamed /v1/messages
    ("0f1241e957d1", "text"),  # tool result
]
# The shipped sample of each family the samples hold: these run without ../shared.
REAL += [
    ("d85d86251ffb", "text"),  # OpenAI chat stream
    ("309c825ae8eb", "reasoning"),  # chat stream with reasoning (vLLM)
    ("309c825ae8eb", "text"),
    ("ec1801ff2435", "text"),  # completions stream
    ("8bc14bf72ba3", "tool.args"),  # chat stream with two tool calls
    ("a54fd0868d7a", "text"),  # Ollama generate stream
    ("bf3491e287ac", "reasoning"),  # /v1/messages SSE: thinking_delta lines
    ("ef76cbebdc09", "text"),  # Gemini /interactions SSE
    ("216a08e64207", "text"),  # genai stream
    ("81c8a43efdc2", "text"),  # non-streamed chat completion
    ("60a58f610bba", "text"),  # non-streamed /v1/messages
    ("3b8fc7e5b535", "text"),  # tool result
]


@cache
def _real(prefix: str) -> tuple[Any, bytes] | None:
    for path in [*sorted(SAMPLES.rglob("*.json")), *corpus_files()]:
        if path.name.startswith(prefix):
            raw = path.read_bytes()
            return parse_bytes(raw), raw
    return None


def _current(data: Any, channel: str) -> str:
    rebuild = Recording(None, data).rebuild
    if channel == "tool.args":
        return rebuild.tool_calls[0].arguments
    return getattr(rebuild, channel)


def _apply(data: Any, channel: str, new: str):  # noqa: ANN202
    if channel == "text":
        return edit_text(data, new)
    if channel == "reasoning":
        return edit_reasoning(data, new)
    return edit_tool_arguments(data, Recording(None, data).rebuild.tool_calls[0].index, new)


def _edited(old: str, data: st.DataObject) -> str:
    i = data.draw(st.integers(0, len(old)), label="start")
    j = data.draw(st.integers(i, min(len(old), i + 30)), label="end")
    return old[:i] + data.draw(TEXTS, label="inserted") + old[j:]


def _assert_minimal(before: Any, outcome: Any) -> None:
    old_lines = render(before).splitlines()
    new_lines = render(outcome.data).splitlines()
    assert len(new_lines) == len(old_lines), "an edit of existing pieces adds or removes no line"
    differing = sum(1 for a, b in zip(old_lines, new_lines, strict=True) if a != b)
    assert differing == len(outcome.changed), "only the lines of the pieces that changed differ"


@pytest.mark.corpus
@pytest.mark.parametrize(("prefix", "channel"), REAL, ids=[f"{p}-{c}" for p, c in REAL])
@SETTINGS
@given(data=st.data())
def test_random_edits_of_real_streams(prefix: str, channel: str, data: st.DataObject) -> None:
    found = _real(prefix)
    if found is None:
        pytest.skip(f"{prefix} is not in ../shared")
    doc, _raw = found
    old = _current(doc, channel)
    # tool arguments stay valid JSON text: the edit goes inside a string value
    new = json.dumps({"edited": _edited(old, data)}) if channel == "tool.args" else _edited(old, data)
    outcome = _apply(doc, channel, new)
    assert outcome.ok, outcome.reason
    assert _current(outcome.data, channel) == new
    reloaded = load_bytes(render(outcome.data))
    assert reloaded.ok and reloaded.kind == Recording(None, doc).kind
    assert reloaded.chunk_count == Recording(None, doc).chunk_count
    assert _current(reloaded.data, channel) == new
    _assert_minimal(doc, outcome)


@pytest.mark.corpus
@pytest.mark.parametrize(("prefix", "channel"), REAL, ids=[f"{p}-{c}" for p, c in REAL])
def test_an_unchanged_edit_is_a_no_op_and_saves_the_same_bytes(prefix: str, channel: str) -> None:
    found = _real(prefix)
    if found is None:
        pytest.skip(f"{prefix} is not in ../shared")
    doc, raw = found
    outcome = _apply(doc, channel, _current(doc, channel))
    assert outcome.ok and outcome.noop
    assert render(outcome.data) == raw


# --- synthetic streams ---------------------------------------------------------------------


STYLE = PLAIN.but(id="rec-0123456789ab", model="m")


def _openai_stream(pieces: list[str], choices: int = 1) -> dict[str, Any]:
    chunks = [chat_chunk(STYLE.delta(content=text, role="assistant"), index=c, style=STYLE) for text in pieces for c in range(choices)]
    request = {"method": "POST", "url": "http://h/v1/chat/completions", "headers": {}, "body": {"stream": True}}
    return record("tests/x/test_a.py::t", request, response(chunks, streaming=True))


def _anthropic_stream(pieces: list[str]) -> dict[str, Any]:
    lines = sse("message_start", {"type": "message_start", "message": {"usage": {"input_tokens": 3, "output_tokens": 0}}})
    lines += text_block(0, pieces, stop=False, ascii=False)
    lines += sse("message_delta", {"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "usage": {"output_tokens": 9}})
    request = http_request("tests/x/test_a.py::t", "http://h/v1/messages", {"stream": True})
    return record("tests/x/test_a.py::t", request, response(lines, streaming=True))


@given(pieces=st.lists(st.text(min_size=1, max_size=10), min_size=1, max_size=15), data=st.data())
@settings(max_examples=60, deadline=None)
def test_random_edits_of_synthetic_openai_streams(pieces: list[str], data: st.DataObject) -> None:
    doc = _openai_stream(pieces, choices=2)
    choice = data.draw(st.integers(0, 1), label="choice")
    new = _edited("".join(pieces), data)
    outcome = edit_text(doc, new, choice=choice)
    assert outcome.ok, outcome.reason
    rebuilt = Recording(None, outcome.data).rebuild
    assert rebuilt.choices[choice].text == new
    assert rebuilt.choices[1 - choice].text == "".join(pieces)  # the other choice is untouched
    assert len(outcome.data["response"]["body"]) == len(doc["response"]["body"])
    _assert_minimal(doc, outcome)


@given(pieces=st.lists(st.text(min_size=1, max_size=10), min_size=1, max_size=15), data=st.data())
@settings(max_examples=60, deadline=None)
def test_random_edits_of_synthetic_anthropic_sse_streams(pieces: list[str], data: st.DataObject) -> None:
    doc = _anthropic_stream(pieces)
    new = _edited("".join(pieces), data)
    outcome = edit_text(doc, new)
    assert outcome.ok, outcome.reason
    assert Recording(None, outcome.data).rebuild.text == new
    _assert_minimal(doc, outcome)
    for old_line, new_line in zip(doc["response"]["body"], outcome.data["response"]["body"], strict=True):
        if old_line != new_line:  # only the text token of an event line changes; its style stays compact
            assert old_line.split('"text":')[0] == new_line.split('"text":')[0]
            a, b = json.loads(old_line[6:]), json.loads(new_line[6:])
            b["delta"]["text"] = a["delta"]["text"]
            assert a == b


# --- tool calls, finish reason, usage, refusals ----------------------------------------------


def _tool_stream(argument_pieces: list[str]) -> dict[str, Any]:
    doc = _openai_stream(["Let me check."])
    u = {"prompt_tokens": 5, "completion_tokens": 7, "total_tokens": 12}
    body = tool_chunks([ToolCall("call_1", "get_weather", argument_pieces)], style=STYLE, usage=u, empty_start=False)
    doc["response"]["body"] = body
    return doc


def test_tool_call_arguments_are_re_split_over_their_pieces() -> None:
    doc = _tool_stream(['{"ci', 'ty": "Pa', 'ris"}'])
    outcome = edit_tool_arguments(doc, 0, '{"city": "Lyon"}')
    assert outcome.ok
    call = Recording(None, outcome.data).rebuild.tool_calls[0]
    assert call.arguments == '{"city": "Lyon"}' and call.name == "get_weather" and call.id == "call_1"
    pieces = [c["__data__"]["choices"][0]["delta"]["tool_calls"][0]["function"]["arguments"] for c in outcome.data["response"]["body"][1:4]]
    assert pieces[0] == '{"ci' and len(pieces) == 3


def test_tool_name_finish_reason_and_usage() -> None:
    doc = _tool_stream(['{"city": "Paris"}'])
    renamed = edit_tool_name(doc, 0, "get_forecast")
    assert Recording(None, renamed.data).rebuild.tool_calls[0].name == "get_forecast"
    finished = edit_finish_reason(renamed.data, "stop")
    assert Recording(None, finished.data).rebuild.finish_reason == "stop"
    usage = {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3}
    with_usage = edit_usage(finished.data, usage)
    assert Recording(None, with_usage.data).rebuild.usage == usage
    assert len(with_usage.data["response"]["body"]) == len(doc["response"]["body"])
    assert edit_tool_name(doc, 5, "x").reason == "the response has no tool call 5"
    assert not edit_tool_name(doc, 0, "").ok


def test_anthropic_usage_and_stop_reason_inside_event_lines() -> None:
    doc = _anthropic_stream(["Hi", " there"])
    outcome = edit_usage(doc, {"input_tokens": 3, "output_tokens": 2})
    assert outcome.ok and Recording(None, outcome.data).rebuild.usage == {"input_tokens": 3, "output_tokens": 2}
    stopped = edit_finish_reason(doc, "max_tokens")
    assert Recording(None, stopped.data).rebuild.finish_reason == "max_tokens"
    assert 'data: {"type":"message_delta","delta":{"stop_reason":"max_tokens"},"usage":{"output_tokens":9}}' in stopped.data["response"]["body"]


def test_text_added_where_a_stream_had_none() -> None:
    doc = _tool_stream(["{}"])
    doc["response"]["body"][0]["__data__"]["choices"][0]["delta"]["content"] = None
    outcome = edit_text(doc, "Checking the weather.")
    assert outcome.ok and Recording(None, outcome.data).rebuild.text == "Checking the weather."


def test_object_arguments_are_stored_as_objects_and_must_be_json() -> None:
    doc = {
        "test_id": "tests/x/test_a.py::t",
        "request": {"method": "POST", "url": "http://h/api/chat", "headers": {}, "body": {}, "endpoint": "/api/chat"},
        "response": {
            "body": {"__type__": "ollama._types.ChatResponse", "__data__": {"done": True, "done_reason": "stop", "message": {"role": "assistant", "content": "", "tool_calls": [{"function": {"name": "f", "arguments": {"a": 1}}}]}}},
            "is_streaming": False,
        },
    }
    outcome = edit_tool_arguments(doc, 0, '{"a":2}')
    assert outcome.ok and outcome.stored == '{"a": 2}'
    assert outcome.data["response"]["body"]["__data__"]["message"]["tool_calls"][0]["function"]["arguments"] == {"a": 2}
    refused = edit_tool_arguments(doc, 0, "{not json")
    assert not refused.ok and "not JSON" in refused.reason


def test_kinds_without_rebuilt_text_are_refused_with_a_reason() -> None:
    doc = {
        "request": {"method": "POST", "url": "http://h/v1/embeddings", "headers": {}, "body": {}, "endpoint": "/v1/embeddings"},
        "response": {"body": {"__type__": "openai.types.create_embedding_response.CreateEmbeddingResponse", "__data__": {"data": []}}},
    }
    outcome = edit_text(doc, "x")
    assert not outcome.ok and "embeddings" in outcome.reason and "edit its JSON" in outcome.reason
    assert outcome.data is None


def test_the_input_document_is_never_changed() -> None:
    doc = _openai_stream(["a", "b", "c"])
    snapshot = json.dumps(doc)
    edit_text(doc, "xyz")
    edit_usage(doc, {"x": 1})
    assert json.dumps(doc) == snapshot


def test_seeds_edit_of_a_saturn_answer(seeds_dir: Path) -> None:
    raw = (seeds_dir / "001_1edcd4837b6f9484.json").read_bytes()
    doc = parse_bytes(raw)
    old = Recording(None, doc).rebuild.text
    new = old.replace("SATURN", "JUPITER")
    outcome = edit_text(doc, new)
    assert outcome.ok and Recording(None, outcome.data).rebuild.text == new
    assert 0 < len(outcome.changed) <= 3

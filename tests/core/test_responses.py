"""The OpenAI Responses API kind (``client.responses.create``, ``/v1/responses``), on the shipped samples."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

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
from inspector.core.export import export
from inspector.core.recording.loading import Recording
from tests.conftest import SAMPLES

FOLDER = SAMPLES / "tests" / "integration" / "responses" / "recordings"
STREAMED = FOLDER / "b4cbbf5438d5f22c063a1e480a322d589a2180222340667b6da578fab5e0a76a.json"
WHOLE = FOLDER / "f8e93bb400a396cc20f7bf5aad0de4c9ac67e0d1a5254be67e0877b2849d5b7a.json"
ARGS = '{"city":"Lisbon, Portugal"}'


@pytest.fixture
def streamed() -> Recording:
    return load(STREAMED)


@pytest.fixture
def whole() -> Recording:
    return load(WHOLE)


def test_a_stream_rebuilds_to_text_reasoning_a_call_status_and_usage(streamed: Recording) -> None:
    assert streamed.kind.value == "responses" and streamed.streaming and streamed.chunk_count == 34
    rb = streamed.rebuild
    assert rb.text == "Let me check the current weather in Lisbon for you."
    assert rb.reasoning == "**Checking the weather** The user asks about Lisbon, so I will call get_weather."
    assert [(t.id, t.name, t.arguments) for t in rb.tool_calls] == [("call_sample_lisbon", "get_weather", ARGS)]
    assert rb.finish_reason == "completed"
    assert (rb.usage or {})["input_tokens"] == 96 and (rb.usage or {})["output_tokens"] == 58
    assert rb.error is None and not streamed.problems


def test_the_object_rebuilds_the_same_way(whole: Recording) -> None:
    assert whole.kind.value == "responses" and not whole.streaming
    assert whole.data["response"]["body"]["__data__"]["created_at"] == "1970-01-01T00:00:00.000000Z"
    rb = whole.rebuild
    assert rb.text == "I'll look up the weather in Lisbon."
    assert [(t.id, t.name, t.arguments) for t in rb.tool_calls] == [("call_sample_lisbon", "get_weather", ARGS)]
    assert (rb.finish_reason, (rb.usage or {})["output_tokens"]) == ("completed", 31)


def test_both_samples_are_named_by_the_newest_hash(streamed: Recording, whole: Recording) -> None:
    assert (streamed.hash.status, streamed.hash.rule) == ("ok", "2026-10")
    assert (whole.hash.status, whole.hash.rule) == ("ok", "2026-10")
    assert whole.data["response"]["body"]["__data__"]["id"] == f"rec-{whole.hash.computed[:12]}"


def test_replay_grows_each_channel_in_order(streamed: Recording) -> None:
    replay = streamed.replay
    texts = [replay.state(n).primary.text for n in range(replay.total + 1)]
    assert texts[0] == "" and texts[-1] == streamed.rebuild.text
    assert all(b.startswith(a) for a, b in zip(texts, texts[1:], strict=False))
    args = [next(iter(replay.state(n).primary.tool_calls), None) for n in range(replay.total + 1)]
    assert [a.arguments for a in args if a is not None][-1] == ARGS
    assert replay.state(replay.total - 1).primary.finish_reason is None  # the status comes with response.completed
    assert replay.state(replay.total).primary.finish_reason == "completed"


def test_the_request_view_shows_instructions_input_and_tools(streamed: Recording, whole: Recording) -> None:
    req = streamed.request
    assert [(m.role, m.text) for m in req.messages] == [
        ("system", "You are a concise assistant."),
        ("user", "What is the weather in Lisbon? Say what you will do, then call the tool."),
    ]
    assert [t.name for t in req.tools] == ["get_weather"] and req.tools[0].parameters["required"] == ["city"]
    assert dict(req.params)["reasoning"] == {"effort": "low", "summary": "auto"}
    assert [m.role for m in whole.request.messages] == ["user"]


def test_input_items_with_calls_and_results_are_a_conversation() -> None:
    doc = copy.deepcopy(load(WHOLE).data)
    doc["request"]["body"]["input"] += [
        {"type": "function_call", "call_id": "call_1", "name": "get_weather", "arguments": ARGS},
        {"type": "function_call_output", "call_id": "call_1", "output": "18 °C, sunny"},
    ]
    msgs = Recording(None, doc).request.messages
    assert [m.role for m in msgs] == ["user", "assistant", "tool"]
    assert (msgs[1].tool_calls[0].name, msgs[1].tool_calls[0].arguments) == ("get_weather", ARGS)
    assert (msgs[2].text, msgs[2].tool_call_id) == ("18 °C, sunny", "call_1")


def _final_output(doc: dict[str, Any]) -> dict[str, Any]:
    """What an SDK's final response holds: the output of response.completed, and the .done events."""
    events = [c["__data__"] for c in doc["response"]["body"]]
    final = events[-1]["response"]["output"]
    done = {e["type"]: e for e in events if e["type"].endswith(".done") and e["type"] != "response.output_item.done"}
    return {
        "text": final[1]["content"][0]["text"],
        "reasoning": final[0]["summary"][0]["text"],
        "args": final[2]["arguments"],
        "name": final[2]["name"],
        "text.done": done["response.output_text.done"]["text"],
        "part.done": done["response.content_part.done"]["part"]["text"],
        "summary.done": done["response.reasoning_summary_text.done"]["text"],
        "args.done": done["response.function_call_arguments.done"]["arguments"],
        "name.done": done["response.function_call_arguments.done"]["name"],
    }


def test_edits_of_a_stream_rewrite_the_deltas_and_every_repeat_in_step(streamed: Recording) -> None:
    doc = streamed.data
    doc = edit_text(doc, "Checking Porto instead.").data
    doc = edit_reasoning(doc, "Porto, then.").data
    doc = edit_tool_arguments(doc, 0, '{"city":"Porto, Portugal"}').data
    out = edit_tool_name(doc, 0, "get_forecast")
    assert out.ok, out.reason
    rb = Recording(None, out.data).rebuild
    assert (rb.text, rb.reasoning, rb.tool_calls[0].arguments, rb.tool_calls[0].name) == (
        "Checking Porto instead.", "Porto, then.", '{"city":"Porto, Portugal"}', "get_forecast")
    assert _final_output(out.data) == {
        "text": "Checking Porto instead.", "reasoning": "Porto, then.", "args": '{"city":"Porto, Portugal"}', "name": "get_forecast",
        "text.done": "Checking Porto instead.", "part.done": "Checking Porto instead.", "summary.done": "Porto, then.",
        "args.done": '{"city":"Porto, Portugal"}', "name.done": "get_forecast",
    }
    assert len(out.data["response"]["body"]) == streamed.chunk_count
    # an edit that writes back what was there changes no byte
    assert render(edit_text(streamed.data, streamed.rebuild.text).data) == STREAMED.read_bytes()


def test_status_and_usage_edits_land_in_the_final_event(streamed: Recording, whole: Recording) -> None:
    out = edit_finish_reason(streamed.data, "incomplete")
    assert out.ok and out.data["response"]["body"][-1]["__data__"]["response"]["status"] == "incomplete"
    usage = {"input_tokens": 1, "output_tokens": 2, "total_tokens": 3}
    out = edit_usage(whole.data, usage)
    assert out.ok and Recording(None, out.data).rebuild.usage == usage
    out = edit_text(whole.data, "Sure.")
    assert out.ok and out.data["response"]["body"]["__data__"]["output"][0]["content"][0]["text"] == "Sure."


def _events(*events: dict[str, Any]) -> dict[str, Any]:
    doc = copy.deepcopy(load(STREAMED).data)
    doc["response"]["body"] = [{"__type__": "openai.types.responses.x.X", "__data__": e} for e in events]
    return doc


def test_failures_incomplete_streams_and_error_events_are_reported() -> None:
    failed = _events(
        {"type": "response.output_text.delta", "delta": "Par", "item_id": "m", "output_index": 0, "content_index": 0},
        {"type": "response.failed", "response": {"status": "failed", "usage": None, "error": {"code": "server_error", "message": "The model crashed."}}},
    )
    rb = Recording(None, failed).rebuild
    assert (rb.text, rb.finish_reason) == ("Par", "failed")
    assert rb.error is not None and rb.error.one_line() == "server_error: The model crashed."
    incomplete = _events({"type": "response.incomplete", "response": {"status": "incomplete", "usage": {"input_tokens": 3, "output_tokens": 9}, "error": None}})
    assert Recording(None, incomplete).rebuild.finish_reason == "incomplete"
    errored = _events({"type": "error", "code": "rate_limit_exceeded", "message": "Slow down.", "param": None})
    err = Recording(None, errored).rebuild.error
    assert err is not None and (err.type, err.message) == ("rate_limit_exceeded", "Slow down.")


def test_arguments_are_assembled_by_item_id_when_calls_interleave() -> None:
    def added(i: int, name: str) -> dict[str, Any]:
        item = {"type": "function_call", "id": f"fc_{i}", "call_id": f"call_{i}", "name": name, "arguments": ""}
        return {"type": "response.output_item.added", "output_index": i, "item": item}

    def delta(i: int, piece: str, *, index: int | None = None) -> dict[str, Any]:
        return {"type": "response.function_call_arguments.delta", "item_id": f"fc_{i}", "output_index": i if index is None else index, "delta": piece}

    doc = _events(added(0, "a"), added(1, "b"), delta(1, '{"y"'), delta(0, '{"x"'), delta(1, ":2}"), delta(0, ":1}", index=7))
    calls = Recording(None, doc).rebuild.tool_calls
    assert [(c.id, c.name, json.loads(c.arguments)) for c in calls] == [("call_0", "a", {"x": 1}), ("call_1", "b", {"y": 2})]


def test_exports_use_the_responses_api(streamed: Recording, whole: Recording) -> None:
    md = export(streamed, "markdown")
    assert "Let me check the current weather in Lisbon for you." in md
    assert "`get_weather`" in md
    py = export(whole, "python")
    assert "client.responses.create(" in py
    assert 'base_url="https://api.openai.com/v1"' in py
    assert "print(response.output_text)" in py
    compile(py, "snippet.py", "exec")
    test = export(streamed, "pytest")
    assert "openai_client.responses.create(" in test
    assert "assert status == 'completed'" in test
    assert "assert tool_names == ['get_weather']" in test
    assert "assert 'Let me check the current weather in Lisb' in text" in test
    compile(test, "test_snippet.py", "exec")
    assert "curl -sS -N https://api.openai.com/v1/responses" in export(streamed, "curl")


def test_a_stream_cut_before_it_completed_is_reported_by_check(streamed: Recording) -> None:
    from inspector.core.checks.file_checks import check_recording

    assert [f.code for f in check_recording(streamed)] == []
    doc = copy.deepcopy(streamed.data)
    doc["response"]["body"] = doc["response"]["body"][:20]  # mid-text, no response.completed
    found = [(f.code, f.message) for f in check_recording(Recording(STREAMED, doc))]
    assert ("stream-incomplete", "the stream ends after 20 chunks without a finish reason") in found


def test_text_can_be_added_to_a_stream_that_had_none(streamed: Recording) -> None:
    doc = copy.deepcopy(streamed.data)
    doc["response"]["body"] = [c for c in doc["response"]["body"] if c["__data__"]["type"] != "response.output_text.delta"]
    assert Recording(None, doc).rebuild.text == ""
    out = edit_text(doc, "Checking.")
    assert out.ok, out.reason
    assert Recording(None, out.data).rebuild.text == "Checking."
    added = [c["__data__"] for c in out.data["response"]["body"] if c["__data__"]["type"] == "response.content_part.added"]
    assert added[0]["part"]["text"] == "Checking."

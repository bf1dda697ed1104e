"""The editable values as typed fields (core/edit/fields.py): what an editor is handed, and applying one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.core.base.writer import render
from inspector.core.edit import EditError, EditSession, FieldKind
from inspector.core.edit.fields import apply_field, field_for, fields, find_field
from inspector.core.recording.loading import Recording

CHUNK = "openai.types.chat.chat_completion_chunk.ChatCompletionChunk"
TEXTS = st.text(alphabet=st.sampled_from(list("ab c\n\"\\<>&é漢😀{}:,")), max_size=40)


def _chunk(choices: list[dict[str, Any]], usage: dict[str, int] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m", "choices": choices}
    if usage is not None:
        data["usage"] = usage
    return {"__type__": CHUNK, "__data__": data}


def stream(pieces: list[str], *, tool_args: list[str] | None = None) -> dict[str, Any]:
    """A streamed OpenAI chat answer: text pieces, maybe one tool call, a finish reason and usage."""
    body = [_chunk([{"index": 0, "delta": {"role": "assistant", "content": p}, "finish_reason": None}]) for p in pieces]
    finish = "stop"
    if tool_args is not None:
        finish = "tool_calls"
        for i, piece in enumerate(tool_args):
            fn: dict[str, Any] = {"arguments": piece}
            call: dict[str, Any] = {"index": 0, "function": fn, "type": "function"}
            if i == 0:
                call["id"], fn["name"] = "call_1", "get_weather"
            body.append(_chunk([{"index": 0, "delta": {"tool_calls": [call]}, "finish_reason": None}]))
    body.append(_chunk([{"index": 0, "delta": {}, "finish_reason": finish}]))
    body.append(_chunk([], usage={"prompt_tokens": 5, "completion_tokens": 7, "total_tokens": 12}))
    return {
        "test_id": "tests/x/test_a.py::t",
        "request": {"method": "POST", "url": "http://h/v1/chat/completions", "headers": {}, "body": {"stream": True}},
        "response": {"body": body, "is_streaming": True},
    }


def test_the_fields_of_a_tool_call_answer_with_labels_and_current_text() -> None:
    found = fields(Recording(None, stream(["Let me ", "check."], tool_args=['{"ci', 'ty": "Paris"}'])))
    assert [(f.key, f.kind, f.label) for f in found] == [
        ("text:0", FieldKind.TEXT, "Text"),
        ("tool.name:0:0", FieldKind.TOOL_NAME, "Tool call 0 name"),
        ("tool.args:0:0", FieldKind.TOOL_ARGS, "Tool call 0 arguments"),
        ("finish:0", FieldKind.FINISH, "Finish reason"),
        ("usage", FieldKind.USAGE, "Usage"),
    ]
    by_key = {f.key: f.text for f in found}
    assert by_key["text:0"] == "Let me check."
    assert by_key["tool.name:0:0"] == "get_weather" and by_key["tool.args:0:0"] == '{"city": "Paris"}'
    assert by_key["finish:0"] == "tool_calls"
    assert json.loads(by_key["usage"])["total_tokens"] == 12


def test_keys_stay_the_same_after_an_edit() -> None:
    doc = stream(["Hello"], tool_args=['{"city": "Paris"}'])
    before = fields(Recording(None, doc))
    edited = apply_field(doc, before[0], "Bonjour tout le monde")
    assert edited.ok
    assert [f.key for f in fields(Recording(None, edited.data))] == [f.key for f in before]


def test_refusals_are_one_line_reasons_and_change_nothing(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(render(stream(["Hi"], tool_args=['{"a": 1}'])))
    session = EditSession.open(path)
    by_key = {f.key: f for f in session.fields()}
    assert session.set_field(by_key["tool.args:0:0"], "{not json").reason.startswith("not JSON: ")
    assert session.set_field(by_key["usage"], "[1, 2]").reason == "usage must be a JSON object"
    assert session.set_field(by_key["tool.name:0:0"], "  ").reason == "a tool call needs a name"
    assert "no tool call 3" in (session.set_field(field_for(FieldKind.TOOL_ARGS, tool=3), "{}").reason or "")
    assert not session.dirty


def test_empty_finish_reason_and_usage_remove_them() -> None:
    doc = stream(["Hi"])
    rec = Recording(None, doc)
    finish = find_field(rec, "finish:0")
    usage = find_field(rec, "usage")
    assert finish is not None and usage is not None
    gone = apply_field(apply_field(doc, finish, "").data, usage, "")
    rebuilt = Recording(None, gone.data).rebuild
    assert rebuilt.choices[0].finish_reason is None and rebuilt.usage is None


def test_a_kind_without_rebuilt_values_says_why() -> None:
    doc = {"request": {"method": "GET", "url": "http://h/v1/models", "body": {}}, "response": {"body": [], "is_streaming": False}}
    with pytest.raises(EditError):
        fields(Recording(None, doc))
    assert find_field(Recording(None, doc), "text:0") is None


@given(pieces=st.lists(st.text(min_size=1, max_size=10), min_size=1, max_size=12), new=TEXTS, args=st.dictionaries(st.text(max_size=5), st.integers(), max_size=3))
@settings(max_examples=60, deadline=None)
def test_set_field_then_rebuild_gives_the_text(pieces: list[str], new: str, args: dict[str, int]) -> None:
    """Whatever is typed into a field is what the edited recording rebuilds to, and what fields() reads back."""
    doc = stream(pieces, tool_args=['{"city": "Paris"}'])
    by_key = {f.key: f for f in fields(Recording(None, doc))}
    outcome = apply_field(doc, by_key["text:0"], new)
    assert outcome.ok, outcome.reason
    typed_args = json.dumps(args)
    outcome = apply_field(outcome.data, by_key["tool.args:0:0"], typed_args)
    assert outcome.ok, outcome.reason
    rec = Recording(None, outcome.data)
    assert rec.rebuild.choices[0].text == new
    assert rec.rebuild.tool_calls[0].arguments == typed_args
    again = {f.key: f.text for f in fields(rec)}
    assert again["text:0"] == new and again["tool.args:0:0"] == typed_args
    assert len(outcome.data["response"]["body"]) == len(doc["response"]["body"])  # no chunk added or removed

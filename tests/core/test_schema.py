"""Values checked against a request's JSON Schemas (jsonschema), as check and the replay view flag them."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from inspector.core.checks.file_checks import check_recording
from inspector.core.checks.schema import answer_schema, check_answer, check_arguments
from inspector.core.recording.loading import load_bytes

WEATHER = {
    "type": "object",
    "properties": {
        "city": {"type": "string"},
        "unit": {"type": "string", "enum": ["c", "f"]},
        "days": {"type": "integer", "minimum": 1},
        "tags": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["city"],
}

# Draft 2020-12 by default: $defs and $ref inside the schema.
PEOPLE = {
    "type": "object",
    "$defs": {"person": {"type": "object", "properties": {"age": {"type": "integer"}}, "required": ["name"]}},
    "properties": {"people": {"type": "array", "items": {"$ref": "#/$defs/person"}}},
}

# Draft 7 spells them definitions.
DRAFT7 = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "definitions": {"n": {"type": "number"}},
    "type": "object",
    "properties": {"x": {"$ref": "#/definitions/n"}},
    "additionalProperties": False,
}


def codes(check) -> list[tuple[str, str]]:
    return [(i.code, i.path) for i in check.issues]


def test_valid_arguments_pass_and_pretty_print() -> None:
    c = check_arguments('{"city": "Quito", "unit": "c"}', WEATHER)
    assert c.ok and c.parsed and c.schema_known
    assert c.pretty() == '{\n  "city": "Quito",\n  "unit": "c"\n}'


def test_invalid_json_says_where() -> None:
    c = check_arguments('{"city": "Qu', WEATHER)
    assert not c.parsed and not c.ok
    assert codes(c) == [("invalid-json", "$")]
    assert "line 1 column" in c.issues[0].message


def test_missing_required_points_at_the_property_and_names_the_rule() -> None:
    c = check_arguments('{"town": "Quito"}', WEATHER)
    assert codes(c) == [("required", "$.city")]
    assert c.issues[0].message == "$.city: 'city' is a required property (rule required, schema the top level)"


def test_types_enums_minimum_and_items_with_their_paths() -> None:
    c = check_arguments({"city": 3, "unit": "k", "days": 0, "tags": ["a", 1]}, WEATHER)
    assert codes(c) == [("type", "$.city"), ("minimum", "$.days"), ("type", "$.tags[1]"), ("enum", "$.unit")]
    assert c.issues[3].message == "$.unit: 'k' is not one of ['c', 'f'] (rule enum, schema properties/unit)"


def test_integral_floats_are_integers_and_extra_properties_are_allowed_unless_forbidden() -> None:
    assert check_arguments('{"city": "x", "days": 2.0, "other": 1}', WEATHER).ok
    c = check_arguments('{"x": 1, "y": 2}', DRAFT7)
    assert codes(c) == [("additionalProperties", "$")]
    assert "'y' was unexpected" in c.issues[0].message


def test_refs_resolve_inside_the_schema_in_both_drafts() -> None:
    c = check_arguments({"people": [{"name": "a", "age": 3}, {"age": "old"}]}, PEOPLE)
    assert codes(c) == [("type", "$.people[1].age"), ("required", "$.people[1].name")]
    assert c.issues[0].message == "$.people[1].age: 'old' is not of type 'integer' (rule type, schema properties/people/items/properties/age)"
    assert codes(check_arguments('{"x": "1"}', DRAFT7)) == [("type", "$.x")]
    assert check_arguments('{"x": 1.5}', DRAFT7).ok


def test_formats_are_not_asserted() -> None:
    schema = {"type": "object", "properties": {"when": {"type": "string", "format": "date-time"}}}
    assert check_arguments('{"when": "not a date"}', schema).ok


def test_a_ref_outside_the_schema_is_never_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the validator tried the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    schema = {"type": "object", "properties": {"a": {"$ref": "https://example.com/remote.json"}}}
    c = check_arguments('{"a": 1}', schema)
    assert c.issues == ()
    assert c.schema_error is not None and "cannot be resolved inside it" in c.schema_error


def test_no_schema_and_empty_arguments() -> None:
    c = check_arguments('{"x": 1}', None)
    assert c.ok and not c.schema_known
    assert check_arguments("", {"type": "object", "properties": {}}).ok
    assert codes(check_arguments("[1]", WEATHER)) == [("not-object", "$")]


def test_any_of_accepts_one_alternative() -> None:
    schema = {"type": "object", "properties": {"v": {"anyOf": [{"type": "string"}, {"type": "integer"}]}}}
    assert check_arguments('{"v": 3}', schema).ok
    assert codes(check_arguments('{"v": []}', schema)) == [("anyOf", "$.v")]


def test_strange_schemas_never_raise_and_say_why() -> None:
    for schema in ({"type": 5}, {"properties": []}, {"required": "city"}, {"items": 3, "type": "array"}):
        c = check_arguments('{"city": "x"}', schema)  # type: ignore[arg-type]
        assert c.issues == () and c.schema_error is not None and c.schema_error.startswith("the schema is not valid")


def test_answers_are_checked_against_the_requested_format() -> None:
    chat = {"response_format": {"type": "json_schema", "json_schema": {"name": "p", "schema": PEOPLE}}}
    responses = {"text": {"format": {"type": "json_schema", "name": "p", "schema": PEOPLE}}}
    ollama = {"format": PEOPLE}
    for body in (chat, responses, ollama):
        assert answer_schema(body) == PEOPLE
    assert answer_schema({"response_format": {"type": "json_object"}}) is None
    assert answer_schema({"format": "json"}) is None
    assert codes(check_answer('{"people": [{}]}', PEOPLE)) == [("required", "$.people[0].name")]
    assert codes(check_answer("Sure! Here it is", PEOPLE)) == [("invalid-json", "$")]


def _recording(body: dict, answer: str, tool_args: str | None = None) -> bytes:
    import json

    message: dict = {"role": "assistant", "content": answer}
    if tool_args is not None:
        message = {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {"id": "c1", "type": "function", "function": {"name": "find", "arguments": tool_args}}
            ],
        }
    doc = {
        "test_id": None,
        "request": {
            "method": "POST",
            "url": "http://localhost:11434/v1/v1/chat/completions",
            "headers": {},
            "body": {"model": "m", "messages": [{"role": "user", "content": "hi"}], **body},
            "endpoint": "/v1/chat/completions",
            "model": "m",
        },
        "response": {
            "body": {
                "__type__": "openai.types.chat.chat_completion.ChatCompletion",
                "__data__": {
                    "id": "rec-000000000000",
                    "choices": [{"index": 0, "finish_reason": "stop", "message": message}],
                    "created": 0,
                    "model": "m",
                    "object": "chat.completion",
                },
            },
            "is_streaming": False,
        },
        "id_normalization_mapping": {},
    }
    return json.dumps(doc, indent=2).encode()


def test_check_reports_both_codes_on_crafted_recordings_with_defs() -> None:
    tools = {
        "tools": [{"type": "function", "function": {"name": "find", "parameters": PEOPLE}}],
    }
    rec = load_bytes(_recording(tools, "", '{"people": [{"age": 1}]}'), Path("a" * 64 + ".json"))
    found = [(f.code, f.message) for f in check_recording(rec) if f.code.endswith("schema")]
    assert found == [
        ("tool-args-schema", "tool call 0 (find): $.people[0].name: 'name' is a required property (rule required, schema properties/people/items)")
    ]
    fmt = {"response_format": {"type": "json_schema", "json_schema": {"name": "p", "schema": DRAFT7}}}
    rec = load_bytes(_recording(fmt, '{"x": "one"}'), Path("b" * 64 + ".json"))
    found = [(f.code, f.severity, f.message) for f in check_recording(rec) if f.code.endswith("schema")]
    assert found == [
        ("response-schema", "warning", "the answer breaks the requested schema: $.x: 'one' is not of type 'number' (rule type, schema properties/x)")
    ]
    rec = load_bytes(_recording(fmt, '{"x": 1}'), Path("c" * 64 + ".json"))
    assert not [f for f in check_recording(rec) if f.code.endswith("schema")]


def test_geminis_capitalised_types_are_read_as_json_schema() -> None:
    schema = {"type": "OBJECT", "properties": {"query": {"type": "STRING"}}, "required": ["query"]}
    assert check_arguments('{"query": "x"}', schema).ok
    c = check_arguments('{"query": 3}', schema)
    assert [i.message for i in c.issues] == ["$.query: 3 is not of type 'string' (rule type, schema properties/query)"]

"""Tool-call arguments checked against the request's schema, as the replay view flags them."""

from __future__ import annotations

from inspector.core.schema import check_arguments

WEATHER = {
    "type": "object",
    "properties": {
        "city": {"type": "string"},
        "unit": {"type": "string", "enum": ["c", "f"]},
        "days": {"type": "integer"},
        "tags": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["city"],
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


def test_missing_required_and_unknown_property() -> None:
    c = check_arguments('{"town": "Quito"}', WEATHER)
    assert codes(c) == [("missing-required", "$.city"), ("unknown-property", "$.town")]
    assert c.issues[0].message == "missing required $.city"


def test_types_enums_and_items() -> None:
    c = check_arguments({"city": 3, "unit": "k", "days": 2.0, "tags": ["a", 1]}, WEATHER)
    assert codes(c) == [("wrong-type", "$.city"), ("not-in-enum", "$.unit"), ("wrong-type", "$.tags[1]")]


def test_additional_properties_allowed_and_no_schema() -> None:
    loose = {"type": "object", "properties": {"a": {}}, "additionalProperties": True}
    assert check_arguments('{"a": 1, "b": 2}', loose).ok
    c = check_arguments('{"x": 1}', None)
    assert c.ok and not c.schema_known


def test_empty_arguments_count_as_empty_object_and_arrays_are_not_objects() -> None:
    assert check_arguments("", {"type": "object", "properties": {}}).ok
    assert codes(check_arguments("[1]", WEATHER)) == [("not-object", "$")]


def test_any_of_accepts_one_alternative() -> None:
    schema = {"type": "object", "properties": {"v": {"anyOf": [{"type": "string"}, {"type": "integer"}]}}}
    assert check_arguments('{"v": 3}', schema).ok
    assert codes(check_arguments('{"v": []}', schema)) == [("wrong-type", "$.v")]


def test_strange_schemas_never_raise() -> None:
    for schema in ({"type": 5}, {"properties": []}, {"required": "city"}, {"items": 3, "type": "array"}):
        check_arguments('{"city": "x"}', schema)  # type: ignore[arg-type]

"""JSON node edits by path, whole-document replace, and the undo/redo history."""

from __future__ import annotations

import pytest

from inspector.core.edit import (
    EditError,
    History,
    delete_node,
    format_path,
    parse_document,
    parse_path,
    replace_document,
    set_node,
)

DOC = {
    "test_id": "tests/x/test_a.py::t",
    "request": {"body": {"messages": [{"role": "user", "content": "hi"}], "headers": {"Content-Type": "a"}}},
    "response": {"body": {"n": 1}},
}


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("request.body.messages[0].content", ("request", "body", "messages", 0, "content")),
        ('request.body.headers["Content-Type"]', ("request", "body", "headers", "Content-Type")),
        ('$.response["a.b"][-1]', ("response", "a.b", -1)),
        ("$", ()),
    ],
)
def test_paths_parse_and_format_round_trip(text: str, path: tuple) -> None:
    assert parse_path(text) == path
    assert parse_path(format_path(path)) == path


@pytest.mark.parametrize("bad", ["a..b", "a[x]", "a[1", "a.", 'a["x]'])
def test_bad_paths_say_what_is_wrong(bad: str) -> None:
    with pytest.raises(EditError):
        parse_path(bad)


def test_set_node_copies_only_the_path_and_names_missing_steps() -> None:
    out = set_node(DOC, "request.body.messages[0].content", "hello")
    assert out.ok and out.changed == (("request", "body", "messages", 0, "content"),)
    assert out.data["request"]["body"]["messages"][0]["content"] == "hello"
    assert DOC["request"]["body"]["messages"][0]["content"] == "hi"  # the original is untouched
    assert out.data["response"] is DOC["response"]  # unchanged parts are shared
    missing = set_node(DOC, "request.body.nope.x", 1)
    assert not missing.ok and missing.reason == 'no key "nope" at request.body'
    assert not set_node(DOC, "request.body.temperature", 0.5).ok  # a new key needs create=True
    assert set_node(DOC, "request.body.temperature", 0.5, create=True).data["request"]["body"]["temperature"] == 0.5
    assert set_node(DOC, "request.body.messages[0].content", "hi").noop


def test_an_edit_that_would_break_the_recording_is_refused() -> None:
    assert "not a recording" in (delete_node(DOC, "request").reason or "")
    assert "not a recording" in (set_node(DOC, "$", [1]).reason or "")
    out = delete_node(DOC, "request.body.headers")
    assert out.ok and "headers" not in out.data["request"]["body"]


def test_whole_document_parse_errors_report_line_and_column() -> None:
    _data, err = parse_document('{\n  "request": {},\n  "response": {]\n}')
    assert err is not None and (err.line, err.column) == (3, 16)
    assert "line 3, column 16" in err.one_line()
    _data, err = parse_document('{"request": {}')
    assert err is not None and "end of the document" in err.message
    _data, err = parse_document('{"a": 1}')
    assert err is not None and "not a recording" in err.message
    out = replace_document('{"request": {}, "response": {"body": 1}}')
    assert out.ok and out.data["response"]["body"] == 1
    refused = replace_document("{")
    assert not refused.ok and refused.document_error is not None and refused.document_error.line == 1


def test_history_undo_redo_and_dirty_tracking() -> None:
    h: History[int] = History(0)
    assert not h.dirty and not h.can_undo
    h.push(1, "one")
    h.push(2, "two")
    assert h.dirty and h.undo_label == "two"
    assert h.undo() == 1 and h.redo_label == "two"
    h.mark_saved()
    assert not h.dirty
    assert h.undo() == 0 and h.dirty
    assert h.redo() == 1 and not h.dirty  # back at the saved state: clean again
    h.undo()
    h.push(5, "five")  # a new branch: the saved state can no longer be reached
    assert not h.can_redo and h.dirty
    assert h.undo() == 0 and h.dirty


def test_history_groups_typing_and_keeps_a_limit() -> None:
    h: History[str] = History("", limit=3)
    for text in ("a", "ab", "abc"):
        h.push(text, "type", group="text")
    assert h.current == "abc" and h.undo() == "" and not h.can_undo
    for i in range(10):
        h.push(str(i))
    assert len(h) == 3 and h.current == "9"
    h.reset("fresh")
    assert not h.dirty and not h.can_undo and h.current == "fresh"

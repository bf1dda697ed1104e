"""Editing sessions, JSON node edits, history, ``fmt`` and rehash on made-to-order recordings:
edits rebuild to the edit, undo/redo and saves agree with the disk, conflicts and refusals
say why in one line and change nothing."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.core import load
from inspector.core.base.formatter import format_bytes, format_file
from inspector.core.base.writer import ConflictError, WriteError, render
from inspector.core.edit import EditError, EditSession, Root, plan_rehash
from inspector.core.edit.history import History
from inspector.core.edit.nodes import (
    delete_node,
    format_path,
    get_node,
    parse_document,
    parse_path,
    parse_value,
    replace_document,
    set_node,
)
from inspector.core.edit.outcome import EditOutcome
from inspector.core.edit.rehash import apply_rename, old_id_hash, rehash_files, repoint_ids, with_test_id
from inspector.core.edit.root import OutsideRootError
from inspector.testing.factories import (
    REC_ID,
    ToolCall,
    chat_body,
    chat_request,
    piece,
    text_chunks,
    tool_chunks,
    usage,
    write,
    write_chat,
    write_data,
)

TEST_ID = "tests/integration/inference/test_chat.py::test_capital[txt=openai/gpt-4o]"
DOC = {"test_id": "t", "request": {"body": {"messages": [{"role": "user", "content": "hi"}], "n": 1}}, "response": {"body": None}}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "tests" / "integration").mkdir(parents=True)
    (root / ".git").mkdir()
    return root


@pytest.fixture
def chat(repo: Path) -> Path:
    """A streamed answer with reasoning, text, one tool call and usage."""
    chunks = text_chunks(["Paris ", "is ", "the ", "capital."], reasoning=["Think ", "first."], finish=None)
    chunks += tool_chunks([ToolCall("call_1", "get_weather", ['{"city"', ': "Paris"}'])], usage=usage(9, 7))[1:]
    return write_chat(repo, test_id=TEST_ID, chunks=chunks)


# --- opening ------------------------------------------------------------------------------


def test_what_cannot_be_opened_says_why_in_one_line(repo: Path) -> None:
    folder = repo / "tests" / "integration"
    (folder / "broken.json").write_text('{"request": ')
    (folder / "other.json").write_text('{"hello": "world"}')
    cases = {
        folder / "missing.json": "missing.json: no such file",
        folder: "integration: is a folder",
        folder / "broken.json": "broken.json: truncated JSON",
        folder / "other.json": "other.json: not a recording",
    }
    for path, message in cases.items():
        with pytest.raises(EditError, match=message) as err:
            EditSession.open(path)
        assert "\n" not in err.value.reason


# --- edits, undo, redo, save ---------------------------------------------------------------


def test_every_channel_edit_rebuilds_to_the_edit_and_undoes_in_order(chat: Path) -> None:
    session = EditSession.open(chat)
    rec = session.recording
    assert (rec.rebuild.text, rec.rebuild.reasoning) == ("Paris is the capital.", "Think first.")
    assert session.set_text("Lyon is not.").ok
    assert session.set_reasoning("No thinking.").ok
    assert session.set_tool_name(0, "get_forecast").ok
    assert session.set_tool_arguments(0, '{"city": "Lyon"}').ok
    assert session.set_finish_reason("length").ok
    assert session.set_usage({"total_tokens": 1}).ok
    rb = session.recording.rebuild
    assert (rb.text, rb.reasoning, rb.finish_reason, rb.usage) == ("Lyon is not.", "No thinking.", "length", {"total_tokens": 1})
    assert (rb.tool_calls[0].name, rb.tool_calls[0].arguments) == ("get_forecast", '{"city": "Lyon"}')
    labels = []
    while session.can_undo:
        labels.append(session.history.undo_label)
        session.undo()
    assert len(labels) == 6 and not session.dirty
    assert session.recording.rebuild.text == "Paris is the capital."
    assert not session.undo()  # nothing left
    while session.redo():
        pass
    assert session.recording.rebuild.usage == {"total_tokens": 1} and not session.can_redo
    result = session.save()
    assert result.describe() == f"saved {chat.name}" and load(chat).rebuild.tool_calls[0].name == "get_forecast"
    assert session.save().describe() == f"{chat.name}: nothing to save"


def test_refused_edits_change_nothing(chat: Path) -> None:
    session = EditSession.open(chat)
    for outcome in (
        session.set_tool_name(3, "x"),
        session.set_text("x", choice=4),
        session.set_node("request.body.nope.deeper", 1),
        session.delete_node("request"),
        session.replace_document("[1, 2]"),
    ):
        assert not outcome.ok and outcome.reason and "\n" not in outcome.reason
        with pytest.raises(EditError, match=outcome.reason[:20].replace("(", r"\(").replace("[", r"\[")):
            outcome.unwrap()
    assert not session.dirty and not session.can_undo


def test_the_json_editor_replaces_the_document_and_an_identical_text_is_no_step(chat: Path) -> None:
    session = EditSession.open(chat)
    same = session.replace_document(session.text())
    assert same.ok and same.noop and not session.can_undo
    data = json.loads(session.text())
    data["request"]["body"]["temperature"] = 0.5
    assert session.replace_document(json.dumps(data)).ok
    assert session.request_changed and session.pending_rename() is not None
    assert session.delete_node("request.body.temperature").ok
    assert not session.request_changed and session.pending_rename() is None


def test_typing_in_one_field_is_one_undo_step(chat: Path) -> None:
    session = EditSession.open(chat)
    for t in ("a", "ab", "abc"):
        session.set_tool_arguments(0, json.dumps({"x": t}), group="args")
    assert session.undo() and session.recording.rebuild.tool_calls[0].arguments == '{"city": "Paris"}'


def test_a_save_with_rename_off_keeps_the_name_even_after_a_request_edit(chat: Path) -> None:
    session = EditSession.open(chat)
    session.set_node("request.body.temperature", 0.1, create=True)
    result = session.save(rename=False)
    assert not result.renamed and chat.exists() and load(chat).hash.status == "mismatch"


def test_force_overwrites_a_file_changed_on_disk_and_renames_too(chat: Path, repo: Path) -> None:
    session = EditSession.open(chat, root=Root(repo))
    session.set_node("request.body.temperature", 0.1, create=True)
    chat.write_text(chat.read_text().replace("Paris ", "Rome "))  # changed behind our back
    with pytest.raises(ConflictError, match="changed on disk"):
        session.save()
    result = session.save(force=True)
    assert result.renamed and not chat.exists() and load(result.path).hash.status == "ok"
    assert result.describe() == f"saved as {result.path.name} (was {chat.name})"


def test_a_file_deleted_meanwhile_cannot_be_force_renamed(chat: Path) -> None:
    session = EditSession.open(chat)
    session.set_node("request.body.temperature", 0.1, create=True)
    chat.unlink()
    with pytest.raises(ConflictError, match="was deleted since it was opened"):
        session.save(force=True)
    assert session.dirty
    assert session.disk_changed() and session.diff_with_disk().startswith(f"--- {chat.name} (on disk)")


def test_a_symlink_to_a_file_outside_the_root_is_not_saved_through(repo: Path, tmp_path: Path) -> None:
    outside = write_chat(tmp_path / "elsewhere", test_id=TEST_ID)
    raw = outside.read_bytes()
    link = repo / "tests" / "integration" / "link.json"
    link.symlink_to(outside)
    session = EditSession.open(link, root=Root(repo))
    session.set_text("changed")
    with pytest.raises(OutsideRootError, match="outside"):
        session.save()
    assert outside.read_bytes() == raw


def test_reload_drops_the_edits_and_reads_the_disk(chat: Path) -> None:
    session = EditSession.open(chat)
    session.set_text("mine")
    data = json.loads(chat.read_text())
    data["response"]["body"][1]["__data__"]["choices"][0]["delta"]["reasoning_content"] = "Other "
    write_data(chat, data)
    session.reload()
    assert not session.dirty and session.recording.rebuild.reasoning == "Other first."


# --- nodes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a..b", "empty name in path"),
        ("a.", "ends with a dot"),
        ("a[0", "unclosed ["),
        ("a]b", "unexpected ']'"),
        ('a["x', "unclosed ["),
        ("a[x]", ""),
    ],
)
def test_bad_paths_say_where(text: str, message: str) -> None:
    if not message:  # a bare word in brackets is refused or read as a key, never crashes
        try:
            parse_path(text)
        except EditError as exc:
            assert "\n" not in exc.reason
        return
    with pytest.raises(EditError, match=message.replace("[", r"\[")):
        parse_path(text)


_part = st.one_of(st.integers(0, 99), st.text(min_size=1, max_size=6))


@settings(max_examples=150, deadline=None)
@given(path=st.lists(_part, max_size=5).map(tuple))
def test_paths_round_trip_through_their_text(path: tuple) -> None:
    assert parse_path(format_path(path)) == path


def test_paths_print_as_a_person_would_type_them() -> None:
    assert format_path(("request", "body", "messages", 0, "content")) == "request.body.messages[0].content"
    assert format_path(("a", "x.y")) == 'a["x.y"]' and format_path(()) == "$"
    assert parse_path("$.request.body") == ("request", "body") and parse_path("$") == ()


def test_get_node_names_the_first_missing_step() -> None:
    with pytest.raises(EditError, match=r'no key "nope" at request.body'):
        get_node(DOC, ("request", "body", "nope"))
    with pytest.raises(EditError, match=r"no item 5 at request.body.messages \(it has 1\)"):
        get_node(DOC, ("request", "body", "messages", 5))
    with pytest.raises(EditError, match="request.body.n is a number, not an object or array"):
        get_node(DOC, ("request", "body", "n", "x"))


def test_set_and_delete_nodes() -> None:
    same = set_node(DOC, "request.body.n", 1)
    assert same.noop and same.data is DOC
    assert set_node(DOC, "request.body.n", True).changed  # True is not 1
    assert not set_node(DOC, "request.body.temperature", 0.2).ok  # a new key needs create=True
    added = set_node(DOC, "request.body.temperature", 0.2, create=True)
    assert get_node(added.data, ("request", "body", "temperature")) == 0.2 and "temperature" not in DOC["request"]["body"]
    appended = set_node(DOC, "request.body.messages[1]", {"role": "assistant"}, create=True)
    assert len(appended.data["request"]["body"]["messages"]) == 2
    last = set_node(DOC, "request.body.messages[-1].content", "bye")
    assert last.data["request"]["body"]["messages"][0]["content"] == "bye"
    assert set_node(DOC, "request.body.messages[x]", 1).reason.startswith("expected a number or a quoted key inside []")
    assert set_node(DOC, ("request", "body", "messages", "x"), 1).reason == "no item x at request.body.messages (it has 1)"
    assert set_node(DOC, ("request", "body", "messages", "x"), 1, create=True).reason == "an array index must be a number, not 'x'"
    assert "not a JSON value" in set_node(DOC, "request.body.n", {1, 2}).reason
    assert "keys must be strings" in set_node(DOC, "request.body.n", {1: 2}).reason
    assert set_node(DOC, (), [1]).reason == "not a recording: the top level must be an object, not a array"
    assert delete_node(DOC, "response").reason == "not a recording: the top level needs response"
    assert delete_node(DOC, "$").reason == "cannot delete the whole document"
    assert delete_node(DOC, "request.nope").reason == 'no key "nope" at request'
    gone = delete_node(DOC, "request.body.messages[0]")
    assert gone.ok and gone.data["request"]["body"]["messages"] == [] and gone.label == "delete request.body.messages[0]"


def test_values_and_documents_typed_by_a_person() -> None:
    assert parse_value('{"a": [1, 0.5]}') == {"a": [1, 0.5]}
    with pytest.raises(EditError, match="not JSON: Expecting value at line 1, column 1"):
        parse_value("nope")
    assert parse_document(b"\xff{}")[1].one_line() == "not UTF-8 (byte 0xff at offset 0)"
    assert parse_document("  \n")[1].message == "the document is empty"
    cut = parse_document('{"request": {}, "response": ')[1]
    assert cut.message.startswith("unexpected end of the document") and cut.line == 1
    assert parse_document('{"request": {}}')[1].one_line() == "not a recording: the top level needs response at line 1, column 1"
    bad = replace_document('{\n  "request": {},\n  oops\n}')
    assert not bad.ok and bad.document_error is not None and bad.document_error.line == 3
    assert replace_document(b'{"request": {}, "response": {}}').ok


# --- history ------------------------------------------------------------------------------


def test_history_limit_forgets_the_oldest_and_the_saved_state() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        History(0, limit=0)
    h: History[int] = History(0, limit=3)
    for i in range(1, 6):
        h.push(i, f"set {i}")
    assert h.current == 5 and h.dirty
    undone = 0
    while h.undo() is not None:
        undone += 1
    assert undone == 2 and h.current == 3 and h.dirty  # the saved state 0 is gone for good
    h.push(9, "branch")
    assert not h.can_redo and h.redo() is None
    h.mark_saved(10)
    assert h.current == 10 and not h.dirty
    h.reset(42)
    assert h.current == 42 and not h.can_undo and not h.dirty


def test_an_outcome_unwraps_to_its_document() -> None:
    assert EditOutcome({"a": 1}, label="x", changed=(("a",),)).unwrap() == {"a": 1}
    with pytest.raises(EditError, match="^why$"):
        EditOutcome.refused("why").unwrap()


# --- fmt ----------------------------------------------------------------------------------


def test_fmt_rewrites_to_the_recorders_bytes_and_reports_the_rest(repo: Path) -> None:
    folder = repo / "tests" / "integration"
    data = {"test_id": None, "request": chat_request(), "response": {"body": None}}
    messy = folder / "messy.json"
    messy.write_text(json.dumps(data, indent=4))
    checked = format_file(messy, check=True, diff=True)
    assert checked.status == "would-change" and checked.needs_change and "\\ No newline at end of file" in checked.diff
    assert format_file(messy).status == "changed" and messy.read_bytes() == render(data)
    assert format_file(messy).status == "unchanged"
    assert format_file(folder).message == "is a folder"
    assert format_file(folder / "gone.json").status == "error"
    (folder / "list.json").write_text("[1]")
    assert format_file(folder / "list.json").status == "skipped"
    assert format_bytes(b"{")[1] is not None and format_bytes(b"{")[0] is None


def test_fmt_never_overwrites_a_file_changed_while_it_worked(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = repo / "r.json"
    path.write_text(json.dumps({"request": {}, "response": {}}, indent=4))

    def changed(*_a: object, **_k: object) -> None:
        raise ConflictError("r.json changed on disk since it was read")

    monkeypatch.setattr("inspector.core.base.formatter.write_text_atomic", changed)
    result = format_file(path)
    assert result.status == "error" and result.message.endswith("(not formatted)")

    def full(*_a: object, **_k: object) -> None:
        raise WriteError("cannot write: No space left on device")

    monkeypatch.setattr("inspector.core.base.formatter.write_text_atomic", full)
    assert format_file(path).message == "cannot write: No space left on device"


# --- rehash -------------------------------------------------------------------------------


def test_rehash_of_edited_files_renames_each_and_reports_each(repo: Path) -> None:
    a = write_chat(repo, test_id=TEST_ID)
    b = write_chat(repo, test_id=TEST_ID, body=chat_body("Capital of Spain?"))
    ok = write_chat(repo, test_id=TEST_ID, body=chat_body("Capital of Italy?"))
    for path in (a, b):
        data = json.loads(path.read_text())
        data["request"]["body"]["temperature"] = 0.5
        write_data(path, data)
    broken = repo / "tests/integration/inference/recordings/broken.json"
    broken.write_text("{")
    dry = rehash_files([a, b, ok, broken], root=Root(repo), dry_run=True)
    assert [r.status for r in dry] == ["would-rename", "would-rename", "unchanged", "skipped"]
    assert a.exists() and b.exists()
    reports = rehash_files([a, b, ok, broken], root=Root(repo))
    assert [r.status for r in reports] == ["renamed", "renamed", "unchanged", "skipped"]
    assert "1 id re-pointed" not in reports[0].message and "2 ids re-pointed" in reports[0].message
    for r in reports[:2]:
        assert not r.source.exists() and load(r.target).hash.status == "ok"
        assert f'"rec-{r.target.name[:12]}"' in r.target.read_text()


def test_rehash_onto_an_identical_file_removes_the_old_name(repo: Path) -> None:
    path = write_chat(repo, test_id=TEST_ID)
    right = path.read_bytes()
    stale = path.with_name("0" * 64 + ".json")
    path.rename(stale)
    path.write_bytes(right)  # the right name already holds these bytes
    [report] = rehash_files([stale])
    assert report.status == "identical" and "an identical file was already there" in report.message
    assert not stale.exists() and path.read_bytes() == right


def test_rehash_never_renames_onto_a_different_file(repo: Path) -> None:
    path = write_chat(repo, test_id=TEST_ID)
    stale = path.with_name("0" * 64 + ".json")
    path.rename(stale)
    path.write_text('{"someone": "else"}\n')
    [report] = rehash_files([stale])
    assert report.status == "failed" and "already exists with different content" in report.message
    assert stale.exists() and path.read_text() == '{"someone": "else"}\n'


def test_a_failed_removal_of_the_old_name_undoes_the_new_file(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_chat(repo, test_id=TEST_ID)
    stale = path.with_name("0" * 64 + ".json")
    path.rename(stale)
    plan = plan_rehash(stale)

    from inspector.core.edit import rehash

    real_remove = rehash.remove_file

    def refuse_the_old_name(p: Path, **kw: object) -> None:
        if Path(p) == stale:
            raise WriteError("cannot remove: Read-only file system")
        real_remove(p, **kw)

    monkeypatch.setattr(rehash, "remove_file", refuse_the_old_name)
    with pytest.raises(WriteError, match="Read-only"):
        apply_rename(plan)
    assert stale.exists() and not path.exists()


def test_a_plan_that_only_repoints_ids_saves_in_place(repo: Path) -> None:
    path = write_chat(repo, test_id=TEST_ID, chunks=[piece("Paris", id="rec-aaaaaaaaaaaa"), piece("", finish="stop", id="rec-aaaaaaaaaaaa")])
    plan = plan_rehash(path.with_name(path.name))
    assert plan.status == "unchanged"  # the name hash decides which ids are ours: none are
    nameless = path.with_name("models.json")
    path.rename(nameless)
    assert old_id_hash(None, json.loads(nameless.read_text())["response"]) == "aaaaaaaaaaaa"


def test_rehash_skips_what_it_cannot_name(repo: Path) -> None:
    req = {"test_id": "t", "provider": "pypdf", "api": "file_processors", "file_id": "f"}
    fp = write(repo / "tests/integration/responses/recordings", "t", req, {"body": {}, "is_streaming": False}, name="ab" * 32 + ".json")
    plan = plan_rehash(fp)
    assert plan.status == "skip" and plan.describe() == f"{fp.name}: skipped (no hash rule for this kind of request)"
    assert plan_rehash(repo / "gone.json").note.startswith("cannot read")
    assert apply_rename(plan).path == fp  # nothing to do


def test_rehash_moves_into_the_test_ids_folder_and_says_so(repo: Path) -> None:
    (repo / "tests/integration/agents").mkdir(parents=True)
    path = write_chat(repo, test_id=TEST_ID)
    data = json.loads(path.read_text())
    data["test_id"] = TEST_ID.replace("/inference/", "/agents/")
    write_data(path, data)
    plan = plan_rehash(path, root=Root(repo))
    assert plan.folder_changed and plan.target.parent == repo / "tests/integration/agents/recordings"
    assert "moved to" in plan.describe() and "re-pointed" in plan.describe()
    result = apply_rename(plan, root=Root(repo))
    assert result.path.exists() and not path.exists() and load(result.path).hash.status == "ok"


def test_the_2025_layout_moves_to_the_test_folder_with_a_note_about_its_index(repo: Path) -> None:
    # ogx 1.5.0 never looks in recordings/responses/: the file goes where it replays from.
    folder = repo / "tests/integration/recordings/responses"
    path = write_chat(repo, test_id=TEST_ID, folder=folder, name="0" * 12 + ".json")
    con = sqlite3.connect(folder.parent / "index.sqlite")
    con.execute("CREATE TABLE recordings (request_hash TEXT)")
    con.commit()
    con.close()
    plan = plan_rehash(path, root=Root(repo))
    assert plan.target.parent == repo / "tests/integration/inference/recordings"
    assert "index.sqlite still lists the old name" in (plan.note or "")


def test_ids_are_repointed_inside_sse_lines_and_values_shared_otherwise() -> None:
    body = {"a": [f"data: {{\"id\": \"rec-{'1' * 12}\"}}", {"id": f"rec-{'1' * 12}"}], "b": {"keep": [1]}}
    new, count = repoint_ids(body, "1" * 12, "2" * 12)
    assert count == 2 and "rec-222222222222" in new["a"][0] and new["a"][1]["id"] == "rec-222222222222"
    assert new["b"] is body["b"]
    assert repoint_ids(body, "1" * 12, "1" * 12) == (body, 0)


def test_with_test_id_keeps_the_key_order_and_sets_it_inside_raw_requests() -> None:
    raw = {"request": {"test_id": "old", "url": "u"}, "response": {}}
    out = with_test_id(raw, "new")
    assert list(out) == ["test_id", "request", "response"] and out["request"]["test_id"] == "new"
    kept = with_test_id({"x": 1, "test_id": "old", "request": {}}, "new")
    assert list(kept) == ["x", "test_id", "request"]


def test_a_test_id_going_up_keeps_the_file_in_its_folder(repo: Path) -> None:
    path = write_chat(repo, test_id=TEST_ID)
    data = json.loads(path.read_text())
    data["test_id"] = "tests/../../x/test_y.py::t"
    write_data(path, data)
    plan = plan_rehash(path, root=Root(repo))
    assert plan.target.parent == path.parent and "goes up" in (plan.note or "")


def test_session_saves_inside_the_root_only(repo: Path, tmp_path: Path) -> None:
    path = write_chat(repo, test_id=TEST_ID)
    data = json.loads(path.read_text())
    assert REC_ID not in path.read_text()
    data["test_id"] = "tests/integration/elsewhere/test_x.py::t"
    os.makedirs(repo / "tests/integration/elsewhere")
    write_data(path, data)
    session = EditSession.open(path, root=Root(repo))
    session.set_node("request.body.temperature", 0.3, create=True)
    result = session.save()
    assert result.path.parent == repo / "tests/integration/elsewhere/recordings" and result.ids_repointed == 2

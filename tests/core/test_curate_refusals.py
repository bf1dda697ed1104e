"""Curating on made-to-order recordings: each refusal says why in one line and changes nothing;
trash and restore round-trip every byte; batches report each file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inspector.core import load
from inspector.core.base.writer import WriteError
from inspector.core.edit.curate import TRASH_DIR, CurateError, Curator
from inspector.testing.factories import (
    chat_body,
    http_request,
    inference_request,
    model_list_name,
    model_objects,
    piece,
    response,
    write,
    write_chat,
)

TEST_ID = "tests/integration/inference/test_chat.py::test_capital[txt=openai/gpt-4o]"
NEW_TEST = "tests/integration/newsuite/test_new.py::test_copy[txt=x]"


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes: what "nothing changed" compares."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "tests" / "integration").mkdir(parents=True)
    (root / ".git").mkdir()
    return root


@pytest.fixture
def chat(repo: Path) -> Path:
    return write_chat(repo, test_id=TEST_ID)


# --- the root and the source -------------------------------------------------------------


def test_a_root_that_is_not_a_folder_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(CurateError, match=r"^the root .*missing is not a folder$"):
        Curator(tmp_path / "missing")


def test_sources_that_cannot_be_acted_on_say_why_and_nothing_changes(repo: Path, chat: Path, tmp_path: Path) -> None:
    curator = Curator(repo)
    (repo / "link.json").symlink_to(chat)
    folder = repo / "tests" / "integration" / "a-folder.json"
    folder.mkdir()
    outside = write_chat(tmp_path / "elsewhere", test_id=TEST_ID)
    before = snapshot(repo)
    cases = {
        repo / "link.json": "link.json is a symbolic link; act on the file it points to",
        repo / "nope.json": "nope.json: no such file",
        folder: "tests/integration/a-folder.json is not a file",
        outside: "is outside",
    }
    for path, message in cases.items():
        for act in (lambda p: curator.delete(p), lambda p: curator.move(p, repo / "x"), lambda p: curator.duplicate(p, NEW_TEST)):
            with pytest.raises(CurateError, match=message) as err:
                act(path)
            assert "\n" not in err.value.reason
    assert snapshot(repo) == before and outside.exists()


def test_a_file_in_the_trash_is_restored_not_curated(repo: Path, chat: Path) -> None:
    curator = Curator(repo)
    trashed = curator.delete(chat).target
    assert trashed is not None and trashed.parent.parent == repo / TRASH_DIR
    with pytest.raises(CurateError, match="is in the trash; restore it instead"):
        curator.move(trashed, repo / "tests/integration/inference/recordings")


# --- duplicate ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"test_id": null, "request": {', "truncated"),
        (b'{"hello": "world"}\n', "not a recording"),
    ],
)
def test_duplicating_what_is_not_a_recording_is_refused(repo: Path, content: bytes, message: str) -> None:
    src = repo / "tests/integration/inference/recordings" / ("a" * 64 + ".json")
    src.parent.mkdir(parents=True)
    src.write_bytes(content)
    with pytest.raises(CurateError, match=message) as err:
        Curator(repo).duplicate(src, NEW_TEST)
    assert err.value.reason.startswith(f"{src.name}: ")
    assert not (repo / "tests/integration/newsuite").exists()


def test_a_kind_without_a_hash_rule_cannot_be_named_so_it_is_not_copied(repo: Path) -> None:
    tid = "tests/integration/responses/test_files.py::test_pdf"
    req = {"test_id": tid, "provider": "pypdf", "api": "file_processors", "file_id": "file-1"}
    body = {"__type__": "ogx_api.file_processors.models.ProcessFileResponse", "__data__": {"chunks": []}}
    src = write(repo / "tests/integration/responses/recordings", tid, req, response(body, streaming=False), name="3f" * 32 + ".json")
    with pytest.raises(CurateError, match="no hash rule for this kind of request, so it cannot be named"):
        Curator(repo).duplicate(src, NEW_TEST)


def test_a_copy_never_overwrites_a_different_file(repo: Path, chat: Path) -> None:
    curator = Curator(repo)
    target, _data = curator.plan_duplicate(chat, NEW_TEST)
    assert not target.exists()  # planning writes nothing
    target.parent.mkdir(parents=True)
    target.write_text('{"mine": true}\n')
    with pytest.raises(CurateError, match="already exists with different content; not overwriting it"):
        curator.duplicate(chat, NEW_TEST)
    assert target.read_text() == '{"mine": true}\n'


def test_a_copy_of_a_raw_http_recording_carries_the_new_test_id_inside_the_request(repo: Path) -> None:
    tid = "tests/integration/messages/test_messages.py::test_basic[txt=x]"
    body = {"id": "msg_1", "type": "message", "role": "assistant", "content": [{"type": "text", "text": "Bonjour"}], "stop_reason": "end_turn"}
    src = write(repo / "tests/integration/messages/recordings", tid, http_request(tid, "http://h/v1/messages", {"model": "m", "max_tokens": 9}),
                response(body, streaming=False, status=200))
    result = Curator(repo).duplicate(src, NEW_TEST)
    assert result.status == "done" and result.target is not None
    copy = load(result.target)
    assert copy.test_id == NEW_TEST and copy.data["request"]["test_id"] == NEW_TEST
    assert copy.hash.status == "ok" and copy.rebuild.text == "Bonjour"


def test_a_copied_model_list_keeps_its_models_name_form(repo: Path) -> None:
    req = inference_request("https://api.openai.com/v1/v1/models", {}, "/v1/models", "", method="GET")
    models = model_objects(["gpt-4o", "gpt-4o-mini"], "openai")
    src = write(repo / "tests/integration/common/recordings", None, req, response(models, streaming=False), name=model_list_name(req, models))
    result = Curator(repo).duplicate(src, NEW_TEST)
    assert result.target is not None and result.target.name.startswith("models-")
    assert result.target.name.endswith(src.name[-14:])  # the same model set: the same digest
    assert load(result.target).hash.status == "ok"


def test_duplicate_many_reports_each_file(repo: Path, chat: Path) -> None:
    results = Curator(repo).duplicate_many([chat, repo / "gone.json"], NEW_TEST)
    assert [r.status for r in results] == ["done", "failed"]
    assert results[1].message == "gone.json: gone.json: no such file" and results[1].target is None
    assert not results[1].ok and results[0].ok


# --- move -----------------------------------------------------------------------------


def test_moving_into_the_trash_or_onto_itself(repo: Path, chat: Path) -> None:
    curator = Curator(repo)
    with pytest.raises(CurateError, match="the destination is the trash; delete the file instead"):
        curator.move(chat, repo / TRASH_DIR / "x")
    same = curator.move(chat, chat.parent)
    assert same.status == "identical" and "is already in tests/integration/inference/recordings" in same.message
    assert chat.exists()


def test_a_move_onto_the_same_bytes_says_delete_instead(repo: Path, chat: Path) -> None:
    dest = repo / "tests/integration/other/recordings"
    dest.mkdir(parents=True)
    (dest / chat.name).write_bytes(chat.read_bytes())
    with pytest.raises(CurateError, match=f"already exists with the same content; delete {chat.name} instead"):
        Curator(repo).move(chat, dest)
    assert chat.exists()


def test_a_destination_that_is_a_file_is_refused(repo: Path, chat: Path) -> None:
    blocker = repo / "tests/integration/blocked"
    blocker.write_text("a file, not a folder\n")
    with pytest.raises(CurateError, match="^tests/integration/blocked exists and is not a folder$"):
        Curator(repo).move(chat, blocker)
    with pytest.raises(CurateError, match="^cannot create tests/integration/blocked/recordings: Not a directory$"):
        Curator(repo).move(chat, blocker / "recordings")
    assert chat.exists() and blocker.read_text() == "a file, not a folder\n"


def test_moving_back_where_the_recorder_looks_gives_no_hint(repo: Path, chat: Path) -> None:
    curator = Curator(repo)
    away = curator.move(chat, repo / "tests/integration/elsewhere/recordings")
    assert "the recorder looks for this test's recordings in tests/integration/inference/recordings" in away.message
    assert away.target is not None
    back = curator.move(away.target, chat.parent)
    assert back.status == "done" and "note:" not in back.message and chat.exists()


def test_move_many_reports_each_file(repo: Path, chat: Path) -> None:
    dest = repo / "tests/integration/other/recordings"
    results = Curator(repo).move_many([chat, repo / "gone.json"], dest)
    assert [r.status for r in results] == ["done", "failed"]
    assert (dest / chat.name).exists()


def test_a_failed_move_leaves_the_file_where_it_was(repo: Path, chat: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(*_a: object, **_k: object) -> None:
        raise WriteError("cannot write: No space left on device")

    monkeypatch.setattr("inspector.core.edit.curate.move_file", full_disk)
    raw = chat.read_bytes()
    with pytest.raises(CurateError, match="^cannot write: No space left on device$"):
        Curator(repo).move(chat, repo / "tests/integration/other/recordings")
    assert chat.read_bytes() == raw


# --- trash and restore --------------------------------------------------------------------


def test_a_failed_delete_leaves_no_half_made_trash_entry(repo: Path, chat: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(*_a: object, **_k: object) -> None:
        raise WriteError("cannot write: No space left on device")

    curator = Curator(repo)
    monkeypatch.setattr("inspector.core.edit.curate.move_file", full_disk)
    with pytest.raises(CurateError, match="No space left on device"):
        curator.delete(chat)
    assert chat.exists() and curator.trash() == []
    assert [p.name for p in (repo / TRASH_DIR).iterdir()] == [".gitignore"]


def test_restore_onto_the_same_bytes_empties_the_entry(repo: Path, chat: Path) -> None:
    raw = chat.read_bytes()
    curator = Curator(repo)
    curator.delete(chat)
    chat.write_bytes(raw)  # re-recorded identically meanwhile
    result = curator.restore(curator.trash()[0])
    assert result.status == "identical" and "already back with the same content" in result.message
    assert curator.trash() == [] and chat.read_bytes() == raw


def test_restore_recreates_a_folder_that_was_removed(repo: Path, chat: Path) -> None:
    raw = chat.read_bytes()
    curator = Curator(repo)
    curator.delete(chat)
    chat.parent.rmdir()
    assert curator.restore(curator.trash()[0]).status == "done"
    assert chat.read_bytes() == raw


def test_entries_are_found_by_id_prefix_or_original_path_and_ambiguity_is_refused(repo: Path) -> None:
    curator = Curator(repo)
    a = write_chat(repo, test_id=TEST_ID)
    b = write_chat(repo, test_id=TEST_ID, body=chat_body("Capital of Spain?"))
    first, second = curator.delete(a), curator.delete(b)
    assert first.trash_id and second.trash_id
    by_path = curator.find_entries([str(b.relative_to(repo))])
    assert [e.id for e in by_path] == [second.trash_id]
    common = ""
    for x, y in zip(first.trash_id, second.trash_id, strict=False):
        if x != y:
            break
        common += x
    with pytest.raises(CurateError, match=f"{common!r} matches 2 trash entries; give more of the id"):
        curator.find_entries([common])
    with pytest.raises(CurateError, match="nothing in the trash matches 'zzz'"):
        curator.restore("zzz")


def test_the_same_path_deleted_twice_restores_the_latest(repo: Path, chat: Path) -> None:
    curator = Curator(repo)
    first = chat.read_bytes()
    curator.delete(chat)
    write_chat(repo, test_id=TEST_ID, chunks=[piece("Lyon"), piece("", finish="stop")], name=chat.name)
    second = chat.read_bytes()
    curator.delete(chat)
    [entry] = curator.find_entries([str(chat.relative_to(repo))])
    curator.restore(entry)
    assert chat.read_bytes() == second != first
    assert len(curator.trash()) == 1  # the older deletion is still there


def test_damaged_trash_entries_are_left_out_not_fatal(repo: Path, chat: Path) -> None:
    curator = Curator(repo)
    assert curator.trash() == [] and curator.last_batch() == []
    entry = curator.delete(chat).trash_id
    trash = repo / TRASH_DIR
    (trash / "stray-file").write_text("x")
    (trash / "no-info").mkdir()
    (trash / "bad-info").mkdir()
    (trash / "bad-info" / "trash-info.json").write_text("{not json")
    (trash / "no-file").mkdir()
    (trash / "no-file" / "trash-info.json").write_text(json.dumps({"original": "tests/x.json"}))
    assert [e.id for e in curator.trash()] == [entry]


def test_purge_deletes_an_entry_for_good(repo: Path, chat: Path) -> None:
    curator = Curator(repo)
    curator.delete(chat)
    [entry] = curator.trash()
    curator.purge(entry)
    assert curator.trash() == [] and not entry.file.exists() and not chat.exists()


def test_a_batch_is_restored_together_and_failures_are_reported(repo: Path) -> None:
    curator = Curator(repo)
    a = write_chat(repo, test_id=TEST_ID)
    b = write_chat(repo, test_id=TEST_ID, body=chat_body("Capital of Spain?"))
    curator.delete_many([a, b])
    batch = curator.last_batch()
    assert len(batch) == 2 and batch[0].batch == batch[1].batch
    a.write_text('{"someone": "else"}\n')  # one original place is taken by another file
    results = curator.restore_many(batch)
    assert sorted(r.status for r in results) == ["done", "failed"]
    failed = next(r for r in results if not r.ok)
    assert "exists again with different content; not overwriting it" in failed.message
    assert b.exists() and json.loads(a.read_text()) == {"someone": "else"}


def test_a_deleted_files_trash_entry_says_where_it_came_from(repo: Path, chat: Path) -> None:
    raw = chat.read_bytes()
    curator = Curator(repo)
    result = curator.delete(chat)
    [entry] = curator.trash()
    assert result.message == f"{entry.original} → trash ({entry.id})"
    assert entry.original == str(chat.relative_to(repo)) and entry.name == chat.name
    assert entry.size == len(raw) and entry.file.read_bytes() == raw and entry.deleted_at.endswith("+00:00")

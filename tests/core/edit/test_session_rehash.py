"""Editing a real recording and saving it: conflicts, request edits that rename, rehash."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from inspector.cli.main import main
from inspector.core import load
from inspector.core.base.writer import ConflictError, render
from inspector.core.edit import EditSession, Root, plan_rehash
from inspector.core.rules.profiles import rule_set

STREAM = "042cf899bac1"  # a chat stream whose ids are rec-<first 12 of its hash> (twin sample: conftest.TWINS)
MODELS = "models-a495ae010d48"  # a model list named models-<hash>-<digest>.json
SHARED_MODELS = "models-3a641f25d656"  # a shared /v1/models list named by the May 2026 rules


def test_an_unchanged_save_is_byte_identical_and_a_response_edit_keeps_the_name(real_copy: Callable[[str], Path]) -> None:
    path = real_copy(STREAM)
    raw = path.read_bytes()
    session = EditSession.open(path)
    assert session.save().unchanged and path.read_bytes() == raw
    old = session.recording.rebuild.text
    assert session.set_text(old + " (edited)").ok and session.dirty
    assert session.pending_rename() is None  # only a request edit renames
    result = session.save()
    assert not result.renamed and not session.dirty
    assert load(path).rebuild.text == old + " (edited)"
    changed = [a for a, b in zip(raw.splitlines(), path.read_bytes().splitlines(), strict=True) if a != b]
    assert len(changed) == 1


def test_an_external_change_stops_the_save_and_offers_diff_reload_overwrite(real_copy: Callable[[str], Path]) -> None:
    path = real_copy(STREAM)
    session = EditSession.open(path)
    session.set_text("mine")
    data = json.loads(path.read_text())
    data["response"]["is_streaming"] = "re-recorded"
    path.write_text(json.dumps(data, indent=2) + "\n")  # someone re-records behind our back
    assert session.disk_changed()
    with pytest.raises(ConflictError, match="changed on disk"):
        session.save()
    assert session.dirty and load(path).data["response"]["is_streaming"] == "re-recorded"
    diff = session.diff_with_disk()
    assert '-    "is_streaming": "re-recorded"' in diff and '"mine"' in diff
    session.save(force=True)  # overwrite
    assert load(path).rebuild.text == "mine" and not session.dirty
    session.set_text("again")
    path.write_text(json.dumps(data, indent=2) + "\n")
    session.reload()  # reload drops the edits
    assert not session.dirty and session.data == data and not session.can_undo


def test_a_request_edit_renames_to_the_new_hash_and_repoints_ids(real_copy: Callable[[str], Path], repo: Path) -> None:
    path = real_copy(STREAM)
    old_id = f"rec-{path.name[:12]}"
    session = EditSession.open(path, root=Root(repo))
    assert session.set_node("request.body.temperature", 0.25, create=True).ok
    assert session.request_changed
    plan = session.pending_rename()
    assert plan is not None and plan.target.name != path.name and plan.ids_repointed == path.read_text().count(f'"{old_id}"')
    result = session.save()
    assert result.renamed and result.previous_path == path and not path.exists()
    new = result.path
    assert new.parent == path.parent and new == plan.target
    rec = load(new)
    assert rec.hash.status == "ok" and rec.hash.name == new.name[:-5]
    text = new.read_text()
    assert f"rec-{new.name[:12]}" in text and old_id not in text
    assert session.path == new and not session.dirty and session.can_undo


def test_a_rename_never_overwrites_a_different_file(real_copy: Callable[[str], Path]) -> None:
    path = real_copy(STREAM)
    session = EditSession.open(path)
    session.set_node("request.body.temperature", 0.25, create=True)
    plan = session.pending_rename()
    assert plan is not None
    plan.target.write_text('{"request": {}, "response": {}}\n')
    with pytest.raises(ConflictError, match="different content"):
        session.save()
    assert path.exists() and session.dirty and plan.target.read_text() == '{"request": {}, "response": {}}\n'
    plan.target.write_bytes(render(plan.data))  # an identical file is already there: fine, say so
    result = session.save()
    assert result.identical_existed and not path.exists()


def test_rehash_command_renames_files_edited_outside_the_app(real_copy: Callable[[str], Path], repo: Path, capsys, monkeypatch) -> None:
    path = real_copy(STREAM)
    monkeypatch.chdir(repo)
    ids = path.read_text().count(f'"rec-{path.name[:12]}"')
    data = json.loads(path.read_text())
    data["request"]["body"]["temperature"] = 0.25
    path.write_text(json.dumps(data, indent=2) + "\n")
    assert main(["rehash", str(path), "--check"]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"would rename {path.relative_to(repo)}") and f"{ids} ids re-pointed" in out
    assert path.exists()
    assert main(["rehash", "tests"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("renamed ") and not path.exists()
    new = next(path.parent.glob("*.json"))
    assert load(new).hash.status == "ok"
    assert main(["rehash", "tests", "--check", "-v"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_model_lists_keep_their_form_with_the_digest_recomputed(real_copy: Callable[[str], Path]) -> None:
    path = real_copy(MODELS)
    data = json.loads(path.read_text())
    data["response"]["body"][0]["__data__"]["id"] = "Qwen/Qwen3-1.7B"  # another model: a new digest
    plan = plan_rehash(path, data)
    assert plan.status == "rename"
    _, old_hash, old_digest = path.name[:-5].split("-")
    prefix, new_hash, new_digest = plan.target.name[:-5].split("-")
    assert prefix == "models" and new_hash == old_hash and new_digest != old_digest
    assert plan.target.name.endswith(f"-{new_digest}.json") and len(new_digest) == 8
    shared = real_copy(SHARED_MODELS)  # named by the May 2026 rules, which hashed shared model lists differently
    assert plan_rehash(shared, rules=rule_set("2026-05")).status == "unchanged"
    assert plan_rehash(shared).status == "rename"


def test_rehash_moves_a_file_to_its_test_ids_folder_but_never_out_of_the_root(real_copy: Callable[[str], Path], repo: Path) -> None:
    path = real_copy(STREAM)
    data = json.loads(path.read_text())
    suite = path.parent.parent.name  # tests/integration/<suite>/recordings
    data["test_id"] = data["test_id"].replace(f"tests/integration/{suite}/", "tests/integration/agents/")
    path.write_text(json.dumps(data, indent=2) + "\n")
    plan = plan_rehash(path, root=Root(repo))
    assert plan.folder_changed and plan.target.parent == repo / "tests/integration/agents/recordings"
    data["test_id"] = "../../../../etc/test_x.py::t"
    path.write_text(json.dumps(data, indent=2) + "\n")
    escaping = plan_rehash(path, root=Root(repo))
    assert escaping.target.parent == path.parent and "goes up" in (escaping.note or "")


def test_rehash_reports_what_it_cannot_rename(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "recordings"
    folder.mkdir()
    (folder / "notes.json").write_text('{"a": 1}\n')
    (folder / "broken.json").write_text('{"request": ')
    assert main(["rehash", str(folder), "-v", "--root", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "skipped" in out and "not a recording" in out and "truncated" in out
    assert main(["rehash", str(folder), "--rules", "nope"]) == 2
    assert "unknown rule set" in capsys.readouterr().err


def test_undo_redo_across_a_save_tracks_dirty(real_copy: Callable[[str], Path]) -> None:
    path = real_copy(STREAM)
    session = EditSession.open(path)
    original = session.recording.rebuild.text
    for text in ("a", "ab", "abc"):
        session.set_text(text, group="typing")  # one undo step for a burst of typing
    session.set_finish_reason("length")
    assert session.history.undo_label == "edit finish reason"
    assert session.undo() and session.recording.rebuild.text == "abc"
    assert session.undo() and session.recording.rebuild.text == original and not session.dirty
    assert session.redo() and session.dirty
    session.save()
    assert not session.dirty and load(path).rebuild.text == "abc"
    session.undo()
    assert session.dirty and session.recording.rebuild.text == original
    assert not session.set_text("x", choice=7).ok and session.recording.rebuild.text == original


# --- duplicates, not conflicts --------------------------------------------------------------------

MODELS_REQUEST = {"method": "GET", "url": "https://api.openai.com/v1/models", "headers": {}, "body": {}, "endpoint": "/v1/models", "model": ""}


@pytest.fixture
def models_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """A repository (the current folder) and the newest hash of a shared model-list request."""
    from inspector.core.rules import hashing as _hashing

    repo_root = tmp_path / "repo"
    (repo_root / ".git").mkdir(parents=True)
    monkeypatch.chdir(repo_root)
    h = _hashing.request_hash(MODELS_REQUEST, None)
    assert h is not None
    return repo_root, h


def _model_list(repo_root: Path, name_hash: str, created: int) -> Path:
    from inspector.core.base.writer import write_recording
    from inspector.core.rules import hashing as _hashing

    models = [{"__type__": "openai.types.model.Model", "__data__": {"id": m, "created": created, "object": "model", "owned_by": "o"}} for m in ("a", "b")]
    path = repo_root / "tests/integration/common/recordings" / f"models-{name_hash}-{_hashing.model_list_digest(models)}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"test_id": None, "request": dict(MODELS_REQUEST), "response": {"body": models, "is_streaming": False}, "id_normalization_mapping": {}}
    write_recording(path, data)
    return path


def test_rehash_onto_the_same_request_is_a_duplicate_and_drop_duplicates_trashes_it(
    models_repo: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    repo_root, h = models_repo
    kept = _model_list(repo_root, h, created=0)
    stale = _model_list(repo_root, "9" * 64, created=1700000000)  # same model set, other bytes
    before = stale.read_bytes()
    from inspector.core.checks.runner import check_paths

    hints = {f.path: f.hint for f in check_paths([kept, stale]).findings if f.code == "duplicate-request"}
    assert hints[str(kept)] is None  # the rightly named one stays
    assert (hints[str(stale)] or "").startswith("recording-inspector rehash --drop-duplicates tests/integration/common/")

    assert main(["rehash", str(stale)]) == 0
    out = capsys.readouterr().out
    assert "duplicate-request" in out and "already holds the same model set" in out
    assert "already exists with different content" not in out
    assert stale.exists() and kept.exists()

    assert main(["rehash", "--drop-duplicates", str(stale)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"dropped tests/integration/common/recordings/{stale.name}: ")
    assert "moved into the trash (" in out and "recording-inspector restore " in out
    assert not stale.exists() and kept.exists()

    assert main(["restore", "--last"]) == 0
    assert stale.read_bytes() == before  # restorable, byte for byte


def test_another_request_under_the_new_name_is_still_a_conflict(
    models_repo: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    repo_root, h = models_repo
    kept = _model_list(repo_root, h, created=0)
    data = json.loads(kept.read_text())
    data["request"]["body"] = {"extra": True}  # the file under the new name holds another request
    kept.write_text(json.dumps(data, indent=2) + "\n")
    stale = _model_list(repo_root, "9" * 64, created=5)
    assert main(["rehash", "--drop-duplicates", str(stale)]) == 1
    captured = capsys.readouterr()
    assert "already exists with different content" in captured.err and "duplicate-request" not in captured.out
    assert stale.exists()

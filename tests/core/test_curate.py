"""Duplicate, move, delete into the trash, restore; and nothing ever lands outside the root."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from inspector.cli.main import main
from inspector.core import discover, load
from inspector.core.edit.curate import TRASH_DIR, CurateError, Curator

STREAM = "042cf899bac1"  # a streamed chat (see TWINS in conftest.py for the shipped sample used without ../shared)
NEW_TEST = "tests/integration/newsuite/test_new.py::test_copy[txt=x]"


def test_duplicate_makes_a_new_fixture_with_a_new_hash_folder_and_ids(real_copy: Callable[[str], Path], repo: Path) -> None:
    src = real_copy(STREAM)
    result = Curator(repo).duplicate(src, NEW_TEST)
    assert result.status == "done" and src.exists()
    copy = result.target
    assert copy is not None and copy.parent == repo / "tests/integration/newsuite/recordings"
    rec = load(copy)
    assert rec.test_id == NEW_TEST and rec.hash.status == "ok" and copy.name != src.name
    assert f"rec-{copy.name[:12]}" in copy.read_text() and f"rec-{src.name[:12]}" not in copy.read_text()
    assert rec.rebuild.text == load(src).rebuild.text
    again = Curator(repo).duplicate(src, NEW_TEST)
    assert again.status == "identical" and "already exists" in again.message


@pytest.mark.parametrize(
    ("test_id", "message"),
    [
        ("../../outside/test_x.py::t", "goes up with '..'"),
        ("tests/../../outside/test_x.py::t", "goes up with '..'"),
        ("/tmp/evil/test_x.py::t", "absolute path"),
        ("tests\\evil\\test_x.py::t", "backslash"),
        ("test_top.py::t", "no test file folder"),
    ],
)
def test_a_test_id_cannot_send_a_copy_outside_the_root(real_copy: Callable[[str], Path], repo: Path, test_id: str, message: str) -> None:
    src = real_copy(STREAM)
    with pytest.raises(CurateError, match=message.replace("(", r"\(")):
        Curator(repo).duplicate(src, test_id)
    assert not (repo.parent / "outside").exists()


def test_a_symlinked_folder_pointing_out_of_the_root_is_refused(real_copy: Callable[[str], Path], repo: Path, tmp_path: Path) -> None:
    src = real_copy(STREAM)
    outside = tmp_path / "outside"
    outside.mkdir()
    (repo / "tests/integration/escape").symlink_to(outside, target_is_directory=True)
    with pytest.raises(CurateError, match="outside"):
        Curator(repo).duplicate(src, "tests/integration/escape/test_x.py::t")
    with pytest.raises(CurateError, match="outside"):
        Curator(repo).move(src, repo / "tests/integration/escape")
    with pytest.raises(CurateError, match="outside"):
        Curator(repo).move(src, tmp_path)
    assert list(outside.iterdir()) == [] and src.exists()


def test_move_keeps_the_name_never_overwrites_and_hints_at_the_recorders_folder(real_copy: Callable[[str], Path], repo: Path) -> None:
    src = real_copy(STREAM)
    raw = src.read_bytes()
    dest = repo / "tests/integration/elsewhere/recordings"
    result = Curator(repo).move(src, dest)
    assert result.status == "done" and not src.exists()
    assert (dest / src.name).read_bytes() == raw
    assert "created tests/integration/elsewhere/recordings" in result.message
    assert f"the recorder looks for this test's recordings in {src.parent.relative_to(repo)}" in result.message
    src.parent.mkdir(parents=True, exist_ok=True)
    src.write_bytes(raw.replace(b'"is_streaming": true', b'"is_streaming": false'))
    with pytest.raises(CurateError, match="different content"):
        Curator(repo).move(src, dest)
    assert src.exists()


def test_delete_moves_into_the_trash_and_restore_brings_it_back(real_copy: Callable[[str], Path], repo: Path) -> None:
    src = real_copy(STREAM)
    raw = src.read_bytes()
    curator = Curator(repo)
    result = curator.delete(src)
    assert result.status == "done" and not src.exists() and result.trash_id
    entries = curator.trash()
    assert [e.original for e in entries] == [str(src.relative_to(repo))]
    info = json.loads((repo / TRASH_DIR / entries[0].id / "trash-info.json").read_text())
    assert info["sha256"] and info["size"] == len(raw)
    assert (repo / TRASH_DIR / ".gitignore").read_text().endswith("*\n")
    assert src not in discover([repo]).files  # the trash is never listed as recordings
    restored = curator.restore(entries[0].id[:12])
    assert restored.status == "done" and src.read_bytes() == raw and curator.trash() == []


def test_restore_never_overwrites_a_different_file(real_copy: Callable[[str], Path], repo: Path) -> None:
    src = real_copy(STREAM)
    curator = Curator(repo)
    curator.delete(src)
    src.write_text('{"request": {}, "response": {}}\n')  # re-recorded meanwhile
    with pytest.raises(CurateError, match="different content"):
        curator.restore(curator.trash()[0])
    assert len(curator.trash()) == 1


def test_a_tampered_trash_entry_cannot_restore_outside_the_root(real_copy: Callable[[str], Path], repo: Path) -> None:
    src = real_copy(STREAM)
    curator = Curator(repo)
    entry_id = curator.delete(src).trash_id
    info_path = repo / TRASH_DIR / str(entry_id) / "trash-info.json"
    info = json.loads(info_path.read_text())
    info["original"] = f"../../escaped/{src.name}"
    info_path.write_text(json.dumps(info))
    with pytest.raises(CurateError, match="goes up"):
        curator.restore(str(entry_id))
    assert not (repo.parent.parent / "escaped").exists()


def test_batches_report_each_file_and_restore_the_last_batch_together(real_copy: Callable[[str], Path], repo: Path) -> None:
    a, b = real_copy(STREAM), real_copy("e5e339f30578")
    curator = Curator(repo)
    results = curator.delete_many([a, b, repo / "missing.json"])
    assert [r.status for r in results] == ["done", "done", "failed"]
    assert "no such file" in results[2].message
    batch = curator.last_batch()
    assert sorted(e.name for e in batch) == sorted([a.name, b.name])
    assert all(r.ok for r in curator.restore_many(batch)) and a.exists() and b.exists()


def test_the_commands(real_copy: Callable[[str], Path], repo: Path, capsys, monkeypatch) -> None:
    src = real_copy(STREAM)
    monkeypatch.chdir(repo)  # the root is found from .git
    rel = os.path.relpath(src)
    assert main(["cp", rel, "--test-id", NEW_TEST, "--dry-run"]) == 0
    assert capsys.readouterr().out.startswith(f"would copy {rel} → tests/integration/newsuite/recordings/")
    assert main(["cp", rel, "--test-id", NEW_TEST]) == 0
    copy = next((repo / "tests/integration/newsuite/recordings").glob("*.json"))
    assert main(["mv", os.path.relpath(copy), "tests/integration/other/recordings"]) == 0
    moved = repo / "tests/integration/other/recordings" / copy.name
    assert moved.exists()
    capsys.readouterr()
    assert main(["rm", os.path.relpath(moved), rel]) == 0
    assert not moved.exists() and not src.exists()
    assert main(["restore"]) == 0
    listing = capsys.readouterr().out
    assert rel in listing and copy.name in listing
    assert main(["restore", "--last"]) == 0
    assert moved.exists() and src.exists()
    assert main(["rm", "/etc/passwd"]) == 1
    assert "outside" in capsys.readouterr().err
    assert main(["cp", rel, "--test-id", "../x/test_a.py::t"]) == 1
    assert main(["restore", "nothing-like-this"]) == 1
    assert "nothing in the trash matches" in capsys.readouterr().err

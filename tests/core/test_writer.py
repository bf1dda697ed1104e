"""The one writer: recorder bytes, atomic saves, conflicts, moves that never overwrite."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from inspector.core.base.jsonio import parse_bytes
from inspector.core.base.writer import (
    ConflictError,
    WriteError,
    fingerprint,
    move_file,
    remove_file,
    render,
    write_recording,
    write_text_atomic,
)
from inspector.core.edit import EditSession
from tests.conftest import corpus_files

DOC = {"test_id": "tests/x/test_a.py::t", "request": {"body": {"q": "caf\u00e9"}}, "response": {"body": {"n": 1.5}}}


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name[:16])
def test_every_corpus_file_round_trips_byte_identical_through_the_writer(path: Path, tmp_path: Path) -> None:
    raw = path.read_bytes()
    out = tmp_path / path.name
    write_recording(out, parse_bytes(raw))
    assert out.read_bytes() == raw


def test_writes_like_the_recorder(tmp_path: Path) -> None:
    p = tmp_path / "r.json"
    write_recording(p, DOC)
    text = p.read_text("ascii")
    assert text.endswith("}\n") and '\n  "request": {' in text and "caf\\u00e9" in text
    assert list(parse_bytes(p.read_bytes())) == ["test_id", "request", "response"]


def test_keeps_the_file_mode_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    p = tmp_path / "r.json"
    write_recording(p, DOC)
    os.chmod(p, 0o640)
    write_recording(p, {**DOC, "test_id": None})
    assert stat.S_IMODE(p.stat().st_mode) == 0o640
    assert [f.name for f in tmp_path.iterdir()] == ["r.json"]


def test_create_never_overwrites_and_says_when_the_file_is_identical(tmp_path: Path) -> None:
    p = tmp_path / "r.json"
    write_recording(p, DOC, create=True)
    with pytest.raises(ConflictError) as same:
        write_recording(p, DOC, create=True)
    assert same.value.identical and "identical" in str(same.value)
    with pytest.raises(ConflictError) as different:
        write_recording(p, {**DOC, "test_id": "other"}, create=True)
    assert not different.value.identical and "not overwriting" in str(different.value)
    assert parse_bytes(p.read_bytes()) == DOC


def test_expect_stops_a_save_when_the_file_changed_on_disk(tmp_path: Path) -> None:
    p = tmp_path / "r.json"
    write_recording(p, DOC)
    seen = fingerprint(p)
    p.write_text('{"request": {}, "response": {}}\n')  # someone re-records it
    with pytest.raises(ConflictError, match="changed on disk"):
        write_recording(p, DOC, expect=seen)
    assert p.read_text() == '{"request": {}, "response": {}}\n'
    p.unlink()
    with pytest.raises(ConflictError, match="deleted"):
        write_recording(p, DOC, expect=seen)
    assert not p.exists()


def test_a_touch_without_a_content_change_is_not_a_conflict(tmp_path: Path) -> None:
    p = tmp_path / "r.json"
    write_recording(p, DOC)
    seen = fingerprint(p)
    os.utime(p, (1, 1))  # git checkout of the same content changes only the time
    write_recording(p, {**DOC, "test_id": None}, expect=seen)


def test_unserialisable_values_and_missing_folders_are_one_line_errors(tmp_path: Path) -> None:
    p = tmp_path / "r.json"
    with pytest.raises(WriteError, match="not plain JSON"):
        write_recording(p, {"request": {1, 2}, "response": {}})
    with pytest.raises(WriteError, match="no longer exists"):
        write_recording(tmp_path / "gone" / "r.json", DOC)
    assert not p.exists()


def test_a_read_only_folder_is_reported_and_the_old_file_kept(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root ignores folder permissions")
    p = tmp_path / "r.json"
    write_recording(p, DOC)
    os.chmod(tmp_path, 0o500)
    try:
        with pytest.raises(WriteError, match="permission denied"):
            write_recording(p, {**DOC, "test_id": None})
    finally:
        os.chmod(tmp_path, 0o700)
    assert parse_bytes(p.read_bytes()) == DOC


def test_a_symlink_is_written_through_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    write_recording(real, DOC)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_recording(link, {**DOC, "test_id": None})
    assert link.is_symlink()
    assert parse_bytes(real.read_bytes())["test_id"] is None


def test_move_never_overwrites_and_remove_checks_the_fingerprint(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    write_recording(a, DOC)
    write_recording(b, {**DOC, "test_id": None})
    with pytest.raises(ConflictError):
        move_file(a, b)
    assert a.exists() and parse_bytes(b.read_bytes())["test_id"] is None
    c = tmp_path / "c.json"
    move_file(a, c)
    assert not a.exists() and parse_bytes(c.read_bytes()) == DOC
    seen = fingerprint(c)
    c.write_text("changed")
    with pytest.raises(ConflictError):
        remove_file(c, expect=seen)
    remove_file(c)
    assert not c.exists()


def test_two_saves_racing_on_one_file_end_with_one_winner_and_one_conflict(tmp_path: Path) -> None:
    p = tmp_path / "r.json"
    big = {"request": {"body": {}}, "response": {"body": ["x" * 1000] * 2000}}
    for round_ in range(6):
        write_recording(p, big)
        sessions = [EditSession.open(p) for _ in range(2)]
        for i, s in enumerate(sessions):
            s.set_node(("request", "body", "who"), f"writer-{round_}-{i}", create=True)
        barrier = threading.Barrier(2)
        results: list[str] = []

        def save(s: EditSession, barrier: threading.Barrier = barrier, results: list[str] = results) -> None:
            barrier.wait()
            try:
                s.save(rename=False)
                results.append("saved")
            except ConflictError:
                results.append("conflict")

        threads = [threading.Thread(target=save, args=(s,)) for s in sessions]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(results) == ["conflict", "saved"]
        winner = next(s for s in sessions if not s.dirty)  # the loser keeps its unsaved edits
        assert p.read_bytes() == render(winner.data)


def test_write_text_atomic_returns_the_fingerprint_of_what_it_wrote(tmp_path: Path) -> None:
    p = tmp_path / "r.json"
    fp = write_text_atomic(p, b"{}\n")
    assert fp == fingerprint(p)

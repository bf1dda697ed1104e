"""Saving under faults: disk full, read-only or denied folder, vanished file.

Tests run as root in CI, where folder permissions do not stop writes, so the
operating system's answers are simulated at the system-call boundary.  Each
fault must give a one-line message and leave the recording exactly as it was,
with no temporary file behind.
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from inspector.cli import main
from inspector.core.base.writer import ConflictError, WriteError, fingerprint, write_recording
from inspector.core.edit import EditSession
from tests.conftest import SAMPLES


@pytest.fixture
def recording(tmp_path: Path) -> Path:
    src = next(p for p in SAMPLES.rglob("*.json") if "most prominent rings" in p.read_text())
    dst = tmp_path / "tests" / "integration" / "inference" / "recordings" / src.name
    dst.parent.mkdir(parents=True)
    dst.write_bytes(src.read_bytes())
    return dst


def _fail(monkeypatch, name: str, code: int) -> None:
    def boom(*_a, **_k):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, name, boom)


@pytest.mark.parametrize(
    ("call", "code", "words"),
    [
        ("write", errno.ENOSPC, "disk is full"),
        ("replace", errno.EROFS, "read-only"),
        ("fsync", errno.EIO, "cannot save"),
        ("replace", errno.EACCES, "permission denied"),
    ],
)
def test_fault_during_save_keeps_the_old_file(recording: Path, monkeypatch, call: str, code: int, words: str) -> None:
    before = recording.read_bytes()
    doc = json.loads(before)
    doc["response"]["body"][1]["__data__"]["choices"][0]["delta"]["content"] = "Changed"
    monkeypatch.setattr(os, call, lambda *a, **k: (_ for _ in ()).throw(OSError(code, os.strerror(code))))
    with pytest.raises(WriteError) as info:
        write_recording(recording, doc)
    monkeypatch.undo()
    msg = str(info.value)
    assert words in msg and "\n" not in msg and recording.name in msg
    assert recording.read_bytes() == before
    assert sorted(p.name for p in recording.parent.iterdir()) == [recording.name]  # no temp file left


def test_denied_folder_when_creating(recording: Path, monkeypatch) -> None:
    import tempfile

    def denied(*_a, **_k):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(WriteError, match="permission denied"):
        write_recording(recording.parent / ("0" * 64 + ".json"), {"request": {}, "response": {}})


def test_file_vanished_while_editing(recording: Path) -> None:
    session = EditSession.open(recording)
    assert session.set_text("Rings!").ok
    recording.unlink()
    with pytest.raises(ConflictError, match="deleted|no longer|vanished|missing"):
        session.save()
    assert not recording.exists()  # nothing was resurrected silently


def test_file_changed_on_disk_while_editing(recording: Path) -> None:
    session = EditSession.open(recording)
    assert session.set_text("Mine").ok
    theirs = json.loads(recording.read_text())
    theirs["test_id"] = theirs["test_id"] + "x"
    recording.write_text(json.dumps(theirs, indent=2) + "\n")
    snapshot = fingerprint(recording)
    with pytest.raises(ConflictError):
        session.save()
    assert fingerprint(recording) == snapshot  # their version is untouched


def test_cli_reports_a_full_disk_in_one_line(recording: Path, monkeypatch, capsys) -> None:
    raw = recording.read_text()
    recording.write_text(raw.replace("  ", "    ", 3))  # needs reformatting
    before = recording.read_bytes()
    _fail(monkeypatch, "write", errno.ENOSPC)
    code = main(["fmt", str(recording)])
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert code != 0
    lines = [x for x in err.splitlines() if x.strip()]
    assert any("disk is full" in x for x in lines) and "Traceback" not in err
    assert recording.read_bytes() == before


def test_symlink_pointing_outside_the_root_is_not_saved_through(tmp_path: Path) -> None:
    from inspector.core.edit.root import OutsideRootError, Root

    root = tmp_path / "repo"
    rec_dir = root / "tests" / "integration" / "x" / "recordings"
    rec_dir.mkdir(parents=True)
    outside = tmp_path / "elsewhere.json"
    src = next(p for p in SAMPLES.rglob("*.json") if "most prominent rings" in p.read_text())
    outside.write_bytes(src.read_bytes())
    link = rec_dir / src.name
    link.symlink_to(outside)
    session = EditSession.open(link, root=Root(root))
    assert session.set_text("Changed").ok
    with pytest.raises(OutsideRootError, match="outside"):
        session.save()
    assert outside.read_bytes() == src.read_bytes()


def test_reading_denied_is_a_reason_not_a_crash(recording: Path, monkeypatch, capsys) -> None:
    import builtins

    real_open = builtins.open

    def denied(file, *a, **k):  # root reads anything, so the refusal is simulated
        if str(file) == str(recording):
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, *a, **k)

    monkeypatch.setattr(builtins, "open", denied)
    code = main(["show", str(recording)])
    err = capsys.readouterr().err
    assert code == 2 and "permission denied" in err and len(err.strip().splitlines()) == 1
    assert main(["ls", str(recording.parent), "--format", "jsonl", "--no-cache"]) == 0
    row = json.loads(capsys.readouterr().out.splitlines()[0])
    assert row["kind"] == "invalid" and "permission denied" in row["error"]

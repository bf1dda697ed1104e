"""``fmt`` like a code formatter, and ``edit`` from the command line."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

from inspector.cli.main import main
from inspector.core import load

DOC = {"test_id": "tests/x/test_a.py::t", "request": {"body": {"q": "café"}}, "response": {"body": {"n": 1}}}
STREAM = "042cf899bac1"


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "recordings"
    folder.mkdir()
    (folder / "good.json").write_text(json.dumps(DOC, indent=2) + "\n")
    (folder / "compact.json").write_text(json.dumps(DOC, ensure_ascii=False))
    (folder / "notes.json").write_text('{"not": "a recording"}')
    return folder


def test_fmt_check_lists_what_would_change_and_changes_nothing(tmp_path: Path, capsys) -> None:
    folder = _folder(tmp_path)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert main(["fmt", "--check", str(folder)]) == 1
    captured = capsys.readouterr()
    assert captured.out == f"would reformat {folder / 'compact.json'}\n"
    assert "skipped" in captured.err and "notes.json" in captured.err and "not a recording" in captured.err
    assert "1 file would be reformatted, 1 file left unchanged, 1 skipped." in captured.err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_fmt_rewrites_recordings_only_and_is_then_clean(tmp_path: Path, capsys) -> None:
    folder = _folder(tmp_path)
    notes = (folder / "notes.json").read_bytes()
    assert main(["fmt", str(folder)]) == 0
    assert capsys.readouterr().out == f"reformatted {folder / 'compact.json'}\n"
    assert (folder / "compact.json").read_bytes() == (folder / "good.json").read_bytes()
    assert (folder / "notes.json").read_bytes() == notes
    assert main(["fmt", "--check", "-q", str(folder)]) == 0


def test_fmt_diff_and_stdin(tmp_path: Path, capsys, monkeypatch) -> None:
    folder = _folder(tmp_path)
    assert main(["fmt", "--diff", str(folder / "compact.json")]) == 1
    assert '+  "test_id": "tests/x/test_a.py::t",' in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(json.dumps(DOC).encode())))
    out = io.BytesIO()
    wrapper = io.TextIOWrapper(out)
    monkeypatch.setattr("sys.stdout", wrapper)
    assert main(["fmt", "-"]) == 0
    wrapper.flush()
    assert out.getvalue() == (json.dumps(DOC, indent=2) + "\n").encode()


def test_fmt_reports_broken_json_as_an_error(tmp_path: Path, capsys) -> None:
    folder = _folder(tmp_path)
    (folder / "broken.json").write_text('{"request": {}, "response": ')
    assert main(["fmt", str(folder)]) == 2
    assert "error:" in capsys.readouterr().err
    assert main(["fmt", str(tmp_path / "nope")]) == 2


def test_edit_command_text_and_dry_run(real_copy: Callable[[str], Path], repo: Path, capsys, monkeypatch) -> None:
    path = real_copy(STREAM)
    monkeypatch.chdir(repo)
    raw = path.read_bytes()
    assert main(["edit", str(path), "--text", "Short answer.", "--finish-reason", "length", "--dry-run"]) == 0
    assert '"finish_reason": "length"' in capsys.readouterr().out and path.read_bytes() == raw
    assert main(["edit", str(path), "--text", "Short answer.", "--usage", '{"total_tokens": 3}']) == 0
    rec = load(path)
    assert rec.rebuild.text == "Short answer." and rec.rebuild.usage == {"total_tokens": 3}
    assert main(["edit", str(path), "--set", "request.body.temperature=0.1"]) == 0
    out = capsys.readouterr().out
    assert "renamed from" in out and not path.exists()


def test_edit_command_errors_are_one_line(real_copy: Callable[[str], Path], repo: Path, capsys, monkeypatch) -> None:
    path = real_copy(STREAM)
    monkeypatch.chdir(repo)
    assert main(["edit", str(path)]) == 2
    assert "nothing to edit" in capsys.readouterr().err
    assert main(["edit", str(path), "--set", "request.body.x=not json"]) == 2
    assert "not JSON" in capsys.readouterr().err
    assert main(["edit", str(path), "--tool-args", "3={}"]) == 1
    assert "no tool call 3" in capsys.readouterr().err
    assert main(["edit", str(repo / "missing.json"), "--text", "x"]) == 1
    assert "no such file" in capsys.readouterr().err
